// <ModelPicker> filtering in a real browser: 2,000 chat models (2–4 providers each, so about 6,000
// provider options plus the policy options), typed into one character at a time, against downshift's
// `useCombobox` (the well-kept WAI-ARIA combobox primitive) rendering the same options with the same
// text and the same substring filter. Headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), React's production build, one esbuild bundle holding both.
//
// Per keystroke: the work from the input event to a laid-out page: React's synchronous re-render of
// the discrete input event, then a forced style and layout (`offsetHeight`), measured in the page
// with performance.now(). A frame at 60 Hz is 16.7 ms; the target is every keystroke under it.
// The query types "llama 3" and then deletes back to empty (the widest lists), 3 rounds, fresh page
// each round.
//
// Run alone: node bench/model-picker-chromium.mjs
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { bundleBrowserPage } from './lib/browser-bundle.mjs';
import { percentile, row, runAlone } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const STYLES = `${root}packages/components/src/styles.css`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const MODELS = 2000;
const QUERY = 'llama 3';
const FRAME_MS = 1000 / 60;

const PAGE = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { useCombobox } from 'downshift';
import { ModelPicker } from '${root}packages/components/src/model-picker/index.ts';

const h = React.createElement;
const FAMILIES = ['meta-llama/Llama-3.1', 'Qwen/Qwen2.5', 'mistralai/Mistral', 'google/gemma-3', 'deepseek-ai/DeepSeek-V3', 'microsoft/phi-4'];
const PROVIDERS = ['groq', 'cerebras', 'together', 'novita', 'nscale', 'featherless-ai', 'sambanova', 'fireworks-ai'];
function makeModels(n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const count = 2 + (i % 3);
    out.push({
      id: FAMILIES[i % FAMILIES.length] + '-' + (1 + (i % 70)) + 'B-Instruct-v' + i,
      providers: Array.from({ length: count }, (_, k) => ({
        provider: PROVIDERS[(i + k) % PROVIDERS.length],
        status: 'live',
        contextLength: 8192 * (1 + ((i + k) % 16)),
        pricing: { input: ((i + k) % 9) / 10, output: ((i + k) % 11) / 10 },
        supportsTools: (i + k) % 2 === 0,
        supportsStructuredOutput: (i + k) % 3 === 0,
        latency: 0.1 + ((i + k) % 7) / 10,
        throughput: 50 + ((i * 7 + k) % 900),
      })),
    });
  }
  return out;
}
const models = makeModels(${MODELS});

// The peer: downshift's useCombobox over the same options (each model × provider, plus three
// policies per model), the same text per option, the same case-insensitive substring filter.
const POLICIES = ['fastest', 'cheapest', 'preferred'];
const items = models.flatMap((m) => [
  ...POLICIES.map((p) => ({ value: m.id + ':' + p, text: m.id + ' ' + p })),
  ...m.providers.map((p) => ({
    value: m.id + ':' + p.provider,
    text: m.id + ' ' + p.provider + ' $' + p.pricing.input + ' / $' + p.pricing.output + ' per 1M ' + p.contextLength + ' context ' + p.latency + ' s ' + p.throughput + ' tok/s',
  })),
]);
function Peer() {
  const [query, setQuery] = React.useState('');
  const shown = React.useMemo(() => {
    const q = query.toLowerCase();
    return q ? items.filter((item) => item.text.toLowerCase().includes(q)) : items;
  }, [query]);
  const { getInputProps, getMenuProps, getItemProps, getLabelProps } = useCombobox({
    items: shown,
    itemToString: (item) => (item ? item.value : ''),
    inputValue: query,
    onInputValueChange: ({ inputValue }) => setQuery(inputValue ?? ''),
    isOpen: true,
  });
  return h('div', null,
    h('label', getLabelProps(), 'Model'),
    h('input', getInputProps()),
    h('ul', { ...getMenuProps(), style: { maxHeight: '24rem', overflowY: 'auto' } }, shown.map((item, index) => h('li', { key: item.value, ...getItemProps({ item, index }) }, item.text))),
  );
}

function Ours() {
  const [value, setValue] = React.useState('');
  return h(ModelPicker, { models, value, onChange: setValue, label: 'Model' });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;

async function run(which, query) {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  flushSync(() => root.render(h(which === 'peer' ? Peer : Ours)));
  const input = container.querySelector('input');
  input.focus();
  // Open the list as a user would (our combobox opens on typing or ArrowDown).
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
  await sleep(50);
  const typed = [...query].map((_, i) => query.slice(0, i + 1));
  const steps = [...typed, ...typed.slice(0, -1).reverse(), ''];
  const times = [];
  let options = 0;
  for (const text of steps) {
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
    const t0 = performance.now();
    setter.call(input, text);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    void document.body.offsetHeight;
    times.push(performance.now() - t0);
    options = Math.max(options, container.querySelectorAll('[role="option"]').length);
  }
  root.unmount();
  container.remove();
  return { times, options };
}
window.bench = { run };
`;

const bundle = () => bundleBrowserPage(PAGE);

export async function runModelPickerChromium({ rounds = 3 } = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const code = await bundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const all = { ours: [], peer: [] };
  const options = { ours: 0, peer: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      for (const which of ['ours', 'peer']) {
        const page = await browser.newPage();
        await page.setContent('<!doctype html><html><body></body></html>');
        await page.addScriptTag({ content: code });
        await page.addStyleTag({ path: STYLES });
        await page.evaluate(([w]) => window.bench.run(w, 'll'), [which]); // warm-up
        const result = await page.evaluate(([w, q]) => window.bench.run(w, q), [which, QUERY]);
        all[which].push(...result.times);
        options[which] = Math.max(options[which], result.options);
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  const ms = (v) => `${v.toFixed(1)} ms`;
  const peer = 'downshift `useCombobox` (same options, same filter)';
  const at = `Chromium, ${MODELS.toLocaleString('en')} models`;
  const p50 = (which) => percentile(all[which], 50);
  const p95 = (which) => percentile(all[which], 95);
  const max = (which) => Math.max(...all[which]);
  return {
    title: '<ModelPicker>: filtering 2,000 chat models as you type',
    intro:
      `Typing "${QUERY}" into the picker one character at a time and deleting it back to empty, over ${MODELS.toLocaleString('en')} chat models with 2–4 providers each, ${rounds} rounds (fresh page each). ` +
      'Per keystroke: from the input event to a laid-out page (React re-render of the discrete event, then forced style and layout). ' +
      `The frame budget at 60 Hz is ${FRAME_MS.toFixed(1)} ms. Ratio: peer ÷ inferkit.`,
    rows: [
      row(`${at}: keystroke p50`, peer, p50('peer'), p50('ours'), { format: ms }),
      row(`${at}: keystroke p95`, peer, p95('peer'), p95('ours'), { format: ms }),
      row(`${at}: slowest keystroke`, peer, max('peer'), max('ours'), { format: ms }),
    ],
    notes: [
      `Options in the DOM at most: ours ${options.ours.toLocaleString('en')}, the peer ${options.peer.toLocaleString('en')}: ours renders the first matches of each model group (policy and provider options) and says how many there are; the peer renders every match, as a plain downshift list does.`,
      `Every keystroke under one frame: ${max('ours') < FRAME_MS ? 'yes' : 'no'} (slowest ${ms(max('ours'))}).`,
    ],
    command: 'node bench/model-picker-chromium.mjs',
  };
}

runAlone(import.meta.url, runModelPickerChromium);
