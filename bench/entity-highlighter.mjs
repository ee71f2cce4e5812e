// `node --expose-gc bench/entity-highlighter.mjs` (`--quick` for one run, `--full` to time every render of the slowest naive renderer): first render and update time of <EntityHighlighter> against
// naive one-span-per-entity renderers, measured in the same run, on 100,000 characters (with emoji,
// so code-point offsets differ from UTF-16 ones) and 10,000 entities. Prints a markdown table.
//
// Why react-dom/client in jsdom and not react-dom/server: "updates when entities change" is the
// case that freezes pages, and only a client root can re-render; server rendering would measure
// string building only. jsdom's DOM is far slower than a browser's (no browser is available here),
// so absolute times are pessimistic; the ratios between implementations are the point.
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { mkdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { explainBehind, row, runAlone } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cache = fileURLToPath(new URL('./.cache/', import.meta.url));

/** A browser-like global scope, set up before React is imported. */
function installDom() {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
  const { window } = dom;
  for (const key of Object.getOwnPropertyNames(window)) {
    if (!(key in globalThis)) {
      try {
        globalThis[key] = window[key];
      } catch {
        // read-only on Node's global: keep Node's own
      }
    }
  }
  globalThis.window = window;
  globalThis.document = window.document;
  return window;
}

/** Bundles the component from source (react left external) into bench/.cache and imports it. */
async function loadComponents() {
  mkdirSync(cache, { recursive: true });
  const outfile = `${cache}components.mjs`;
  await build({
    entryPoints: [`${root}packages/components/src/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    jsx: 'automatic',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    conditions: ['@inferkit/source'],
    outfile,
    logLevel: 'silent',
  });
  return import(pathToFileURL(outfile).href);
}

/** 100,000 UTF-16 units of text and 10,000 entities with code-point offsets, as the API returns them. */
export function makeFixture({ chars = 100_000, entities: count = 10_000 } = {}) {
  // 20 UTF-16 units, 16 code points, two entities per unit.
  const unit = 'Ada,Rome 👋🏽 🇫🇷. ';
  const perUnitPoints = Array.from(unit).length;
  const units = Math.ceil(chars / unit.length);
  if (units * 2 < count) throw new Error('fixture too short for the entities');
  const ada = Array.from(unit.slice(0, unit.indexOf('Ada'))).length;
  const rome = Array.from(unit.slice(0, unit.indexOf('Rome'))).length;
  const text = unit.repeat(units).slice(0, chars);
  const types = ['PER', 'LOC', 'ORG', 'MISC'];
  const make = (shift) => {
    const list = [];
    for (let i = 0; list.length < count; i++) {
      const base = i * perUnitPoints;
      list.push({ entityGroup: types[i % 4], score: 0.9, word: 'Ada', start: base + ada + shift, end: base + ada + 3 });
      list.push({
        entityGroup: types[(i + 1) % 4],
        score: 0.8,
        word: 'Rome',
        start: base + rome,
        end: base + rome + 4,
      });
    }
    return list;
  };
  return { text, entities: make(0), changed: make(1) };
}

/** Naive implementations, the way they usually get written: one span per entity, slicing the text. */
function naive(React) {
  const h = React.createElement;
  /** UTF-16 slices: fast, but highlights the wrong characters after any emoji. */
  function NaiveUtf16({ text, entities }) {
    const parts = [];
    let last = 0;
    entities.forEach((e, i) => {
      parts.push(text.slice(last, e.start));
      parts.push(
        h('span', { key: i, className: 'entity', title: `${e.entityGroup} ${e.score}` }, text.slice(e.start, e.end)),
      );
      last = e.end;
    });
    parts.push(text.slice(last));
    return h('div', null, parts);
  }
  /** Code points via Array.from(text) for each entity (what a doc comment suggests): right, O(n) per entity. */
  function NaiveCodePoints({ text, entities }) {
    const parts = [];
    let last = 0;
    entities.forEach((e, i) => {
      const chars = Array.from(text);
      parts.push(chars.slice(last, e.start).join(''));
      parts.push(
        h(
          'span',
          { key: i, className: 'entity', title: `${e.entityGroup} ${e.score}` },
          chars.slice(e.start, e.end).join(''),
        ),
      );
      last = e.end;
    });
    parts.push(Array.from(text).slice(last).join(''));
    return h('div', null, parts);
  }
  return { NaiveUtf16, NaiveCodePoints };
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function runEntityHighlighter({ runs = 3, slowRuns = 1, slowFull = false } = {}) {
  // React's production build, as apps ship it (the development build is several times slower).
  process.env.NODE_ENV = 'production';
  installDom();
  const React = await import('react');
  const { flushSync } = await import('react-dom');
  const { createRoot } = await import('react-dom/client');
  const { EntityHighlighter, highlightSegments } = await loadComponents();
  const { NaiveUtf16, NaiveCodePoints } = naive(React);
  const { text, entities, changed } = makeFixture();
  const expected = entities.map((e) => Array.from(text).slice(e.start, e.end).join(''));
  const h = React.createElement;

  /** Renders into a fresh root, then re-renders with changed entities; returns times and correctness. */
  async function measure(Component, { firstOnly = false } = {}) {
    const props = {};
    const container = document.createElement('div');
    document.body.append(container);
    const root = createRoot(container);
    let t = performance.now();
    flushSync(() => root.render(h(Component, { text, entities, ...props })));
    const first = performance.now() - t;
    const marks = [...container.querySelectorAll('mark, span.entity')];
    const correct = marks.filter((m, i) => (m.firstChild?.textContent ?? '') === expected[i]).length;
    if (firstOnly) {
      root.unmount();
      container.remove();
      const na = Number.NaN;
      return { first, update: na, same: na, hover: na, arrow: na, toggle: na, correct, marks: marks.length };
    }
    t = performance.now();
    flushSync(() => root.render(h(Component, { text, entities: changed, ...props })));
    const update = performance.now() - t;
    t = performance.now();
    flushSync(() => root.render(h(Component, { text, entities: changed, ...props })));
    const same = performance.now() - t;
    // Interactions, for ours: hovering a mark (tooltip) and hiding a type from the legend.
    let hover = Number.NaN;
    let toggle = Number.NaN;
    let arrow = Number.NaN;
    const mark = container.querySelector('mark');
    const button = container.querySelector('button[aria-pressed]');
    if (mark && button) {
      // mouseover is a continuous event: React renders it on its scheduler, not synchronously.
      const tooltip = container.querySelector('.ik-entity-tooltip');
      t = performance.now();
      mark.dispatchEvent(new window.MouseEvent('mouseover', { bubbles: true }));
      while (tooltip.hidden) await new Promise((resolve) => setImmediate(resolve));
      hover = performance.now() - t;
      // Median of 5 presses. jsdom's own focus() walks the document to move the selection, about
      // 20 ms of this; browsers do not.
      const all = container.querySelectorAll('mark');
      const presses = [];
      for (let k = 0; k < 5; k++) {
        all[k].focus();
        t = performance.now();
        all[k].dispatchEvent(new window.KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
        while (all[k + 1].tabIndex !== 0) await new Promise((resolve) => setImmediate(resolve));
        presses.push(performance.now() - t);
      }
      arrow = median(presses);
      const before = container.querySelectorAll('mark').length;
      t = performance.now();
      button.click();
      while (button.getAttribute('aria-pressed') !== 'false') await new Promise((resolve) => setImmediate(resolve));
      toggle = performance.now() - t;
      if (container.querySelectorAll('mark').length >= before) throw new Error('toggle hid nothing');
    }
    root.unmount();
    container.remove();
    return { first, update, same, hover, arrow, toggle, correct, marks: marks.length };
  }

  /** Medians over runs; `all` holds one measure() result per run. */
  function summarise(all) {
    const pick = (k) => median(all.map((r) => r[k]));
    const keys = ['first', 'update', 'same', 'hover', 'arrow', 'toggle'];
    return {
      ...Object.fromEntries(keys.map((k) => [k, pick(k)])),
      correct: all[0].correct,
      marks: all[0].marks,
      n: all.length,
    };
  }

  // Warm up the JIT on a small input so the first measured run is not penalised.
  {
    const small = makeFixture({ chars: 2_000, entities: 200 });
    for (const C of [EntityHighlighter, NaiveUtf16, NaiveCodePoints]) {
      const container = document.createElement('div');
      const r = createRoot(container);
      flushSync(() => r.render(h(C, { text: small.text, entities: small.entities })));
      flushSync(() => r.render(h(C, { text: small.text, entities: small.changed })));
      r.unmount();
    }
  }

  const segmentTimes = Array.from({ length: 5 }, () => {
    const t = performance.now();
    highlightSegments(text, entities);
    return performance.now() - t;
  });

  // Runs alternate between implementations so that heap growth and JIT warm-up in the long-lived
  // jsdom do not favour whichever goes first; with `node --expose-gc` the heap is collected between runs.
  // The code-point naive renderer is O(text × entities) per render (~20 s here): by default only its
  // first render is timed, to keep `pnpm bench` short; `--full` times its update and re-render too.
  const impls = [
    [
      'ours: `<EntityHighlighter>` (code points → UTF-16 once, memoised segments, legend, a11y)',
      EntityHighlighter,
      runs,
      false,
    ],
    ['naive: one span per entity, `text.slice` (UTF-16 offsets)', NaiveUtf16, runs, false],
    ['naive: one span per entity, `Array.from(text).slice` per entity', NaiveCodePoints, slowRuns, !slowFull],
  ];
  const results = impls.map(() => []);
  for (let run = 0; run < Math.max(runs, slowRuns); run++) {
    for (const [i, [, Component, n, firstOnly]] of impls.entries()) {
      if (run >= n) continue;
      globalThis.gc?.();
      results[i].push(await measure(Component, { firstOnly }));
    }
  }
  const rows = impls.flatMap(([name], i) => (results[i].length ? [{ name, ...summarise(results[i]) }] : []));
  return { rows, segments: median(segmentTimes), text, entities };
}

export function entityHighlighterTable({ rows, segments, text, entities }) {
  const ms = (x) => (Number.isNaN(x) ? 'not timed' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
  const na = (x) => (Number.isNaN(x) ? 'n/a' : ms(x));
  return [
    `${text.length.toLocaleString('en')} UTF-16 units (${Array.from(text).length.toLocaleString('en')} code points, with emoji and flags), ${entities.length.toLocaleString('en')} entities. react-dom/client (production build) in jsdom, \`flushSync\`; median of the runs shown${globalThis.gc ? ', heap collected between runs (`node --expose-gc`)' : ''}. "update" = every entity's offsets changed; "same props" = parent re-render with the same entities; "hide a type" = one legend toggle (2,500 marks). Pure \`highlightSegments\` alone: ${ms(segments)}.`,
    '',
    '| implementation | first render | update | same props | hover a mark | arrow key to next mark | hide a type | marks on the right characters | runs |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${ms(r.first)} | ${ms(r.update)} | ${ms(r.same)} | ${na(r.hover)} | ${na(r.arrow)} | ${na(r.toggle)} | ${r.correct.toLocaleString('en')} / ${entities.length.toLocaleString('en')} | ${r.n} |`,
    ),
  ].join('\n');
}

/** The section bench/run.mjs writes. */
export async function runEntityHighlighterSection() {
  const quick = process.argv.includes('--quick');
  const result = await runEntityHighlighter(
    quick ? { runs: 1, slowRuns: 0 } : { slowFull: process.argv.includes('--full') },
  );
  const [ours, utf16, codePoints] = result.rows;
  const ms = (x) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
  const n = (x) => x.toLocaleString('en');
  const rows = [];
  for (const [peerRow, peer] of [
    [utf16, 'naive `text.slice` spans (UTF-16 offsets: wrong)'],
    [codePoints, 'naive `Array.from(text).slice` spans (right, O(n) per entity)'],
  ]) {
    if (!peerRow) continue;
    rows.push(
      row('marks on the right characters', peer, peerRow.correct, ours.correct, { format: n, better: 'higher' }),
    );
    for (const [key, metric] of [
      ['first', 'first render'],
      ['update', "update (every entity's offsets change)"],
      ['same', 'parent re-render, same props'],
    ]) {
      if (!Number.isNaN(peerRow[key])) rows.push(row(metric, peer, peerRow[key], ours[key], { format: ms }));
    }
  }
  return {
    id: 'entity-highlighter',
    title: 'EntityHighlighter: 100,000 characters, 10,000 entities',
    intro: 'Ratio: naive ÷ inferkit (time), inferkit ÷ naive (marks on the right characters).',
    rows,
    extra: entityHighlighterTable(result),
    behind: explainBehind(
      rows,
      () =>
        "The naive renderer slices UTF-16 offsets and emits bare `<span>`s: it skips the code-point → UTF-16 mapping the API's offsets need (so after the first emoji it highlights the wrong characters: see the correctness row), and it renders no legend, colour classes, tooltips, keyboard navigation or ARIA. Ours renders a focusable, labelled `<mark>` per entity plus the legend, and memoises segments so a parent re-render with the same props costs ~nothing.",
    ),
    notes: [
      "jsdom's DOM is much slower than a browser's, so absolute times are pessimistic; the ratios between implementations are the point.",
      'The `Array.from(text).slice` renderer is O(text × entities): only its first render is timed in `pnpm bench` (about 20 s); `node --expose-gc bench/entity-highlighter.mjs --full` times its update and re-render too.',
    ],
    command: 'node --expose-gc bench/entity-highlighter.mjs',
  };
}

await runAlone(import.meta.url, runEntityHighlighterSection);
