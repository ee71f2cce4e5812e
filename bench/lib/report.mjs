// Shared by every benchmark: the machine line, the comparison table and the CLI wrapper that lets a
// benchmark file run alone (prints its markdown section) or under bench/run.mjs (`--json <file>`).
import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { pathToFileURL } from 'node:url';
import { chartMarkdown } from './charts.mjs';

/** `2 cores (AMD EPYC ...), Node v20.x, 7.8 GiB RAM`. */
export function machine() {
  const list = cpus();
  return `${list.length} cores (${list[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`;
}

/** Command-line value of `--name`, or `fallback`. */
export function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
}

export const flag = (name) => process.argv.includes(`--${name}`);

/**
 * How many times better inferkit is than the peer on this figure: peer ÷ ours for costs (bytes, ms,
 * requests), ours ÷ peer for rates (MB/s). Below 1 means we are behind.
 */
export function advantage(peerValue, oursValue, better = 'lower') {
  if (!Number.isFinite(peerValue) || !Number.isFinite(oursValue)) return Number.NaN;
  // A difference of percentiles can come out at or below zero (noise): no meaningful ratio then.
  if (peerValue < 0 || oursValue < 0 || (peerValue === 0 && oursValue !== 0)) return Number.NaN;
  if (better === 'lower') return oursValue === 0 ? (peerValue === 0 ? 1 : Infinity) : peerValue / oursValue;
  return peerValue === 0 ? Infinity : oursValue / peerValue;
}

const ratioText = (value) => (value >= 10 ? value.toFixed(0) : value >= 1.995 ? value.toFixed(1) : value.toFixed(2));

/** Behind when the ratio, as printed, is under 0.95; within ±5% counts as par. */
const isBehind = (value) => Number.isFinite(value) && Number(ratioText(value)) < 0.95;

export function ratioCell(value) {
  if (Number.isNaN(value)) return 'n/a';
  if (value === Infinity) return '∞ (ours is 0)';
  const text = ratioText(value);
  if (isBehind(value)) return `**${text}× (behind)**`;
  if (Number(text) <= 1.05) return `${text}× (par)`;
  return `${text}×`;
}

/**
 * A row of the comparison table. Values are numbers plus a formatter so the ratio is computed from
 * the raw figures; `peer` may be null when nothing compares (the row then shows only our figure).
 */
export function row(metric, peer, peerValue, oursValue, { format = String, better = 'lower' } = {}) {
  const ratio = peer && peerValue != null ? advantage(peerValue, oursValue, better) : Number.NaN;
  return {
    metric,
    peer: peer ?? '—',
    peerValue: peer && peerValue != null ? format(peerValue) : '—',
    ours: format(oursValue),
    ratio: peer ? ratioCell(ratio) : 'n/a',
    behind: peer != null && isBehind(ratio),
    better,
  };
}

/**
 * Markdown for one section: title, chart (bench/charts/<id>.svg, written by bench/run.mjs with
 * RESULTS.md), table, command, notes and any extra markdown.
 */
export function sectionMarkdown(section) {
  const lines = [`## ${section.title}`, ''];
  if (section.intro) lines.push(section.intro, '');
  if (section.rows?.length) {
    lines.push(chartMarkdown(section), '');
    lines.push('| metric | peer | peer value | inferkit | ratio |', '| --- | --- | ---: | ---: | ---: |');
    for (const r of section.rows) lines.push(`| ${r.metric} | ${r.peer} | ${r.peerValue} | ${r.ours} | ${r.ratio} |`);
    lines.push('');
  }
  if (section.extra) lines.push(section.extra, '');
  if (section.behind?.length) {
    lines.push('**Where we are behind:**', '');
    for (const b of section.behind) lines.push(`- ${b}`);
    lines.push('');
  }
  if (section.notes?.length) {
    for (const n of section.notes) lines.push(`- ${n}`);
    lines.push('');
  }
  lines.push(`Reproduce: \`${section.command}\``, '');
  return lines.join('\n');
}

/**
 * Runs `run()` when `moduleUrl` is the entry script: prints the markdown section, and writes it as
 * JSON to `--json <file>` for bench/run.mjs. Exits explicitly (jsdom timers, sockets, browsers).
 */
export async function runAlone(moduleUrl, run) {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  const started = performance.now();
  try {
    const section = await run();
    section.seconds = (performance.now() - started) / 1000;
    console.log(`\n${sectionMarkdown(section)}`);
    console.log(`(${section.seconds.toFixed(1)} s, ${machine()})`);
    const out = arg('json');
    if (out) writeFileSync(out, JSON.stringify(section, null, 2));
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}

/** Median and percentiles of a numeric sample. */
export function percentile(values, p) {
  const sorted = values.slice().sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (values) => percentile(values, 50);

/**
 * Where we are behind, one line per reason: the rows it explains (our figure against the peer's)
 * and then `reason(row)` once.
 */
export function explainBehind(rows, reason) {
  const groups = new Map();
  for (const r of rows.filter((x) => x.behind)) {
    const why = reason(r);
    if (!groups.has(why)) groups.set(why, []);
    groups.get(why).push(`${r.metric} vs ${r.peer}: ${r.ours} against ${r.peerValue} (${r.ratio.replaceAll('*', '')})`);
  }
  return [...groups].map(([why, list]) => `${list.join('; ')}. **Why:** ${why}`);
}
