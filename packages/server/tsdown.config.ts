import { packageConfig } from '../../tsdown.shared';

export default packageConfig({
  entry: ['src/index.ts', 'src/node.ts', 'src/vite.ts'],
  deps: { neverBundle: [/^node:/, /^vite/, /^@inferkit\//] },
});
