// Query deduplication: 50 components mount the same zero-shot classification at once.
//   inferkit: `useZeroShotClassification` in each, inside one <InferenceProvider> (TanStack Query).
//   @huggingface/inference: its `zeroShotClassification` called from a `useEffect` in each, the
//   naive way (it has no React layer, so this is what an app writes without adding one).
// Requests are counted at the fetch level: both clients get the same counting fetch, which answers
// from the emulator's fetch handler in memory. jsdom + @testing-library/react, React 19, once without
// and once with <StrictMode> (which mounts effects twice in development).
//
// Run alone: node bench/dedup.mjs [--components 50]
import { JSDOM } from 'jsdom';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg, explainBehind, row, runAlone } from './lib/report.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const MODEL = 'facebook/bart-large-mnli';
const INPUTS = 'I bought this blender two weeks ago and it already stopped working. I want my money back.';
const LABELS = ['refund', 'legal', 'faq', 'shipping'];

function installDom() {
  const dom = new JSDOM('<!doctype html><html><body></body></html>', {
    pretendToBeVisual: true,
    url: 'http://bench.test/',
  });
  for (const key of Object.getOwnPropertyNames(dom.window)) {
    if (!(key in globalThis)) {
      try {
        globalThis[key] = dom.window[key];
      } catch {
        // read-only on Node's global: keep Node's own
      }
    }
  }
  globalThis.window = dom.window;
  globalThis.document = dom.window.document;
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  return dom;
}

export async function runDedup({ components = Number(arg('components', 50)) } = {}) {
  const dom = installDom();
  const React = await import('react');
  const { render, waitFor, cleanup } = await import('@testing-library/react');
  const { QueryClient, QueryClientProvider } = await import('@tanstack/react-query');
  const { InferenceClient } = await import('@inferkit/core');
  const { InferenceProvider, useZeroShotClassification } = await import(
    pathToFileURL(`${root}packages/react/dist/index.js`).href
  );
  const { zeroShotClassification: hfZeroShotClassification } = await import('@huggingface/inference');
  const { createEmulatorHandler } = await import('@inferkit/emulator');
  const h = React.createElement;

  const handler = createEmulatorHandler();
  const counter = { calls: 0 };
  const countingFetch = async (input, init) => {
    counter.calls++;
    return handler(new Request(input, init));
  };

  function Ours() {
    const { data } = useZeroShotClassification({ inputs: INPUTS, parameters: { candidateLabels: LABELS } });
    return h('li', { 'data-done': data ? 'yes' : 'no' }, data?.[0]?.label ?? '…');
  }
  function Naive() {
    const [data, setData] = React.useState();
    React.useEffect(() => {
      let live = true;
      hfZeroShotClassification(
        {
          endpointUrl: `http://emulator.test/models/${MODEL}`,
          inputs: INPUTS,
          parameters: { candidate_labels: LABELS },
        },
        { fetch: countingFetch },
      ).then((result) => live && setData(result));
      return () => {
        live = false;
      };
    }, []);
    return h('li', { 'data-done': data ? 'yes' : 'no' }, data?.[0]?.label ?? '…');
  }
  const list = (Item) =>
    h(
      'ul',
      null,
      Array.from({ length: components }, (_, i) => h(Item, { key: i })),
    );
  const apps = {
    ours: () => {
      const queryClient = new QueryClient();
      const client = new InferenceClient({ baseUrl: 'http://emulator.test', model: MODEL, fetch: countingFetch });
      return h(QueryClientProvider, { client: queryClient }, h(InferenceProvider, { client }, list(Ours)));
    },
    naive: () => list(Naive),
  };

  async function measure(name, strict) {
    counter.calls = 0;
    const t = performance.now();
    const tree = apps[name]();
    const { container } = render(strict ? h(React.StrictMode, null, tree) : tree);
    await waitFor(
      () => {
        const done = container.querySelectorAll('li[data-done="yes"]').length;
        if (done !== components) throw new Error(`${done}/${components} done`);
      },
      { timeout: 10_000, interval: 1 },
    );
    const ms = performance.now() - t;
    // Anything still in flight (StrictMode's discarded first effects) lands before we count.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const calls = counter.calls;
    cleanup();
    return { calls, ms };
  }

  // Warm-up, then the measured runs.
  await measure('ours', false);
  await measure('naive', false);
  const results = {};
  for (const strict of [false, true]) {
    results[`ours${strict}`] = await measure('ours', strict);
    results[`naive${strict}`] = await measure('naive', strict);
  }
  dom.window.close();

  const peer = '@huggingface/inference `zeroShotClassification` in `useEffect`';
  const n = (v) => v.toLocaleString('en');
  const ms = (v) => `${v.toFixed(0)} ms`;
  const rows = [
    row(
      `${components} components, same request: network requests`,
      peer,
      results.naivefalse.calls,
      results.oursfalse.calls,
      { format: n },
    ),
    row(
      `${components} components, same request, \`<StrictMode>\` (development): network requests`,
      peer,
      results.naivetrue.calls,
      results.ourstrue.calls,
      { format: n },
    ),
    row(
      `${components} components: ms until all show the result (jsdom)`,
      peer,
      results.naivefalse.ms,
      results.oursfalse.ms,
      { format: ms },
    ),
  ];
  return {
    id: 'dedup',
    title: 'Query deduplication',
    intro: `${components} components mount the same zero-shot classification at once. inferkit: \`useZeroShotClassification\` in each, inside one \`<InferenceProvider>\` under a \`QueryClientProvider\`; @huggingface/inference (no React layer): \`zeroShotClassification\` called from a \`useEffect\` in each. Requests counted at the fetch level (one counting \`fetch\` given to both clients, answered in memory by the emulator's fetch handler). jsdom + @testing-library/react, React 19 development build. Ratio: peer ÷ inferkit.`,
    rows,
    behind: explainBehind(rows, () => 'Not expected; the requests row is the figure that matters.'),
    notes: [
      'TanStack Query keys the query by task, model and arguments, so every component shares one in-flight request and one cache entry; later mounts read the cache.',
      'The naive version could be fixed with a hand-written cache or by adding TanStack Query around @huggingface/inference; that is the code @inferkit/react saves.',
      `Under \`<StrictMode>\` in development React mounts, unmounts and remounts every component once: the shared query starts, is aborted when its last observer goes (the hooks hand TanStack's abort signal to core, so superseded requests do not run on) and starts again on the remount. ${
        results.ourstrue.calls === 1
          ? 'Core resolves the provider first (the Hub mapping, cached by the warm-up run), so the abort lands before the first request leaves: 1 request.'
          : `${results.ourstrue.calls} requests: the first left before the abort landed.`
      } Production builds do not double-mount.`,
    ],
    command: 'node bench/dedup.mjs',
  };
}

await runAlone(import.meta.url, runDedup);
