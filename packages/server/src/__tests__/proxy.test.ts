import { InferenceClient } from '@inferkit/core';
import { createEmulatorHandler } from '@inferkit/emulator';
import { afterAll, describe, expect, it } from 'vitest';
import { createInferenceProxy } from '../proxy';
import {
  APP,
  BASE,
  BROWSER_TOKEN,
  EMBEDDER,
  LLAMA,
  PNG,
  TOKEN,
  UPSTREAM,
  VIT,
  ZERO_SHOT,
  chatBody,
  expectNoTokenAnywhere,
  httpError,
  observe,
  seen,
  setup,
  sseData,
} from './proxy-test-utils';

const labels = { candidateLabels: ['refund', 'faq'] };

afterAll(async () => {
  // Every response, header and log line of this file, errors included, is free of the token.
  await expectNoTokenAnywhere();
});

describe('forwarding every Inference API route', () => {
  it('runs a task on POST /hf-inference/models/{owner/name}, with the server token and the same answer as upstream', async () => {
    const { post, upstream, emulator } = setup();
    const body = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };
    const res = await post(`/hf-inference/models/${ZERO_SHOT}`, body);
    expect(res.status).toBe(200);
    const result = (await res.json()) as { label: string }[];
    expect(result.map((r) => r.label).sort()).toEqual(['faq', 'refund']);
    expect(upstream[0]).toMatchObject({
      url: `${UPSTREAM}/hf-inference/models/${ZERO_SHOT}`,
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
    const direct = await emulator(
      new Request(`http://emu.test/hf-inference/models/${ZERO_SHOT}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    expect(result).toEqual(await direct.json());
  });

  it('forwards the pipeline routes (feature-extraction, sentence-similarity)', async () => {
    const { post, upstream } = setup();
    const embedding = await post(`/hf-inference/models/${EMBEDDER}/pipeline/feature-extraction`, {
      inputs: 'Today is a sunny day',
    });
    expect(((await embedding.json()) as number[]).length).toBe(384);
    const scores = await post(`/hf-inference/models/${EMBEDDER}/pipeline/sentence-similarity`, {
      inputs: { source_sentence: 'I love cats', sentences: ['I adore cats', 'Stocks fell'] },
    });
    expect(await scores.json()).toHaveLength(2);
    expect(upstream.map((c) => c.url)).toEqual([
      `${UPSTREAM}/hf-inference/models/${EMBEDDER}/pipeline/feature-extraction`,
      `${UPSTREAM}/hf-inference/models/${EMBEDDER}/pipeline/sentence-similarity`,
    ]);
  });

  it('forwards chat on the hf-inference model route, whole and streamed', async () => {
    const { post, upstream } = setup();
    const whole = await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('Hi', { max_tokens: 6 }));
    expect((await whole.json()).choices[0].message.content).toBeTruthy();
    const streamed = await post(
      `/hf-inference/models/${LLAMA}/v1/chat/completions`,
      chatBody('Hi', { max_tokens: 6, stream: true }),
    );
    expect(streamed.headers.get('content-type')).toContain('text/event-stream');
    const events = sseData(await streamed.text());
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toBe('[DONE]');
    expect(upstream.map((c) => c.url)).toEqual([
      `${UPSTREAM}/hf-inference/models/${LLAMA}/v1/chat/completions`,
      `${UPSTREAM}/hf-inference/models/${LLAMA}/v1/chat/completions`,
    ]);
  });

  it('forwards POST /v1/chat/completions with the model in the body', async () => {
    const { post, upstream, logs } = setup();
    const res = await post('/v1/chat/completions', chatBody('Hi', { model: LLAMA }));
    expect(res.status).toBe(200);
    expect((await res.json()).choices[0].message.role).toBe('assistant');
    expect(upstream[0]!.url).toBe(`${UPSTREAM}/v1/chat/completions`);
    expect(JSON.parse(new TextDecoder().decode(upstream[0]!.body)).model).toBe(LLAMA);
    expect(logs[0]).toMatchObject({ model: LLAMA, provider: undefined, task: 'chat-completion', status: 200 });
  });

  it('sends a binary image task as raw bytes with its content type', async () => {
    const { post, upstream } = setup();
    const res = await post(`/hf-inference/models/${VIT}`, PNG, { 'content-type': 'image/png' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[]).length).toBeGreaterThan(0);
    expect(upstream[0]!.headers['content-type']).toBe('image/png');
    expect([...upstream[0]!.body]).toEqual([...PNG]);
  });

  it('forwards the GET utilities: model info, and /health and /info for a dedicated endpoint', async () => {
    const { upstream, get } = setup();
    expect((await get(`/hf-inference/models/${LLAMA}/info`)).status).toBe(200);
    expect((await get('/health')).status).toBe(200);
    // The emulator has no root /info; its 404 comes back as it was.
    expect((await get('/info')).status).toBe(404);
    expect(upstream.map((c) => `${c.method} ${c.url}`)).toEqual([
      `GET ${UPSTREAM}/hf-inference/models/${LLAMA}/info`,
      `GET ${UPSTREAM}/health`,
      `GET ${UPSTREAM}/info`,
    ]);
  });

  it('no longer forwards the old layout: /models/..., /status/{model} and /framework/{framework} are 404', async () => {
    const { get, post, upstream } = setup();
    for (const res of [
      await post(`/models/${ZERO_SHOT}`, { inputs: 'x' }),
      await post(`/models/${LLAMA}/v1/chat/completions`, chatBody('Hi')),
      await get(`/status/${ZERO_SHOT}`),
      await get('/framework/transformers'),
    ]) {
      expect(res.status).toBe(404);
    }
    expect(upstream).toHaveLength(0);
  });
});

describe('keeping the token on the server', () => {
  it("forwards only the API's own headers: the browser's Authorization, Cookie and any other x- header are dropped", async () => {
    const { post, upstream } = setup({ headers: { 'x-app-version': '1.2' } });
    const res = await post(
      `/hf-inference/models/${ZERO_SHOT}`,
      { inputs: 'x', parameters: { candidate_labels: ['a', 'b'] } },
      {
        authorization: `Bearer ${BROWSER_TOKEN}`,
        cookie: 'session=abc',
        'x-api-key': BROWSER_TOKEN,
        'x-forwarded-for': '10.0.0.1',
        accept: 'application/json',
        'x-use-cache': 'false',
        'x-wait-for-model': 'true',
        'x-inferkit-fault': 'slow-first-byte=1',
        'x-trace': 't-1',
        'x-http-method-override': 'DELETE',
        'x-original-url': '/admin',
        'accept-encoding': 'gzip',
      },
    );
    expect(res.status).toBe(200);
    const headers = upstream[0]!.headers;
    expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(headers)).not.toContain(BROWSER_TOKEN);
    expect(headers).not.toHaveProperty('cookie');
    expect(headers).not.toHaveProperty('x-forwarded-for');
    for (const dropped of ['x-trace', 'x-http-method-override', 'x-original-url']) {
      expect(headers).not.toHaveProperty(dropped);
    }
    expect(headers).toMatchObject({
      accept: 'application/json',
      'x-use-cache': 'false',
      'x-wait-for-model': 'true',
      'x-inferkit-fault': 'slow-first-byte=1',
      'x-app-version': '1.2',
      // An encoded answer could not be scrubbed, so the proxy asks for none.
      'accept-encoding': 'identity',
    });
  });

  it('without an accessToken sends no Authorization at all, so a token-checking upstream answers 401', async () => {
    const { post, upstream } = setup({ accessToken: undefined });
    const res = await post(
      `/hf-inference/models/${ZERO_SHOT}`,
      { inputs: 'x', parameters: { candidate_labels: ['a'] } },
      { authorization: `Bearer ${BROWSER_TOKEN}` },
    );
    expect(res.status).toBe(401);
    expect(upstream[0]!.headers).not.toHaveProperty('authorization');
  });

  it('scrubs the token from upstream error bodies and headers', async () => {
    const logs: unknown[] = [];
    const proxy = createInferenceProxy({
      accessToken: TOKEN,
      upstream: UPSTREAM,
      onLog: (entry) => logs.push(entry),
      fetch: async (request) =>
        new Response(JSON.stringify({ error: `Bad credentials: ${request.headers.get('authorization')}` }), {
          status: 401,
          headers: { 'content-type': 'application/json', 'x-request-id': `req-${TOKEN}`, 'set-cookie': `t=${TOKEN}` },
        }),
    });
    const res = observe(
      await proxy(new Request(`${APP}/hf-inference/models/${ZERO_SHOT}`, { method: 'POST', body: '{"inputs":"x"}' })),
    );
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(res.headers.get('x-request-id')).toBe('req-[redacted]');
    expect(await res.json()).toEqual({ error: 'Bad credentials: Bearer [redacted]' });
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it('scrubs the token from a streamed success body even when it is split across chunks', async () => {
    const enc = new TextEncoder();
    const half = Math.floor(TOKEN.length / 2);
    const proxy = createInferenceProxy({
      accessToken: TOKEN,
      upstream: UPSTREAM,
      fetch: async () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(enc.encode(`data: {"echo":"${TOKEN.slice(0, half)}`));
              controller.enqueue(enc.encode(`${TOKEN.slice(half)}"}\n\ndata: {"n":"hf_Pr`));
              // Looked like the token's start, was not: held back one chunk, then passed on intact.
              controller.enqueue(enc.encode(`ox"}\n\ndata: [DONE]\n\n${TOKEN.slice(0, 6)}`));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    });
    const res = observe(
      await proxy(new Request(`${APP}/hf-inference/models/${LLAMA}/v1/chat/completions`, { method: 'POST' })),
    );
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const text = await res.text();
    expect(sseData(text)).toEqual(['{"echo":"[redacted]"}', '{"n":"hf_Prox"}', '[DONE]']);
    expect(text.endsWith(`[DONE]\n\n${TOKEN.slice(0, 6)}`)).toBe(true);
  });

  it('answers 502 without the token when fetch itself fails', async () => {
    const logs: unknown[] = [];
    const proxy = createInferenceProxy({
      accessToken: TOKEN,
      upstream: UPSTREAM,
      onLog: (entry) => logs.push(entry),
      fetch: async (request) => {
        throw new TypeError('fetch failed', {
          cause: new Error(`connect ECONNREFUSED while sending ${request.headers.get('authorization')}`),
        });
      },
    });
    const res = observe(await proxy(new Request(`${APP}/hf-inference/models/${ZERO_SHOT}/info`)));
    expect(res.status).toBe(502);
    const { error } = await res.json();
    expect(error).toMatch(/could not reach the Inference API \(router\.test\): fetch failed: connect ECONNREFUSED/);
    expect(error).toContain('[redacted]');
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });
});

describe('refusing what it should not forward', () => {
  it('answers unknown routes with 404 and an API-shaped error naming the routes it forwards', async () => {
    const { get, post, upstream } = setup();
    for (const res of [
      await get('/admin'),
      await post('/hf-inference/models', {}),
      await post('/hf-inference/models/a/b/c', {}),
      await get('/hf-inference/status'),
      await post('/unknown-provider/v1/chat/completions', chatBody('Hi')),
      await post('/groq/v1/chat/completions', chatBody('Hi')),
      await get('/api/spaces'),
      await get(`/api/models/${ZERO_SHOT}/tree/main`),
      await observe(
        await setup().proxy(new Request(`${APP}/elsewhere/hf-inference/models/${ZERO_SHOT}`, { method: 'POST' })),
      ),
    ]) {
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect((await res.json()).error).toMatch(/^Not Found/);
    }
    const { error } = await (await get('/admin')).json();
    expect(error).toContain('POST /hf-inference/models/{model}');
    expect(error).toContain('POST /groq/openai/v1/chat/completions');
    expect(upstream).toHaveLength(0);
  });

  it('answers a known route with the wrong method with 405 and Allow', async () => {
    const { get, post, proxy } = setup();
    const getModel = await get(`/hf-inference/models/${ZERO_SHOT}`);
    expect(getModel.status).toBe(405);
    expect(getModel.headers.get('allow')).toBe('POST');
    expect((await getModel.json()).error).toMatch(/use POST/);
    expect((await post(`/api/models/${ZERO_SHOT}`, {})).headers.get('allow')).toBe('GET');
    expect((await get('/v1/chat/completions')).headers.get('allow')).toBe('POST');
    expect((await post('/replicate/v1/predictions/abc', {})).headers.get('allow')).toBe('GET');
    const put = await proxy(new Request(`${BASE}/hf-inference/models/${ZERO_SHOT}`, { method: 'PUT', body: '{}' }));
    expect(put.status).toBe(405);
  });

  it('refuses paths that would mean something else upstream (encoded slashes, dot segments)', async () => {
    const { post, upstream } = setup({ allowModels: ['facebook/x'] });
    const res = await post('/hf-inference/models/facebook%2F..%2F..%2Fadmin', { inputs: 'x' });
    expect(res.status).toBe(400);
    const provider = await post('/fal-ai/fal-ai%2F..%2F..%2Fadmin', {});
    expect(provider.status).toBe(400);
    expect(upstream).toHaveLength(0);
  });

  it('allowModels (a list, case-insensitive, or a predicate) answers 403 for other models before calling upstream', async () => {
    const { post, upstream } = setup({ allowModels: [ZERO_SHOT] });
    const zeroShot = { inputs: 'x', parameters: { candidate_labels: ['a', 'b'] } };
    expect((await post('/hf-inference/models/Facebook/BART-large-mnli', zeroShot)).status).toBe(200);
    const refused = await post('/hf-inference/models/MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli', zeroShot);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toBe(
      `Model "MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli" is not allowed by this proxy (option \`allowModels\`). Allowed: ${ZERO_SHOT}.`,
    );
    expect(upstream).toHaveLength(1);

    const byPredicate = setup({ allowModels: async (model) => model.startsWith('facebook/') });
    expect(
      (
        await byPredicate.post(`/hf-inference/models/${ZERO_SHOT}`, {
          inputs: 'x',
          parameters: { candidate_labels: ['a'] },
        })
      ).status,
    ).toBe(200);
    expect((await byPredicate.get(`/api/models/${LLAMA}`)).status).toBe(403);
  });

  it('checks the model named in the body of /v1/chat/completions', async () => {
    const { post, upstream } = setup({ allowModels: [LLAMA] });
    expect((await post('/v1/chat/completions', chatBody('Hi', { model: LLAMA }))).status).toBe(200);
    const other = await post('/v1/chat/completions', chatBody('Hi', { model: 'Qwen/Qwen2.5-7B-Instruct' }));
    expect(other.status).toBe(403);
    const missing = await post('/v1/chat/completions', chatBody('Hi'));
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toMatch(/"model" field/);
    expect(upstream).toHaveLength(1);
  });

  it('allowTasks uses the task the route names, chat-completion for chat, and taskOf for the rest', async () => {
    const { post, upstream } = setup({ allowTasks: ['feature-extraction', 'chat-completion'] });
    expect(
      (await post(`/hf-inference/models/${EMBEDDER}/pipeline/feature-extraction`, { inputs: 'hello' })).status,
    ).toBe(200);
    expect((await post('/v1/chat/completions', chatBody('Hi', { model: LLAMA }))).status).toBe(200);
    const similarity = await post(`/hf-inference/models/${EMBEDDER}/pipeline/sentence-similarity`, {
      inputs: { source_sentence: 'a', sentences: ['b'] },
    });
    expect(similarity.status).toBe(403);
    expect((await similarity.json()).error).toMatch(/Task "sentence-similarity" .* is not allowed/);

    // A bare model route does not say its task: refused, with the way out in the message.
    const unknown = await post(`/hf-inference/models/${ZERO_SHOT}`, { inputs: 'x' });
    expect(unknown.status).toBe(403);
    expect((await unknown.json()).error).toMatch(
      /cannot tell the task of model "facebook\/bart-large-mnli".*Pass a `taskOf\(model, provider\)` option/,
    );
    expect(upstream).toHaveLength(2);

    const withTaskOf = setup({
      allowTasks: ['zero-shot-classification'],
      taskOf: async (model, provider) =>
        provider === 'hf-inference' && model === ZERO_SHOT ? 'zero-shot-classification' : 'text-classification',
    });
    await withTaskOf.post(`/hf-inference/models/${ZERO_SHOT}`, {
      inputs: 'x',
      parameters: { candidate_labels: ['a'] },
    });
    const denied = await withTaskOf.post(
      '/hf-inference/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english',
      {
        inputs: 'x',
      },
    );
    expect(denied.status).toBe(403);
    expect(withTaskOf.logs.map((l) => [l.task, l.status])).toEqual([
      ['zero-shot-classification', 200],
      ['text-classification', 403],
    ]);
  });

  it('answers 413 for a body over maxBodyBytes, by content-length or while streaming a body without one', async () => {
    const { proxy, upstream, post } = setup({ maxBodyBytes: 1000 });
    const declared = await post(`/hf-inference/models/${VIT}`, 'x'.repeat(1001), { 'content-type': 'image/png' });
    expect(declared.status).toBe(413);
    expect((await declared.json()).error).toMatch(/larger than this proxy accepts \(1000 bytes/);
    expect(upstream).toHaveLength(0);

    const chunked = (chunks: number) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < chunks; i++) controller.enqueue(new Uint8Array(300).fill(65));
          controller.close();
        },
      });
    const streamed = observe(
      await proxy(
        new Request(`${BASE}/hf-inference/models/${VIT}`, {
          method: 'POST',
          headers: { 'content-type': 'image/png' },
          body: chunked(4),
          duplex: 'half',
        } as RequestInit),
      ),
    );
    expect(streamed.status).toBe(413);

    const chat = observe(
      await proxy(
        new Request(`${BASE}/v1/chat/completions`, { method: 'POST', body: chunked(4), duplex: 'half' } as RequestInit),
      ),
    );
    expect(chat.status).toBe(413);

    // Under the limit, a streamed body arrives whole.
    const small = await proxy(
      new Request(`${BASE}/hf-inference/models/${VIT}`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: new Blob([PNG]).stream(),
        duplex: 'half',
      } as RequestInit),
    );
    expect(small.status).toBe(200);
    expect([...upstream.at(-1)!.body]).toEqual([...PNG]);
  });
});

describe("passing the API's answers through", () => {
  const viaProxyAndDirect = (fault: string) => {
    const emulator = createEmulatorHandler({ tokens: [TOKEN] });
    const proxy = createInferenceProxy({ accessToken: TOKEN, upstream: UPSTREAM, fetch: emulator });
    const options = {
      headers: { 'x-inferkit-fault': fault },
      modelLoadingTimeout: 0,
      provider: 'hf-inference' as const,
    };
    const viaProxy = new InferenceClient({
      ...options,
      baseUrl: `${APP}/`,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        observe(await proxy(new Request(input, init)))) as typeof fetch,
    });
    const direct = new InferenceClient({
      ...options,
      accessToken: TOKEN,
      baseUrl: UPSTREAM,
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) =>
        emulator(new Request(input, init))) as typeof fetch,
    });
    return { emulator, proxy, viaProxy, direct };
  };

  it('passes a cold start (503 with estimated_time) through, so core reports the same error', async () => {
    const { emulator, viaProxy, direct, proxy } = viaProxyAndDirect('cold-start=30');
    const run = (client: InferenceClient) =>
      httpError(client.zeroShotClassification({ model: ZERO_SHOT, inputs: 'x', parameters: labels }));
    const fromProxy = await run(viaProxy);
    emulator.reset();
    const fromEmulator = await run(direct);
    expect(fromProxy.status).toBe(503);
    expect(fromProxy.message).toBe(fromEmulator.message);
    expect((fromProxy.body as { estimated_time: number }).estimated_time).toBeGreaterThan(29);

    const raw = observe(
      await proxy(
        new Request(`${APP}/hf-inference/models/${ZERO_SHOT}`, {
          method: 'POST',
          headers: { 'x-inferkit-fault': 'cold-start=30', 'content-type': 'application/json' },
          body: '{"inputs":"x"}',
        }),
      ),
    );
    expect(raw.status).toBe(503);
    expect(raw.headers.get('x-request-id')).toBeTruthy();
  });

  it('passes 429 with Retry-After through, so core waits and retries as it would directly', async () => {
    const { viaProxy, proxy } = viaProxyAndDirect('rate-limit=0*1');
    const result = await viaProxy.zeroShotClassification({ model: ZERO_SHOT, inputs: 'x', parameters: labels });
    expect(result).toHaveLength(2);

    const limited = observe(
      await proxy(
        new Request(`${APP}/hf-inference/models/${ZERO_SHOT}`, {
          method: 'POST',
          headers: { 'x-inferkit-fault': 'rate-limit=7' },
          body: '{"inputs":"x"}',
        }),
      ),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await limited.json()).error).toMatch(/Rate limit reached/);
  });

  it('passes status, content-type, x-request-id and x-compute-* and nothing transport- or cookie-related', async () => {
    const proxy = createInferenceProxy({
      upstream: UPSTREAM,
      fetch: async () =>
        new Response('{"ok":true}', {
          status: 201,
          headers: {
            'content-type': 'application/json',
            'x-request-id': 'r-1',
            'x-compute-type': 'gpu',
            'x-compute-time': '0.5',
            'set-cookie': 'a=b',
            'content-encoding': 'identity',
            server: 'upstream/1.0',
          },
        }),
    });
    const res = await proxy(new Request(`${APP}/hf-inference/models/${ZERO_SHOT}`, { method: 'POST', body: '{}' }));
    expect(res.status).toBe(201);
    expect(Object.fromEntries(res.headers)).toEqual({
      'content-type': 'application/json',
      'x-request-id': 'r-1',
      'x-compute-type': 'gpu',
      'x-compute-time': '0.5',
    });
  });
});

describe('aborting', () => {
  it('aborts the upstream request when the client aborts before the answer starts', async () => {
    const { proxy, upstream, logs } = setup();
    const controller = new AbortController();
    const pending = proxy(
      new Request(`${BASE}/hf-inference/models/${ZERO_SHOT}`, {
        method: 'POST',
        headers: { 'x-inferkit-fault': 'slow-first-byte=5000', 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: 'x', parameters: { candidate_labels: ['a'] } }),
        signal: controller.signal,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream[0]!.signal.aborted).toBe(false);
    const started = performance.now();
    controller.abort();
    const res = await pending;
    expect(performance.now() - started).toBeLessThan(500);
    expect(upstream[0]!.signal.aborted).toBe(true);
    expect(res.status).toBe(499);
    expect(logs[0]).toMatchObject({ status: 499 });
  });

  it('cancels the upstream stream when the client aborts mid-stream', async () => {
    const probe = { ticks: 0, cancelled: false, aborted: false };
    const proxy = createInferenceProxy({
      upstream: UPSTREAM,
      fetch: async (request) => {
        request.signal.addEventListener('abort', () => (probe.aborted = true));
        let timer: ReturnType<typeof setInterval>;
        return new Response(
          new ReadableStream({
            start(controller) {
              timer = setInterval(() => controller.enqueue(new TextEncoder().encode(`data: ${++probe.ticks}\n\n`)), 5);
            },
            cancel() {
              probe.cancelled = true;
              clearInterval(timer);
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      },
    });
    const controller = new AbortController();
    const res = await proxy(
      new Request(`${APP}/hf-inference/models/${LLAMA}/v1/chat/completions`, {
        method: 'POST',
        body: '{}',
        signal: controller.signal,
      }),
    );
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.cancel().catch(() => {});
    const ticks = probe.ticks;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(probe.aborted).toBe(true);
    expect(probe.cancelled).toBe(true);
    expect(probe.ticks).toBe(ticks);
  });
});

describe('CORS and logging', () => {
  it('refuses OPTIONS unless cors is on; with cors it answers preflights and labels responses', async () => {
    const off = setup();
    expect(
      (await off.proxy(new Request(`${BASE}/hf-inference/models/${ZERO_SHOT}`, { method: 'OPTIONS' }))).status,
    ).toBe(405);

    const on = setup({ cors: { origin: 'https://app.example' } });
    const preflight = await on.proxy(
      new Request(`${BASE}/hf-inference/models/${ZERO_SHOT}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example', 'access-control-request-headers': 'content-type, x-use-cache' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'https://app.example',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      // The headers the proxy forwards, not an echo of what was asked for.
      'access-control-allow-headers': 'content-type, accept, x-use-cache, x-wait-for-model, x-inferkit-fault, prefer',
    });
    const res = await on.post(`/hf-inference/models/${ZERO_SHOT}`, {
      inputs: 'x',
      parameters: { candidate_labels: ['a'] },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-expose-headers')).toContain('retry-after');
    const anyOrigin = setup({ cors: true });
    expect((await anyOrigin.get('/nope')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('logs one structured entry per request, without the token', async () => {
    const { post, get, logs } = setup({ allowModels: [ZERO_SHOT] });
    await post(`/hf-inference/models/${ZERO_SHOT}`, { inputs: 'x', parameters: { candidate_labels: ['a'] } });
    await get(`/api/models/${LLAMA}`);
    await get('/nope');
    expect(logs).toEqual([
      {
        method: 'POST',
        path: `/hf-inference/models/${ZERO_SHOT}`,
        model: ZERO_SHOT,
        provider: 'hf-inference',
        task: undefined,
        status: 200,
        ms: expect.any(Number),
        requestId: expect.any(String),
        error: undefined,
      },
      expect.objectContaining({
        method: 'GET',
        model: LLAMA,
        status: 403,
        error: expect.stringMatching(/not allowed/),
      }),
      expect.objectContaining({ method: 'GET', path: '/nope', model: undefined, status: 404 }),
    ]);
    expect(seen.logs.length).toBeGreaterThan(logs.length);
  });
});
