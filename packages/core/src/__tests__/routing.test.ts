/** Provider routing: the Hub lookup, its cache, the choice of provider and the errors when none fits. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceValidationError } from '../errors';
import { clearProviderMappingCache, getProviderMapping, MAPPING_TTL_MS } from '../hub';
import { chatCompletion } from '../tasks/chat-completion';
import { featureExtraction } from '../tasks/feature-extraction';
import { textToImage } from '../tasks/text-to-image';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { mockFetch } from './fetch-mock';

const ROOT = 'https://router.huggingface.co';
const HUB = 'https://huggingface.co';

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The Hub answers `mapping` (array or object form); every other request gets `answer`. */
function hub(mapping: unknown, answer: () => Response = () => Response.json([{ label: 'a', score: 1 }])) {
  const seen: Seen[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({
      method: request.method,
      url: decodeURI(request.url),
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
    });
    if (request.url.includes('/api/models/')) return Response.json({ id: 'x', inferenceProviderMapping: mapping });
    return answer();
  };
  return { seen, fetch: fetch as typeof globalThis.fetch, lookups: () => seen.filter((r) => r.url.includes('/api/')) };
}

const zeroShot = { inputs: 'hi', parameters: { candidateLabels: ['a'] } };

beforeEach(() => clearProviderMappingCache());
afterEach(() => vi.useRealTimers());

describe('the Hub lookup', () => {
  it('reads the array form and the object form alike', async () => {
    const entry = { providerId: 'm', status: 'live', task: 'zero-shot-classification' };
    for (const mapping of [[{ provider: 'hf-inference', ...entry }], { 'hf-inference': entry }]) {
      clearProviderMappingCache();
      const { fetch, seen } = hub(mapping);
      await zeroShotClassification({ ...zeroShot, model: 'org/m', fetch });
      expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
        `GET ${HUB}/api/models/org/m?expand[]=inferenceProviderMapping`,
        `POST ${ROOT}/hf-inference/models/m`,
      ]);
    }
  });

  it('goes below baseUrl (the proxy or emulator answers it), or to hubUrl when given', async () => {
    const mapping = [
      { provider: 'hf-inference', providerId: 'org/m', status: 'live', task: 'zero-shot-classification' },
    ];
    const a = hub(mapping);
    await zeroShotClassification({
      ...zeroShot,
      model: 'org/m',
      baseUrl: 'http://proxy.test/api/inference/',
      fetch: a.fetch,
    });
    expect(a.seen.map((r) => r.url)).toEqual([
      'http://proxy.test/api/inference/api/models/org/m?expand[]=inferenceProviderMapping',
      'http://proxy.test/api/inference/hf-inference/models/org/m',
    ]);
    clearProviderMappingCache();
    const b = hub(mapping);
    await zeroShotClassification({
      ...zeroShot,
      model: 'org/m',
      baseUrl: 'http://proxy.test',
      hubUrl: 'http://hub.test',
      fetch: b.fetch,
    });
    expect(b.seen[0]!.url).toBe('http://hub.test/api/models/org/m?expand[]=inferenceProviderMapping');
  });

  it('carries the token only when it is an hf_ token, and never the bill-to header', async () => {
    const mapping = [
      { provider: 'hf-inference', providerId: 'org/m', status: 'live', task: 'zero-shot-classification' },
    ];
    const a = hub(mapping);
    await zeroShotClassification({
      ...zeroShot,
      model: 'org/m',
      accessToken: 'hf_abcdefgh',
      billTo: 'my-org',
      fetch: a.fetch,
    });
    expect(a.lookups()[0]!.headers).toEqual({ authorization: 'Bearer hf_abcdefgh' });
    expect(a.seen[1]!.headers['x-hf-bill-to']).toBe('my-org');
    clearProviderMappingCache();
    const b = hub(mapping);
    await zeroShotClassification({ ...zeroShot, model: 'org/m', accessToken: 'sk-provider-key', fetch: b.fetch });
    expect(b.lookups()[0]!.headers.authorization).toBeUndefined();
  });

  it('50 concurrent calls make one lookup; the answer is reused until the TTL ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const { fetch, lookups, seen } = hub([
      { provider: 'hf-inference', providerId: 'org/m', status: 'live', task: 'zero-shot-classification' },
    ]);
    await Promise.all(Array.from({ length: 50 }, () => zeroShotClassification({ ...zeroShot, model: 'org/m', fetch })));
    expect(lookups()).toHaveLength(1);
    expect(seen).toHaveLength(51);
    vi.setSystemTime(Date.now() + MAPPING_TTL_MS - 1);
    await zeroShotClassification({ ...zeroShot, model: 'org/m', fetch });
    expect(lookups()).toHaveLength(1);
    vi.setSystemTime(Date.now() + 2);
    await zeroShotClassification({ ...zeroShot, model: 'org/m', fetch });
    expect(lookups()).toHaveLength(2);
  });

  it('one caller’s abort does not fail the lookup the others wait on; a failed lookup is not cached', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let failures = 1;
    const fetch = (async (input: RequestInfo | URL) => {
      if (String(input).includes('/api/models/')) {
        await gate;
        if (failures-- > 0) return Response.json({ error: 'Hub down' }, { status: 500 });
        return Response.json({
          inferenceProviderMapping: [
            { provider: 'hf-inference', providerId: 'm', status: 'live', task: 'zero-shot-classification' },
          ],
        });
      }
      return Response.json([{ label: 'a', score: 1 }]);
    }) as typeof globalThis.fetch;
    const controller = new AbortController();
    const aborted = zeroShotClassification({ ...zeroShot, model: 'org/m', fetch, signal: controller.signal });
    const other = zeroShotClassification({ ...zeroShot, model: 'org/m', fetch });
    controller.abort(new Error('user left'));
    await expect(aborted).rejects.toThrow('user left');
    release();
    await expect(other).rejects.toMatchObject({ name: 'InferenceHTTPError', status: 500 });
    await expect(zeroShotClassification({ ...zeroShot, model: 'org/m', fetch })).resolves.toHaveLength(1);
  });

  it('refuses a model id that would move the request to another Hub route', async () => {
    const { fetch, seen } = hub([]);
    for (const model of ['../../api/whoami', 'a/b/c', 'org/..']) {
      await expect(getProviderMapping(model, { fetch })).rejects.toBeInstanceOf(InferenceValidationError);
    }
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['', 'is required: pass a Hub model id'],
    [undefined, 'is required: pass a Hub model id'],
    ['https://my-endpoint.test/v1', 'not a URL: a dedicated endpoint has no Hub entry'],
    ['a/../b', 'must be a Hub model id (owner/name)'],
  ])('getProviderMapping(%j) says what is wrong with the model, before any request', async (model, message) => {
    const { fetch, seen } = hub([]);
    const error = await getProviderMapping(model as string, { fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues).toEqual([{ path: 'model', message: expect.stringContaining(message) }]);
    expect(seen).toHaveLength(0);
  });
});

describe('choosing the provider', () => {
  const flux = [
    { provider: 'fal-ai', providerId: 'fal-ai/flux/schnell', status: 'live', task: 'text-to-image' },
    { provider: 'replicate', providerId: 'black-forest-labs/flux-schnell', status: 'live', task: 'text-to-image' },
  ];

  it('auto takes the first provider listed; a preference list, its first that serves the model', async () => {
    const replicateAnswer = () =>
      new Response(JSON.stringify({ id: 'p', status: 'succeeded', output: 'data:image/png;base64,iVBORw==' }), {
        headers: { 'content-type': 'application/json' },
      });
    const { fetch, seen } = hub(flux, replicateAnswer);
    await textToImage({
      model: 'black-forest-labs/FLUX.1-schnell',
      inputs: 'a cat',
      provider: ['nscale', 'replicate', 'fal-ai'],
      fetch,
    });
    expect(seen[1]!.url).toBe(`${ROOT}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`);
  });

  it('a `:provider` suffix names the provider, as for chat; a router policy or a clash with `provider` is refused', async () => {
    const replicateAnswer = () =>
      new Response(JSON.stringify({ id: 'p', status: 'succeeded', output: 'data:image/png;base64,iVBORw==' }), {
        headers: { 'content-type': 'application/json' },
      });
    const { fetch, seen } = hub(flux, replicateAnswer);
    await textToImage({ model: 'black-forest-labs/FLUX.1-schnell:replicate', inputs: 'a cat', fetch });
    // The lookup is for the Hub id, and the suffix picks replicate over fal-ai (listed first).
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET ${HUB}/api/models/black-forest-labs/FLUX.1-schnell?expand[]=inferenceProviderMapping`,
      `POST ${ROOT}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`,
    ]);
    const refused = async (args: object) =>
      (await textToImage({ inputs: 'a cat', fetch, ...args } as never).catch((e) => e)) as InferenceValidationError;
    const policy = await refused({ model: 'black-forest-labs/FLUX.1-schnell:fastest' });
    expect(policy).toBeInstanceOf(InferenceValidationError);
    expect(policy.issues[0]).toMatchObject({
      path: 'provider',
      message: expect.stringMatching(/^"fastest" does not serve textToImage; the providers that do: .*"fal-ai"/),
    });
    const clash = await refused({ model: 'black-forest-labs/FLUX.1-schnell:replicate', provider: 'fal-ai' });
    expect(clash.issues[0]).toMatchObject({
      path: 'provider',
      message: expect.stringMatching(/cannot be combined with the suffix/),
    });
    expect(seen).toHaveLength(2);
  });

  it('a model the Hub maps for another task is an InferenceValidationError naming both tasks', async () => {
    const { fetch, seen } = hub([
      {
        provider: 'together',
        providerId: 'meta-llama/Llama-3.1-8B-Instruct-Turbo',
        status: 'live',
        task: 'conversational',
      },
    ]);
    const error = await textToImage({ model: 'meta-llama/Llama-3.1-8B-Instruct', inputs: 'a cat', fetch }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.message).toMatch(/"together" \(conversational\).*needs "text-to-image"/);
    expect(seen).toHaveLength(1);
  });

  it('a named provider that does not serve the model, or not the task, names the providers that do', async () => {
    const { fetch } = hub(flux);
    const notMapped = await textToImage({
      model: 'black-forest-labs/FLUX.1-schnell',
      inputs: 'x',
      provider: 'nscale',
      fetch,
    }).catch((e) => e);
    expect(notMapped).toBeInstanceOf(InferenceValidationError);
    expect(notMapped.issues[0].path).toBe('provider');
    expect(notMapped.message).toContain('"fal-ai" (text-to-image), "replicate" (text-to-image)');
    const noTask = await zeroShotClassification({ ...zeroShot, model: 'org/m', provider: 'fal-ai', fetch }).catch(
      (e) => e,
    );
    expect(noTask.message).toMatch(
      /"fal-ai" does not serve zeroShotClassification; the providers that do: "hf-inference"/,
    );
  });

  it('the sentence-transformers tasks count as one: a similarity model serves embeddings', async () => {
    const { fetch, seen } = hub(
      [
        {
          provider: 'hf-inference',
          providerId: 'sentence-transformers/all-MiniLM-L6-v2',
          status: 'live',
          task: 'sentence-similarity',
        },
      ],
      () => Response.json([0.1, 0.2]),
    );
    await featureExtraction({ model: 'sentence-transformers/all-MiniLM-L6-v2', inputs: 'hi', fetch });
    expect(seen[1]!.url).toBe(
      `${ROOT}/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction`,
    );
  });

  it('a model no provider serves is an InferenceValidationError, not a request', async () => {
    const { fetch, seen } = hub(undefined);
    await expect(zeroShotClassification({ ...zeroShot, model: 'org/private', fetch })).rejects.toThrow(
      /not served by any Inference Provider/,
    );
    expect(seen).toHaveLength(1);
  });
});

describe('chat routing', () => {
  const chat = () =>
    Response.json({
      id: 'x',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    });
  const messages = [{ role: 'user' as const, content: 'Hi' }];

  it('suffixes pass through unchanged; a named provider becomes the suffix; no lookup either way', async () => {
    const { fetch, seen } = hub([], chat);
    await chatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct:cheapest', messages, fetch });
    await chatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct', provider: 'groq', messages, fetch });
    expect(seen.map((r) => [r.url, JSON.parse(r.body).model])).toEqual([
      [`${ROOT}/v1/chat/completions`, 'meta-llama/Llama-3.1-8B-Instruct:cheapest'],
      [`${ROOT}/v1/chat/completions`, 'meta-llama/Llama-3.1-8B-Instruct:groq'],
    ]);
  });

  it('a suffix and a named provider together are refused before any request', async () => {
    const { fetch, seen } = hub([], chat);
    const error = await chatCompletion({ model: 'a/b:fastest', provider: 'groq', messages, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues[0].path).toBe('provider');
    expect(seen).toHaveLength(0);
  });

  it('an endpointUrl with a model: the OpenAI-compatible server gets that model; without one, "tgi"', async () => {
    const { fetch, seen } = hub([], chat);
    await chatCompletion({ endpointUrl: 'http://vllm.test/v1', model: 'Qwen/Qwen2.5-7B-Instruct', messages, fetch });
    await chatCompletion({ endpointUrl: 'http://tgi.test', messages, fetch });
    expect(seen.map((r) => [r.url, JSON.parse(r.body).model])).toEqual([
      ['http://vllm.test/v1/chat/completions', 'Qwen/Qwen2.5-7B-Instruct'],
      ['http://tgi.test/v1/chat/completions', 'tgi'],
    ]);
  });

  it("an endpoint's chat route is found from its root, its /v1 or the route itself; other tasks use the root as given", async () => {
    const { fetch, seen } = hub([], chat);
    for (const endpointUrl of ['http://a.test/', 'http://a.test/v1/', 'http://a.test/v1/chat/completions']) {
      await chatCompletion({ endpointUrl, messages, fetch });
    }
    expect(seen.map((r) => r.url)).toEqual(Array(3).fill('http://a.test/v1/chat/completions'));
    const other = mockFetch([{ label: 'a', score: 1 }]);
    await zeroShotClassification({
      endpointUrl: 'http://a.test/v1/',
      inputs: 'x',
      parameters: { candidateLabels: ['a'] },
      fetch: other.fetch,
    });
    expect(other.calls[0]!.url).toBe('http://a.test/v1');
  });
});
