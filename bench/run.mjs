// `pnpm bench`: runs every benchmark, each in its own child process with a time bound (one failing
// or hanging does not stop the rest), and rewrites bench/RESULTS.md and its charts from their results.
// `node bench/run.mjs --help` for the options.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCharts, sectionsFromResults, withChartLinks } from './lib/charts.mjs';
import { arg, flag, machine, sectionMarkdown } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'react', 'components', 'emulator'];

/** Every benchmark: its file, the node flags it needs and its time bound. */
export const BENCHMARKS = [
  { id: 'size', file: 'size.mjs', node: [], timeout: 60 },
  { id: 'sse', file: 'sse.mjs', node: ['--expose-gc'], timeout: 150 },
  { id: 'overhead', file: 'overhead.mjs', node: [], timeout: 90 },
  { id: 'streaming', file: 'streaming.mjs', node: ['--import', 'tsx', '--conditions=@inferkit/source'], timeout: 150 },
  { id: 'streaming-chromium', file: 'streaming-chromium.mjs', node: [], timeout: 420 },
  { id: 'model-picker-chromium', file: 'model-picker-chromium.mjs', node: [], timeout: 180 },
  { id: 'structured-output-chromium', file: 'structured-output-chromium.mjs', node: [], timeout: 180 },
  { id: 'markdown-streaming', file: 'markdown-streaming.mjs', node: [], timeout: 120 },
  { id: 'dedup', file: 'dedup.mjs', node: [], timeout: 60 },
  {
    id: 'partial-json',
    file: 'partial-json.mjs',
    node: ['--import', 'tsx', '--conditions=@inferkit/source'],
    timeout: 240,
  },
  { id: 'entity-highlighter', file: 'entity-highlighter.mjs', node: ['--expose-gc'], timeout: 180 },
  { id: 'emulator', file: 'emulator.mjs', node: [], timeout: 120 },
  { id: 'emulator-stall', file: 'emulator-stall.mjs', node: [], timeout: 180 },
];

const newest = (dir) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.parentPath.includes('__tests__')) continue;
    latest = Math.max(latest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return latest;
};

/** Builds the packages when asked, or when any src is newer than its dist. Returns what it did. */
function ensureBuilt() {
  if (flag('no-build')) return 'not rebuilt (`--no-build`)';
  const stale = PACKAGES.filter((p) => {
    try {
      return newest(`${root}packages/${p}/src`) > newest(`${root}packages/${p}/dist`);
    } catch {
      return true; // no dist yet
    }
  });
  if (!flag('build') && stale.length === 0) return 'dist up to date with src (no rebuild needed)';
  const targets = flag('build') ? PACKAGES : stale;
  console.log(`building ${targets.join(', ')} ...`);
  const result = spawnSync('pnpm', [...targets.flatMap((p) => ['--filter', `@inferkit/${p}`]), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('pnpm build failed');
  return `rebuilt ${targets.map((p) => `@inferkit/${p}`).join(', ')} with \`pnpm build\` first`;
}

/** Runs one benchmark in a child process (its own process group, killed whole on timeout). */
function runOne(bench, dir) {
  const out = join(dir, `${bench.id}.json`);
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...bench.node, join(root, 'bench', bench.file), '--json', out], {
      cwd: root,
      stdio: 'inherit',
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, bench.timeout * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const seconds = (performance.now() - started) / 1000;
      if (code === 0) {
        try {
          resolve({ ...JSON.parse(readFileSync(out, 'utf8')), wall: seconds });
          return;
        } catch (error) {
          resolve({ ...bench, failed: `no result written (${error.message})`, wall: seconds });
          return;
        }
      }
      resolve({
        ...bench,
        failed: timedOut ? `timed out after ${bench.timeout} s` : `exited with ${code ?? signal}`,
        wall: seconds,
      });
    });
  });
}

const USAGE = `Usage: pnpm bench [name ...] [options]   (node bench/run.mjs ...)

Runs the benchmarks, each in its own process with a time bound, and rewrites bench/RESULTS.md and
its charts (bench/charts/*.svg) when all of them ran.

  pnpm bench                  every benchmark, then RESULTS.md and the charts
  pnpm bench size sse         only these (same as --only size,sse); RESULTS.md untouched unless --write
  --only <a,b>                only these, comma-separated
  --write                     with a subset: rewrite RESULTS.md from it anyway (drops the other sections)
  --build / --no-build        force / skip \`pnpm build\` of the packages (default: only when a
                              package's src is newer than its dist)
  --charts                    run nothing: redraw bench/charts/*.svg from the tables already in
                              RESULTS.md and put each chart's image above its table
  -h, --help                  this text

Benchmarks (name, time bound):
${BENCHMARKS.map((b) => `  ${b.id.padEnd(24)}${b.timeout} s`).join('\n')}
`;

if (flag('help') || process.argv.includes('-h')) {
  console.log(USAGE);
  process.exit(0);
}

const resultsUrl = new URL('./RESULTS.md', import.meta.url);
const benchDir = fileURLToPath(new URL('.', import.meta.url));

if (flag('charts')) {
  const markdown = readFileSync(resultsUrl, 'utf8');
  const written = writeCharts(sectionsFromResults(markdown), benchDir);
  writeFileSync(resultsUrl, withChartLinks(markdown));
  console.log(`wrote ${written.map((f) => `bench/${f}`).join(', ')} and their images in bench/RESULTS.md`);
  process.exit(0);
}

// Names given as plain arguments (`pnpm bench size`), besides `--only a,b`. The values of options
// that take one are not names.
const VALUE_OPTIONS = new Set(['--only', '--json']);
const named = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !VALUE_OPTIONS.has(all[i - 1] ?? ''));
const only = [...(arg('only')?.split(',') ?? []), ...named].filter(Boolean);
const unknown = only.filter((id) => !BENCHMARKS.some((b) => b.id === id));
const unknownFlags = process.argv
  .slice(2)
  .filter((a) => a.startsWith('-') && !['--only', '--json', '--write', '--build', '--no-build'].includes(a));
if (unknown.length || unknownFlags.length) {
  console.error(
    `Unknown ${unknown.length ? `benchmark ${unknown.join(', ')}` : `option ${unknownFlags.join(', ')}`}.\n`,
  );
  console.error(USAGE);
  process.exit(2);
}
const subset = only.length > 0;
const selected = subset ? BENCHMARKS.filter((b) => only.includes(b.id)) : BENCHMARKS;
const started = performance.now();
const date = new Date();
const build = ensureBuilt();
const dir = mkdtempSync(join(tmpdir(), 'inferkit-bench-'));
const sections = [];
try {
  for (const bench of selected) {
    console.log(
      `\n=== ${bench.id} (node ${[...bench.node, `bench/${bench.file}`].join(' ')}, bound ${bench.timeout} s)`,
    );
    let section = await runOne(bench, dir);
    // One retry for a crash (not a timeout): other work in the same checkout can rebuild a dist
    // under our feet. The retry is reported.
    if (section.failed && !section.failed.startsWith('timed out')) {
      const first = section.failed;
      console.log(`=== ${bench.id}: ${first}; retrying once`);
      section = { ...(await runOne(bench, dir)), retried: first };
    }
    console.log(`=== ${bench.id}: ${section.failed ?? 'done'} in ${section.wall.toFixed(1)} s`);
    sections.push(section);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const totalSeconds = (performance.now() - started) / 1000;

const behind = sections.flatMap((s) => (s.behind ?? []).map((b) => `${s.title}: ${b}`));
const failed = sections.filter((s) => s.failed);
const lines = [
  '# Benchmark results',
  '',
  `Produced by \`pnpm bench\` (\`node bench/run.mjs\`) on ${date.toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  '',
  `- Machine: ${machine()}, ${process.platform}/${process.arch}. A **shared 2-core machine**: other CPU-heavy work ran at the same time, so absolute figures are noisy and on the slow side; each peer is measured in the same run, on the same machine, right next to ours.`,
  `- Packages: ${build}. The Node benchmarks import @inferkit/* from their built \`dist\` (default export conditions); the jsdom streaming benchmark imports the React hook from source (tsx, \`development\` condition) and the Chromium one bundles it from source with esbuild.`,
  `- Total wall time: ${totalSeconds.toFixed(0)} s for ${sections.length} benchmarks (${sections.map((s) => `${s.id} ${s.wall.toFixed(0)} s`).join(', ')}), each in its own process with a time bound.${
    sections.some((s) => s.retried)
      ? ` Retried once after a crash: ${sections
          .filter((s) => s.retried)
          .map((s) => `${s.id} (${s.retried})`)
          .join(', ')}.`
      : ''
  }`,
  '- **ratio** = how many times better inferkit is than the peer on that figure: peer ÷ inferkit for costs (bytes, ms, requests, commits), inferkit ÷ peer for rates (MB/s, correct marks). Above 1× we are ahead; **below 1× (bold, "behind") we are behind**, with the reason under the table.',
  "- None of this runs in CI's test step; CI runs the size budget only (`pnpm size`, `.size-limit.json`).",
  '',
];
if (failed.length) {
  lines.push('**Benchmarks that did not finish:**', '');
  for (const f of failed)
    lines.push(`- ${f.id}: ${f.failed}. Reproduce: \`node ${[...f.node, `bench/${f.file}`].join(' ')}\``);
  lines.push('');
}
lines.push('## Where we are behind', '');
if (behind.length) for (const b of behind) lines.push(`- ${b}`);
else lines.push('- Nowhere in this run.');
lines.push('');
for (const s of sections) if (!s.failed) lines.push(sectionMarkdown(s));

if (!subset || flag('write')) {
  writeFileSync(resultsUrl, `${lines.join('\n').trimEnd()}\n`);
  const charts = writeCharts(
    sections.filter((s) => !s.failed),
    benchDir,
  );
  console.log(`\nwrote bench/RESULTS.md and bench/${charts.join(', bench/')} (${totalSeconds.toFixed(0)} s in total)`);
} else {
  console.log(`\n${totalSeconds.toFixed(0)} s in total; RESULTS.md untouched (a subset, without --write)`);
}
process.exit(failed.length ? 1 : 0);
