import { describe, expect, it } from 'vitest';
import { InferenceClient } from '../client';
import { InferenceValidationError } from '../errors';
import { mergeCallOptions } from '../options';
import { taskTable } from '../task-table';
import { json, mockFetch, sse } from './fetch-mock';

describe('InferenceClient', () => {
  it('has a method for every task function of the table', () => {
    const client = new InferenceClient();
    for (const name of Object.keys(taskTable))
      expect(typeof (client as unknown as Record<string, unknown>)[name]).toBe('function');
  });

  it('rejects a named provider together with endpointUrl at construction, but takes model with endpointUrl', () => {
    expect(() => new InferenceClient({ provider: 'fal-ai', endpointUrl: 'https://x' })).toThrow(
      InferenceValidationError,
    );
    expect(() => new InferenceClient({ model: 'a/b', endpointUrl: 'https://x' })).not.toThrow();
  });

  it('applies its defaults to every call, and a call overrides them', async () => {
    const { fetch, calls } = mockFetch(json([{ label: 'a', score: 1 }]));
    const client = new InferenceClient({
      model: 'facebook/bart-large-mnli',
      accessToken: 'hf_x',
      baseUrl: 'http://emu.test',
      headers: { 'x-app': 'demo' },
      fetch,
    });
    await client.zeroShotClassification({ inputs: 'x', parameters: { candidateLabels: ['a'] } });
    await client.zeroShotClassification({
      model: 'MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli',
      headers: { 'x-call': '1' },
      inputs: 'x',
      parameters: { candidateLabels: ['a'] },
    });
    await client.zeroShotClassification({
      endpointUrl: 'https://ep.test',
      inputs: 'x',
      parameters: { candidateLabels: ['a'] },
    });
    expect(calls.map((c) => c.url)).toEqual([
      'http://emu.test/hf-inference/models/facebook/bart-large-mnli',
      'http://emu.test/hf-inference/models/MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli',
      'https://ep.test/',
    ]);
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_x', 'x-app': 'demo' });
    expect(calls[1]!.headers).toMatchObject({ 'x-app': 'demo', 'x-call': '1' });
  });

  it('chat.completions.create takes the OpenAI body, streaming or not', async () => {
    const done = {
      id: '1',
      choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
    };
    const chunk = { id: '1', choices: [{ index: 0, delta: { content: 'ok' }, finish_reason: 'stop' }] };
    const { fetch, calls } = mockFetch(json(done), () => new Response(sse(chunk, '[DONE]')));
    const client = new InferenceClient({ model: 'meta-llama/Llama-3.1-8B-Instruct', fetch });
    const answer = await client.chat.completions.create({
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 10,
    });
    expect(answer.choices[0]!.message.content).toBe('ok');
    const stream = await client.chat.completions.create({
      messages: [{ role: 'user', content: 'hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const c of stream) chunks.push(c);
    expect(chunks).toHaveLength(1);
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ max_tokens: 10 });
    expect(JSON.parse(calls[0]!.body).stream).toBeUndefined();
    expect(JSON.parse(calls[1]!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('gives every task but chat a default model, a Hub id', () => {
    for (const fn of Object.values(taskTable)) {
      const { defaultModel, task } = fn.definition;
      if (task === 'conversational') expect(defaultModel).toBeUndefined();
      else expect(defaultModel).toMatch(/^[\w.-]+\/[\w.-]+$/);
    }
  });
});

describe('mergeCallOptions', () => {
  it('lets a per-call model or endpoint replace both defaults and combines headers', () => {
    const defaults = { accessToken: 'hf_x', model: 'a/b', headers: { 'x-a': '1', 'x-b': '1' } };
    expect(mergeCallOptions(defaults, { endpointUrl: 'http://tgi', headers: { 'x-b': '2' } })).toEqual({
      accessToken: 'hf_x',
      endpointUrl: 'http://tgi',
      headers: { 'x-a': '1', 'x-b': '2' },
    });
    expect(mergeCallOptions(defaults, { timeout: 5 })).toEqual({ ...defaults, timeout: 5 });
    expect(mergeCallOptions({}, {})).toEqual({});
  });

  it('treats an argument set to undefined as not given', () => {
    const defaults = { accessToken: 'hf_x', model: 'a/b', timeout: 10 };
    expect(mergeCallOptions(defaults, { model: undefined, timeout: undefined, useCache: false })).toEqual({
      ...defaults,
      useCache: false,
    });
  });
});
