import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { InferenceHTTPError, InferenceNetworkError, InferenceResponseError, InferenceValidationError } from '../errors';
import { RECOMMENDED_MODELS, getModelStatus, getRecommendedModel, listChatModels, listModels } from '../hub-api';
import { json, mockFetch, type Recorded } from './fetch-mock';

const TOKEN = 'hf_hubSecretToken0123';
const HUB = 'https://huggingface.co';
const ROUTER = 'https://router.huggingface.co';

/** Every view of an error a log could show must be free of the token. */
const expectClean = (error: unknown, secret = TOKEN) => {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error & { body?: unknown };
  for (const view of [e.message, e.stack ?? '', JSON.stringify(e), inspect(e, { depth: 10 }), JSON.stringify(e.body)])
    expect(view).not.toContain(secret);
};
/** A server that echoes the credentials it received, in its error body and message. */
const echo = (status: number) => (r: Recorded) =>
  json({ error: `bad token ${r.headers.authorization}`, headers: r.headers }, status);

describe('getModelStatus', () => {
  const url = `${HUB}/api/models/google/gemma-3-27b-it?expand[]=inference&expand[]=inferenceProviderMapping`;

  it('reads the object form of inferenceProviderMapping, with the hf_ token', async () => {
    const { fetch, calls } = mockFetch({
      _id: '67c35b9bb236f0d365bf29d3',
      id: 'google/gemma-3-27b-it',
      inference: 'warm',
      inferenceProviderMapping: {
        'featherless-ai': { status: 'live', providerId: 'google/gemma-3-27b-it', task: 'conversational' },
        scaleway: { status: 'live', providerId: 'gemma-3-27b-it', task: 'conversational', isModelAuthor: false },
      },
    });
    const status = await getModelStatus({ model: 'google/gemma-3-27b-it', accessToken: TOKEN, fetch });
    expect(status).toEqual({
      inference: 'warm',
      providers: [
        { provider: 'featherless-ai', providerId: 'google/gemma-3-27b-it', status: 'live', task: 'conversational' },
        { provider: 'scaleway', providerId: 'gemma-3-27b-it', status: 'live', task: 'conversational' },
      ],
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.url).toBe(url);
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('reads the array form, and a model that is not served', async () => {
    const { fetch } = mockFetch(
      {
        id: 'fal/model',
        inferenceProviderMapping: [
          {
            provider: 'fal-ai',
            hfModelId: 'fal/model',
            providerId: 'fal-ai/x',
            status: 'staging',
            task: 'text-to-image',
          },
        ],
      },
      { _id: '1', id: 'manycore-research/SpatialLM-Llama-1B' },
    );
    expect(await getModelStatus({ model: 'fal/model', fetch })).toEqual({
      inference: undefined,
      providers: [{ provider: 'fal-ai', providerId: 'fal-ai/x', status: 'staging', task: 'text-to-image' }],
    });
    expect(await getModelStatus({ model: 'manycore-research/SpatialLM-Llama-1B', fetch })).toEqual({
      inference: undefined,
      providers: [],
    });
  });

  it('does not send a token that is not a Hugging Face token; keeps custom headers; honours hubUrl and baseUrl', async () => {
    const { fetch, calls } = mockFetch({ id: 'a/b' });
    await getModelStatus({ model: 'a/b', accessToken: 'sk-provider-key', headers: { 'x-trace': '1' }, fetch });
    expect(calls[0]!.headers.authorization).toBeUndefined();
    expect(calls[0]!.headers['x-trace']).toBe('1');
    await getModelStatus({ model: 'a/b:fastest', hubUrl: 'http://hub.test/', fetch });
    expect(calls[1]!.url).toBe('http://hub.test/api/models/a/b?expand[]=inference&expand[]=inferenceProviderMapping');
    await getModelStatus({ model: 'gpt2', baseUrl: 'http://emu.test', fetch });
    expect(calls[2]!.url).toMatch(/^http:\/\/emu\.test\/api\/models\/gpt2\?/);
  });

  it.each([
    [undefined, 'is required'],
    ['https://my-endpoint.test/v1', 'not a URL'],
    ['a/../../api/whoami-v2', 'Hub model id'],
    ['a/b?x=1', 'Hub model id'],
  ])('rejects model %s before any request', async (model, message) => {
    const { fetch, calls } = mockFetch({});
    const error = await getModelStatus({ model, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues[0]).toMatchObject({ path: 'model' });
    expect(error.issues[0].message).toContain(message);
    expect(calls).toHaveLength(0);
  });

  it.each([
    [['not', 'an', 'object']],
    [{ inferenceProviderMapping: 'live' }],
    [{ inferenceProviderMapping: { x: { status: 'live' } } }],
  ])('throws InferenceResponseError on a malformed answer %j', async (body) => {
    const { fetch } = mockFetch(body);
    const error = await getModelStatus({ model: 'a/b', fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.model).toBe('a/b');
  });

  it('scrubs the token a server echoes in its error and in a malformed answer', async () => {
    const { fetch } = mockFetch(echo(401), (r: Recorded) =>
      json({ inferenceProviderMapping: r.headers.authorization }),
    );
    const http = await getModelStatus({ model: 'a/b', accessToken: TOKEN, fetch }).catch((e) => e);
    expect(http).toBeInstanceOf(InferenceHTTPError);
    expect(http.status).toBe(401);
    expectClean(http);
    const malformed = await getModelStatus({ model: 'a/b', accessToken: TOKEN, fetch }).catch((e) => e);
    expect(malformed).toBeInstanceOf(InferenceResponseError);
    expectClean(malformed);
  });

  it('does not wait out a 503', async () => {
    const { fetch, calls } = mockFetch(json({ error: 'loading', estimated_time: 20 }, 503));
    const error = await getModelStatus({ model: 'a/b', fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(calls).toHaveLength(1);
  });
});

describe('listModels', () => {
  it('lists served models by default, mapping pipeline_tag and skipping entries without id', async () => {
    const { fetch, calls } = mockFetch([
      { _id: '1', id: 'a/b', pipeline_tag: 'text-to-image', likes: 3, downloads: 10, tags: ['x'] },
      { id: 'c/d' },
      { pipeline_tag: 'orphan' },
      null,
    ]);
    expect(await listModels({ fetch })).toEqual([
      { id: 'a/b', task: 'text-to-image', likes: 3, downloads: 10 },
      { id: 'c/d', task: undefined, likes: undefined, downloads: undefined },
    ]);
    expect(calls[0]!.url).toBe(`${HUB}/api/models?inference_provider=all`);
    expect(calls[0]!.method).toBe('GET');
  });

  it('encodes provider lists, task names, search and limit', async () => {
    const { fetch, calls } = mockFetch([]);
    await listModels({
      provider: ['nscale', 'novita'],
      task: 'imageTextToText',
      search: 'Llama 3&x=1#',
      limit: 5,
      accessToken: TOKEN,
      fetch,
    });
    const url = new URL(calls[0]!.url);
    expect(url.pathname).toBe('/api/models');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      inference_provider: 'nscale,novita',
      pipeline_tag: 'image-text-to-text',
      search: 'Llama 3&x=1#',
      limit: '5',
    });
    expect(calls[0]!.url).toContain('search=Llama+3%26x%3D1%23');
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each([0, -1, 2.5, NaN])('rejects limit %s', async (limit) => {
    const { fetch, calls } = mockFetch([]);
    const error = await listModels({ limit, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues[0].path).toBe('limit');
    expect(calls).toHaveLength(0);
  });

  it('throws a scrubbed InferenceResponseError when the answer is not a list, and scrubs HTTP errors', async () => {
    const { fetch } = mockFetch((r: Recorded) => json({ echo: r.headers.authorization }), echo(500));
    const malformed = await listModels({ accessToken: TOKEN, fetch }).catch((e) => e);
    expect(malformed).toBeInstanceOf(InferenceResponseError);
    expectClean(malformed);
    const http = await listModels({ accessToken: TOKEN, fetch }).catch((e) => e);
    expect(http).toBeInstanceOf(InferenceHTTPError);
    expectClean(http);
  });
});

describe('listChatModels', () => {
  const answer = {
    object: 'list',
    data: [
      {
        id: 'deepseek-ai/DeepSeek-V4-Pro',
        object: 'model',
        created: 1776837885,
        owned_by: 'deepseek-ai',
        architecture: { input_modalities: ['text'], output_modalities: ['text'] },
        providers: [
          {
            provider: 'novita',
            status: 'live',
            context_length: 1048576,
            pricing: { input: 1.69, output: 3.38 },
            supports_tools: true,
            supports_structured_output: false,
            first_token_latency_ms: 1490,
            throughput: 24.69,
            is_model_author: false,
            some_future_field: 'ignored',
          },
          { provider: 'featherless-ai', status: 'live', is_model_author: false, pricing: { input: 1 } },
          { status: 'live' },
        ],
      },
      { id: 'bare/model' },
      { object: 'model' },
    ],
  };

  it('maps the router list to camelCase, latency in seconds, tolerating missing fields', async () => {
    const { fetch, calls } = mockFetch(answer);
    expect(await listChatModels({ fetch, accessToken: TOKEN })).toEqual([
      {
        id: 'deepseek-ai/DeepSeek-V4-Pro',
        ownedBy: 'deepseek-ai',
        created: 1776837885,
        providers: [
          {
            provider: 'novita',
            status: 'live',
            contextLength: 1048576,
            pricing: { input: 1.69, output: 3.38 },
            supportsTools: true,
            supportsStructuredOutput: false,
            latency: 1.49,
            throughput: 24.69,
            isModelAuthor: false,
          },
          { provider: 'featherless-ai', status: 'live', isModelAuthor: false },
        ],
      },
      { id: 'bare/model', providers: [] },
    ]);
    expect(calls[0]!.url).toBe(`${ROUTER}/v1/models`);
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(JSON.stringify(await listChatModels({ fetch }))).not.toContain('some_future_field');
  });

  it('goes to baseUrl, without a token that is not hf_', async () => {
    const { fetch, calls } = mockFetch(answer);
    await listChatModels({ baseUrl: 'http://emu.test/', accessToken: 'provider-key-1234', fetch });
    expect(calls[0]!.url).toBe('http://emu.test/v1/models');
    expect(calls[0]!.headers.authorization).toBeUndefined();
  });

  it('rejects an answer without a data list, scrubbed', async () => {
    const { fetch } = mockFetch((r: Recorded) => json({ object: 'list', echo: r.headers.authorization }));
    const error = await listChatModels({ accessToken: TOKEN, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expectClean(error);
  });
});

describe('getRecommendedModel', () => {
  const tasks = {
    'zero-shot-classification': { models: [{ id: 'hub/zero-shot', description: '' }], widgetModels: [] },
    'text-generation': { models: [{ id: 'hub/llm' }], widgetModels: ['hub/widget-llm'] },
    'text-to-video': { models: [] },
  };
  // A fresh fetch per test: the cache is per fetch and Hub root.
  const hub = (...responders: unknown[]) => mockFetch(...responders);

  it('returns the Hub first model for a function name or a pipeline tag, widget models first', async () => {
    const { fetch, calls } = hub(tasks);
    expect(await getRecommendedModel('zeroShotClassification', { fetch })).toBe('hub/zero-shot');
    expect(await getRecommendedModel('zero-shot-classification', { fetch })).toBe('hub/zero-shot');
    expect(await getRecommendedModel('chatCompletion', { fetch })).toBe('hub/widget-llm');
    expect(await getRecommendedModel('conversational', { fetch })).toBe('hub/widget-llm');
    expect(await getRecommendedModel('textGenerationStream', { fetch })).toBe('hub/widget-llm');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${HUB}/api/tasks`);
    expect(calls[0]!.method).toBe('GET');
  });

  it('uses the table when the Hub names no model for the task', async () => {
    const { fetch } = hub(tasks);
    expect(await getRecommendedModel('textToVideo', { fetch })).toBe(RECOMMENDED_MODELS['text-to-video']);
    expect(await getRecommendedModel('tokenClassification', { fetch })).toBe('dslim/bert-base-NER');
  });

  it('falls back to the table on a 500 (echoing the token) and on a network error, and asks again next time', async () => {
    const failing = hub(echo(500));
    expect(await getRecommendedModel('zeroShotClassification', { fetch: failing.fetch, accessToken: TOKEN })).toBe(
      'facebook/bart-large-mnli',
    );
    await getRecommendedModel('zeroShotClassification', { fetch: failing.fetch });
    expect(failing.calls).toHaveLength(2);
    const down = hub(() => Promise.reject(new TypeError('fetch failed')));
    expect(await getRecommendedModel('text-to-image', { fetch: down.fetch })).toBe('black-forest-labs/FLUX.1-schnell');
    expect(await getRecommendedModel('chatCompletion', { fetch: down.fetch })).toBe('meta-llama/Llama-3.1-8B-Instruct');
    const garbage = hub(new Response('<html>', { status: 200 }));
    expect(await getRecommendedModel('summarization', { fetch: garbage.fetch })).toBe('facebook/bart-large-cnn');
  });

  it('sends 20 concurrent calls as one request, and caches per Hub root', async () => {
    let resolve!: (response: Response) => void;
    const { fetch, calls } = hub(() => new Promise<Response>((r) => (resolve = r)), json(tasks));
    const pending = Array.from({ length: 20 }, () => getRecommendedModel('zeroShotClassification', { fetch }));
    await new Promise((r) => setTimeout(r, 10));
    resolve(json(tasks));
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['hub/zero-shot']));
    expect(calls).toHaveLength(1);
    await getRecommendedModel('fill-mask', { fetch });
    expect(calls).toHaveLength(1);
    await getRecommendedModel('fill-mask', { fetch, hubUrl: 'http://other-hub.test' });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.url).toBe('http://other-hub.test/api/tasks');
  });

  it('aborts with the signal reason instead of falling back, without failing the other callers', async () => {
    let resolve!: (response: Response) => void;
    const { fetch, calls } = hub(() => new Promise<Response>((r) => (resolve = r)));
    const controller = new AbortController();
    const aborted = getRecommendedModel('zeroShotClassification', { fetch, signal: controller.signal });
    const other = getRecommendedModel('zeroShotClassification', { fetch });
    await new Promise((r) => setTimeout(r, 10));
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    resolve(json(tasks));
    expect(await other).toBe('hub/zero-shot');
    expect(calls).toHaveLength(1);
    const already = AbortSignal.abort(reason);
    await expect(getRecommendedModel('fill-mask', { fetch, signal: already })).rejects.toBe(reason);
    expect(calls).toHaveLength(1);
  });

  it('throws InferenceValidationError naming task when neither the Hub nor the table knows it', async () => {
    const { fetch } = hub(tasks);
    const error = await getRecommendedModel('robotics', { fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues[0].path).toBe('task');
    const network = await getRecommendedModel('', { fetch }).catch((e) => e);
    expect(network).toBeInstanceOf(InferenceValidationError);
    expect(network).not.toBeInstanceOf(InferenceNetworkError);
  });
});
