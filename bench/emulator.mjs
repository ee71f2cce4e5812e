// The emulator under load: N concurrent streaming chat sessions (N = 100, 200, 500), real HTTP over
// loopback, the emulator in its own process (bench/lib/emulator-server.mjs) and the clients in this
// one, on Node's global fetch (undici; its default Agent sets no per-origin connection limit, so
// no Agent of our own is needed: every session gets its own connection).
// A session is a chat of a few turns in a row (the chat engine answers in ~35–50 tokens a turn).
//   paced       every stream at 20 tokens/s (a hosted LLM's pace), 2 turns, all N sessions at once:
//               are N sessions held to the end with no error, on pace, and at what overall tokens/s?
//   flat out    no pacing, 3 turns, all N at once: the most tokens/s emulator + clients manage.
// A session counts as held when its stream ends with a finish_reason and `[DONE]` and the tokens
// received equal the usage it reports. Tokens are read with core's `readJsonEvents`.
//
// Run alone: node bench/emulator.mjs [--sessions 100,200,500]
import { readJsonEvents } from '@inferkit/core';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { arg, percentile, runAlone } from './lib/report.mjs';

const server = fileURLToPath(new URL('./lib/emulator-server.mjs', import.meta.url));
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';

/** Starts the emulator process; resolves with { url, stats(), close() }. */
async function startServer(tokensPerSecond) {
  const child = spawn(process.execPath, [server, String(tokensPerSecond)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const { url } = await next();
  return {
    url,
    stats: () => {
      const answer = next();
      child.stdin.write('stats\n');
      return answer;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.stdin.end();
      }),
  };
}

/** One streamed reply; resolves with { tokens, firstToken, streamMs } once it ended cleanly. */
async function turn(url, maxTokens, prompt) {
  const started = performance.now();
  let firstToken;
  let lastToken;
  let tokens = 0;
  let finish;
  let usage;
  const response = await fetch(`${url}/models/${MODEL}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({
      model: MODEL,
      stream: true,
      max_tokens: maxTokens,
      messages: [{ role: 'user', content: prompt }],
    }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  for await (const chunk of readJsonEvents(response.body, {})) {
    const choice = chunk.choices?.[0];
    if (choice?.delta?.content) {
      tokens++;
      lastToken = performance.now() - started;
      firstToken ??= lastToken;
    }
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  if (!finish) throw new Error('stream ended without finish_reason');
  if (usage && usage.completion_tokens !== tokens)
    throw new Error(`got ${tokens} tokens, usage says ${usage.completion_tokens}`);
  return { tokens, firstToken, streamMs: lastToken - firstToken };
}

const PROMPTS = [
  'Tell me a long story about the sea and the boats that come home.',
  'What happened to the harbour lights that night?',
  'And the fishermen, where did they go after the storm?',
  'Describe the morning after, in the village by the cliffs.',
  'How does the story end for the lighthouse keeper?',
];

/** A chat session: `turns` messages in a row, each reply streamed to the end. */
async function session(url, turns, maxTokens, index) {
  const started = performance.now();
  let tokens = 0;
  let streamMs = 0;
  const firstTokens = [];
  for (let t = 0; t < turns; t++) {
    const r = await turn(url, maxTokens, `${PROMPTS[(index + t) % PROMPTS.length]} (session ${index})`);
    tokens += r.tokens;
    streamMs += r.streamMs;
    firstTokens.push(r.firstToken);
  }
  return { tokens, firstTokens, streamMs, ms: performance.now() - started };
}

const streamPace = (rate, turns) => (s) => (((s.tokens - turns) / rate) * 1000) / s.streamMs;

async function level(url, sessions, turns, maxTokens, rate) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const settled = await Promise.allSettled(
    Array.from({ length: sessions }, (_, i) => session(url, turns, maxTokens, i)),
  );
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const ok = settled.filter((s) => s.status === 'fulfilled').map((s) => s.value);
  const errors = settled.filter((s) => s.status === 'rejected').map((s) => String(s.reason?.message ?? s.reason));
  const tokens = ok.reduce((a, s) => a + s.tokens, 0);
  return {
    sessions,
    held: ok.length,
    errors: errors.length,
    firstError: errors[0],
    tokens,
    wallMs,
    tokensPerSecond: tokens / (wallMs / 1000),
    // Time to first token of every turn (request sent → first token), across all sessions.
    ttftP50: percentile(
      ok.flatMap((s) => s.firstTokens),
      50,
    ),
    ttftP99: percentile(
      ok.flatMap((s) => s.firstTokens),
      99,
    ),
    clientCpuMs: (used.user + used.system) / 1000,
    // Paced: how well each session's streams kept the requested pace once tokens flowed (first to
    // last token of each turn; 100% = a token every 1/rate s). Request setup shows in the TTFT instead.
    pace: rate > 0 ? percentile(ok.map(streamPace(rate, turns)), 50) : Number.NaN,
    worstPace: rate > 0 ? Math.min(...ok.map(streamPace(rate, turns))) : Number.NaN,
  };
}

export async function runEmulator({ levels = String(arg('sessions', '100,200,500')).split(',').map(Number) } = {}) {
  const modes = [
    { name: 'paced: 20 tokens/s per stream, 2 turns per session', rate: 20, turns: 2, maxTokens: 200 },
    { name: 'flat out: no pacing, 3 turns per session', rate: 0, turns: 3, maxTokens: 200 },
  ];
  const results = [];
  for (const mode of modes) {
    const emulator = await startServer(mode.rate);
    try {
      await level(emulator.url, 10, 1, 20, mode.rate); // warm-up
      for (const sessions of levels) {
        const before = await emulator.stats();
        const r = await level(emulator.url, sessions, mode.turns, mode.maxTokens, mode.rate);
        const after = await emulator.stats();
        results.push({
          mode: mode.name,
          rate: mode.rate,
          ...r,
          serverCpuMs: after.cpuMs - before.cpuMs,
          serverRssMB: after.rssMB,
        });
      }
    } finally {
      await emulator.close();
    }
  }
  const n = (v) => Math.round(v).toLocaleString('en');
  const pct = (v) => `${Math.round(v * 100)}%`;
  const table = [
    '| mode | concurrent sessions | held to the end | errors | tokens | wall | tokens/s overall | stream pace kept (median / worst session) | time to first token p50 / p99 | emulator CPU | client CPU | emulator RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.mode} | ${r.sessions} | ${r.held} | ${r.errors}${r.firstError ? ` (${r.firstError})` : ''} | ${n(r.tokens)} | ${(r.wallMs / 1000).toFixed(2)} s | ${n(r.tokensPerSecond)} | ${Number.isNaN(r.pace) ? 'n/a' : `${pct(r.pace)} / ${pct(r.worstPace)}`} | ${n(r.ttftP50)} / ${n(r.ttftP99)} ms | ${n(r.serverCpuMs)} ms | ${n(r.clientCpuMs)} ms | ${n(r.serverRssMB)} MB |`,
    ),
  ].join('\n');
  const rows = results.map((r) => ({
    metric: `${r.mode}: ${r.sessions} concurrent sessions — held with no error; tokens/s overall`,
    peer: '—',
    peerValue: '—',
    ours: `${r.held}/${r.sessions}${r.errors ? ` (**${r.errors} errors**)` : ''}; ${n(r.tokensPerSecond)} tokens/s${Number.isNaN(r.pace) ? '' : `, pace kept ${pct(r.pace)}`}`,
    ratio: 'n/a',
  }));
  const failed = results.filter((r) => r.errors > 0);
  const slipped = results.filter((r) => r.pace < 0.95);
  return {
    id: 'emulator',
    title: 'Emulator: concurrent streaming chat sessions',
    intro:
      'Streaming chat completions (`meta-llama/Llama-3.1-8B-Instruct`, the chat engine) against the emulator in its own Node process (`startEmulator({ port: 0 })`), from N concurrent sessions in the bench process over real HTTP on loopback (the global fetch of Node, undici, whose default Agent has no per-origin connection limit). A session is held when its stream ends with a `finish_reason` and `[DONE]` and the tokens received match the `usage` it reports. No peer: the row is the emulator alone.',
    rows,
    extra: table,
    behind: [
      ...failed.map((r) => `${r.mode}, ${r.sessions} sessions: ${r.errors} failed (${r.firstError}).`),
      ...slipped.map(
        (r) =>
          `${r.mode}, ${r.sessions} sessions: every session held, but streams kept only ${pct(r.pace)} of the requested pace (worst session ${pct(r.worstPace)}). **Why:** CPU — emulator and clients used ${n(r.serverCpuMs + r.clientCpuMs)} ms of CPU in ${n(r.wallMs)} ms of wall time on 2 cores shared with other work; the emulator's timers fire late when its event loop is busy.`,
      ),
    ],
    notes: [
      'The chat engine answers these prompts in ~35–50 tokens, so a session is a few turns in a row (new request each turn, same connection when kept alive). Paced, each stream sends a token every 50 ms; "pace kept" is, per session, the time its tokens needed at that pace over the time they took from the first token to the last of each turn (100% = on time); request setup shows in the time to first token instead. Overall tokens/s there is bounded by N × 20 minus the time between turns.',
      'Flat out, client and emulator share the 2 cores; the client (fetch + SSE parsing of every token) costs about as much CPU as the emulator, so the figure is a floor for the emulator alone.',
    ],
    command: 'node bench/emulator.mjs',
  };
}

await runAlone(import.meta.url, runEmulator);
