// One page script for the Chromium benchmarks: the entry's source bundled with esbuild as an IIFE,
// React's production build, our packages from their sources (the private `@inferkit/source`
// condition), the peers from their published builds; both minified alike.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The bundled script text of `source` (module code, imports resolved from the repository root). */
export async function bundleBrowserPage(source) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@inferkit/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
