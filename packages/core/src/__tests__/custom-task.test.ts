/**
 * The public way to add what core lacks: a task made by `createTask` / `createBlobTask`, served by a
 * provider made by `hooked`, routed by the Hub's mapping like the built-in tasks.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createBlobTask, createTask, hooked, InferenceResponseError, type ProviderCall } from '../index';
import { clearProviderMappingCache } from '../hub';

const ROOT = 'http://router.test';
const seen: { url: string; headers: Record<string, string>; body: string }[] = [];

/** The Hub maps `me/labeller` to sambanova (its id there `labeller-v2`); sambanova answers its own way. */
const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  const { url } = request;
  if (url.startsWith(`${ROOT}/api/models/`)) {
    return Response.json({
      inferenceProviderMapping: {
        sambanova: { providerId: 'labeller-v2', status: 'live', task: 'text-classification' },
      },
    });
  }
  seen.push({ url, headers: Object.fromEntries(request.headers), body: await request.text() });
  if (url.endsWith('/poll/job-1'))
    return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/png' } });
  if (url.includes('/images/')) return Response.json({ job: 'job-1' });
  return Response.json({ results: [{ name: 'refund', p: 0.9 }] });
};

const classify = createTask({
  name: 'classifyText',
  task: 'text-classification',
  route: 'model',
  kind: 'query',
  providers: {
    sambanova: hooked({
      path: ({ model }) => `/v1/classify/${model}`,
      body: (wire) => ({ json: { text: (wire.json as { inputs: string }).inputs } }),
      headers: () => ({ 'x-api-version': '2' }),
      read: async (response) => {
        const { results } = (await response.json()) as { results: { name: string; p: number }[] };
        return results.map(({ name, p }) => ({ label: name, score: p }));
      },
    }),
  },
  input: z.object({ inputs: z.string() }),
  toWire: ({ inputs }) => ({ json: { inputs } }),
  output: z.array(z.object({ label: z.string(), score: z.number() })),
  expected: '[{ label, score }]',
});

const draw = createBlobTask({
  name: 'drawPicture',
  task: 'text-classification',
  route: 'model',
  kind: 'mutation',
  providers: {
    sambanova: hooked({
      path: ({ model }) => `/v1/images/${model}`,
      // A follow-up goes through `call.send`: below the router root, with the call's token.
      read: async (response, call: ProviderCall) => {
        const { job } = (await response.json()) as { job: string };
        return (await call.send({ url: `${call.root}/sambanova/poll/${job}`, method: 'GET' })).blob();
      },
    }),
  },
  input: z.object({ inputs: z.string() }),
  toWire: ({ inputs }) => ({ json: { inputs } }),
  expected: 'image bytes',
});

beforeEach(() => {
  seen.length = 0;
  clearProviderMappingCache();
});

describe('a task and provider of your own', () => {
  it("sends the provider's body and headers to its route, with its model id, and reads its answer", async () => {
    const labels = await classify({ model: 'me/labeller', inputs: 'I want my money back', baseUrl: ROOT, fetch });
    expect(labels).toEqual([{ label: 'refund', score: 0.9 }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      url: `${ROOT}/sambanova/v1/classify/labeller-v2`,
      headers: { 'x-api-version': '2', 'content-type': 'application/json' },
      body: '{"text":"I want my money back"}',
    });
  });

  it("checks what the provider's reader gives against the task's output schema", async () => {
    const { task, route, providers, input, toWire } = classify.definition;
    const bad = createTask({
      ...{ task, route, providers, input, toWire },
      name: 'badLabels',
      kind: 'query',
      output: z.array(z.object({ id: z.number() })),
      expected: '[{ id }]',
    });
    const error = await bad({ model: 'me/labeller', inputs: 'x', baseUrl: ROOT, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
  });

  it('a blob task polls through call.send with the token and resolves with the bytes', async () => {
    const image = await draw({
      model: 'me/labeller',
      inputs: 'a cat',
      baseUrl: ROOT,
      accessToken: 'hf_token_123',
      fetch,
    });
    expect(image).toBeInstanceOf(Blob);
    expect(image.type).toBe('image/png');
    expect([...new Uint8Array(await image.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(seen.map((r) => [r.url, r.headers.authorization])).toEqual([
      [`${ROOT}/sambanova/v1/images/labeller-v2`, 'Bearer hf_token_123'],
      [`${ROOT}/sambanova/poll/job-1`, 'Bearer hf_token_123'],
    ]);
  });
});
