import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  // One output file per source module, so `sideEffects: false` lets bundlers drop unused tasks.
  unbundle: true,
});
