/**
 * The Hub's read routes the client looks providers up with, served wherever the emulator is mounted:
 * both mapping forms, expands, lists, tasks, tokens, faults.
 */
import { describe, expect, it } from 'vitest';
import { createEmulatorHandler } from '../handler';
import { providerMappingFor } from '../providers-catalogue';
import { emulator } from './emu-test-utils';

const MAPPING = '?expand[]=inferenceProviderMapping';

describe('GET /api/models/{id}', () => {
  const { get } = emulator();

  it('lists hf-inference for a classic model, in the array form by default', async () => {
    const res = await get(`/api/models/facebook/bart-large-mnli${MAPPING}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({
      _id: expect.stringMatching(/^[0-9a-f]{24}$/),
      id: 'facebook/bart-large-mnli',
      inferenceProviderMapping: [
        {
          provider: 'hf-inference',
          providerId: 'facebook/bart-large-mnli',
          status: 'live',
          task: 'zero-shot-classification',
        },
      ],
    });
  });

  it('answers the object form when x-inferkit-mapping-form: object', async () => {
    const res = await get(`/api/models/facebook/bart-large-mnli${MAPPING}`, { 'x-inferkit-mapping-form': 'object' });
    const body = (await res.json()) as Record<string, unknown>;
    expect(body.inferenceProviderMapping).toEqual({
      'hf-inference': { providerId: 'facebook/bart-large-mnli', status: 'live', task: 'zero-shot-classification' },
    });
  });

  it('maps chat LLMs to chat providers only, with their own ids and task conversational', async () => {
    const body = (await (await get(`/api/models/meta-llama/Llama-3.1-8B-Instruct${MAPPING}`)).json()) as {
      inferenceProviderMapping: { provider: string; providerId: string; task: string }[];
    };
    const byProvider = Object.fromEntries(body.inferenceProviderMapping.map((m) => [m.provider, m]));
    expect(byProvider['hf-inference']).toBeUndefined();
    expect(byProvider.groq).toMatchObject({ providerId: 'llama-3.1-8b-instant', task: 'conversational' });
    expect(byProvider.cerebras?.providerId).toBe('llama3.1-8b');
    expect(byProvider.together?.providerId).toBe('meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo');
  });

  it('maps FLUX to fal-ai first, then replicate, nscale, together, deepinfra, wavespeed', async () => {
    const body = (await (await get(`/api/models/black-forest-labs/FLUX.1-schnell${MAPPING}`)).json()) as {
      inferenceProviderMapping: { provider: string; providerId: string; task: string }[];
    };
    expect(body.inferenceProviderMapping.map((m) => [m.provider, m.providerId])).toEqual([
      ['fal-ai', 'fal-ai/flux/schnell'],
      ['replicate', 'black-forest-labs/flux-schnell'],
      ['nscale', 'black-forest-labs/FLUX.1-schnell'],
      ['together', 'black-forest-labs/FLUX.1-schnell'],
      ['deepinfra', 'black-forest-labs/FLUX-1-schnell'],
      ['wavespeed', 'wavespeed-ai/flux-schnell'],
    ]);
    expect(new Set(body.inferenceProviderMapping.map((m) => m.task))).toEqual(new Set(['text-to-image']));
    expect(providerMappingFor('black-forest-labs/FLUX.1-dev')?.[0]?.providerId).toBe('fal-ai/flux/dev');
  });

  it('expand[]=inference says warm when a provider serves the model (absent under cold-start); expands combine', async () => {
    expect(await (await get('/api/models/dslim/bert-base-NER?expand[]=inference')).json()).toEqual({
      _id: expect.any(String),
      id: 'dslim/bert-base-NER',
      inference: 'warm',
    });
    const llama = (await (
      await get('/api/models/meta-llama/Llama-3.1-8B-Instruct?expand[]=inference')
    ).json()) as object;
    // Warm means "some provider serves it", as on the Hub: chat providers count too.
    expect(llama).toHaveProperty('inference', 'warm');
    const cold = await get('/api/models/dslim/bert-base-NER?expand[]=inference', { 'x-inferkit-fault': 'cold-start' });
    expect(cold.status).toBe(200);
    expect(await cold.json()).not.toHaveProperty('inference');
    const both = (await (
      await get('/api/models/dslim/bert-base-NER?expand[]=inference&expand[]=inferenceProviderMapping')
    ).json()) as Record<string, unknown>;
    expect(both.inference).toBe('warm');
    expect(both.inferenceProviderMapping).toHaveLength(1);
  });

  it('finds ids regardless of case and answers the canonical id', async () => {
    const body = (await (await get(`/api/models/FACEBOOK/BART-large-mnli${MAPPING}`)).json()) as { id: string };
    expect(body.id).toBe('facebook/bart-large-mnli');
  });

  it('answers an unknown model with the Hub 404', async () => {
    const res = await get(`/api/models/nobody/nothing${MAPPING}`);
    expect(res.status).toBe(404);
    expect(res.headers.get('x-error-code')).toBe('RepoNotFound');
    expect(await res.json()).toEqual({ error: 'Repository not found' });
  });

  it('is served wherever the emulator is mounted, next to the router routes', async () => {
    const handler = createEmulatorHandler();
    const res = await handler(new Request(`http://emu.test/some/proxy/api/models/facebook/bart-large-mnli${MAPPING}`));
    expect(res.status).toBe(200);
    // A POST below a router mounted at /api still reaches the model.
    const post = await handler(
      new Request('http://emu.test/api/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: 'great' }),
      }),
    );
    expect(post.status).toBe(200);
  });
});

describe('GET /api/models', () => {
  const { get } = emulator();
  type Row = { id: string; pipeline_tag: string; likes: number; downloads: number; inferenceProviderMapping?: unknown };

  it('filters by provider and pipeline tag', async () => {
    const rows = (await (
      await get('/api/models?inference_provider=fal-ai&pipeline_tag=text-to-image')
    ).json()) as Row[];
    expect(rows.map((r) => r.id).sort()).toEqual([
      'black-forest-labs/FLUX.1-Krea-dev',
      'black-forest-labs/FLUX.1-dev',
      'black-forest-labs/FLUX.1-schnell',
    ]);
    expect(rows[0]).toEqual({
      _id: expect.any(String),
      id: expect.any(String),
      pipeline_tag: 'text-to-image',
      likes: expect.any(Number),
      downloads: expect.any(Number),
    });
  });

  it('takes a comma list or all, search and limit; includes the mapping only when expanded', async () => {
    const chat = (await (await get('/api/models?inference_provider=groq,cerebras')).json()) as Row[];
    expect(chat.map((r) => r.id)).toContain('meta-llama/Llama-3.1-8B-Instruct');
    expect(chat.every((r) => r.pipeline_tag === 'text-generation')).toBe(true);
    const all = (await (await get('/api/models?inference_provider=all')).json()) as Row[];
    expect(all.length).toBeGreaterThan(chat.length);
    const limited = (await (
      await get('/api/models?search=bert&limit=2&expand[]=inferenceProviderMapping')
    ).json()) as Row[];
    expect(limited).toHaveLength(2);
    expect(limited.every((r) => r.id.toLowerCase().includes('bert'))).toBe(true);
    expect(Array.isArray(limited[0]!.inferenceProviderMapping)).toBe(true);
    // Most downloaded first, as the Hub sorts popular lists.
    expect(all[0]!.downloads).toBeGreaterThanOrEqual(all[1]!.downloads);
  });
});

describe('GET /api/tasks', () => {
  it('is keyed by pipeline tag, the first model one the emulator serves', async () => {
    const { get, post } = emulator();
    const tasks = (await (await get('/api/tasks')).json()) as Record<
      string,
      { id: string; label: string; models: { id: string }[] }
    >;
    expect(tasks['text-classification']).toMatchObject({ id: 'text-classification', label: 'Text Classification' });
    expect(tasks['text-to-image']?.label).toBe('Text-to-Image');
    const first = tasks['zero-shot-classification']!.models[0]!.id;
    const res = await post(`/models/${first}`, { inputs: 'x', parameters: { candidate_labels: ['a', 'b'] } });
    expect(res.status).toBe(200);
  });
});

describe('tokens and faults on the Hub routes', () => {
  it('needs no token, but a token that is sent must be valid', async () => {
    const { get } = emulator({ tokens: ['hf_right_token'] });
    expect((await get(`/api/models/facebook/bart-large-mnli${MAPPING}`)).status).toBe(200);
    expect(
      (await get(`/api/models/facebook/bart-large-mnli${MAPPING}`, { authorization: 'Bearer hf_right_token' })).status,
    ).toBe(200);
    const wrong = await get('/api/tasks', { authorization: 'Bearer hf_wrong_token' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'Invalid credentials in Authorization header' });
  });

  it('answers 429, 5xx, 402 and truncated bodies on demand; *N limits apply', async () => {
    const { get } = emulator();
    const url = `/api/models/facebook/bart-large-mnli${MAPPING}`;
    const limited = await get(url, { 'x-inferkit-fault': 'rate-limit=3' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect((await get('/api/models', { 'x-inferkit-fault': 'server-error=503' })).status).toBe(503);
    const credits = await get(url, { 'x-inferkit-fault': 'payment-required' });
    expect(credits.status).toBe(402);
    expect(((await credits.json()) as { error: string }).error).toMatch(/exceeded your monthly included credits/);
    const broken = await get('/api/tasks', { 'x-inferkit-fault': 'malformed' });
    expect(broken.status).toBe(200);
    await expect(broken.json()).rejects.toThrow();
    expect((await get(url, { 'x-inferkit-fault': 'rate-limit*1' })).status).toBe(429);
    expect((await get(url, { 'x-inferkit-fault': 'rate-limit*1' })).status).toBe(200);
  });

  it('applies per-model faults and latency', async () => {
    let slept = 0;
    const clock = { now: () => 0, sleep: async (ms: number) => void (slept += ms) };
    const { get } = emulator({ modelFaults: { 'facebook/bart-large-mnli': 'server-error' }, latency: 'demo', clock });
    expect((await get(`/api/models/facebook/bart-large-mnli${MAPPING}`)).status).toBe(500);
    expect((await get(`/api/models/dslim/bert-base-NER${MAPPING}`)).status).toBe(200);
    expect(slept).toBeGreaterThan(0);
  });
});
