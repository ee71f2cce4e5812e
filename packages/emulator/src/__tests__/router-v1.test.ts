/**
 * The router's own OpenAI-style routes: `/v1/chat/completions` with the Hub id (and a policy or
 * provider suffix) in the body, and `GET /v1/models`.
 */
import { describe, expect, it } from 'vitest';
import { chooseChatProvider, providersOf, splitModelSuffix } from '../providers-catalogue';
import { emulator, sseData, sseEvents } from './emu-test-utils';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const messages = [{ role: 'user', content: 'Hello there' }];

describe('POST /v1/chat/completions (router)', () => {
  const { post } = emulator();
  const chat = (model: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    post('/v1/chat/completions', { model, messages, max_tokens: 8, ...extra }, headers);

  it('without a suffix applies :fastest, the router’s default (highest throughput), naming the provider in x-inference-provider', async () => {
    const res = await chat(LLAMA);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-inference-provider')).toBe('cerebras');
    const body = (await res.json()) as { model: string; object: string; choices: { message: { content: string } }[] };
    expect(body).toMatchObject({ object: 'chat.completion', model: 'llama3.1-8b' });
    expect(body.choices[0]!.message.content.length).toBeGreaterThan(0);
  });

  it('applies :fastest (throughput), :cheapest (output price), :preferred and :<provider>', async () => {
    const cases: [string, string, string][] = [
      [`${LLAMA}:fastest`, 'cerebras', 'llama3.1-8b'],
      [`${LLAMA}:cheapest`, 'novita', 'meta-llama/llama-3.1-8b-instruct'],
      [`${LLAMA}:preferred`, 'groq', 'llama-3.1-8b-instant'],
      [`${LLAMA}:together`, 'together', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo'],
    ];
    for (const [model, provider, providerId] of cases) {
      const res = await chat(model);
      expect(res.status, model).toBe(200);
      expect(res.headers.get('x-inference-provider'), model).toBe(provider);
      expect(((await res.json()) as { model: string }).model, model).toBe(providerId);
    }
  });

  it('streams OpenAI chunks carrying the provider id, ending with [DONE]', async () => {
    const res = await chat(`${LLAMA}:cerebras`, { stream: true, stream_options: { include_usage: true } });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('x-inference-provider')).toBe('cerebras');
    const text = await res.text();
    expect(sseData(text).at(-1)).toBe('[DONE]');
    const events = sseEvents(text);
    expect(events.every((e) => e.object === 'chat.completion.chunk' && e.model === 'llama3.1-8b')).toBe(true);
    expect(events.at(-1)!.usage).toMatchObject({ total_tokens: expect.any(Number) });
  });

  it('answers an unknown model with the router 400 model_not_supported', async () => {
    const res = await chat('nobody/nothing');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        message: "The requested model 'nobody/nothing' is not supported by any provider you have enabled.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_supported',
      },
    });
    // A model no chat provider serves is refused the same way.
    expect((await chat('facebook/bart-large-mnli')).status).toBe(400);
  });

  it('refuses a provider that does not serve the model, naming it', async () => {
    const res = await chat(`${LLAMA}:hf-inference`);
    expect(res.status).toBe(400);
    expect(res.headers.get('x-inference-provider')).toBeNull();
    const { error } = (await res.json()) as { error: Record<string, string> };
    expect(error).toMatchObject({ type: 'invalid_request_error', param: 'model', code: 'model_not_supported' });
    expect(error.message).toContain("provider 'hf-inference'");
  });

  it('keeps /models/{id}/v1/chat/completions (hf-inference) answering with the Hub id', async () => {
    const res = await post(`/models/${LLAMA}/v1/chat/completions`, { messages, max_tokens: 4 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { model: string }).model).toBe(LLAMA);
  });

  it('applies faults (429, 500, 402, 401, stream errors) after choosing the provider', async () => {
    const limited = await chat(LLAMA, {}, { 'x-inferkit-fault': 'rate-limit=2' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('x-inference-provider')).toBe('cerebras');
    expect((await chat(LLAMA, {}, { 'x-inferkit-fault': 'server-error' })).status).toBe(500);
    const credits = await chat(LLAMA, {}, { 'x-inferkit-fault': 'payment-required' });
    expect(credits.status).toBe(402);
    expect(await credits.json()).toEqual({
      error:
        'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.',
    });
    expect((await chat(LLAMA, {}, { 'x-inferkit-fault': 'unauthorized' })).status).toBe(401);
    const stream = await chat(LLAMA, { stream: true }, { 'x-inferkit-fault': 'stream-error=overloaded@1' });
    expect(await stream.text()).toContain('overloaded');
  });

  it('checks tokens like the other inference routes', async () => {
    const secured = emulator({ tokens: ['hf_right_token'] });
    const body = { model: LLAMA, messages };
    expect((await secured.post('/v1/chat/completions', body)).status).toBe(401);
    expect((await secured.post('/v1/chat/completions', body, { authorization: 'Bearer hf_right_token' })).status).toBe(
      200,
    );
  });
});

describe('GET /v1/models', () => {
  it('lists the chat models with each provider offer, in the router shape', async () => {
    const { get } = emulator();
    const res = await get('/v1/models');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { object: string; data: Record<string, any>[] };
    expect(body.object).toBe('list');
    const llama = body.data.find((m) => m.id === LLAMA)!;
    expect(llama).toMatchObject({
      object: 'model',
      created: expect.any(Number),
      owned_by: 'meta-llama',
      architecture: { input_modalities: ['text'], output_modalities: ['text'] },
    });
    expect(llama.providers[0]).toEqual({
      provider: 'groq',
      status: 'live',
      context_length: 131072,
      pricing: { input: 0.05, output: 0.08 },
      supports_tools: true,
      supports_structured_output: false,
      first_token_latency_ms: 170,
      throughput: 760,
      is_model_author: false,
    });
    // Unpriced offers leave `pricing` out, as the router does.
    expect(llama.providers.find((p: { provider: string }) => p.provider === 'scaleway')).not.toHaveProperty('pricing');
    // Only chat models: no classifier, no FLUX, no base LM.
    const ids = body.data.map((m) => m.id);
    expect(ids).not.toContain('facebook/bart-large-mnli');
    expect(ids).not.toContain('black-forest-labs/FLUX.1-schnell');
    expect(ids).not.toContain('openai-community/gpt2');
  });

  it('answers faults too', async () => {
    const { get } = emulator();
    expect((await get('/v1/models', { 'x-inferkit-fault': 'server-error=502' })).status).toBe(502);
  });
});

describe('provider choice helpers', () => {
  it('split the suffix and choose like the router', () => {
    expect(splitModelSuffix('a/b:fastest')).toEqual({ id: 'a/b', suffix: 'fastest' });
    expect(splitModelSuffix('a/b')).toEqual({ id: 'a/b', suffix: undefined });
    const entries = providersOf(LLAMA)!;
    expect(chooseChatProvider(entries, 'nope')).toBeUndefined();
    // A user-added chat model is served by hf-inference under its own id.
    const custom = emulator({
      models: [{ id: 'me/my-chat', task: 'text-generation', tasks: ['conversational'] }],
    }).handler.catalogue;
    expect(providersOf('me/my-chat', custom)).toEqual([
      expect.objectContaining({ provider: 'hf-inference', providerId: 'me/my-chat', task: 'conversational' }),
    ]);
  });
});
