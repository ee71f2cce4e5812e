import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/index.ts'],
  format: 'esm',
  dts: true,
  sourcemap: true,
  clean: true,
  platform: 'neutral',
  target: 'es2022',
  unbundle: true,
  deps: { neverBundle: [/^react/, /^@tanstack\//, /^@inferkit\//] },
});
