import { describe, expect, it } from 'vitest';
import { listModels } from '../catalogue';
import { BASE, chatUrl, emulator, sseData, sseEvents } from './emu-test-utils';

const ZS = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };

describe('routing', () => {
  const { post, get, handler } = emulator();

  it('serves a model by its pipeline tag at /models/{id}, with the id containing a slash', async () => {
    const res = await post('/models/facebook/bart-large-mnli', ZS);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { label: string }[];
    expect(body.map((x) => x.label).sort()).toEqual(['faq', 'refund']);
  });

  it('finds ids regardless of case, and the legacy id without its organisation', async () => {
    expect((await post('/models/FACEBOOK/bart-large-MNLI', ZS)).status).toBe(200);
    expect((await post('/models/distilbert-base-uncased-finetuned-sst-2-english', { inputs: 'great' })).status).toBe(
      200,
    );
    expect((await post('/models/facebook%2Fbart-large-mnli', ZS)).status).toBe(200);
  });

  it('works below any router root (/hf-inference/models/...)', async () => {
    const res = await handler(
      new Request('https://router.huggingface.co/hf-inference/models/facebook/bart-large-mnli', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ZS),
      }),
    );
    expect(res.status).toBe(200);
    expect((await post('/api/v1/models/facebook/bart-large-mnli', ZS)).status).toBe(200);
  });

  it('answers an unknown model with the API 404 body', async () => {
    const res = await post('/models/someone/not-a-model', { inputs: 'x' });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: 'Model someone/not-a-model does not exist' });
  });

  it('answers a model asked for a task it does not serve with the API 400 body', async () => {
    const res = await post('/models/facebook/bart-large-mnli/pipeline/feature-extraction', { inputs: 'x' });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: 'Model not supported for task feature-extraction. Supported task: zero-shot-classification.',
    });
    const chat = await post(chatUrl('facebook/bart-large-mnli'), {
      model: 'x',
      messages: [{ role: 'user', content: 'hi' }],
    });
    expect(chat.status).toBe(400);
    expect(((await chat.json()) as { error: string }).error).toMatch(/not supported for task conversational/);
    const base = await post(chatUrl('openai-community/gpt2'), { messages: [{ role: 'user', content: 'hi' }] });
    expect(base.status).toBe(400);
  });

  it('serves /pipeline/{task} for the model task', async () => {
    expect(
      (
        await post('/models/dslim/bert-base-NER/pipeline/token-classification', {
          inputs: 'Angela Merkel lives in Berlin.',
        })
      ).status,
    ).toBe(200);
  });

  it('rejects bad JSON and missing inputs with 400 {"error"}', async () => {
    const bad = await post('/models/facebook/bart-large-mnli', '{"inputs": "x",');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/JSON/);
    const missing = await post('/models/facebook/bart-large-mnli', { parameters: {} });
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'Error in `inputs`: field required' });
    const labels = await post('/models/facebook/bart-large-mnli', { inputs: 'x' });
    expect(labels.status).toBe(400);
    expect(((await labels.json()) as { error: string }).error).toMatch(/candidate_labels/);
  });

  it('answers chat validation errors with 422 and error_type, as TGI does', async () => {
    const model = 'meta-llama/Llama-3.1-8B-Instruct';
    for (const body of [
      { model },
      { model, messages: [] },
      { model, messages: [{ role: 'robot', content: 'x' }] },
      { model, messages: [{ role: 'user', content: 'x' }], max_tokens: 0 },
      { model, messages: [{ role: 'user', content: 'x' }], temperature: -1 },
      { model, messages: [{ role: 'user', content: 'x' }], stop: ['a', 'b', 'c', 'd', 'e'] },
      {
        model,
        messages: [{ role: 'user', content: 'x' }],
        tool_choice: { type: 'function', function: { name: 'nope' } },
      },
    ]) {
      const res = await post(chatUrl(model), body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      const error = (await res.json()) as { error: string; error_type: string };
      expect(typeof error.error).toBe('string');
      expect(error.error_type).toBeTruthy();
    }
  });

  it('serves /v1/chat/completions with the model named in the body', async () => {
    const res = await post('/v1/chat/completions', {
      model: 'Qwen/Qwen2.5-7B-Instruct',
      messages: [{ role: 'user', content: 'Hello' }],
    });
    expect(res.status).toBe(200);
    // The router answers with the provider's own id (together's, the first provider of this model).
    expect(((await res.json()) as { model: string }).model).toBe('Qwen/Qwen2.5-7B-Instruct-Turbo');
    expect(res.headers.get('x-inference-provider')).toBe('together');
    expect(
      (await post('/v1/chat/completions', { model: 'no/such', messages: [{ role: 'user', content: 'x' }] })).status,
    ).toBe(400);
    expect((await post('/v1/chat/completions', { messages: [{ role: 'user', content: 'x' }] })).status).toBe(422);
  });

  it('answers text generation with stream: true as TGI /generate_stream SSE', async () => {
    const res = await post('/models/Qwen/Qwen2.5-7B-Instruct', {
      inputs: 'Once upon a time',
      parameters: { max_new_tokens: 5 },
      stream: true,
    });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = sseEvents(await res.text());
    expect(events).toHaveLength(5);
    expect(events.at(-1)!.generated_text).toBeTypeOf('string');
  });

  it('puts CORS headers and x-request-id on every response, errors included', async () => {
    const ok = await post('/models/facebook/bart-large-mnli', ZS, { origin: 'http://localhost:6006' });
    const missing = await post('/models/nope/nope', {});
    for (const res of [ok, missing, await get('/nowhere')]) {
      expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
      expect(res.headers.get('access-control-expose-headers')).toContain('x-request-id');
      expect(res.headers.get('x-request-id')).toMatch(/\S{8,}/);
    }
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://localhost:6006');
    expect(ok.headers.get('x-request-id')).not.toBe(missing.headers.get('x-request-id'));
  });

  it('answers the OPTIONS preflight with the requested headers allowed', async () => {
    const res = await handler(
      new Request(`${BASE}/models/facebook/bart-large-mnli`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type, x-wait-for-model',
        },
      }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization, content-type, x-wait-for-model');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});

describe('utilities', () => {
  const { get } = emulator();

  it('GET /status/{id} gives { loaded, state, compute_type, framework }', async () => {
    expect(await (await get('/status/facebook/bart-large-mnli')).json()).toEqual({
      loaded: true,
      state: 'Loaded',
      compute_type: 'cpu',
      framework: 'transformers',
    });
    expect(await (await get('/status/meta-llama/Llama-3.1-8B-Instruct')).json()).toMatchObject({
      framework: 'text-generation-inference',
      compute_type: 'gpu',
    });
    expect((await get('/status/nope/nope')).status).toBe(404);
  });

  it('GET /framework/{framework} lists [{ model_id, task }]', async () => {
    const tgi = (await (await get('/framework/text-generation-inference')).json()) as {
      model_id: string;
      task: string;
    }[];
    expect(tgi).toContainEqual(
      expect.objectContaining({ model_id: 'meta-llama/Llama-3.1-8B-Instruct', task: 'text-generation' }),
    );
    const transformers = (await (await get('/framework/transformers')).json()) as { model_id: string }[];
    expect(transformers.map((m) => m.model_id)).toContain('dslim/bert-base-NER');
    expect(await (await get('/framework/unknown-framework')).json()).toEqual([]);
  });

  it('listModels filters the catalogue by task for the model picker', () => {
    expect(listModels('zero-shot-classification').map((m) => m.id)).toEqual(
      expect.arrayContaining(['facebook/bart-large-mnli', 'MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli']),
    );
    expect(listModels('conversational').map((m) => m.id)).toContain('HuggingFaceH4/zephyr-7b-beta');
    expect(listModels('conversational').map((m) => m.id)).not.toContain('openai-community/gpt2');
    expect(listModels().length).toBeGreaterThan(20);
  });
});

describe('dedicated endpoint mode (/endpoints/{id})', () => {
  const { post, get } = emulator();
  const root = '/endpoints/meta-llama/Llama-3.1-8B-Instruct';

  it('GET /info gives the TGI info shape and /health 200', async () => {
    const info = (await (await get(`${root}/info`)).json()) as Record<string, unknown>;
    expect(info).toMatchObject({
      model_id: 'meta-llama/Llama-3.1-8B-Instruct',
      max_input_tokens: 131071,
      max_total_tokens: 131072,
      max_stop_sequences: 4,
    });
    expect(info.version).toBeTypeOf('string');
    expect((await get(`${root}/health`)).status).toBe(200);
    // The root's own /health answers wherever the emulator is mounted (a proxy's sub-path included).
    expect((await get('/health')).status).toBe(200);
    expect((await get('/hf-inference/health')).status).toBe(200);
    const tei = (await (
      await get('/endpoints/cardiffnlp/twitter-roberta-base-sentiment-latest/info')
    ).json()) as Record<string, any>;
    expect(tei.model_type.classifier.id2label).toEqual({ 0: 'negative', 1: 'neutral', 2: 'positive' });
    // Hub models answer /info too (getEndpointInfo with a model id).
    expect((await get('/models/Qwen/Qwen2.5-7B-Instruct/info')).status).toBe(200);
  });

  it('POST to the root runs the task (TGI compat route: an array, or SSE with stream: true)', async () => {
    const res = await post(root, { inputs: 'Hello', parameters: { max_new_tokens: 3 } });
    const body = (await res.json()) as { generated_text: string }[];
    expect(body).toHaveLength(1);
    const stream = await post(root, { inputs: 'Hello', parameters: { max_new_tokens: 3 }, stream: true });
    expect(sseEvents(await stream.text())).toHaveLength(3);
  });

  it('serves TGI /generate (an object) and /generate_stream', async () => {
    const res = await post(`${root}/generate`, { inputs: 'Hello', parameters: { max_new_tokens: 3, details: true } });
    expect(await res.json()).toMatchObject({
      generated_text: expect.any(String),
      details: { finish_reason: 'length', generated_tokens: 3 },
    });
    const stream = await post(`${root}/generate_stream`, { inputs: 'Hello', parameters: { max_new_tokens: 3 } });
    expect(sseEvents(await stream.text()).map((e) => e.index)).toEqual([1, 2, 3]);
  });

  it('serves /v1/chat/completions for the endpoint model, whatever "model" the body names', async () => {
    const res = await post(`${root}/v1/chat/completions`, {
      model: 'tgi',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
    });
    const data = sseData(await res.text());
    expect(data.at(-1)).toBe('[DONE]');
  });

  it('a non-LLM endpoint serves its task at the root', async () => {
    const res = await post('/endpoints/dslim/bert-base-NER', { inputs: 'Barack Obama was born in Hawaii.' });
    expect(res.status).toBe(200);
    expect((await post('/endpoints/nope/nope', { inputs: 'x' })).status).toBe(404);
  });
});
