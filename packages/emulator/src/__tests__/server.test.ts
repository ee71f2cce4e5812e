import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../node';
import type { Engine } from '../engines/types';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';

/** A test-only engine whose stream ticks forever and records when it is cancelled or aborted. */
const probe = { cancelled: false, aborted: false, ticks: 0 };
const tickingEngine: Engine = (context) => {
  context.signal?.addEventListener('abort', () => (probe.aborted = true));
  let timer: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      timer = setInterval(() => {
        probe.ticks += 1;
        controller.enqueue(new TextEncoder().encode(`data: {"tick": ${probe.ticks}}\n\n`));
      }, 10);
    },
    cancel() {
      probe.cancelled = true;
      clearInterval(timer);
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
};

let emulator: RunningEmulator;
let importMs = 0;
let startMs = 0;

beforeAll(async () => {
  let t = performance.now();
  const { startEmulator } = await import('../node');
  importMs = performance.now() - t;
  t = performance.now();
  emulator = await startEmulator({
    port: 0,
    models: [{ id: 'test/ticker', task: 'test-ticker' }],
    engines: { 'test-ticker': tickingEngine },
  });
  startMs = performance.now() - t;
});

afterAll(async () => {
  await emulator?.close();
});

const chatBody = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: LLAMA, messages: [{ role: 'user', content }], ...extra });

describe('startEmulator over real HTTP', () => {
  it('starts listening in under a second', () => {
    console.log(
      `startEmulator: modules loaded in ${importMs.toFixed(0)} ms, listening ${startMs.toFixed(0)} ms later at ${emulator.url}`,
    );
    expect(startMs).toBeLessThan(1000);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('the CLI runs from the workspace sources without a build and answers', async () => {
    const bin = fileURLToPath(new URL('../../bin/inferkit-emulator.js', import.meta.url));
    const started = performance.now();
    const child = spawn(process.execPath, [bin, '--port', '0', '--latency', 'none', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const match = /listening on (\S+)/.exec(out);
          if (match) resolve(match[1]!);
        });
        child.stderr.on('data', (d: Buffer) => reject(new Error(d.toString())));
        child.on('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
      });
      const listeningMs = performance.now() - started;
      console.log(`CLI listening after ${listeningMs.toFixed(0)} ms`);
      // Generous: this process shares two cores with the other test files.
      expect(listeningMs).toBeLessThan(5000);
      const res = await fetch(`${url}/status/facebook/bart-large-mnli`);
      expect(await res.json()).toMatchObject({ loaded: true });
    } finally {
      child.kill();
    }
  });

  it('answers JSON with the API headers', async () => {
    const res = await fetch(`${emulator.url}/models/facebook/bart-large-mnli`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
      body: JSON.stringify({ inputs: 'I want a refund', parameters: { candidate_labels: ['refund', 'faq'] } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(((await res.json()) as { label: string }[])[0]!.label).toBe('refund');
    const missing = await fetch(`${emulator.url}/models/no/such`, { method: 'POST', body: '{"inputs":"x"}' });
    expect(missing.status).toBe(404);
  });

  it('streams incrementally: the first chunk arrives well before the stream ends', async () => {
    const started = Date.now();
    const res = await fetch(`${emulator.url}/models/${LLAMA}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inferkit-fault': 'token-rate=25' },
      body: chatBody('Tell me about whales', { stream: true, max_tokens: 10 }),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    const firstAt = Date.now() - started;
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: /);
    let text = new TextDecoder().decode(first.value);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    const endAt = Date.now() - started;
    // 10 tokens at 40 ms each: the end comes ~400 ms after the first token.
    expect(endAt - firstAt).toBeGreaterThan(250);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('closing the client aborts the server-side stream', async () => {
    const controller = new AbortController();
    const res = await fetch(`${emulator.url}/models/test/ticker`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"inputs": "x"}',
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const deadline = Date.now() + 2000;
    while (!(probe.cancelled && probe.aborted) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(probe.cancelled).toBe(true);
    expect(probe.aborted).toBe(true);
    const ticks = probe.ticks;
    await new Promise((r) => setTimeout(r, 50));
    expect(probe.ticks).toBe(ticks);
  });

  it('a drop-after fault delivers the tokens before the drop, then breaks the connection', async () => {
    const res = await fetch(`${emulator.url}/models/${LLAMA}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-inferkit-fault': 'drop-after=5' },
      body: chatBody('Tell me about whales', { stream: true }),
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeDefined();
    // With zero latency every token is written at once; none may be lost to the drop.
    const events = received.split('\n\n').filter((event) => event.startsWith('data: {'));
    expect(events.filter((event) => event.includes('"content"')).length).toBeGreaterThanOrEqual(5);
    expect(received).not.toContain('[DONE]');
  });

  it('load: 200 concurrent streaming chats complete with no error and no lost chunk', async () => {
    const { handler } = emulator;
    const N = 200;
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: N }, async (_, i) => {
        const res = await fetch(`${emulator.url}/models/${LLAMA}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-inferkit-fault': 'token-rate=200' },
          body: chatBody(`Question number ${i}: what should I know about topic ${i % 17}?`, {
            stream: true,
            stream_options: { include_usage: true },
            max_tokens: 40,
          }),
        });
        expect(res.status).toBe(200);
        const events = (await res.text())
          .split('\n\n')
          .filter(Boolean)
          .map((e) => e.slice('data: '.length));
        return { i, events };
      }),
    );
    const elapsed = performance.now() - started;
    let chunks = 0;
    for (const { i, events } of results) {
      expect(events.at(-1)).toBe('[DONE]');
      const parsed = events.slice(0, -1).map((e) => JSON.parse(e));
      const [final, usage] = parsed.slice(-2);
      expect(final.choices[0].finish_reason).not.toBeNull();
      // Every token chunk arrived: their count is what usage reports, and the text matches a non-streamed answer.
      expect(parsed.length - 2).toBe(usage.usage.completion_tokens);
      chunks += parsed.length;
      if (i % 25 === 0) {
        const reference = await handler(
          new Request('http://x/v1/chat/completions', {
            method: 'POST',
            body: chatBody(`Question number ${i}: what should I know about topic ${i % 17}?`, { max_tokens: 40 }),
            headers: { 'content-type': 'application/json' },
          }),
        );
        const content = ((await reference.json()) as { choices: { message: { content: string } }[] }).choices[0]!
          .message.content;
        expect(parsed.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(content);
      }
    }
    console.log(`load: ${N} concurrent streaming chats, ${chunks} chunks, in ${elapsed.toFixed(0)} ms`);
    expect(elapsed).toBeLessThan(20_000);
  }, 30_000);
});
