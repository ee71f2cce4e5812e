import { packageConfig } from '../../tsdown.shared';

export default packageConfig({
  entry: ['src/index.ts', 'src/node.ts'],
  deps: { neverBundle: [/^node:/] },
});
