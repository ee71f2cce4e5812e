import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatStore, streamChatCompletion } from '../chat-store';
import { InferenceClient } from '../client';
import { InferenceError, InferenceNetworkError, InferenceTimeoutError, InferenceValidationError } from '../errors';
import { parseRetryAfter } from '../http';
import { resolveScheduler } from '../stream-store';
import { createTextGenerationStore } from '../text-generation-store';
import { chatCompletionStream } from '../tasks/chat-completion';
import { textGenerationStream } from '../tasks/text-generation';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { getModelStatus } from '../hub-api';
import { healthCheck, request, streamRequest } from '../raw-request';
import { json, mockFetch, sse, type Recorded } from './fetch-mock';

const model = 'facebook/bart-large-mnli';
const baseUrl = 'http://emu.test';
const args = { inputs: 'hello', parameters: { candidateLabels: ['a', 'b'] } };
const labels = [
  { label: 'a', score: 0.6 },
  { label: 'b', score: 0.4 },
];
const chatChunk = (content: string, finish: string | null = null) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
});
const chatReply = () => new Response(sse(chatChunk('Hi'), chatChunk('', 'stop'), '[DONE]'));
const messages = [{ role: 'user' as const, content: 'Hi' }];

afterEach(() => {
  vi.useRealTimers();
});

/** A port nothing listens on: a server is started to get one, then closed. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

describe('network failures', () => {
  it('a refused connection is an InferenceNetworkError with its cause, url, model and what to check', async () => {
    const endpointUrl = `${await closedPort()}/run`;
    const error = await zeroShotClassification({ ...args, endpointUrl }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceNetworkError);
    expect(error).toBeInstanceOf(InferenceError);
    expect(error.url).toBe(endpointUrl);
    expect(error.model).toBe(endpointUrl);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('is the server running');
  });

  it('is typed on every path: streams, the chat store, utilities', async () => {
    const root = await closedPort();
    const stream = chatCompletionStream({ endpointUrl: root, messages });
    await expect(stream.next()).rejects.toBeInstanceOf(InferenceNetworkError);
    await expect(streamRequest({ url: `${root}/x`, json: {} }).next()).rejects.toBeInstanceOf(InferenceNetworkError);
    await expect(request({ url: `${root}/x` })).rejects.toBeInstanceOf(InferenceNetworkError);
    await expect(getModelStatus({ model, baseUrl: root })).rejects.toBeInstanceOf(InferenceNetworkError);
    await expect(healthCheck({ endpointUrl: root })).rejects.toBeInstanceOf(InferenceNetworkError);
    const store = createChatStore({ client: { options: { endpointUrl: root } } });
    await store.send('Hi');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceNetworkError);
  });

  it('names a DNS failure by its code', async () => {
    const fetch = () =>
      Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND no.such.host') }));
    const error = await zeroShotClassification({ ...args, model, baseUrl: 'http://no.such.host', fetch }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InferenceNetworkError);
    expect(error.message).toContain('ENOTFOUND');
  });

  it('an abort stays the AbortError of the signal, a timeout an InferenceTimeoutError', async () => {
    const hanging = (r: { signal: AbortSignal | null }) =>
      new Promise<Response>((_, reject) =>
        r.signal?.addEventListener('abort', () => reject(new TypeError('fetch failed'))),
      );
    const controller = new AbortController();
    const aborted = zeroShotClassification({
      ...args,
      model,
      baseUrl,
      fetch: mockFetch(hanging).fetch,
      signal: controller.signal,
    }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect(await aborted).toBe(controller.signal.reason);
    const timedOut = await zeroShotClassification({
      ...args,
      model,
      baseUrl,
      fetch: mockFetch(hanging).fetch,
      timeout: 5,
    }).catch((e) => e);
    expect(timedOut).toBeInstanceOf(InferenceTimeoutError);
  });
});

describe('abort listeners', () => {
  const count = (signal: AbortSignal) => getEventListeners(signal, 'abort').length;

  it('50 task calls with a timeout leave no listener on the caller signal', async () => {
    const signal = new AbortController().signal;
    const { fetch } = mockFetch(json(labels));
    for (let i = 0; i < 50; i++)
      await zeroShotClassification({ ...args, model, baseUrl, fetch, signal, timeout: 1_000 });
    // An HTTP error (read inside the transport) and a failed parse end the call too.
    await zeroShotClassification({
      ...args,
      model,
      baseUrl,
      signal,
      timeout: 1_000,
      fetch: mockFetch(json({}, 500)).fetch,
    }).catch(() => {});
    await zeroShotClassification({
      ...args,
      model,
      baseUrl,
      signal,
      timeout: 1_000,
      fetch: mockFetch(json({ x: 1 })).fetch,
    }).catch(() => {});
    expect(count(signal)).toBe(0);
  });

  it('50 streams with a timeout leave none, whether read to the end or left early', async () => {
    const signal = new AbortController().signal;
    const { fetch } = mockFetch(() => chatReply());
    for (let i = 0; i < 25; i++) {
      for await (const _ of chatCompletionStream({ model, baseUrl, fetch, messages, signal, timeout: 1_000 }));
      for await (const _ of chatCompletionStream({ model, baseUrl, fetch, messages, signal, timeout: 1_000 })) break;
    }
    for await (const _ of streamRequest({ url: `${baseUrl}/x`, fetch, json: {}, signal, timeout: 1_000 }));
    expect(count(signal)).toBe(0);
  });

  it('50 runs of the stream stores leave none on their run signals', async () => {
    const signals: AbortSignal[] = [];
    const { fetch } = mockFetch((r: Recorded) =>
      r.url.endsWith('/chat/completions')
        ? chatReply()
        : new Response(
            sse({ token: { id: 1, text: 'x', logprob: 0, special: false }, generated_text: 'x', details: null }),
          ),
    );
    const chat = createChatStore({
      model,
      run: (a) => (signals.push(a.signal), streamChatCompletion({ ...a, baseUrl, fetch, timeout: 1_000 })),
    });
    const gen = createTextGenerationStore({
      model,
      run: (a) => (signals.push(a.signal), textGenerationStream({ ...a, baseUrl, fetch, timeout: 1_000 })),
    });
    for (let i = 0; i < 25; i++) {
      await chat.send('Hi');
      await gen.send('Once');
    }
    expect(chat.getSnapshot().status).toBe('success');
    expect(gen.getSnapshot().status).toBe('success');
    expect(signals).toHaveLength(50);
    expect(signals.map(count)).toEqual(signals.map(() => 0));
  });

  it('with a timeout, an abort still cancels a body being read', async () => {
    const server = createServer((_, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(`data: ${JSON.stringify(chatChunk('a'))}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const endpointUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const controller = new AbortController();
      // 500 ms: loose enough for the headers of a loaded CI machine, whose 50 ms was once too short.
      const stream = chatCompletionStream({ endpointUrl, messages, signal: controller.signal, timeout: 500 });
      expect((await stream.next()).done).toBe(false);
      // Longer than the timeout: it bounds the wait for the headers, not the stream.
      await new Promise((r) => setTimeout(r, 600));
      const next = stream.next();
      controller.abort();
      await expect(next).rejects.toMatchObject({ name: 'AbortError' });
      expect(count(controller.signal)).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('Retry-After', () => {
  it.each(['Wed 9', '1,2', '-5', '1e400', '', '  ', '1.5', '0x10', 'soon', '9'.repeat(400), 'Sun, 06 Nov 94 08:49'])(
    'treats %j as absent',
    (value) => {
      expect(parseRetryAfter(value)).toBeUndefined();
    },
  );

  it('accepts delta-seconds and the three HTTP date forms', () => {
    const now = Date.parse('1994-11-06T08:49:00Z');
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', now)).toBe(37);
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', now)).toBe(37);
    expect(parseRetryAfter('Sun Nov  6 08:49:37 1994', now)).toBe(37);
  });

  it('a garbage Retry-After is not a reason to retry at once', async () => {
    const { fetch, calls } = mockFetch(json({ error: 'slow down' }, 429, { 'retry-after': 'Wed 9' }), json(labels));
    const error = await zeroShotClassification({ ...args, model, baseUrl, fetch }).catch((e) => e);
    expect(error).toMatchObject({ status: 429, retryAfter: undefined });
    expect(calls).toHaveLength(1);
  });
});

describe('numeric options', () => {
  const bad = [Number.NaN, Infinity, -1];
  it.each(['timeout', 'modelLoadingTimeout', 'maxRateLimitRetries'])(
    'refuses a %s that is NaN, infinite or negative, before any request',
    async (field) => {
      const { fetch, calls } = mockFetch(json(labels));
      for (const value of bad) {
        const error = await zeroShotClassification({ ...args, model, baseUrl, fetch, [field]: value }).catch((e) => e);
        expect(error).toBeInstanceOf(InferenceValidationError);
        expect(error.issues).toEqual([{ path: field, message: 'must be a finite number ≥ 0' }]);
        expect(() => new InferenceClient({ [field]: value })).toThrow(InferenceValidationError);
        await expect(
          chatCompletionStream({ model, baseUrl, fetch, messages, [field]: value }).next(),
        ).rejects.toBeInstanceOf(InferenceValidationError);
        await expect(
          streamChatCompletion({
            model,
            baseUrl,
            fetch,
            messages,
            [field]: value,
            signal: new AbortController().signal,
            onModelLoading() {},
          }).next(),
        ).rejects.toBeInstanceOf(InferenceValidationError);
        await expect(request({ url: `${baseUrl}/x`, fetch, [field]: value })).rejects.toBeInstanceOf(
          InferenceValidationError,
        );
      }
      expect(calls).toHaveLength(0);
    },
  );

  it('accepts 0 and leaves undefined options to their defaults', async () => {
    const { fetch } = mockFetch(json(labels));
    await expect(
      zeroShotClassification({
        ...args,
        model,
        baseUrl,
        fetch,
        timeout: 0,
        modelLoadingTimeout: 0,
        maxRateLimitRetries: undefined,
      }),
    ).resolves.toHaveLength(2);
  });

  it('a stream throttle that is NaN, negative or infinite falls back to the default', () => {
    vi.useFakeTimers();
    for (const throttle of [Number.NaN, -5, Infinity]) {
      const flush = vi.fn();
      resolveScheduler(throttle)(flush);
      vi.advanceTimersByTime(49);
      expect(flush).not.toHaveBeenCalled();
      vi.advanceTimersByTime(1);
      expect(flush).toHaveBeenCalledTimes(1);
    }
  });
});

describe('estimated_time from the server', () => {
  const loading = (estimate: string) =>
    new Response(`{"error":"Model is currently loading","estimated_time":${estimate}}`, {
      status: 503,
      headers: { 'content-type': 'application/json' },
    });

  it.each(['1e400', '"12"', 'null', '-1e400'])(
    '%s: no Infinity reaches onModelLoading, no endless wait',
    async (estimate) => {
      vi.useFakeTimers();
      const onModelLoading = vi.fn();
      const { fetch, calls } = mockFetch(() => loading(estimate));
      const promise = zeroShotClassification({ ...args, model, baseUrl, fetch, onModelLoading }).catch((e) => e);
      await vi.advanceTimersByTimeAsync(200_000);
      const error = await promise;
      expect(error).toMatchObject({ status: 503 });
      for (const [info] of onModelLoading.mock.calls) expect(Number.isFinite(info.estimatedTime)).toBe(true);
      // At most one attempt per second of the 120 s budget.
      expect(calls.length).toBeLessThanOrEqual(122);
    },
  );

  it('a negative estimate counts as 0 and retries are bounded by the budget', async () => {
    vi.useFakeTimers();
    const onModelLoading = vi.fn();
    const { fetch, calls } = mockFetch(() => loading('-3'));
    const promise = zeroShotClassification({
      ...args,
      model,
      baseUrl,
      fetch,
      onModelLoading,
      modelLoadingTimeout: 5_000,
    }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await promise).toMatchObject({ status: 503 });
    expect(onModelLoading.mock.calls[0]![0].estimatedTime).toBe(0);
    expect(calls.length).toBeLessThanOrEqual(6);
  });
});

describe('a stream whose last event has no blank line after it', () => {
  it('is a finished reply, not one cut off', async () => {
    const text = `data: ${JSON.stringify(chatChunk('Hi'))}\n\ndata: ${JSON.stringify(chatChunk('', 'stop'))}`;
    const { fetch } = mockFetch(() => new Response(text));
    const seen: unknown[] = [];
    for await (const chunk of chatCompletionStream({ model, baseUrl, fetch, messages })) seen.push(chunk);
    expect(seen).toHaveLength(2);
    const store = createChatStore({ model, client: { options: { baseUrl, fetch } } });
    await store.send('Hi');
    expect(store.getSnapshot()).toMatchObject({ status: 'success', finishReason: 'stop', error: null });
  });
});
