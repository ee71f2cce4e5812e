import { defineConfig, type UserConfig } from 'tsdown';

/**
 * The one build every package shares: ESM with declarations and source maps, for browsers,
 * Node 20+, Deno, Bun and edge workers alike. A package adds its entries and what it must not bundle.
 */
export function packageConfig(config: Pick<UserConfig, 'entry' | 'unbundle' | 'deps'>) {
  return defineConfig({
    format: 'esm',
    dts: true,
    sourcemap: true,
    clean: true,
    platform: 'neutral',
    target: 'es2022',
    ...config,
  });
}
