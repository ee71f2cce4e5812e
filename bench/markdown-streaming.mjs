// Markdown while a reply streams, in a real browser: the same ~2,000-token reply (headings,
// paragraphs with inline Markdown and links, a list, a code fence, a table, repeated) grows in the
// chat, a commit every 10 tokens (about what `useChatCompletion`'s default of one render per 50 ms
// gives at 200 tokens/s), rendered three ways:
//   plain     `ChatMessages` (plain text; what the Markdown costs on top of),
//   markdown  `MarkdownChatMessages` (@inferkit/components/markdown: blocks split, finished ones
//             memoized, only the growing one healed and parsed again),
//   naive     `ChatMessages` with `renderContent` = react-markdown + remark-gfm over the whole text
//             at every commit (what a straightforward integration does).
// Headless Chromium (Debian's /usr/bin/chromium through playwright-core), React's production build,
// the components from their sources, one esbuild bundle, styles.css applied. Each commit is rendered
// with flushSync and laid out (offsetHeight) and timed in the page; a frame passes between commits
// (requestAnimationFrame, after every fourth commit) so layout shifts are recorded
// (PerformanceObserver 'layout-shift', summed as CLS). Scripting = the time in flushSync.
// Fresh page per run, the three setups interleaved in each round, medians over the rounds.
//
// Run alone: node bench/markdown-streaming.mjs [--tokens 2000] [--step 10] [--reps 3]
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { bundleBrowserPage } from './lib/browser-bundle.mjs';
import { arg, explainBehind, median, row, runAlone } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const components = `${root}packages/components`;
const STYLES = `${components}/src/styles.css`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const PAGE = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import ReactMarkdown from '${components}/node_modules/react-markdown/index.js';
import remarkGfm from '${components}/node_modules/remark-gfm/index.js';
import { ChatMessages } from '${components}/src/chat/index.ts';
import { MarkdownChatMessages } from '${components}/src/markdown/index.ts';

const h = React.createElement;

function section(k) {
  return [
    '## Part ' + k + ': sorting records',
    'When you sort **records** by a key, Python keeps equal keys in their original order, which is what *stable* means. ' +
      'That lets you sort by a secondary key first and by the primary key second, as the [sorting how-to](https://docs.python.org/3/howto/sorting.html#part' + k + ') shows, ' +
      'and it is why \`sorted()\` and \`list.sort()\` are safe to chain across ' + k + ' passes without surprises in the order of ties.',
    '- \`sorted(items)\` returns a new list and leaves the input alone\\n- \`items.sort()\` sorts in place and returns \`None\`\\n- both take \`key=\` and \`reverse=\` arguments\\n- the key function runs once per item, not per comparison',
    '\`\`\`python\\nfrom operator import itemgetter\\n\\nrecords = [("ada", 36, "london"), ("linus", 28, "helsinki"), ("grace", 45, "new york")]\\nby_city = sorted(records, key=itemgetter(2))\\nby_age_then_city = sorted(by_city, key=itemgetter(1))\\nfor name, age, city in by_age_then_city:\\n    print(f"{name:>8} {age:3d} {city}")\\n\`\`\`',
    '| Function | Returns | In place | Stable |\\n| --- | --- | :---: | :---: |\\n| \`sorted\` | a new list | no | yes |\\n| \`list.sort\` | \`None\` | yes | yes |\\n| \`heapq.nsmallest\` | a new list | no | yes |\\n| \`min\` / \`max\` | one item | no | n/a |',
    'In short: reach for \`sorted()\` when you need a copy, \`list.sort()\` when the list is yours to change, and pass a \`key\` rather than a comparison function.',
  ].join('\\n\\n');
}

/** About \`count\` tokens of Markdown: words, spaces with their word, punctuation and syntax apart. */
function makeTokens(count) {
  let text = '';
  for (let k = 1; text.split(/(?=[\\s\`*|[\\]()#-])/).length < count; k++) text += (k > 1 ? '\\n\\n' : '') + section(k);
  return text.split(/(?=[\\s\`*|[\\]()#-])/).slice(0, count);
}

const question = { id: 'u', role: 'user', content: 'How do I sort records in Python?' };
const remarkPlugins = [remarkGfm];
const naive = (_message, { text }) => h(ReactMarkdown, { remarkPlugins }, text);
const APPS = {
  plain: (props) => h(ChatMessages, props),
  markdown: (props) => h(MarkdownChatMessages, props),
  naive: (props) => h(ChatMessages, { ...props, renderContent: naive }),
};
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
// One macrotask apart, without setTimeout's 4 ms clamp.
const channel = new MessageChannel();
const pending = [];
channel.port1.onmessage = () => pending.shift()?.();
const nextTask = () => new Promise((resolve) => { pending.push(resolve); channel.port2.postMessage(0); });

async function run(which, count, step) {
  const tokens = makeTokens(count);
  const container = document.createElement('div');
  container.style.width = '40rem';
  document.body.append(container);
  const reactRoot = createRoot(container);
  const App = APPS[which];
  const render = (content, status) =>
    flushSync(() => reactRoot.render(h(App, { status, messages: content === null ? [question] : [question, { id: 'a', role: 'assistant', content }] })));
  render(null, 'submitted');
  await frame();
  let cls = 0;
  let shifts = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) { cls += entry.value; shifts++; }
  });
  observer.observe({ type: 'layout-shift' });
  const times = [];
  let renderMs = 0;
  let layoutMs = 0;
  const started = performance.now();
  for (let i = step, n = 0; ; i += step, n++) {
    const done = i >= tokens.length;
    const text = tokens.slice(0, Math.min(i, tokens.length)).join('');
    const t0 = performance.now();
    render(text, done ? 'success' : 'streaming');
    const t1 = performance.now();
    void container.offsetHeight;
    const t2 = performance.now();
    renderMs += t1 - t0;
    layoutMs += t2 - t1;
    times.push(t2 - t0);
    // A frame after every fourth commit (layout shifts are recorded per frame; one per commit would
    // make the run several times longer), a plain task between the others.
    if (n % 4 === 3 || done) await frame();
    else await nextTask();
    if (done) break;
  }
  await frame();
  await frame();
  for (const entry of observer.takeRecords()) if (!entry.hadRecentInput) { cls += entry.value; shifts++; }
  observer.disconnect();
  const wallMs = performance.now() - started;
  const html = container.querySelector('[data-role="assistant"]');
  const shape = { tables: html.querySelectorAll('table').length, pres: html.querySelectorAll('pre').length, links: html.querySelectorAll('a').length };
  reactRoot.unmount();
  container.remove();
  const sorted = times.slice().sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return {
    commits: times.length,
    chars: tokens.join('').length,
    commitMs: total,
    renderMs,
    layoutMs,
    perCommitMs: total / times.length,
    p95Ms: sorted[Math.ceil(sorted.length * 0.95) - 1],
    maxMs: sorted[sorted.length - 1],
    lastTenthMs: times.slice(-Math.ceil(times.length / 10)).reduce((a, b) => a + b, 0) / Math.ceil(times.length / 10),
    cls,
    shifts,
    wallMs,
    ...shape,
  };
}
window.bench = { run };
`;

export async function runMarkdownStreaming({
  tokens = Number(arg('tokens', 2000)),
  step = Number(arg('step', 10)),
  reps = Number(arg('reps', 3)),
} = {}) {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const code = await bundleBrowserPage(PAGE);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  const runs = [];
  try {
    for (let round = 0; round < reps; round++) {
      for (const which of ['plain', 'markdown', 'naive']) {
        const page = await browser.newPage();
        await page.setContent('<!doctype html><html lang="en"><body></body></html>');
        await page.addStyleTag({ path: STYLES });
        await page.addScriptTag({ content: code });
        await page.evaluate(([w, s]) => window.bench.run(w, 200, s), [which, step]); // warm-up
        const stats = await page.evaluate(([w, n, s]) => window.bench.run(w, n, s), [which, tokens, step]);
        runs.push({ which, round, ...stats });
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
  const results = {};
  for (const which of ['plain', 'markdown', 'naive']) {
    const group = runs.filter((r) => r.which === which);
    const out = { ...group[0] };
    for (const [k, v] of Object.entries(out))
      if (typeof v === 'number' && k !== 'round') out[k] = median(group.map((r) => r[k]));
    out.renderRange = group.map((r) => r.renderMs);
    results[which] = out;
  }
  return { results, tokens, step, reps };
}

export async function runMarkdownStreamingSection() {
  const { results, tokens, step, reps } = await runMarkdownStreaming();
  const { plain, markdown, naive } = results;
  if (markdown.tables !== naive.tables || markdown.pres !== naive.pres || markdown.links !== naive.links) {
    throw new Error(`the two Markdown renderings differ: ${JSON.stringify({ markdown, naive })}`);
  }
  const ms = (v) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
  const n = (v) => v.toLocaleString('en');
  const peer = 'react-markdown + remark-gfm over the whole text each commit';
  const rows = [
    row('scripting ms over the stream (flushSync: render, parse, commit)', peer, naive.renderMs, markdown.renderMs, {
      format: ms,
    }),
    row('ms per commit (mean, render + layout)', peer, naive.perCommitMs, markdown.perCommitMs, { format: ms }),
    row('ms per commit, last tenth of the reply', peer, naive.lastTenthMs, markdown.lastTenthMs, { format: ms }),
    row('slowest commit', peer, naive.maxMs, markdown.maxMs, { format: ms }),
  ];
  const label = { plain: 'plain `ChatMessages`', markdown: '`MarkdownChatMessages`', naive: 'naive react-markdown' };
  const table = [
    '| rendering | commits | scripting ms | scripting ms, each round | forced layout ms after | ms/commit | p95 ms | max ms | last tenth ms/commit | × plain (scripting) | × plain (ms/commit) | CLS | layout shifts |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...['plain', 'markdown', 'naive'].map((w) => {
      const r = results[w];
      return `| ${label[w]} | ${n(r.commits)} | ${r.renderMs.toFixed(0)} | ${r.renderRange.map((v) => v.toFixed(0)).join(', ')} | ${r.layoutMs.toFixed(0)} | ${r.perCommitMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} | ${r.maxMs.toFixed(2)} | ${r.lastTenthMs.toFixed(2)} | ${(r.renderMs / plain.renderMs).toFixed(1)}× | ${(r.perCommitMs / plain.perCommitMs).toFixed(1)}× | ${r.cls.toFixed(3)} | ${r.shifts} |`;
    }),
  ].join('\n');
  return {
    id: 'markdown-streaming',
    title: 'Markdown streaming',
    intro: `The same ${tokens.toLocaleString('en')}-token reply (${plain.chars.toLocaleString('en')} characters: headings, paragraphs with inline Markdown and links, a list, a Python code fence and a table, repeated; ${markdown.tables} tables, ${markdown.pres} code blocks and ${markdown.links} links at the end) grows in the chat, one commit every ${step} tokens (about the commits of \`useChatCompletion\`'s default, one render per 50 ms, at 200 tokens/s), in headless Chromium (Debian \`/usr/bin/chromium\`, playwright-core), React 19's production build, styles.css applied. Three renderings: plain \`ChatMessages\`; \`MarkdownChatMessages\` (\`@inferkit/components/markdown\`: the reply split into top-level blocks, finished blocks memoized, only the growing one healed and parsed again); and, as the peer, \`ChatMessages\` with react-markdown + remark-gfm over the whole text at every commit. Each commit is rendered with \`flushSync\` (timed: the scripting, React's render and commit with any Markdown parsing) and then laid out (\`offsetHeight\`, timed apart) in the page; a frame passes after every fourth commit (a task between the others). The chat pins its scroll to the newest message in a layout effect, which lays the page out inside the commit, so the scripting figure includes that layout and the separate forced layout after it is near zero. Fresh page per run, 200-token warm-up first, ${reps} rounds with the three interleaved; medians over the rounds. Ratio: naive ÷ inferkit.`,
    rows,
    extra: table,
    behind: explainBehind(
      rows,
      () => 'Unexpected: rerun the command below to check for noise from the shared machine.',
    ),
    notes: [
      `Against plain text: \`MarkdownChatMessages\` costs ${(markdown.renderMs / plain.renderMs).toFixed(1)}× the scripting of plain \`ChatMessages\` over the stream (${markdown.renderMs.toFixed(0)} ms against ${plain.renderMs.toFixed(0)} ms) and ${(markdown.perCommitMs / plain.perCommitMs).toFixed(1)}× its time per commit with layout; the naive rendering ${(naive.renderMs / plain.renderMs).toFixed(1)}× and ${(naive.perCommitMs / plain.perCommitMs).toFixed(1)}×. Per commit ours stays about flat as the reply grows (the growing block only), while the naive one grows with the whole reply (see "last tenth").`,
      `Layout shift: CLS summed from PerformanceObserver 'layout-shift' entries over the stream (the reply grows at the bottom; a shift is counted when content already shown moves). Plain ${plain.cls.toFixed(3)}, ours ${markdown.cls.toFixed(3)}, naive ${naive.cls.toFixed(3)}.`,
      'The naive rendering produces the same tables, code blocks and links at the end (checked on every run), so the figures compare like with like; ours adds a Copy button and a label per code block.',
    ],
    command: 'node bench/markdown-streaming.mjs',
  };
}

await runAlone(import.meta.url, runMarkdownStreamingSection);
