// `pnpm bench`: runs every benchmark and rewrites bench/RESULTS.md. Each figure sits next to the
// peer's, measured in the same run on the same machine.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { runSize } from './size.mjs';

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}`;

const size = await runSize();
console.table(size);

const lines = [
  '# Benchmark results',
  '',
  `Produced by \`pnpm bench\` (\`node bench/run.mjs\`) on ${date}, ${machine}.`,
  'Every figure is measured in the same run as the peer it is compared with.',
  '',
  '## Bundle size (min+gzip)',
  '',
  'Built the same way for both: esbuild, ESM, minified, tree-shaken, browser platform, all',
  'dependencies bundled (zod included for us), gzip level 9. Script: `bench/size.mjs`.',
  '',
  '| figure | ours | size | peer | size | peer ÷ ours |',
  '| --- | --- | ---: | --- | ---: | ---: |',
  ...size.map(
    (r) => `| ${r.figure} | ${r.ours} | ${kb(r.oursGzip)} | ${r.peer} | ${kb(r.peerGzip)} | ${r.ratio.toFixed(2)}× |`,
  ),
  '',
];
writeFileSync(new URL('./RESULTS.md', import.meta.url), lines.join('\n'));
console.log('wrote bench/RESULTS.md');
