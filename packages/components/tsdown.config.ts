import { packageConfig } from '../../tsdown.shared';

export default packageConfig({
  entry: ['src/index.ts', 'src/markdown/index.ts'],
  unbundle: true,
  deps: { neverBundle: [/^react/, /^@tanstack\//, /^@inferkit\//] },
});
