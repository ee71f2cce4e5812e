/**
 * The router's Inference Providers routes, the Hub lookups and the provider allow-lists, against a
 * recording upstream that answers every call (and, where it matters, tries to leak the token).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_HUB_UPSTREAM, DEFAULT_UPSTREAM, createInferenceProxy, type InferenceProxyOptions } from '../proxy';
import type { UsageReport } from '../ratelimit';
import { KNOWN_ROUTES } from '../routes';
import {
  BASE,
  HUB,
  LLAMA,
  TOKEN,
  UPSTREAM,
  ZERO_SHOT,
  chatBody,
  expectNoTokenAnywhere,
  observe,
  seen,
} from './proxy-test-utils';
import type { ProxyLogEntry } from '../proxy';

afterAll(async () => {
  await expectNoTokenAnywhere();
});

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

/** The default answer: JSON naming what was asked for. */
const echo = (request: Request) => Response.json({ ok: true, url: request.url });

/** A proxy at `/api/inference` whose upstream records every call and answers with `answer`. */
function make(options: InferenceProxyOptions = {}, answer: (request: Request) => Response | Promise<Response> = echo) {
  const calls: Call[] = [];
  const logs: ProxyLogEntry[] = [];
  const proxy = createInferenceProxy({
    accessToken: TOKEN,
    basePath: '/api/inference',
    upstream: UPSTREAM,
    hubUpstream: HUB,
    fetch: async (request) => {
      calls.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body: await request.clone().text(),
      });
      return answer(request);
    },
    onLog: (entry) => {
      logs.push(entry);
      seen.logs.push(entry);
    },
    ...options,
  });
  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    observe(
      await proxy(
        new Request(`${BASE}${path}`, {
          method,
          headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    );
  const post = (path: string, body: unknown = {}, headers?: Record<string, string>) =>
    send('POST', path, body, headers);
  const get = (path: string, headers?: Record<string, string>) => send('GET', path, undefined, headers);
  return { proxy, calls, logs, post, get, send };
}

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

const FLUX = 'fal-ai/flux/schnell';
const TOGETHER_LLAMA = 'meta-llama/Llama-3.3-70B-Instruct-Turbo';

describe('the router layout', () => {
  it('defaults to the router root and sends Hub lookups to the Hub', async () => {
    expect(DEFAULT_UPSTREAM).toBe('https://router.huggingface.co');
    expect(DEFAULT_HUB_UPSTREAM).toBe('https://huggingface.co');
    const urls: string[] = [];
    const proxy = createInferenceProxy({
      accessToken: TOKEN,
      fetch: async (request) => {
        urls.push(request.url);
        return Response.json({});
      },
    });
    await proxy(new Request(`http://app.test/hf-inference/models/${ZERO_SHOT}`, { method: 'POST', body: '{}' }));
    await proxy(new Request(`http://app.test/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`));
    expect(urls).toEqual([
      `https://router.huggingface.co/hf-inference/models/${ZERO_SHOT}`,
      `https://huggingface.co/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`,
    ]);
    expect(() => createInferenceProxy({ hubUpstream: 'ftp://hub' })).toThrow(/`hubUpstream` must be an http\(s\) URL/);
  });

  const forwarded: [method: string, path: string, upstream: string][] = [
    ['POST', '/v1/chat/completions', `${UPSTREAM}/v1/chat/completions`],
    ['GET', '/v1/models', `${UPSTREAM}/v1/models`],
    ['POST', `/hf-inference/models/${ZERO_SHOT}`, `${UPSTREAM}/hf-inference/models/${ZERO_SHOT}`],
    ['POST', `/fal-ai/${FLUX}?_subdomain=queue`, `${UPSTREAM}/fal-ai/${FLUX}?_subdomain=queue`],
    ['POST', '/fal-ai/fal-ai/whisper', `${UPSTREAM}/fal-ai/fal-ai/whisper`],
    [
      'GET',
      '/fal-ai/fal-ai/flux/requests/0f3a-77/status?_subdomain=queue',
      `${UPSTREAM}/fal-ai/fal-ai/flux/requests/0f3a-77/status?_subdomain=queue`,
    ],
    [
      'GET',
      '/fal-ai/fal-ai/flux/requests/0f3a-77?_subdomain=queue',
      `${UPSTREAM}/fal-ai/fal-ai/flux/requests/0f3a-77?_subdomain=queue`,
    ],
    [
      'POST',
      '/replicate/v1/models/black-forest-labs/flux-schnell/predictions',
      `${UPSTREAM}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`,
    ],
    ['POST', '/replicate/v1/predictions', `${UPSTREAM}/replicate/v1/predictions`],
    ['GET', '/replicate/v1/predictions/p-42', `${UPSTREAM}/replicate/v1/predictions/p-42`],
    ['POST', '/replicate/v1/predictions/p-42/cancel', `${UPSTREAM}/replicate/v1/predictions/p-42/cancel`],
    ['POST', '/together/v1/chat/completions', `${UPSTREAM}/together/v1/chat/completions`],
    ['POST', '/together/v1/completions', `${UPSTREAM}/together/v1/completions`],
    ['POST', '/together/v1/images/generations', `${UPSTREAM}/together/v1/images/generations`],
    ['POST', '/nscale/v1/images/generations', `${UPSTREAM}/nscale/v1/images/generations`],
    ['POST', '/wavespeed/api/v3/wavespeed-ai/flux-dev', `${UPSTREAM}/wavespeed/api/v3/wavespeed-ai/flux-dev`],
    ['GET', '/wavespeed/api/v3/predictions/w-1/result', `${UPSTREAM}/wavespeed/api/v3/predictions/w-1/result`],
    ['POST', '/groq/openai/v1/chat/completions', `${UPSTREAM}/groq/openai/v1/chat/completions`],
    ['POST', '/cohere/compatibility/v1/chat/completions', `${UPSTREAM}/cohere/compatibility/v1/chat/completions`],
    ['POST', '/fireworks-ai/inference/v1/chat/completions', `${UPSTREAM}/fireworks-ai/inference/v1/chat/completions`],
    ['POST', '/novita/v3/openai/chat/completions', `${UPSTREAM}/novita/v3/openai/chat/completions`],
    ['POST', '/deepinfra/v1/openai/chat/completions', `${UPSTREAM}/deepinfra/v1/openai/chat/completions`],
    ['POST', '/zai-org/api/paas/v4/chat/completions', `${UPSTREAM}/zai-org/api/paas/v4/chat/completions`],
    ['POST', '/cerebras/v1/chat/completions', `${UPSTREAM}/cerebras/v1/chat/completions`],
    [
      'GET',
      `/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping&expand%5B%5D=inference`,
      `${HUB}/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping&expand[]=inference`,
    ],
    [
      'GET',
      '/api/models?inference_provider=fal-ai&pipeline_tag=text-to-image&limit=5&search=a+b&sort=likes&direction=-1',
      `${HUB}/api/models?inference_provider=fal-ai&pipeline_tag=text-to-image&limit=5&search=a%20b&sort=likes&direction=-1`,
    ],
    ['GET', '/api/tasks', `${HUB}/api/tasks`],
  ];

  it.each(forwarded)('forwards %s %s with the server token', async (method, path, upstream) => {
    const { calls, post, get } = make();
    const res = method === 'GET' ? await get(path) : await post(path, { model: 'm', version: 'v', inputs: 'x' });
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: upstream, method, headers: { authorization: `Bearer ${TOKEN}` } });
  });

  it('logs the provider and model of each route: the path names them, or the body', async () => {
    const { post, get, logs } = make();
    await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'a cat' });
    await get('/fal-ai/fal-ai/flux/requests/r-1/status?_subdomain=queue');
    await post('/together/v1/chat/completions', chatBody('Hi', { model: TOGETHER_LLAMA }));
    await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:groq` }));
    await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:fastest` }));
    expect(logs.map(({ provider, model, task }) => ({ provider, model, task }))).toEqual([
      { provider: 'fal-ai', model: FLUX, task: undefined },
      { provider: 'fal-ai', model: undefined, task: undefined },
      { provider: 'together', model: TOGETHER_LLAMA, task: 'chat-completion' },
      { provider: 'groq', model: LLAMA, task: 'chat-completion' },
      // A policy is not a provider: the router picks one.
      { provider: undefined, model: LLAMA, task: 'chat-completion' },
    ]);
  });

  it('sends a suffixed chat model on unchanged: the proxy rewrites nothing', async () => {
    const { calls, post } = make();
    await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:cheapest` }));
    expect(JSON.parse(calls[0]!.body).model).toBe(`${LLAMA}:cheapest`);
  });

  it('answers 404 for routes it does not know, 405 for a known one with the wrong method', async () => {
    const { calls, post, get, proxy } = make();
    for (const res of [
      await post('/unknown/v1/chat/completions', chatBody('Hi')),
      await post('/groq/v1/chat/completions', chatBody('Hi')),
      await post('/replicate/v1/models/only-owner/predictions'),
      await post('/together/v1/files'),
      await get('/api/datasets'),
      await get('/api/whoami-v2'),
      await get(`/api/models/${ZERO_SHOT}/tree/main`),
      await get('/fal-ai/fal-ai/flux/requests'),
    ]) {
      expect(res.status).toBe(404);
    }
    const wrong: [Response, string][] = [
      [await get(`/fal-ai/${FLUX}`), 'POST'],
      // `requests` cannot be part of a fal model id, so this is a poll path, which is GET.
      [await post('/fal-ai/fal-ai/flux/requests/r-1'), 'GET'],
      [await get('/replicate/v1/predictions/p-1/cancel'), 'POST'],
      [await post('/wavespeed/api/v3/predictions/w-1/result'), 'GET'],
      [await post('/api/tasks'), 'GET'],
      [await post('/v1/models'), 'GET'],
    ];
    for (const [res, allow] of wrong) {
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
    }
    // PUT is taken on fal's cancel route only (see provider-routes-coverage.test.ts); elsewhere it is 405.
    for (const path of [
      '/fal-ai/fal-ai/flux/requests/r-1',
      `/fal-ai/${FLUX}`,
      '/replicate/v1/predictions/p-1/cancel',
    ]) {
      const put = await proxy(new Request(`${BASE}${path}`, { method: 'PUT' }));
      expect(put.status, path).toBe(405);
      expect(put.headers.get('allow')).toBe('GET, POST, OPTIONS');
    }
    expect((await get('/fal-ai/fal-ai/flux/requests/r-1/cancel')).headers.get('allow')).toBe('PUT');
    expect(calls).toHaveLength(0);
    expect(KNOWN_ROUTES).toContain('POST /replicate/v1/models/{owner}/{name}/predictions');
  });
});

describe('query strings', () => {
  it('refuses, before anything goes upstream, any parameter a route does not allow', async () => {
    const { calls, post, get } = make();
    const refused: [Response, RegExp][] = [
      [
        await post(`/hf-inference/models/${ZERO_SHOT}?wait_for_model=true`),
        /"wait_for_model" is not forwarded on this route \(it takes none\)/,
      ],
      [await post('/v1/chat/completions?model=x', chatBody('Hi', { model: LLAMA })), /"model" is not forwarded/],
      [await get('/v1/models?provider=groq'), /"provider" is not forwarded/],
      [await post(`/fal-ai/${FLUX}?_subdomain=rest`), /"_subdomain" may only be queue; got "rest"/],
      [await post(`/fal-ai/${FLUX}?_subdomain=queue&_subdomain=queue`), /"_subdomain" is given twice/],
      [await post(`/fal-ai/${FLUX}?fal_webhook=https://evil.test`), /"fal_webhook" is not forwarded/],
      [await get('/replicate/v1/predictions/p-1?_subdomain=queue'), /"_subdomain" is not forwarded/],
      [
        await get(`/api/models/${ZERO_SHOT}?expand[]=siblings`),
        /"expand\[\]" may only be inferenceProviderMapping, inference, pipeline_tag/,
      ],
      [
        await get(`/api/models/${ZERO_SHOT}?search=x`),
        /"search" is not forwarded on this route \(allowed: expand\[\]\)/,
      ],
      [await get('/api/models?author=me'), /"author" is not forwarded/],
      [await get('/api/models?limit=1&limit=1000'), /"limit" is given twice/],
      [await get('/api/tasks?full=true'), /"full" is not forwarded/],
    ];
    for (const [res, reason] of refused) {
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatch(reason);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('allowProviders', () => {
  const allowProviders = ['groq', 'hf-inference'];

  it('lets a chat through only with a suffix naming an allowed provider, and rewrites nothing', async () => {
    const { calls, post } = make({ allowProviders });
    expect((await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:groq` }))).status).toBe(200);
    expect(JSON.parse(calls[0]!.body).model).toBe(`${LLAMA}:groq`);

    const bare = await post('/v1/chat/completions', chatBody('Hi', { model: LLAMA }));
    expect(bare.status).toBe(403);
    expect(await errorOf(bare)).toBe(
      `This proxy only allows some providers (option \`allowProviders\`), and model "${LLAMA}" would not stay with them: it names no provider. ` +
        `Name an allowed provider with a suffix, e.g. "${LLAMA}:groq". Allowed: groq, hf-inference.`,
    );
    for (const policy of ['fastest', 'cheapest', 'preferred']) {
      const res = await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:${policy}` }));
      expect(res.status).toBe(403);
      expect(await errorOf(res)).toContain(`its suffix ":${policy}" lets the router pick the provider`);
    }
    expect(calls).toHaveLength(1);
  });

  it('cannot be dodged with another provider, its case, a second suffix, an empty one or a second "model" key', async () => {
    const { calls, post } = make({ allowProviders });
    for (const model of [
      `${LLAMA}:together`,
      `${LLAMA}:GROQ`,
      `${LLAMA}:groq:together`,
      `${LLAMA}:`,
      `${LLAMA}: groq`,
    ]) {
      const res = await post('/v1/chat/completions', chatBody('Hi', { model }));
      expect(res.status, model).toBe(403);
    }
    // Two "model" keys: the one checked is the one sent, whichever a parser would have picked.
    const twice = `{"model":"${LLAMA}:groq","messages":[],"model":"${LLAMA}:together"}`;
    expect((await post('/v1/chat/completions', twice)).status).toBe(403);
    const twiceAllowed = `{"model":"${LLAMA}:together","messages":[],"model":"${LLAMA}:groq"}`;
    expect((await post('/v1/chat/completions', twiceAllowed)).status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toBe(`{"model":"${LLAMA}:groq","messages":[]}`);
    // Without a model the provider cannot be told.
    const missing = await post('/v1/chat/completions', chatBody('Hi'));
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatch(/"model" field/);
  });

  it('checks the provider a path names, polling included; the Hub and /v1/models are not a provider', async () => {
    const { calls, post, get } = make({ allowProviders });
    expect(
      (await post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'llama-3.1-8b-instant' }))).status,
    ).toBe(200);
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, { inputs: 'x' })).status).toBe(200);
    const together = await post('/together/v1/chat/completions', chatBody('Hi', { model: TOGETHER_LLAMA }));
    expect(together.status).toBe(403);
    expect(await errorOf(together)).toBe(
      'Provider "together" is not allowed by this proxy (option `allowProviders`). Allowed: groq, hf-inference.',
    );
    expect((await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'x' })).status).toBe(403);
    expect((await get('/replicate/v1/predictions/p-1')).status).toBe(403);
    expect((await get('/v1/models')).status).toBe(200);
    expect((await get(`/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`)).status).toBe(200);
    expect(calls.map((c) => c.url)).toEqual([
      `${UPSTREAM}/groq/openai/v1/chat/completions`,
      `${UPSTREAM}/hf-inference/models/${ZERO_SHOT}`,
      `${UPSTREAM}/v1/models`,
      `${HUB}/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`,
    ]);
  });

  it('is checked at creation', () => {
    expect(() => createInferenceProxy({ allowProviders: 'groq' as never })).toThrow(
      /`allowProviders` must be a list of non-empty names/,
    );
    expect(() => createInferenceProxy({ allowProviders: [''] })).toThrow(/`allowProviders`/);
    expect(() => createInferenceProxy({ allowProviderModels: { groq: 'x' } as never })).toThrow(
      /`allowProviderModels`/,
    );
  });
});

describe('allowModels and allowProviderModels', () => {
  it('checks a chat model without its suffix, so a suffix neither dodges nor trips the list', async () => {
    const { calls, post } = make({ allowModels: [LLAMA] });
    expect((await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:groq` }))).status).toBe(200);
    expect(
      (await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA.toUpperCase()}:fastest` }))).status,
    ).toBe(200);
    for (const model of ['Qwen/Qwen2.5-7B-Instruct:groq', `Qwen/Qwen2.5-7B-Instruct:${LLAMA}`]) {
      const res = await post('/v1/chat/completions', chatBody('Hi', { model }));
      expect(res.status, model).toBe(403);
      expect(await errorOf(res)).toMatch(/is not allowed by this proxy \(option `allowModels`\)/);
    }
    // An empty Hub id before the suffix names no model, so it cannot skip the check.
    expect((await post('/v1/chat/completions', chatBody('Hi', { model: `:${LLAMA}` }))).status).toBe(400);
    expect(calls).toHaveLength(2);
  });

  it('checks Hub model lookups against allowModels; listings cannot be checked and pass', async () => {
    const { post, get } = make({ allowModels: [ZERO_SHOT] });
    expect((await get(`/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`)).status).toBe(200);
    expect((await get(`/api/models/${LLAMA}?expand[]=inferenceProviderMapping`)).status).toBe(403);
    expect((await get('/api/models?inference_provider=fal-ai')).status).toBe(200);
    expect((await post(`/hf-inference/models/${LLAMA}`, { inputs: 'x' })).status).toBe(403);
  });

  it('refuses provider routes while allowModels is set, unless allowProviderModels lists the provider id', async () => {
    const { calls, post, get } = make({ allowModels: [LLAMA] });
    const res = await post('/together/v1/chat/completions', chatBody('Hi', { model: TOGETHER_LLAMA }));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toBe(
      `Model "${TOGETHER_LLAMA}" of provider "together" is not allowed by this proxy: provider routes carry the provider's own model id, ` +
        'so it must be listed in the option `allowProviderModels` under "together".',
    );
    expect((await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'x' })).status).toBe(403);
    // A job is polled by id; what it ran was checked when it was submitted.
    expect((await get('/fal-ai/fal-ai/flux/requests/r-1?_subdomain=queue')).status).toBe(200);
    expect((await post('/replicate/v1/predictions/p-1/cancel')).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('allowProviderModels lists provider ids exactly, per provider', async () => {
    const { calls, post } = make({
      allowModels: [LLAMA],
      allowProviderModels: {
        'fal-ai': [FLUX],
        together: [TOGETHER_LLAMA],
        replicate: ['black-forest-labs/flux-schnell', 'stability-ai/sdxl:7762fd07'],
      },
    });
    const ok = [
      await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'x' }),
      await post('/together/v1/chat/completions', chatBody('Hi', { model: TOGETHER_LLAMA })),
      await post('/replicate/v1/models/black-forest-labs/flux-schnell/predictions', { input: {} }),
      await post('/replicate/v1/predictions', { version: '7762fd07', input: {} }),
    ];
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const refused = [
      await post('/fal-ai/fal-ai/flux/dev?_subdomain=queue', { prompt: 'x' }),
      await post(`/fal-ai/${FLUX.toUpperCase()}?_subdomain=queue`, { prompt: 'x' }),
      await post('/together/v1/chat/completions', chatBody('Hi', { model: 'Qwen/Qwen2.5-72B-Instruct-Turbo' })),
      await post('/together/v1/images/generations', { model: FLUX, prompt: 'x' }),
      await post('/replicate/v1/predictions', { version: 'ffffffff', input: {} }),
      await post('/nscale/v1/images/generations', { model: 'x', prompt: 'y' }),
    ];
    expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    const missing = await post('/replicate/v1/predictions', { input: {} });
    expect(missing.status).toBe(400);
    expect(await errorOf(missing)).toMatch(/"version" field/);
    expect(calls).toHaveLength(4);
  });
});

describe('allowTasks on provider routes', () => {
  it('maps routes to tasks where the route tells, asks taskOf(model, provider) where not, and lets polling through', async () => {
    const asked: [string, string][] = [];
    const { calls, post, get } = make({
      allowTasks: ['text-to-image'],
      taskOf: (model, provider) => {
        asked.push([model, provider]);
        return provider === 'fal-ai' && model === FLUX ? 'text-to-image' : undefined;
      },
    });
    expect((await post('/together/v1/images/generations', { model: 'x', prompt: 'y' })).status).toBe(200);
    expect((await post('/together/v1/chat/completions', chatBody('Hi', { model: 'x' }))).status).toBe(403);
    expect((await post('/together/v1/completions', { model: 'x', prompt: 'y' })).status).toBe(403);
    expect((await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'x' })).status).toBe(200);
    const unknown = await post('/wavespeed/api/v3/wavespeed-ai/flux-dev', { prompt: 'x' });
    expect(unknown.status).toBe(403);
    expect(await errorOf(unknown)).toMatch(/cannot tell the task of model "wavespeed-ai\/flux-dev"/);
    expect((await get('/wavespeed/api/v3/predictions/w-1/result')).status).toBe(200);
    expect((await post('/replicate/v1/predictions/p-1/cancel')).status).toBe(200);
    expect(asked).toEqual([
      [FLUX, 'fal-ai'],
      ['wavespeed-ai/flux-dev', 'wavespeed'],
    ]);
    expect(calls).toHaveLength(4);
  });
});

describe('billing and metering on the new routes', () => {
  it("sends billTo, or the browser's allowed choice, on router, provider, polling and Hub routes", async () => {
    const { calls, post, get } = make({ billTo: 'acme', allowBillTo: ['acme-research'] });
    await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:groq` }));
    await post(`/fal-ai/${FLUX}?_subdomain=queue`, { prompt: 'x' });
    await get('/fal-ai/fal-ai/flux/requests/r-1?_subdomain=queue');
    await get(`/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`);
    await post('/replicate/v1/predictions/p-1/cancel', undefined, { 'x-hf-bill-to': 'acme-research' });
    expect(calls.map((c) => c.headers['x-hf-bill-to'])).toEqual(['acme', 'acme', 'acme', 'acme', 'acme-research']);
    const refused = await post('/together/v1/images/generations', { model: 'x' }, { 'x-hf-bill-to': 'someone-else' });
    expect(refused.status).toBe(403);
    expect(calls).toHaveLength(5);
  });

  it('forwards Prefer (replicate waits for its prediction) and nothing else the browser adds', async () => {
    const { calls, post } = make();
    await post(
      '/replicate/v1/models/black-forest-labs/flux-schnell/predictions',
      { input: {} },
      { prefer: 'wait', 'x-replicate-token': 'r8_x' },
    );
    expect(calls[0]!.headers.prefer).toBe('wait');
    expect(calls[0]!.headers).not.toHaveProperty('x-replicate-token');
  });

  it('charges completion tokens on /v1/chat/completions and on provider chat routes, whole and streamed', async () => {
    const usage: UsageReport[] = [];
    const answer = (request: Request) =>
      request.url.includes('/groq/')
        ? new Response(
            'data: {"choices":[{"delta":{"content":"a"}}]}\n\ndata: {"choices":[{"delta":{"content":"b"}}]}\n\ndata: [DONE]\n\n',
            {
              headers: { 'content-type': 'text/event-stream' },
            },
          )
        : Response.json({
            choices: [{ message: { role: 'assistant', content: 'one two three' } }],
            usage: { completion_tokens: 7 },
          });
    const { post } = make(
      { limits: { completionTokens: { limit: 1000, windowSeconds: 60 }, onUsage: (u) => usage.push(u) } },
      answer,
    );
    await (await post('/v1/chat/completions', chatBody('Hi', { model: `${LLAMA}:together` }))).text();
    await (await post('/together/v1/chat/completions', chatBody('Hi', { model: TOGETHER_LLAMA }))).text();
    await (await post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'llama', stream: true }))).text();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(usage.map(({ completionTokens, source }) => ({ completionTokens, source }))).toEqual([
      { completionTokens: 7, source: 'usage' },
      { completionTokens: 7, source: 'usage' },
      { completionTokens: 2, source: 'counted' },
    ]);
  });
});

describe('polling, results and media against a hostile upstream', () => {
  const escaped = `\\u0068${TOKEN.slice(1)}`;

  it('scrubs the token from polled statuses and results, which now stream like any other answer', async () => {
    const { get, post, send } = make(
      {},
      (request) =>
        new Response(
          `{"status":"COMPLETED","echo":"${request.headers.get('authorization')}","escaped":"${escaped}","images":[{"url":"https://v3.fal.media/files/cat.png"}]}`,
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    for (const res of [
      await get('/fal-ai/fal-ai/flux/requests/r-1/status?_subdomain=queue'),
      await get('/fal-ai/fal-ai/flux/requests/r-1?_subdomain=queue'),
      await get('/replicate/v1/predictions/p-1'),
      await get('/wavespeed/api/v3/predictions/w-1/result'),
      await post('/replicate/v1/predictions/p-1/cancel'),
      await get(`/api/models/${ZERO_SHOT}?expand[]=inferenceProviderMapping`),
      // The polls and cancels of the other providers' jobs, added with their routes.
      await get('/together/v2/videos/v-1'),
      await get('/novita/v3/async/task-result?task_id=t-1'),
      await get('/novita/v3/minimax/v2/query/video_generation/t-1'),
      await get('/zai-org/api/paas/v4/async-result/z-1'),
      await send('PUT', '/fal-ai/fal-ai/flux/requests/r-1/cancel?_subdomain=queue'),
    ]) {
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(escaped);
      // The media URL is the provider's CDN: the browser fetches it itself, without a token.
      expect(text).toContain('https://v3.fal.media/files/cat.png');
    }
  });

  it('passes a large Hub listing whole (GET answers are no longer cut at 1 MB)', async () => {
    const models = Array.from({ length: 20_000 }, (_, i) => ({ id: `org/model-${i}`, pipeline_tag: 'text-to-image' }));
    const { get } = make({}, () => Response.json(models));
    const res = await get('/api/models?pipeline_tag=text-to-image&limit=20000');
    const body = await res.text();
    expect(body.length).toBeGreaterThan(1024 * 1024);
    expect(JSON.parse(body)).toHaveLength(20_000);
  });

  it('never follows a poll or a Hub lookup that redirects, e.g. to a media host', async () => {
    const { get } = make(
      {},
      () => new Response(null, { status: 302, headers: { location: 'https://v3.fal.media/files/cat.png' } }),
    );
    for (const res of [await get('/fal-ai/fal-ai/flux/requests/r-1?_subdomain=queue'), await get('/api/tasks')]) {
      expect(res.status).toBe(502);
      expect(await errorOf(res)).toMatch(/does not follow redirects/);
    }
  });

  it('is no open proxy: media hosts and absolute URLs are not routes', async () => {
    const { calls, get } = make();
    for (const path of [
      '/v3.fal.media/files/cat.png',
      '/replicate.delivery/xezq/out-0.webp',
      '/https:/v3.fal.media/files/cat.png',
      '/fal-ai/https:/v3.fal.media/files/cat.png',
    ]) {
      expect([404, 405]).toContain((await get(path)).status);
    }
    expect((await get('/fal-ai/https%3A%2F%2Fevil.test%2Fx')).status).toBe(400);
    expect(calls).toHaveLength(0);
  });
});

describe('the routes of core’s providers (see provider-routes-coverage.test.ts for the calls themselves)', () => {
  const GPT2 = 'openai-community/gpt2';
  /** A multipart form as core's transcriptions send it: the audio as `file`, then `model` (as often as given). */
  const form = (...models: string[]) => {
    const data = new FormData();
    data.append('file', new Blob([new Uint8Array([82, 73, 70, 70])], { type: 'audio/wav' }), 'audio.wav');
    for (const model of models) data.append('model', model);
    return new Response(data);
  };
  const postForm = async (proxy: (request: Request) => Promise<Response>, path: string, response: Response) =>
    observe(
      await proxy(
        new Request(`${BASE}${path}`, {
          method: 'POST',
          headers: { 'content-type': response.headers.get('content-type')! },
          body: await response.arrayBuffer(),
        }),
      ),
    );

  const routes: [method: string, path: string, body?: unknown][] = [
    ['POST', `/hf-inference/models/${GPT2}/v1/completions`, { model: GPT2, prompt: 'x', max_tokens: 4 }],
    ['POST', '/deepinfra/v1/openai/completions'],
    ['POST', '/deepinfra/v1/openai/embeddings'],
    ['POST', '/deepinfra/v1/openai/images/generations'],
    ['POST', '/deepinfra/v1/openai/audio/speech'],
    ['POST', '/deepinfra/v1/openai/audio/transcriptions'],
    ['POST', '/featherless-ai/v1/completions'],
    ['POST', '/ovhcloud/v1/completions'],
    ['POST', '/scaleway/v1/completions'],
    ['POST', '/scaleway/v1/embeddings'],
    ['POST', '/together/v1/embeddings'],
    ['POST', '/together/v1/audio/speech'],
    ['POST', '/together/v1/audio/transcriptions'],
    ['POST', '/together/v2/videos'],
    ['GET', '/together/v2/videos/v-42'],
    ['POST', '/novita/v3/async/wan-2.2-t2v'],
    ['GET', '/novita/v3/async/task-result?task_id=t-42'],
    ['POST', '/novita/v3/minimax/v2/video_generation'],
    ['GET', '/novita/v3/minimax/v2/query/video_generation/t-42'],
    ['POST', '/zai-org/api/paas/v4/async/images/generations'],
    ['GET', '/zai-org/api/paas/v4/async-result/z-42'],
    ['POST', '/zai-org/api/paas/v4/layout_parsing'],
    ['PUT', '/fal-ai/fal-ai/flux/requests/r-42/cancel?_subdomain=queue'],
  ];

  it.each(routes)('forwards %s %s with the server token', async (method, path, body = { model: 'm', prompt: 'x' }) => {
    const { calls, proxy } = make();
    const res = observe(
      await proxy(
        new Request(`${BASE}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'POST' ? JSON.stringify(body) : undefined,
        }),
      ),
    );
    expect(res.status).toBe(200);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      url: `${UPSTREAM}${path}`,
      method,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
  });

  it('hf-inference completions: the path names the model; the body may only name it again', async () => {
    const { calls, post, logs } = make({
      allowModels: [GPT2],
      allowProviders: ['hf-inference'],
      allowTasks: ['text-generation'],
    });
    const path = `/hf-inference/models/${GPT2}/v1/completions`;
    expect((await post(path, { model: GPT2, prompt: 'x' })).status).toBe(200);
    expect((await post(path, { model: GPT2.toUpperCase(), prompt: 'x' })).status).toBe(200);
    expect((await post(path, { prompt: 'x' })).status).toBe(200);
    expect(logs.map(({ provider, model, task }) => ({ provider, model, task }))[0]).toEqual({
      provider: 'hf-inference',
      model: GPT2,
      task: 'text-generation',
    });
    // A second "model" key: the one checked is the one sent.
    expect((await post(path, `{"model":"other/model","prompt":"x","model":"${GPT2}"}`)).status).toBe(200);
    expect(calls.at(-1)!.body).toBe(`{"model":"${GPT2}","prompt":"x"}`);
    const refused: [Response, number, RegExp][] = [
      [await post(path, { model: 'other/model', prompt: 'x' }), 400, /is not the model the path names/],
      [await post(path, { model: `${GPT2}:together`, prompt: 'x' }), 400, /is not the model the path names/],
      [
        await post(path, `{"model":"${GPT2}","prompt":"x","model":"other/model"}`),
        400,
        /is not the model the path names/,
      ],
      [await post(path, { model: 123, prompt: 'x' }), 400, /is not the model the path names/],
      [await post(path, 'prompt=x'), 400, /must be JSON/],
      [await post('/hf-inference/models/other/model/v1/completions', { prompt: 'x' }), 403, /allowModels/],
      [await post(`/hf-inference/models/${GPT2}:together/v1/completions`, { prompt: 'x' }), 400, /no Hub model id/],
    ];
    for (const [res, status, reason] of refused) {
      expect(res.status).toBe(status);
      expect(await errorOf(res)).toMatch(reason);
    }
    expect(calls).toHaveLength(4);
    const tasks = make({ allowTasks: ['summarization'] });
    expect((await tasks.post(path, { model: GPT2, prompt: 'x' })).status).toBe(403);
  });

  it('transcriptions: the form’s model is checked, once, and the form sent as checked', async () => {
    const { calls, proxy, logs } = make({
      allowModels: [LLAMA],
      allowProviderModels: { deepinfra: ['openai/whisper-large-v3'] },
      allowTasks: ['automatic-speech-recognition'],
    });
    const path = '/deepinfra/v1/openai/audio/transcriptions';
    const ok = await postForm(proxy, path, form('openai/whisper-large-v3'));
    expect(ok.status).toBe(200);
    expect(logs[0]).toMatchObject({
      provider: 'deepinfra',
      model: 'openai/whisper-large-v3',
      task: 'automatic-speech-recognition',
    });
    const sent = await new Response(calls[0]!.body, {
      headers: { 'content-type': calls[0]!.headers['content-type']! },
    }).formData();
    expect(sent.getAll('model')).toEqual(['openai/whisper-large-v3']);
    expect(sent.get('file')).toBeInstanceOf(Blob);
    const refused: [Response, number, RegExp][] = [
      [await postForm(proxy, path, form('openai/whisper-small')), 403, /allowProviderModels/],
      [await postForm(proxy, path, form('openai/whisper-large-v3', 'openai/whisper-small')), 400, /"model" 2 times/],
      [await postForm(proxy, path, form()), 400, /multipart form with a "model" field/],
      [await postForm(proxy, path, Response.json({ model: 'openai/whisper-large-v3' })), 400, /multipart form/],
    ];
    for (const [res, status, reason] of refused) {
      expect(res.status).toBe(status);
      expect(await errorOf(res)).toMatch(reason);
    }
    expect(calls).toHaveLength(1);
  });

  it('a route serving several tasks is its first, unless taskOf names another it serves', async () => {
    const asked: string[] = [];
    const taskOf = (model: string, provider: string) => {
      asked.push(`${provider} ${model}`);
      return { kontext: 'image-to-image', flux: 'text-to-image', base: 'text-generation', wan: 'image-to-video' }[
        model
      ];
    };
    const edits = make({ allowTasks: ['image-to-image'], taskOf });
    expect((await edits.post('/together/v1/images/generations', { model: 'kontext', prompt: 'x' })).status).toBe(200);
    expect(edits.logs[0]!.task).toBe('image-to-image');
    expect((await edits.post('/together/v1/images/generations', { model: 'flux', prompt: 'x' })).status).toBe(403);
    // taskOf's answer counts only among the route's tasks.
    expect((await edits.post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'kontext' }))).status).toBe(
      403,
    );
    const noTaskOf = make({ allowTasks: ['image-to-image'] });
    const refused = await noTaskOf.post('/together/v1/images/generations', { model: 'kontext', prompt: 'x' });
    expect(await errorOf(refused)).toMatch(/Task "text-to-image" \(model "kontext"\) is not allowed/);

    const text = make({ allowTasks: ['text-generation', 'image-to-video'], taskOf });
    expect((await text.post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'base' }))).status).toBe(200);
    expect((await text.post('/novita/v3/openai/chat/completions', chatBody('Hi', { model: 'base' }))).status).toBe(200);
    expect((await text.post('/together/v2/videos', { model: 'wan', prompt: 'x' })).status).toBe(200);
    expect(text.logs.map((entry) => entry.task)).toEqual(['text-generation', 'text-generation', 'image-to-video']);
    // The route's first task allowed: taskOf is not asked.
    asked.length = 0;
    const chat = make({ allowTasks: ['chat-completion', 'text-to-image'], taskOf });
    expect((await chat.post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'base' }))).status).toBe(200);
    expect((await chat.post('/together/v1/images/generations', { model: 'kontext', prompt: 'x' })).status).toBe(200);
    expect(asked).toEqual([]);
  });

  it('polls and cancels by job id: no model or task check, allowProviders and the query spec still apply', async () => {
    const polls: [string, string][] = [
      ['GET', '/together/v2/videos/v-1'],
      ['GET', '/novita/v3/async/task-result?task_id=t-1'],
      ['GET', '/novita/v3/minimax/v2/query/video_generation/t-1'],
      ['GET', '/zai-org/api/paas/v4/async-result/z-1'],
      ['PUT', '/fal-ai/fal-ai/flux/requests/r-1/cancel?_subdomain=queue'],
    ];
    const send = (proxy: (request: Request) => Promise<Response>, method: string, path: string, body?: string) =>
      proxy(new Request(`${BASE}${path}`, { method, body }));
    const strict = make({ allowModels: [LLAMA], allowTasks: ['text-to-image'] });
    for (const [method, path] of polls) expect((await send(strict.proxy, method, path)).status, path).toBe(200);
    expect(strict.logs.map((entry) => entry.model)).toEqual(polls.map(() => undefined));
    const others = make({ allowProviders: ['groq'] });
    for (const [method, path] of polls) expect((await send(others.proxy, method, path)).status, path).toBe(403);
    expect(others.calls).toHaveLength(0);
    for (const path of [
      '/novita/v3/async/task-result?task_id=a&task_id=b',
      '/novita/v3/async/task-result?task_id=a&callback=https://evil.test',
      '/together/v2/videos/v-1?x=1',
    ]) {
      expect((await send(strict.proxy, 'GET', path)).status, path).toBe(400);
    }
    expect((await send(strict.proxy, 'PUT', '/fal-ai/fal-ai/flux/requests/r-1/cancel?_subdomain=rest')).status).toBe(
      400,
    );
    // A poll path cannot pose as a submit: `task-result` is no novita model, and submits are POST.
    expect((await send(strict.proxy, 'POST', '/novita/v3/async/task-result', '{}')).status).toBe(405);
    expect((await send(strict.proxy, 'POST', '/novita/v3/async/x/task-result', '{}')).status).toBe(404);
    // A cancel sends no body, whatever the browser attaches.
    const { calls, proxy } = make();
    await send(proxy, 'PUT', '/fal-ai/fal-ai/flux/requests/r-1/cancel?_subdomain=queue', '{"inputs":"x"}');
    expect(calls[0]).toMatchObject({ method: 'PUT', body: '' });
  });

  it('the body model of a provider route names its own id, so a ":provider" suffix goes nowhere else', async () => {
    const { calls, post, logs } = make({
      allowProviders: ['deepinfra'],
      allowProviderModels: { deepinfra: ['meta-llama/Meta-Llama-3-8B'] },
    });
    expect(
      (await post('/deepinfra/v1/openai/completions', { model: 'meta-llama/Meta-Llama-3-8B', prompt: 'x' })).status,
    ).toBe(200);
    const suffixed = await post('/deepinfra/v1/openai/completions', {
      model: 'meta-llama/Meta-Llama-3-8B:groq',
      prompt: 'x',
    });
    expect(suffixed.status).toBe(403);
    expect(logs.map((entry) => entry.provider)).toEqual(['deepinfra', 'deepinfra']);
    expect((await post('/groq/openai/v1/chat/completions', chatBody('Hi', { model: 'x' }))).status).toBe(403);
    expect(calls).toHaveLength(1);
  });

  it("forwards zai-org's x-source-channel and accept-language on its routes only, and lists them in its preflights", async () => {
    const { calls, post, proxy } = make({ cors: true });
    const headers = { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' };
    await post('/zai-org/api/paas/v4/layout_parsing', { model: 'glm-ocr', file: 'data:,' }, headers);
    await post('/together/v1/images/generations', { model: 'x', prompt: 'y' }, headers);
    expect(calls[0]!.headers).toMatchObject(headers);
    expect(calls[1]!.headers).not.toHaveProperty('x-source-channel');
    expect(calls[1]!.headers['accept-language']).not.toBe('en-US,en');
    const preflight = (path: string, method = 'POST') =>
      proxy(new Request(`${BASE}${path}`, { method: 'OPTIONS', headers: { 'access-control-request-method': method } }));
    const zai = await preflight('/zai-org/api/paas/v4/async/images/generations');
    expect(zai.headers.get('access-control-allow-headers')).toBe(
      'content-type, accept, x-use-cache, x-wait-for-model, x-inferkit-fault, prefer, x-source-channel, accept-language',
    );
    const other = await preflight('/together/v1/images/generations');
    expect(other.headers.get('access-control-allow-headers')).toBe(
      'content-type, accept, x-use-cache, x-wait-for-model, x-inferkit-fault, prefer',
    );
    expect(other.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    const cancel = await preflight('/fal-ai/fal-ai/flux/requests/r-1/cancel?_subdomain=queue', 'PUT');
    expect(cancel.headers.get('access-control-allow-methods')).toBe('PUT, OPTIONS');
  });
});
