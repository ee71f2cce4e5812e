import { packageConfig } from '../../tsdown.shared';

export default packageConfig({
  entry: ['src/index.ts'],
  // One output file per source module, so `sideEffects: false` lets bundlers drop unused tasks.
  unbundle: true,
});
