// Can one request stall the emulator? The emulator runs in its own process (the CLI,
// `bin/inferkit-emulator.js --latency none`, which calls `startEmulator`), from the workspace
// sources; this process sends maximum-size requests over real HTTP and, while they run, asks
// `GET /health` every ~20 ms and times each answer.
//   NER, max size        32,000 characters (the default `limits.maxInputChars`) of news-like prose
//   summarization, max   the same text to `facebook/bart-large-cnn`
//   both at once         the two together
//   worst shapes         NER over 32,000 characters of one-word lines; summarization of 6,400 tiny sentences
// Then the caps themselves: one character more is a 422, a 9 MB body a 413 (checked, not timed).
// Each scenario runs `--runs` times (default 3); the table shows every run.
//
// Run alone: node bench/emulator-stall.mjs [--runs 3] [--only ner,summ,both,ner-lines,summ-tiny]
//   [--bin path/to/inferkit-emulator.js] [--request-timeout 60000]
// (`--bin` points at another copy of the CLI, e.g. an older checkout, for a before/after.)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arg, percentile, runAlone } from './lib/report.mjs';

const BIN = arg('bin', fileURLToPath(new URL('../packages/emulator/bin/inferkit-emulator.js', import.meta.url)));
const RUNS = Number(arg('runs', '3'));
const ONLY = arg('only')?.split(',');
/** A request not answered in this long is recorded as timed out (an older emulator can take minutes). */
const REQUEST_TIMEOUT_MS = Number(arg('request-timeout', '60000'));
const MAX_CHARS = 32_000;
const NER = 'dslim/bert-base-NER';
const SUMMARIZER = 'facebook/bart-large-cnn';
const PING_EVERY_MS = 20;

/** Starts the CLI from the sources; resolves with { url, close() }. */
async function startServer() {
  const child = spawn(process.execPath, [BIN, '--port', '0', '--latency', 'none', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, INFERKIT_EMULATOR_SOURCE: '1' },
  });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    child.stdout.on('data', (data) => {
      out += data;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}: ${out}`)));
  });
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** Deterministic news-like prose with people, places and organisations, exactly `n` characters. */
function prose(n) {
  const people = ['Barack Obama', 'Angela Merkel', 'Satya Nadella', 'Marie Curie', 'Lionel Messi', 'Jacinda Ardern'];
  const places = ['Berlin', 'Paris', 'Tokyo', 'Nairobi', 'Lima', 'Toronto'];
  const orgs = ['Microsoft', 'the United Nations', 'Google', 'Airbus', 'the World Bank', 'Toyota'];
  const verbs = ['met', 'called', 'visited', 'thanked', 'interviewed', 'praised'];
  let text = '';
  for (let i = 0; text.length < n; i++) {
    const p = people[i % 6];
    const q = people[(i * 5 + 1) % 6];
    text +=
      `${p} ${verbs[i % 6]} ${q} in ${places[(i * 7) % 6]} on Tuesday to discuss the plans of ${orgs[(i * 11) % 6]}. ` +
      (i % 4 === 3 ? '\n' : '');
  }
  return text.slice(0, n);
}

const SHAPES = {
  prose: prose(MAX_CHARS),
  lines: 'Paris\n'.repeat(MAX_CHARS / 6).padEnd(MAX_CHARS, 'x'),
  tiny: 'A b. '.repeat(MAX_CHARS / 5),
};

/** One request; a failure (status or network) is reported, not thrown, so a before/after run completes. */
async function post(url, model, inputs) {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/models/${model}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    return { status: response.status, ms: performance.now() - started, body };
  } catch (error) {
    const why = error.name === 'TimeoutError' ? 'timed out' : `failed (${error.cause?.code ?? error.message})`;
    return { status: why, ms: performance.now() - started, body: '' };
  }
}

/** Pings /health every ~20 ms until `done` resolves; returns each answer's latency. */
async function pingWhile(url, done) {
  const latencies = [];
  let failed = 0;
  let finished = false;
  void done.then(() => (finished = true));
  while (!finished) {
    const started = performance.now();
    try {
      const response = await fetch(`${url}/health`);
      await response.arrayBuffer();
      if (response.status !== 200) failed += 1;
    } catch {
      // A kept-alive connection the stalled server timed out while it could not answer.
      failed += 1;
    }
    const ms = performance.now() - started;
    latencies.push(ms);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PING_EVERY_MS - ms)));
  }
  return Object.assign(latencies, { failed });
}

async function scenario(url, requests) {
  const work = Promise.all(requests.map(([model, inputs]) => post(url, model, inputs)));
  const [results, pings] = await Promise.all([work, pingWhile(url, work)]);
  return { durations: results.map((r) => r.ms), statuses: results.map((r) => r.status), pings };
}

const fmt = (ms) => `${ms.toFixed(0)} ms`;

runAlone(import.meta.url, async () => {
  const server = await startServer();
  try {
    const { url } = server;
    // Warm-up: loads compromise (NER) and JIT-compiles the engines, as a long-running emulator is.
    await post(url, NER, 'Warm up in Paris with Angela Merkel.');
    await post(url, SUMMARIZER, SHAPES.prose.slice(0, 5000));
    const idle = [];
    for (let i = 0; i < 50; i++) idle.push(...(await pingWhile(url, Promise.resolve())));

    const scenarios = [
      ['ner', 'NER, 32,000 chars of prose', [[NER, SHAPES.prose]]],
      ['summ', 'summarization, 32,000 chars of prose', [[SUMMARIZER, SHAPES.prose]]],
      [
        'both',
        'NER + summarization at once',
        [
          [NER, SHAPES.prose],
          [SUMMARIZER, SHAPES.prose],
        ],
      ],
      ['ner-lines', 'NER, 32,000 chars of one-word lines', [[NER, SHAPES.lines]]],
      ['summ-tiny', 'summarization, 6,400 tiny sentences', [[SUMMARIZER, SHAPES.tiny]]],
    ].filter(([key]) => !ONLY || ONLY.includes(key));
    const rows = [];
    let worstRequest = 0;
    let worstHealth = 0;
    for (const [, name, requests] of scenarios) {
      for (let run = 1; run <= RUNS; run++) {
        const { durations, statuses, pings } = await scenario(url, requests);
        worstRequest = Math.max(worstRequest, ...durations);
        worstHealth = Math.max(worstHealth, ...pings);
        const shown = durations.map((ms, i) => (statuses[i] === 200 ? fmt(ms) : `${fmt(ms)} (${statuses[i]})`));
        rows.push(
          `| ${name} | ${run} | ${shown.join(' + ')} | ${pings.length}${pings.failed ? ` (${pings.failed} failed)` : ''} | ${fmt(percentile(pings, 50))} | ${fmt(Math.max(...pings))} |`,
        );
      }
    }

    // The caps answer in the API's words instead of working.
    const over = await post(url, NER, `${SHAPES.prose}x`);
    const huge = await post(url, NER, 'x'.repeat(9_000_000));
    const said = (r) =>
      r.status === 200 ? 'a result' : (/"error":"([^"]*)/.exec(r.body)?.[1] ?? r.body.slice(0, 120));

    const table = [
      '| scenario | run | request duration(s) | /health samples | /health p50 | /health max |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      `| idle (no other request) | — | — | ${idle.length} | ${fmt(percentile(idle, 50))} | ${fmt(Math.max(...idle))} |`,
      ...rows,
    ].join('\n');
    return {
      id: 'emulator-stall',
      title: 'Emulator: /health while maximum-size requests run',
      intro:
        'The emulator CLI in its own process (`--latency none`, from the workspace sources), maximum-size NER (`dslim/bert-base-NER`) and summarization (`facebook/bart-large-cnn`) requests over real HTTP on loopback, and `GET /health` asked every ~20 ms while they run, one at a time, timed from this process. Targets: every max-size request under 2 s, every /health answer under 100 ms. No peer.',
      rows: [],
      extra: table,
      notes: [
        `Worst request ${fmt(worstRequest)} (target < 2,000 ms); worst /health ${fmt(worstHealth)} (target < 100 ms). ${worstRequest < 2000 && worstHealth < 100 ? 'Both targets held.' : '**A target was missed in this run.**'}`,
        'How the event loop stays free: NER hands compromise (the slow part, ~5–10 ms per 1,000 characters) pieces of ~1,000 characters cut at line or sentence ends, and both engines run their loops under a `WorkSlice` that yields to the event loop (`setImmediate`) after 8 ms of work; the rest of their work is linear (no whole-text hash per token, no sentence × sentence similarity), so a 32,000-character request is a few hundred ms of CPU in slices of ≤ ~10–40 ms.',
        `The caps: ${MAX_CHARS + 1} characters of NER answered ${over.status} in ${fmt(over.ms)} (${said(over)}); a 9 MB body answered ${huge.status} in ${fmt(huge.ms)} (${said(huge)}).`,
        'A shared 2-core machine with other CPU-heavy work running at the same time: figures are noisy; each scenario is run several times and every run is shown.',
      ],
      command: 'node bench/emulator-stall.mjs',
    };
  } finally {
    await server.close();
  }
});
