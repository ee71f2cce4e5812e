/**
 * Contract tests: `@inferkit/core`, unmodified, against the emulator over real HTTP. If core can
 * parse every answer and maps every fault to the error it promises, it cannot tell the emulator
 * from the router for these tasks.
 */
import {
  InferenceClient,
  InferenceHTTPError,
  InferenceResponseError,
  InferenceStreamError,
  InferenceTimeoutError,
  chatCompletion,
  chatCompletionStream,
  getEndpointInfo,
  getModelStatus,
  healthCheck,
  taskTable,
  textClassification,
  textGeneration,
  textGenerationStream,
  tokenClassification,
  zeroShotClassification,
} from '@inferkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCatalogue } from '../catalogue';
import { startEmulator, type RunningEmulator } from '../node';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const BASE_LM = 'bigscience/bloom-560m';
let emu: RunningEmulator;
let baseUrl: string;

beforeAll(async () => {
  emu = await startEmulator({ port: 0 });
  baseUrl = emu.url;
});
afterAll(() => emu?.close());

const fault = (spec: string) => ({ headers: { 'x-inferkit-fault': spec } });
const messages = [{ role: 'user' as const, content: 'What is the weather in Paris today?' }];

describe('core tasks against the emulator', () => {
  it('zeroShotClassification, in the current and the legacy wire form', async () => {
    const args = {
      baseUrl,
      inputs: 'I want my money back',
      parameters: { candidateLabels: ['faq', 'refund', 'legal'] },
    };
    const labels = await zeroShotClassification(args);
    expect(labels[0]!.label).toBe('refund');
    expect(labels.reduce((s, l) => s + l.score, 0)).toBeCloseTo(1, 4);
    const legacy = await startEmulator({ port: 0, legacyZeroShot: true });
    try {
      expect(await zeroShotClassification({ ...args, baseUrl: legacy.url })).toEqual(labels);
    } finally {
      await legacy.close();
    }
  });

  it('textClassification (default model, pairs, topK)', async () => {
    const out = await textClassification({ baseUrl, inputs: 'I like you. I love you' });
    expect(out[0]).toMatchObject({ label: 'POSITIVE' });
    const pair = await textClassification({
      baseUrl,
      inputs: { text: 'Terrible start.', textPair: 'But I hated the end too.' },
    });
    expect(pair[0]!.label).toBe('NEGATIVE');
    const top = await textClassification({
      baseUrl,
      model: 'cardiffnlp/twitter-roberta-base-sentiment-latest',
      inputs: 'ok',
      parameters: { topK: 1, functionToApply: 'sigmoid' },
    });
    expect(top).toHaveLength(1);
  });

  it('tokenClassification with code-point offsets after an emoji', async () => {
    const inputs = '👋 My name is Sarah Jessica Parker and I live in London';
    const entities = await tokenClassification({ baseUrl, inputs });
    const sarah = entities.find((e) => e.entityGroup === 'PER')!;
    expect(sarah.word).toBe('Sarah Jessica Parker');
    expect(Array.from(inputs).slice(sarah.start, sarah.end).join('')).toBe('Sarah Jessica Parker');
    const pieces = await tokenClassification({ baseUrl, inputs, parameters: { aggregationStrategy: 'none' } });
    expect(pieces[0]).toMatchObject({ entity: 'B-PER', index: expect.any(Number) });
  });

  it('textGeneration and textGenerationStream', async () => {
    // Instruct LLMs are mapped for `conversational` only, as on the Hub; a base model on hf-inference generates.
    const out = await textGeneration({
      baseUrl,
      model: BASE_LM,
      inputs: 'The huggingface_hub library is ',
      parameters: { maxNewTokens: 12, details: true },
    });
    expect(out.generatedText.length).toBeGreaterThan(0);
    // Through the router hf-inference answers as OpenAI completions (no TGI details); a TGI endpoint
    // gives TGI's own details.
    const tgi = await textGeneration({
      endpointUrl: `${baseUrl}/endpoints/${BASE_LM}`,
      inputs: 'The huggingface_hub library is ',
      parameters: { maxNewTokens: 12, details: true },
    });
    expect(tgi.details).toMatchObject({ finishReason: 'length', generatedTokens: 12 });
    let text = '';
    let last: unknown;
    for await (const chunk of textGenerationStream({
      baseUrl,
      model: BASE_LM,
      inputs: 'Once upon a time',
      parameters: { maxNewTokens: 20, details: true },
    })) {
      if (!chunk.token.special) text += chunk.token.text;
      last = chunk;
    }
    expect((last as { generatedText: string }).generatedText).toBe(text);
  });

  it('chatCompletion: text, tools and JSON response_format', async () => {
    const out = await chatCompletion({ baseUrl, model: LLAMA, messages, maxTokens: 64, seed: 3 });
    expect(out.choices[0]!.message.content).toMatch(/weather|Paris/);
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city_name: { type: 'string' } }, required: ['city_name'] },
        },
      },
    ];
    const call = await chatCompletion({ baseUrl, model: LLAMA, messages, tools, toolChoice: 'auto' });
    const args = call.choices[0]!.message.tool_calls![0]!.function.arguments;
    expect(JSON.parse(args as string)).toEqual({ city_name: 'Paris' });
    const json = await chatCompletion({ baseUrl, model: LLAMA, messages, responseFormat: { type: 'json_object' } });
    expect(() => JSON.parse(json.choices[0]!.message.content!)).not.toThrow();
  });

  it('chatCompletionStream yields every chunk and finishes', async () => {
    let content = '';
    const finishes: unknown[] = [];
    for await (const chunk of chatCompletionStream({ baseUrl, model: LLAMA, messages, maxTokens: 10 })) {
      content += chunk.choices[0]?.delta.content ?? '';
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect(finishes.at(-1)).toBe('length');
    const whole = await chatCompletion({ baseUrl, model: LLAMA, messages, maxTokens: 10 });
    expect(content).toBe(whole.choices[0]!.message.content);
  });

  it('InferenceClient, including the OpenAI-style chat.completions.create', async () => {
    const client = new InferenceClient({ baseUrl });
    expect(
      (
        await client.zeroShotClassification({
          inputs: 'Stocks fell sharply',
          parameters: { candidateLabels: ['finance', 'sport'] },
        })
      )[0]!.label,
    ).toBe('finance');
    const stream = await client.chat.completions.create({ model: LLAMA, messages, stream: true, max_tokens: 5 });
    let n = 0;
    for await (const _ of stream) n++;
    expect(n).toBe(6);
  });

  it('a dedicated endpoint: chat, generation, /info and /health', async () => {
    const endpointUrl = `${baseUrl}/endpoints/${LLAMA}`;
    expect((await chatCompletion({ endpointUrl, messages })).model).toBe(LLAMA);
    expect(
      (await textGeneration({ endpointUrl, inputs: 'Hello', parameters: { maxNewTokens: 3 } })).generatedText,
    ).toBeTypeOf('string');
    expect(await getEndpointInfo({ endpointUrl })).toMatchObject({ modelId: LLAMA, maxTotalTokens: 131072 });
    expect(await healthCheck({ endpointUrl })).toBe(true);
    expect(await healthCheck({ endpointUrl: `${baseUrl}/endpoints/no/such` })).toBe(false);
  });

  it('getModelStatus: warm, with the Hub mapping; a cold model is not warm', async () => {
    expect(await getModelStatus({ baseUrl, model: 'facebook/bart-large-mnli' })).toEqual({
      inference: 'warm',
      providers: [
        {
          provider: 'hf-inference',
          providerId: 'facebook/bart-large-mnli',
          status: 'live',
          task: 'zero-shot-classification',
        },
      ],
    });
    const flux = await getModelStatus({ baseUrl, model: 'black-forest-labs/FLUX.1-schnell' });
    expect(flux.providers.map((p) => p.provider)).toEqual([
      'fal-ai',
      'replicate',
      'nscale',
      'together',
      'deepinfra',
      'wavespeed',
    ]);
    const cold = await getModelStatus({ baseUrl, model: LLAMA, ...fault('cold-start=5') });
    expect(cold.inference).toBeUndefined();
    expect(cold.providers[0]).toMatchObject({ provider: 'groq', task: 'conversational' });
  });
});

describe('faults as core sees them', () => {
  const ZS = { inputs: 'I want a refund', parameters: { candidateLabels: ['refund', 'faq'] } };

  it('a cold model: core waits out the 503 (onModelLoading) then succeeds; waitForModel holds instead', async () => {
    const cold = await startEmulator({ port: 0, modelFaults: { 'facebook/bart-large-mnli': 'cold-start=0.5' } });
    try {
      const loading: number[] = [];
      const out = await zeroShotClassification({
        baseUrl: cold.url,
        ...ZS,
        onModelLoading: (info) => loading.push(info.estimatedTime),
      });
      expect(out[0]!.label).toBe('refund');
      expect(loading).toHaveLength(1);
      expect(loading[0]).toBeGreaterThan(0);
      expect(loading[0]).toBeLessThanOrEqual(0.5);
      cold.handler.reset();
      const held: number[] = [];
      await zeroShotClassification({
        baseUrl: cold.url,
        ...ZS,
        waitForModel: true,
        onModelLoading: (info) => held.push(info.estimatedTime),
      });
      expect(held).toEqual([]);
    } finally {
      await cold.close();
    }
  });

  it('429: core retries after Retry-After, and reports retryAfter when it gives up', async () => {
    expect((await zeroShotClassification({ baseUrl, ...ZS, ...fault('rate-limit=0*1') }))[0]!.label).toBe('refund');
    const error = await zeroShotClassification({
      baseUrl,
      ...ZS,
      maxRateLimitRetries: 0,
      ...fault('rate-limit=7'),
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error).toMatchObject({ status: 429, retryAfter: 7 });
  });

  it('500, 400 and 404 become InferenceHTTPError with the server message and request id', async () => {
    const server = await zeroShotClassification({ baseUrl, ...ZS, ...fault('server-error') }).catch((e) => e);
    expect(server).toBeInstanceOf(InferenceHTTPError);
    expect(server.status).toBe(500);
    expect(server.requestId).toMatch(/\S{8,}/);
    const bad = await zeroShotClassification({ baseUrl, ...ZS, ...fault('bad-request=Input too long') }).catch(
      (e) => e,
    );
    expect(bad).toMatchObject({ status: 400, serverMessage: 'Input too long' });
    const missing = await zeroShotClassification({ baseUrl, ...ZS, model: 'nobody/nothing' }).catch((e) => e);
    // The Hub lookup before the call answers first, in the Hub's words.
    expect(missing).toMatchObject({ status: 404, serverMessage: 'Repository not found' });
  });

  it('token mode: 401 without the right token', async () => {
    const secured = await startEmulator({ port: 0, tokenMode: true, tokens: ['hf_right_token'] });
    try {
      const denied = await zeroShotClassification({ baseUrl: secured.url, ...ZS, accessToken: 'hf_wrong_token' }).catch(
        (e) => e,
      );
      expect(denied).toMatchObject({ status: 401 });
      expect(JSON.stringify(denied)).not.toContain('hf_wrong_token');
      expect(
        (await zeroShotClassification({ baseUrl: secured.url, ...ZS, accessToken: 'hf_right_token' }))[0]!.label,
      ).toBe('refund');
    } finally {
      await secured.close();
    }
  });

  it('mid-stream error events and dropped streams become InferenceStreamError', async () => {
    let text = '';
    const overloaded = await (async () => {
      for await (const c of chatCompletionStream({
        baseUrl,
        model: LLAMA,
        messages,
        ...fault('stream-error=overloaded@3'),
      }))
        text += c.choices[0]?.delta.content ?? '';
    })().catch((e) => e);
    expect(overloaded).toBeInstanceOf(InferenceStreamError);
    expect(overloaded.errorType).toBe('overloaded');
    expect(text.length).toBeGreaterThan(0);
    const dropped = await (async () => {
      for await (const _ of textGenerationStream({
        baseUrl,
        model: BASE_LM,
        inputs: 'Hello',
        ...fault('drop-after=2'),
      }));
    })().catch((e) => e);
    expect(dropped).toBeInstanceOf(InferenceStreamError);
    const malformed = await (async () => {
      for await (const _ of chatCompletionStream({ baseUrl, model: LLAMA, messages, ...fault('malformed=1') }));
    })().catch((e) => e);
    expect(malformed).toBeInstanceOf(InferenceStreamError);
  });

  it('a malformed body becomes InferenceResponseError; a slow first byte, InferenceTimeoutError', async () => {
    expect(await zeroShotClassification({ baseUrl, ...ZS, ...fault('malformed') }).catch((e) => e)).toBeInstanceOf(
      InferenceResponseError,
    );
    expect(
      await zeroShotClassification({ baseUrl, ...ZS, timeout: 100, ...fault('slow-first-byte=3000') }).catch((e) => e),
    ).toBeInstanceOf(InferenceTimeoutError);
  });
});

describe('catalogue coverage of core', () => {
  it('has every default model of core tasks', () => {
    const missing = Object.values(taskTable)
      .map((fn) => (fn as { definition: { defaultModel?: string } }).definition.defaultModel)
      .filter((id): id is string => !!id && !defaultCatalogue.find(id));
    expect(missing).toEqual([]);
  });
});
