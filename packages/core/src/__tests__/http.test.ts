import { afterEach, describe, expect, it, vi } from 'vitest';
import { InferenceError, InferenceHTTPError, InferenceTimeoutError, InferenceValidationError } from '../errors';
import { parseRetryAfter } from '../http';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { json, mockFetch } from './fetch-mock';

const TOKEN = 'hf_supersecrettoken123';
const call = (fetch: typeof globalThis.fetch, extra: Record<string, unknown> = {}) =>
  zeroShotClassification({
    model: 'facebook/bart-large-mnli',
    baseUrl: 'http://emu.test',
    accessToken: TOKEN,
    fetch,
    inputs: 'hello',
    parameters: { candidateLabels: ['a', 'b'] },
    ...extra,
  });
const ok = json([
  { label: 'a', score: 0.6 },
  { label: 'b', score: 0.4 },
]);
const loading = (seconds: number) =>
  json({ error: 'Model facebook/bart-large-mnli is currently loading', estimated_time: seconds }, 503);

afterEach(() => {
  vi.useRealTimers();
});

describe('HTTP errors', () => {
  it('raises InferenceHTTPError with status, model, request id, server message and no token anywhere', async () => {
    const { fetch } = mockFetch(json({ error: 'Authorization header is invalid' }, 401, { 'x-request-id': 'req-42' }));
    const error = await call(fetch).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error).toBeInstanceOf(InferenceError);
    expect(error).toMatchObject({
      status: 401,
      model: 'facebook/bart-large-mnli',
      requestId: 'req-42',
      serverMessage: 'Authorization header is invalid',
    });
    expect(error.url).toBe('http://emu.test/hf-inference/models/facebook/bart-large-mnli');
    expect(error.request.headers.authorization).toBe('[redacted]');
    expect(error.message).toContain('accessToken');
    for (const text of [
      error.message,
      String(error),
      JSON.stringify(error),
      error.stack,
      JSON.stringify(error.request),
    ]) {
      expect(text).not.toContain(TOKEN);
    }
  });

  it('does not retry other 4xx/5xx', async () => {
    const { fetch, calls } = mockFetch(json({ error: 'boom' }, 500));
    await expect(call(fetch)).rejects.toMatchObject({ status: 500, serverMessage: 'boom' });
    expect(calls).toHaveLength(1);
  });

  it.each([
    [401, ['"hf_…"', '"Make calls to Inference Providers" permission']],
    [402, ['credits are spent', 'https://huggingface.co/settings/billing', '`billTo`']],
    [403, ['"Make calls to Inference Providers"', 'gated model', 'proxy']],
    [429, ['Rate limited']],
  ])('says what to do after HTTP %i', async (status, hints) => {
    const { fetch } = mockFetch(json({ error: 'no' }, status));
    const error = await call(fetch, { maxRateLimitRetries: 0 }).catch((e) => e);
    expect(error.message).toMatch(
      new RegExp(`^Request for model "facebook/bart-large-mnli" failed with HTTP ${status}: no\\. `),
    );
    for (const hint of hints) expect(error.message).toContain(hint);
  });

  it('keeps every field it was given, and only those', () => {
    const error = new InferenceHTTPError({ status: 500, url: 'http://x.test', body: { a: 1 }, retryAfter: 3 });
    expect(error.name).toBe('InferenceHTTPError');
    expect(error.toJSON()).toStrictEqual({
      name: 'InferenceHTTPError',
      message: 'Request failed with HTTP 500.',
      status: 500,
      url: 'http://x.test',
      body: { a: 1 },
      retryAfter: 3,
    });
    expect(Object.keys(error)).toEqual(['name', 'status', 'url', 'body', 'retryAfter']);
  });

  it('keeps a text body as the server message', async () => {
    const { fetch } = mockFetch(new Response('Bad Gateway', { status: 502 }));
    await expect(call(fetch)).rejects.toMatchObject({ status: 502, serverMessage: 'Bad Gateway' });
  });
});

describe('model loading (503)', () => {
  it('waits about estimated_time, reports progress, then returns the answer', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = mockFetch(loading(20), loading(5), ok);
    const progress: unknown[] = [];
    const promise = call(fetch, { onModelLoading: (info: unknown) => progress.push(info) });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(promise).resolves.toHaveLength(2);
    expect(calls).toHaveLength(3);
    expect(progress).toEqual([
      { estimatedTime: 20, attempt: 1, elapsed: 0 },
      { estimatedTime: 5, attempt: 2, elapsed: 20_000 },
    ]);
  });

  it('caps each wait and gives up when the budget is spent', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = mockFetch(loading(600));
    const promise = call(fetch, { modelLoadingTimeout: 45_000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(30_000); // first wait is capped at 30 s
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(15_000); // the rest of the budget
    const error = await promise;
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error.status).toBe(503);
    expect(calls).toHaveLength(3);
  });

  it('does not wait when modelLoadingTimeout is 0 or the 503 has no estimate', async () => {
    const a = mockFetch(loading(3));
    await expect(call(a.fetch, { modelLoadingTimeout: 0 })).rejects.toMatchObject({ status: 503 });
    expect(a.calls).toHaveLength(1);
    const b = mockFetch(json({ error: 'Service Unavailable' }, 503));
    await expect(call(b.fetch)).rejects.toMatchObject({ status: 503 });
    expect(b.calls).toHaveLength(1);
  });

  it('abort stops a wait at once', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const { fetch, calls } = mockFetch(loading(20), ok);
    const promise = call(fetch, { signal: controller.signal }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const error = await promise;
    expect(error.name).toBe('AbortError');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
  });
});

describe('rate limits (429)', () => {
  it('honours Retry-After, bounded by maxRateLimitRetries', async () => {
    vi.useFakeTimers();
    const limited = json({ error: 'Rate limit reached' }, 429, { 'retry-after': '2' });
    const { fetch, calls } = mockFetch(limited, limited, limited);
    const promise = call(fetch, { maxRateLimitRetries: 2 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await promise;
    expect(calls).toHaveLength(3);
    expect(error).toMatchObject({ status: 429, retryAfter: 2 });
  });

  it('succeeds after a retry, and does not retry without Retry-After', async () => {
    vi.useFakeTimers();
    const a = mockFetch(json({ error: 'slow down' }, 429, { 'retry-after': '1' }), ok);
    const promise = call(a.fetch);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(promise).resolves.toHaveLength(2);
    const b = mockFetch(json({ error: 'slow down' }, 429));
    await expect(call(b.fetch)).rejects.toMatchObject({ status: 429 });
    expect(b.calls).toHaveLength(1);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('timeouts and abort', () => {
  const hanging = (request: { signal: AbortSignal | null }) =>
    new Promise<Response>((_, reject) =>
      request.signal?.addEventListener('abort', () => reject(request.signal!.reason)),
    );

  it('times out with InferenceTimeoutError', async () => {
    vi.useFakeTimers();
    const { fetch } = mockFetch(hanging);
    const promise = call(fetch, { timeout: 5_000 }).catch((e) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await promise;
    expect(error).toBeInstanceOf(InferenceTimeoutError);
    expect(error.timeout).toBe(5_000);
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
  });

  it('aborts an in-flight request through the signal', async () => {
    const controller = new AbortController();
    const { fetch } = mockFetch(hanging);
    const promise = call(fetch, { signal: controller.signal, timeout: 60_000 }).catch((e) => e);
    await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    expect((await promise).name).toBe('AbortError');
  });

  it('an already-aborted signal sends nothing', async () => {
    const { fetch, calls } = mockFetch(ok);
    await expect(call(fetch, { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(calls).toHaveLength(0);
  });
});

describe('URLs and options', () => {
  it('defaults to the router, uses endpointUrl as-is, accepts a model URL', async () => {
    const { fetch, calls } = mockFetch(ok);
    const base = { fetch, inputs: 'x', parameters: { candidateLabels: ['a'] } };
    await zeroShotClassification({ ...base, model: 'facebook/bart-large-mnli' });
    await zeroShotClassification({ ...base, endpointUrl: 'https://my.endpoint/' });
    await zeroShotClassification({ ...base, model: 'https://other.endpoint/x' });
    await zeroShotClassification(base);
    expect(calls.map((c) => c.url)).toEqual([
      'https://router.huggingface.co/hf-inference/models/facebook/bart-large-mnli',
      'https://my.endpoint/',
      'https://other.endpoint/x',
      'https://router.huggingface.co/hf-inference/models/facebook/bart-large-mnli',
    ]);
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it('rejects a named provider together with endpointUrl per call; model with endpointUrl calls the endpoint', async () => {
    const { fetch, calls } = mockFetch(ok);
    const args = { fetch, inputs: 'x', parameters: { candidateLabels: ['a'] } };
    const error = await zeroShotClassification({ ...args, provider: 'hf-inference', endpointUrl: 'https://x' }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect((error as InferenceValidationError).issues[0]!.path).toBe('provider');
    expect(calls).toHaveLength(0);
    await zeroShotClassification({ ...args, model: 'a/b', endpointUrl: 'https://x/' });
    expect(calls[0]!.url).toBe('https://x/');
  });

  it('sends extra headers, and the caller cannot lose auth to a header typo', async () => {
    const { fetch, calls } = mockFetch(ok);
    await call(fetch, { headers: { 'x-trace': '1' } });
    expect(calls[0]!.headers).toMatchObject({ 'x-trace': '1', authorization: `Bearer ${TOKEN}` });
    expect(calls[0]!.headers['x-use-cache']).toBeUndefined();
    expect(calls[0]!.headers['x-wait-for-model']).toBeUndefined();
  });
});
