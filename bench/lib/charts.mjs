// The chart above each comparison table of bench/RESULTS.md: an SVG per section (bench/charts/<id>.svg),
// one horizontal bar pair per row, inferkit against the peer, each pair scaled to its larger figure
// (rows differ in units) with the figures and the ratio written out. Drawn from the table's own
// cells, so the charts can be redrawn from an existing RESULTS.md (`node bench/run.mjs --charts`).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OURS = '#2563eb';
const PEER = '#9ca3af';
const BEHIND = '#b91c1c';
const WIDTH = 900;
const BAR_X = 84;
const BAR_MAX = 340;
const ROW_HEIGHT = 62;
const TOP = 40;

/** Where a section's chart goes, relative to bench/: from its id, or its script's name, or its title. */
export function chartName(section) {
  const fromCommand = /bench\/([\w-]+)\.mjs/.exec(section.command ?? '')?.[1];
  const slug = (section.id || fromCommand || section.title || 'chart')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `charts/${slug}.svg`;
}

/** The Markdown image line for a section's chart (its alt text says what it shows). */
export const chartMarkdown = (section) =>
  `![Chart of "${plain(section.title)}": inferkit against each peer, one bar pair per row of the table below](${chartName(section)})`;

const UNITS = {
  B: ['bytes', 1],
  KB: ['bytes', 1e3],
  kB: ['bytes', 1e3],
  MB: ['bytes', 1e6],
  GB: ['bytes', 1e9],
  µs: ['ms', 1e-3],
  ms: ['ms', 1],
  s: ['ms', 1e3],
};

/**
 * The number in a table cell, in a unit that compares across cells (`10.22 s` and `766 ms` are both
 * ms): the first figure that carries a unit, else the first figure. Null when there is none.
 */
export function parseFigure(cell) {
  const text = plain(cell ?? '');
  const figures = [...text.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*([A-Za-zµ%]+(?:\/s)?)?/g)].map((m) => ({
    value: Number(m[1].replaceAll(',', '')),
    unit: m[2],
  }));
  const figure = figures.find((f) => f.unit && f.unit !== 'in') ?? figures[0];
  if (!figure || !Number.isFinite(figure.value)) return null;
  const [unit, factor] = UNITS[figure.unit] ?? [figure.unit ?? '', 1];
  return { value: figure.value * factor, unit };
}

/** Markdown cell text without its emphasis and code marks. */
const plain = (text) => String(text).replaceAll('**', '').replaceAll('`', '').trim();

const esc = (text) =>
  plain(text).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

const clip = (text, max) => {
  const t = plain(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** The SVG for a section's rows (`metric`, `peer`, `peerValue`, `ours`, `ratio` as in the table). */
export function chartSvg(section) {
  const rows = section.rows ?? [];
  const parsed = rows.map((r) => {
    const hasPeer = r.peer && r.peer !== '—' && r.peerValue !== '—';
    return { row: r, hasPeer, ours: parseFigure(r.ours), peer: hasPeer ? parseFigure(r.peerValue) : null };
  });
  // Rows without a peer share a scale with the others of the same unit, so at least they compare.
  const soloMax = new Map();
  for (const p of parsed)
    if (!p.hasPeer && p.ours) soloMax.set(p.ours.unit, Math.max(soloMax.get(p.ours.unit) ?? 0, p.ours.value));

  const height = TOP + rows.length * ROW_HEIGHT + 16;
  const title = `${plain(section.title)}: inferkit against its peers`;
  const summary = rows
    .map((r) =>
      r.peer && r.peer !== '—'
        ? `${plain(r.metric)}: inferkit ${plain(r.ours)}, ${plain(r.peer)} ${plain(r.peerValue)} (${plain(r.ratio)})`
        : `${plain(r.metric)}: inferkit ${plain(r.ours)} (no peer)`,
    )
    .join('; ');
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="title desc" font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="12">`,
    `<title id="title">${esc(title)}</title>`,
    `<desc id="desc">${esc(summary)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="20" font-size="14" font-weight="600" fill="#111827">${esc(clip(section.title, 90))}</text>`,
    `<rect x="${WIDTH - 250}" y="10" width="12" height="12" fill="${OURS}"/><text x="${WIDTH - 233}" y="20" fill="#111827">inferkit</text>`,
    ...(parsed.some((p) => p.hasPeer)
      ? [
          `<rect x="${WIDTH - 170}" y="10" width="12" height="12" fill="${PEER}"/><text x="${WIDTH - 153}" y="20" fill="#111827">peer (bar pair to scale)</text>`,
        ]
      : []),
  ];
  parsed.forEach((p, i) => {
    const y = TOP + i * ROW_HEIGHT;
    const { row } = p;
    const behind = /behind/.test(row.ratio ?? '');
    out.push(`<g>`);
    out.push(`<text x="12" y="${y + 12}" font-weight="600" fill="#111827">${esc(clip(row.metric, 112))}</text>`);
    if (p.hasPeer)
      out.push(
        `<text x="${WIDTH - 12}" y="${y + 12}" text-anchor="end" font-weight="600" fill="${behind ? BEHIND : '#111827'}">${esc(plain(row.ratio))}</text>`,
      );
    const comparable = p.hasPeer && p.ours && p.peer && p.ours.unit === p.peer.unit;
    const max = comparable
      ? Math.max(p.ours.value, p.peer.value)
      : p.ours
        ? (soloMax.get(p.ours.unit) ?? p.ours.value)
        : 0;
    const bar = (figure, barY, colour, label, value) => {
      const width = figure && max > 0 ? Math.max(2, (figure.value / max) * BAR_MAX) : 0;
      out.push(
        `<text x="${BAR_X - 8}" y="${barY + 11}" text-anchor="end" fill="#374151">${esc(label)}</text>`,
        `<rect x="${BAR_X}" y="${barY}" width="${width.toFixed(1)}" height="14" rx="2" fill="${colour}"/>`,
        `<text x="${(BAR_X + width + 6).toFixed(1)}" y="${barY + 11}" fill="#111827">${esc(clip(value, 140))}</text>`,
      );
    };
    bar(p.ours, y + 20, OURS, 'inferkit', row.ours);
    if (p.hasPeer) bar(p.peer, y + 38, PEER, 'peer', `${plain(row.peerValue)} — ${clip(row.peer, 58)}`);
    else out.push(`<text x="${BAR_X}" y="${y + 49}" fill="#6b7280">no peer for this row</text>`);
    out.push(`</g>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Writes the chart of every section that has rows, under `benchDir`; returns the files written. */
export function writeCharts(sections, benchDir) {
  const written = [];
  for (const section of sections) {
    if (!section.rows?.length) continue;
    const file = join(benchDir, chartName(section));
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, chartSvg(section));
    written.push(chartName(section));
  }
  return written;
}

/**
 * The sections of an existing RESULTS.md with their comparison tables read back (title, command,
 * rows), for redrawing the charts without running the benchmarks.
 */
export function sectionsFromResults(markdown) {
  const sections = [];
  for (const part of markdown.split(/^## /m).slice(1)) {
    const lines = part.split('\n');
    const title = lines[0].trim();
    const command = /^Reproduce: `([^`]+)`/m.exec(part)?.[1];
    const start = lines.findIndex((l) => /^\| metric \| peer \| peer value \| inferkit \| ratio \|/.test(l));
    const rows = [];
    if (start !== -1)
      for (const line of lines.slice(start + 2)) {
        if (!line.startsWith('|')) break;
        const [metric, peer, peerValue, ours, ratio] = splitRow(line);
        rows.push({ metric, peer, peerValue, ours, ratio });
      }
    sections.push({ title, command, rows });
  }
  return sections;
}

/** Cells of a Markdown table row (`|` inside backticks kept). */
function splitRow(line) {
  const cells = [];
  let cell = '';
  let code = false;
  for (const ch of line.trim().slice(1, -1)) {
    if (ch === '`') code = !code;
    if (ch === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  cells.push(cell.trim());
  return cells;
}

/** RESULTS.md with each comparison table preceded by its chart's image line (added once). */
export function withChartLinks(markdown) {
  return markdown
    .split(/^(?=## )/m)
    .map((part) => {
      if (!part.startsWith('## ')) return part;
      const [section] = sectionsFromResults(part);
      if (!section?.rows.length) return part;
      const image = chartMarkdown(section);
      const withoutOld = part.replace(/^!\[Chart of .*\]\(charts\/[\w-]+\.svg\)\n\n/m, '');
      return withoutOld.replace(/^\| metric \| peer \| peer value \| inferkit \| ratio \|/m, `${image}\n\n$&`);
    })
    .join('');
}
