// Min+gzip size of what an app pays for, built the same way for us and for the peer:
// esbuild, ESM, minified, tree-shaken, browser platform, every dependency bundled.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';

/** Bundles `source` (an entry module's text) and returns { min, gzip } in bytes. */
export async function bundleSize(source, { external = [] } = {}) {
  const result = await build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

/** Named size cases: peers and ours side by side. */
export const sizeCases = [
  {
    figure: 'one task function',
    ours: ['@inferkit/core zeroShotClassification', `export { zeroShotClassification } from '@inferkit/core';`],
    peer: [
      '@huggingface/inference zeroShotClassification',
      `export { zeroShotClassification } from '@huggingface/inference';`,
    ],
  },
  {
    figure: 'whole client',
    ours: ['@inferkit/core InferenceClient', `export { InferenceClient } from '@inferkit/core';`],
    peer: ['@huggingface/inference InferenceClient', `export { InferenceClient } from '@huggingface/inference';`],
  },
];

export async function runSize() {
  const rows = [];
  for (const c of sizeCases) {
    const ours = await bundleSize(c.ours[1]);
    const peer = await bundleSize(c.peer[1]);
    rows.push({
      figure: c.figure,
      ours: c.ours[0],
      oursGzip: ours.gzip,
      peer: c.peer[0],
      peerGzip: peer.gzip,
      ratio: peer.gzip / ours.gzip,
    });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.table(await runSize());
}
