import { InferenceClient, type ChatCompletionStreamOutput } from '@inferkit/core';
import type { Engine } from '@inferkit/emulator';
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInferenceProxy, type RunningInferenceProxy } from '../node';
import type { ProxyLogEntry } from '../proxy';
import {
  BROWSER_TOKEN,
  LLAMA,
  PNG,
  TOKEN,
  VIT,
  ZERO_SHOT,
  expectNoTokenAnywhere,
  httpError,
  observe,
  seen,
  sseData,
} from './proxy-test-utils';

/** A test engine whose stream ticks until cancelled, recording what happened to it. */
const probe = { ticks: 0, cancelled: false, aborted: false };
const tickingEngine: Engine = (context) => {
  context.signal?.addEventListener('abort', () => (probe.aborted = true));
  let timer: ReturnType<typeof setInterval> | undefined;
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        timer = setInterval(
          () => controller.enqueue(new TextEncoder().encode(`data: {"tick":${++probe.ticks}}\n\n`)),
          5,
        );
      },
      cancel() {
        probe.cancelled = true;
        clearInterval(timer);
      },
    }),
    { headers: { 'content-type': 'text/event-stream' } },
  );
};

let emulator: RunningEmulator;
let proxy: RunningInferenceProxy;
const logs: ProxyLogEntry[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    port: 0,
    tokens: [TOKEN],
    models: [{ id: 'test/ticker', task: 'test-ticker' }],
    engines: { 'test-ticker': tickingEngine },
  });
  proxy = await startInferenceProxy({
    port: 0,
    accessToken: TOKEN,
    upstream: emulator.url,
    hubUpstream: emulator.url,
    basePath: '/api/inference',
    maxBodyBytes: 100_000,
    onLog: (entry) => {
      logs.push(entry);
      seen.logs.push(entry);
    },
  });
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  await expectNoTokenAnywhere();
});

/** A fetch that records every response for the leak check. */
const observed = (async (input: RequestInfo | URL, init?: RequestInit) =>
  observe(await fetch(input, init))) as typeof fetch;
// hf-inference named, so calls make no Hub lookup first: the same requests via the proxy and directly.
const viaProxy = () => new InferenceClient({ baseUrl: proxy.url, provider: 'hf-inference', fetch: observed });
const direct = () => new InferenceClient({ baseUrl: emulator.url, provider: 'hf-inference', accessToken: TOKEN });

const labels = { candidateLabels: ['refund', 'faq'] };

/** Streams a chat on the hf-inference route below `root`: the text of its deltas, and how it ended. */
async function streamChat(root: string, headers: Record<string, string> = {}) {
  const res = observe(
    await fetch(`${root}/hf-inference/models/${LLAMA}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ messages: chat.messages, max_tokens: 24, stream: true, seed: 7 }),
    }),
  );
  let raw = '';
  let ending = 'completed';
  try {
    for await (const chunk of res.body!) raw += new TextDecoder().decode(chunk);
  } catch {
    ending = 'broken';
  }
  const text = sseData(raw)
    .filter((data) => data !== '[DONE]')
    .map((data) => (JSON.parse(data) as ChatCompletionStreamOutput).choices[0]?.delta.content ?? '')
    .join('');
  return { status: res.status, ending, text };
}
const chat = {
  model: LLAMA,
  messages: [{ role: 'user' as const, content: 'Tell me a long story about a cat' }],
  maxTokens: 24,
};

describe('the proxy over real HTTP, in front of the emulator', () => {
  it('gives the same answers as the emulator directly: zero-shot and a binary image task via core, a chat stream', async () => {
    expect(proxy.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/inference$/);
    const args = { model: ZERO_SHOT, inputs: 'I want my money back', parameters: labels };
    expect(await viaProxy().zeroShotClassification(args)).toEqual(await direct().zeroShotClassification(args));
    const image = { model: VIT, inputs: new Blob([PNG], { type: 'image/png' }) };
    expect(await viaProxy().imageClassification(image)).toEqual(await direct().imageClassification(image));
    const viaProxyChat = await streamChat(proxy.url);
    expect(viaProxyChat).toEqual(await streamChat(emulator.url, { authorization: `Bearer ${TOKEN}` }));
    expect(viaProxyChat.ending).toBe('completed');
  });

  it('adds the server token (the emulator only accepts it) and ignores the one a browser sends', async () => {
    const res = observe(
      await fetch(`${proxy.url}/hf-inference/models/${ZERO_SHOT}/info`, {
        headers: { authorization: `Bearer ${BROWSER_TOKEN}` },
      }),
    );
    expect(res.status).toBe(200);
    const withoutProxy = await fetch(`${emulator.url}/hf-inference/models/${ZERO_SHOT}/info`, {
      headers: { authorization: `Bearer ${BROWSER_TOKEN}` },
    });
    expect(withoutProxy.status).toBe(401);
  });

  it('streams SSE through as it arrives: the first chunk comes long before the end', async () => {
    const timeStream = async (url: string, headers: Record<string, string> = {}) => {
      const started = performance.now();
      const res = await fetch(`${url}/hf-inference/models/${LLAMA}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-inferkit-fault': 'token-rate=80', ...headers },
        body: JSON.stringify({ messages: chat.messages, max_tokens: 24, stream: true, seed: 7 }),
      });
      const reader = res.body!.getReader();
      let first = 0;
      let chunks = 0;
      let text = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (chunks++ === 0) first = performance.now() - started;
        text += new TextDecoder().decode(value);
      }
      return { first, end: performance.now() - started, chunks, events: text.split('\n\n').filter(Boolean).length };
    };
    const viaDirect = await timeStream(emulator.url, { authorization: `Bearer ${TOKEN}` });
    const viaProxyTiming = await timeStream(proxy.url);
    console.log(
      `SSE at 80 tokens/s, ${viaProxyTiming.events} events: first chunk ${viaDirect.first.toFixed(1)} ms direct, ` +
        `${viaProxyTiming.first.toFixed(1)} ms via the proxy; end ${viaDirect.end.toFixed(0)} ms direct, ` +
        `${viaProxyTiming.end.toFixed(0)} ms via the proxy; ${viaProxyTiming.chunks} chunks via the proxy`,
    );
    expect(viaProxyTiming.events).toBe(viaDirect.events);
    expect(viaProxyTiming.events).toBeGreaterThan(10);
    expect(viaProxyTiming.chunks).toBeGreaterThan(5);
    expect(viaProxyTiming.end - viaProxyTiming.first).toBeGreaterThan(150);
    expect(viaProxyTiming.first).toBeLessThan(viaDirect.first + 100);
  });

  it('passes a cold start and a rate limit through, so core behaves as it does against the emulator', async () => {
    const run = (client: InferenceClient, fault: string) =>
      httpError(
        client.zeroShotClassification({
          model: ZERO_SHOT,
          inputs: 'x',
          parameters: labels,
          modelLoadingTimeout: 0,
          maxRateLimitRetries: 0,
          headers: { 'x-inferkit-fault': fault },
        }),
      );
    const coldProxy = await run(viaProxy(), 'cold-start=30');
    emulator.handler.reset();
    const coldDirect = await run(direct(), 'cold-start=30');
    emulator.handler.reset();
    expect(coldProxy.status).toBe(503);
    expect(coldProxy.message).toBe(coldDirect.message);

    const limitedProxy = await run(viaProxy(), 'rate-limit=9');
    const limitedDirect = await run(direct(), 'rate-limit=9');
    expect(limitedProxy.status).toBe(429);
    expect(limitedProxy.retryAfter).toBe(9);
    expect(limitedProxy.message).toBe(limitedDirect.message);
    expect(limitedProxy.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it('a dropped upstream stream breaks the client stream, as it would directly, keeping what came before', async () => {
    const fault = { 'x-inferkit-fault': 'drop-after=5' };
    const direct_ = await streamChat(emulator.url, { authorization: `Bearer ${TOKEN}`, ...fault });
    expect(direct_.ending).toBe('broken');
    expect(direct_.text).not.toBe('');
    // Through the proxy the client sees the same tokens before the break, none lost to it.
    expect(await streamChat(proxy.url, fault)).toEqual(direct_);
  });

  it('answers 413 to a chunked upload over the limit (no content-length) and to a declared one', async () => {
    const chunk = new Uint8Array(30_000).fill(1);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 5) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = observe(
      await fetch(`${proxy.url}/hf-inference/models/${VIT}`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(chunked.status).toBe(413);
    expect((await chunked.json()).error).toMatch(/maxBodyBytes/);

    const declared = observe(
      await fetch(`${proxy.url}/hf-inference/models/${VIT}`, { method: 'POST', body: new Uint8Array(150_000) }),
    );
    expect(declared.status).toBe(413);
    // The connection is still good for the next request.
    expect((await observe(await fetch(`${proxy.url}/hf-inference/models/${VIT}/info`)).json()).model_id).toBe(VIT);
  });

  it('answers 404 for routes it does not forward', async () => {
    const res = observe(await fetch(`${proxy.url}/status/${ZERO_SHOT}`));
    expect(res.status).toBe(404);
    expect((await res.json()).error).toMatch(/Not Found/);
  });

  it('a client that disconnects mid-stream cancels the upstream stream', async () => {
    probe.cancelled = false;
    probe.aborted = false;
    const controller = new AbortController();
    const res = await fetch(`${proxy.url}/hf-inference/models/test/ticker`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"inputs":"go"}',
      signal: controller.signal,
    });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const until = performance.now() + 2000;
    while (!probe.cancelled && performance.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(probe.cancelled).toBe(true);
    const ticks = probe.ticks;
    await new Promise((r) => setTimeout(r, 40));
    expect(probe.ticks).toBe(ticks);
  });

  it('answers 502 without the token when the upstream cannot be reached', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await startInferenceProxy({ port: 0, accessToken: TOKEN, upstream: `http://127.0.0.1:${port}` });
    try {
      const res = observe(await fetch(`${down.url}/hf-inference/models/${ZERO_SHOT}/info`));
      expect(res.status).toBe(502);
      expect((await res.json()).error).toMatch(
        /could not reach the Inference API \(127\.0\.0\.1:\d+\): fetch failed: ECONNREFUSED/,
      );
    } finally {
      await down.close();
    }
  });

  it('logs each request with its model, status and timing', () => {
    expect(logs.length).toBeGreaterThan(10);
    expect(logs).toContainEqual(expect.objectContaining({ method: 'POST', model: ZERO_SHOT, status: 200 }));
    expect(logs).toContainEqual(expect.objectContaining({ model: VIT, status: 413 }));
  });
});
