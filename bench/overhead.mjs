// Client overhead per request over raw `fetch`: 1,000 zero-shot classification requests each for raw
// fetch, @inferkit/core's `zeroShotClassification` and @huggingface/inference's, against the same
// emulator (in-process, `startEmulator({ port: 0 })`, zero latency, real HTTP over loopback, keep-alive
// as Node's fetch does by default). The three callers take turns request by request so that drift
// and noise from other processes land on all of them alike. Overhead = client percentile − raw
// fetch percentile. A second part calls each client with an in-memory fetch (a ready Response, no
// network, no server) to show the client's own CPU cost per call.
//
// Run alone: node bench/overhead.mjs [--requests 1000]
import { zeroShotClassification as hfZeroShotClassification } from '@huggingface/inference';
import { zeroShotClassification } from '@inferkit/core';
import { startEmulator } from '@inferkit/emulator/node';
import { arg, explainBehind, percentile, row, runAlone } from './lib/report.mjs';

const MODEL = 'facebook/bart-large-mnli';
const INPUTS = 'I bought this blender two weeks ago and it already stopped working. I want my money back.';
const LABELS = ['refund', 'legal', 'faq', 'shipping'];

function callers(baseUrl, fetchImpl = fetch) {
  // The route inferkit's call resolves to (hf-inference, after its one cached Hub lookup).
  const endpoint = `${baseUrl}/hf-inference/models/${MODEL}`;
  return {
    'raw fetch': async () => {
      const response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: INPUTS, parameters: { candidate_labels: LABELS } }),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    inferkit: () =>
      zeroShotClassification({
        model: MODEL,
        baseUrl,
        inputs: INPUTS,
        parameters: { candidateLabels: LABELS },
        fetch: fetchImpl,
      }),
    '@huggingface/inference': () =>
      hfZeroShotClassification(
        { endpointUrl: endpoint, inputs: INPUTS, parameters: { candidate_labels: LABELS } },
        { fetch: fetchImpl },
      ),
  };
}

/** Takes turns: request i goes to each caller once, in an order rotated every round. */
async function roundRobin(fns, rounds) {
  const names = Object.keys(fns);
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const t = performance.now();
      const result = await fns[name]();
      times[name].push(performance.now() - t);
      if (!Array.isArray(result) || result.length !== LABELS.length) throw new Error(`${name}: unexpected answer`);
    }
  }
  return times;
}

export async function runOverhead({ requests = Number(arg('requests', 1000)), inMemory = 5000 } = {}) {
  const emulator = await startEmulator({ port: 0 });
  let http;
  try {
    const fns = callers(emulator.url);
    await roundRobin(fns, 100); // warm-up: JIT, connection pool, emulator
    http = await roundRobin(fns, requests);
  } finally {
    await emulator.close();
  }

  // In-memory fetch: the answer the emulator gave, served from memory.
  // The Hub's mapping for inferkit's first (then cached) lookup, and the emulator's answer otherwise.
  const answer = JSON.stringify(await createAnswer(`/hf-inference/models/${MODEL}`, 'POST'));
  const mapping = JSON.stringify(await createAnswer(`/api/models/${MODEL}?expand[]=inferenceProviderMapping`, 'GET'));
  const memoryFetch = async (url) =>
    new Response(String(url).includes('/api/models/') ? mapping : answer, {
      headers: { 'content-type': 'application/json' },
    });
  const memoryFns = callers('http://bench.test', memoryFetch);
  await roundRobin(memoryFns, Math.ceil(inMemory / 10));
  const memory = await roundRobin(memoryFns, inMemory);

  const us = (ms) => `${(ms * 1000).toFixed(0)} µs`;
  const stat = (times, p) => percentile(times, p);
  const over = (name, p) => stat(http[name], p) - stat(http['raw fetch'], p);
  const overMemory = (name, p) => stat(memory[name], p) - stat(memory['raw fetch'], p);
  const peer = '@huggingface/inference';
  const rows = [
    row('p50 latency, emulator over HTTP', peer, stat(http[peer], 50), stat(http.inferkit, 50), { format: us }),
    row('p99 latency, emulator over HTTP', peer, stat(http[peer], 99), stat(http.inferkit, 99), { format: us }),
    row('p50 overhead over raw fetch', peer, over(peer, 50), over('inferkit', 50), { format: us }),
    row('p99 overhead over raw fetch', peer, over(peer, 99), over('inferkit', 99), { format: us }),
    row('p50 client cost over raw fetch, in-memory fetch', peer, overMemory(peer, 50), overMemory('inferkit', 50), {
      format: us,
    }),
    row('p99 client cost over raw fetch, in-memory fetch', peer, overMemory(peer, 99), overMemory('inferkit', 99), {
      format: us,
    }),
  ];
  const table = [
    '| caller | p50 (HTTP) | p99 (HTTP) | mean (HTTP) | p50 (in-memory fetch) | p99 (in-memory fetch) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.keys(http).map((name) => {
      const mean = http[name].reduce((a, b) => a + b, 0) / http[name].length;
      return `| ${name} | ${us(stat(http[name], 50))} | ${us(stat(http[name], 99))} | ${us(mean)} | ${us(stat(memory[name], 50))} | ${us(stat(memory[name], 99))} |`;
    }),
  ].join('\n');
  return {
    id: 'overhead',
    title: 'Client overhead per request over raw fetch',
    intro: `${requests.toLocaleString('en')} \`zeroShotClassification\` requests per caller (after 100 warm-up rounds) against the in-process emulator (\`startEmulator({ port: 0 })\`, zero latency, real HTTP on loopback, Node's fetch with keep-alive), the three callers taking turns request by request. Raw fetch posts the wire JSON and reads \`response.json()\`; inferkit validates input and output with zod, maps camelCase to the wire and sorts labels; inferkit is given the emulator as its router root (\`baseUrl\`), so it looks the model up on the Hub once (cached for the run) and posts to \`/hf-inference/models/…\`; @huggingface/inference is pointed at that same route with \`endpointUrl\` (no Hub lookup); raw fetch posts there too. Then ${inMemory.toLocaleString('en')} calls each with an in-memory \`fetch\` (a ready \`Response\`, no server) for the client's own cost. Ratio: peer ÷ inferkit.`,
    rows,
    extra: table,
    behind: explainBehind(rows, (r) =>
      r.metric.startsWith('p99') && !r.metric.includes('in-memory')
        ? `A p99 of ~1,000 requests is set by a handful of multi-millisecond stalls (GC in the in-process emulator, other processes on the shared cores), not by the client: in this run raw fetch itself has a p99 ${(stat(http['raw fetch'], 99) / stat(http['raw fetch'], 50)).toFixed(0)}× its p50, and between runs this row flips either way.`
        : "inferkit validates the input and the answer with zod, resolves the provider (the Hub mapping, from its cache after the first call), maps camelCase to the wire and sorts labels by score, before and after the fetch; @huggingface/inference sends its arguments as given and only checks the answer's shape. In a tight loop with an in-memory fetch that is a few µs more per call; interleaved with real I/O (cold caches, more GC) it grows to tens of µs. Against a real network round trip (tens to hundreds of ms) it does not show.",
    ),
    notes: [
      'The emulator runs in the same process as the clients, so every latency includes its handler; it is the same for all three callers and cancels out of the overhead rows.',
      'p99 over ~1,000 samples on a shared 2-core machine is noisy (GC pauses, other processes); p50 is the robust figure.',
    ],
    command: 'node bench/overhead.mjs',
  };
}

/** The emulator's answer for our request, via its fetch handler (no server needed). */
async function createAnswer(path, method) {
  const { createEmulatorHandler } = await import('@inferkit/emulator');
  const handler = createEmulatorHandler();
  const response = await handler(
    new Request(`http://bench.test${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body:
        method === 'POST' ? JSON.stringify({ inputs: INPUTS, parameters: { candidate_labels: LABELS } }) : undefined,
    }),
  );
  if (!response.ok) throw new Error(`the emulator answered ${method} ${path} with HTTP ${response.status}`);
  return response.json();
}

await runAlone(import.meta.url, runOverhead);
