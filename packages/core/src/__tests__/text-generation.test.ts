import { describe, expect, it } from 'vitest';
import { InferenceHTTPError, InferenceResponseError, InferenceStreamError, InferenceValidationError } from '../errors';
import { textGeneration, textGenerationStream, type TextGenerationStreamOutput } from '../tasks/text-generation';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

// TGI's own wire ({ inputs, parameters }, `details`, best_of, top tokens) is what a dedicated TGI
// endpoint speaks; through the router, hf-inference serves text generation as OpenAI completions
// (see parity-providers.test.ts and the emulator's contract tests).
const TGI = 'http://emu.test/endpoints/Qwen/Qwen2.5-7B';
const base = { accessToken: 'hf_secret', endpointUrl: TGI };
const eventStream = (body: string) => new Response(body, { headers: { 'content-type': 'text/event-stream' } });

const wireDetails = {
  finish_reason: 'length',
  generated_tokens: 2,
  seed: null,
  prefill: [
    { id: 487, text: 'The', logprob: null },
    { id: 53789, text: ' hugging', logprob: -13.17 },
  ],
  tokens: [
    { id: 1425, text: '100', logprob: -1.01, special: false },
    { id: 16, text: '%', logprob: -0.04, special: false },
  ],
};
const details = {
  finishReason: 'length',
  generatedTokens: 2,
  seed: null,
  prefill: [
    { id: 487, text: 'The', logprob: null },
    { id: 53789, text: ' hugging', logprob: -13.17 },
  ],
  tokens: [
    { id: 1425, text: '100', logprob: -1.01, special: false },
    { id: 16, text: '%', logprob: -0.04, special: false },
  ],
};

describe('textGeneration', () => {
  it('sends every TGI parameter in snake_case with stream: false to a TGI endpoint', async () => {
    const { fetch, calls } = mockFetch(json([{ generated_text: '100%' }]));
    await textGeneration({
      ...base,
      fetch,
      inputs: 'The huggingface_hub library is ',
      parameters: {
        adapterId: 'me/lora',
        bestOf: 2,
        decoderInputDetails: true,
        details: true,
        doSample: true,
        frequencyPenalty: 0.5,
        grammar: {
          type: 'json',
          value: { properties: { animals_seen: { type: 'integer' } }, required: ['animals_seen'] },
        },
        maxNewTokens: 12,
        repetitionPenalty: 1.3,
        returnFullText: false,
        seed: 42,
        stop: ['\n\n'],
        temperature: 0.7,
        topK: 50,
        topNTokens: 3,
        topP: 0.95,
        truncate: 1000,
        typicalP: 0.9,
        watermark: true,
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(TGI);
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.headers.accept).toBeUndefined();
    // The grammar's schema keeps its own keys (animals_seen), untouched by the case mapping.
    expect(calls[0]!.body).toBe(
      '{"inputs":"The huggingface_hub library is ","parameters":{"adapter_id":"me/lora","best_of":2,"decoder_input_details":true,' +
        '"details":true,"do_sample":true,"frequency_penalty":0.5,' +
        '"grammar":{"type":"json","value":{"properties":{"animals_seen":{"type":"integer"}},"required":["animals_seen"]}},' +
        '"max_new_tokens":12,"repetition_penalty":1.3,"return_full_text":false,"seed":42,"stop":["\\n\\n"],"temperature":0.7,' +
        '"top_k":50,"top_n_tokens":3,"top_p":0.95,"truncate":1000,"typical_p":0.9,"watermark":true},"stream":false}',
    );
  });

  it('sends only inputs and stream without parameters, and regex / json_schema grammars as given', async () => {
    const { fetch, calls } = mockFetch(json({ generated_text: 'x' }));
    await textGeneration({ ...base, fetch, inputs: 'Hi' });
    expect(calls[0]!.body).toBe('{"inputs":"Hi","stream":false}');
    await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { grammar: { type: 'regex', value: '\\d+' } } });
    expect(calls[1]!.body).toBe(
      '{"inputs":"Hi","parameters":{"grammar":{"type":"regex","value":"\\\\d+"}},"stream":false}',
    );
    await textGeneration({
      ...base,
      fetch,
      inputs: 'Hi',
      parameters: {
        grammar: {
          type: 'json_schema',
          value: { name: 'Pet', schema: { type: 'object', properties: { pet_name: {} } } },
        },
      },
    });
    expect(calls[2]!.body).toBe(
      '{"inputs":"Hi","parameters":{"grammar":{"type":"json_schema","value":{"name":"Pet","schema":{"type":"object","properties":{"pet_name":{}}}}}},"stream":false}',
    );
  });

  it.each([
    ['[{ generated_text }] (Inference API, TGI root route)', [{ generated_text: '100% open source' }]],
    ['{ generated_text } (TGI /generate)', { generated_text: '100% open source' }],
    ['details: null', { generated_text: '100% open source', details: null }],
  ])('normalises %s to { generatedText } without details', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    const out = await textGeneration({ ...base, fetch, inputs: 'x' });
    expect(out).toEqual({ generatedText: '100% open source' });
    expect('details' in out).toBe(false);
  });

  it('camelCases details, including topTokens and bestOfSequences', async () => {
    const wire = {
      ...wireDetails,
      seed: 42,
      top_tokens: [
        [{ id: 1425, text: '100', logprob: -1.01, special: false }],
        [{ id: 16, text: '%', logprob: null, special: false }],
      ],
      best_of_sequences: [{ generated_text: '99%', ...wireDetails, finish_reason: 'eos_token' }],
    };
    const { fetch } = mockFetch(json([{ generated_text: '100%', details: wire }]));
    expect(
      await textGeneration({ ...base, fetch, inputs: 'x', parameters: { details: true, bestOf: 2, topNTokens: 1 } }),
    ).toEqual({
      generatedText: '100%',
      details: {
        ...details,
        seed: 42,
        topTokens: [
          [{ id: 1425, text: '100', logprob: -1.01, special: false }],
          [{ id: 16, text: '%', logprob: null, special: false }],
        ],
        bestOfSequences: [{ generatedText: '99%', ...details, finishReason: 'eos_token' }],
      },
    });
  });

  it('keeps details without the optional parts as they are', async () => {
    const { fetch } = mockFetch(json([{ generated_text: '100%', details: { ...wireDetails, prefill: [] } }]));
    const out = await textGeneration({ ...base, fetch, inputs: 'x', parameters: { details: true } });
    expect(out.details).toEqual({ ...details, prefill: [] });
    expect(Object.keys(out.details!)).toEqual(['finishReason', 'generatedTokens', 'seed', 'prefill', 'tokens']);
  });

  it.each([
    [{}],
    [[]],
    [{ generated_text: 1 }],
    [[{ generated_text: 'x', details: { finish_reason: 'length' } }]],
    [[{ summary_text: 'x' }]],
  ])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await textGeneration({ ...base, fetch, inputs: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('generated_text');
  });

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: 'x', parameters: { temperature: 0 } }, 'parameters.temperature'],
    [{ inputs: 'x', parameters: { topP: 1.5 } }, 'parameters.topP'],
    [{ inputs: 'x', parameters: { maxNewTokens: 1.5 } }, 'parameters.maxNewTokens'],
    [{ inputs: 'x', parameters: { stop: 'END' } }, 'parameters.stop'],
    [{ inputs: 'x', parameters: { grammar: { type: 'xml', value: '' } } }, 'parameters.grammar.type'],
    [{ inputs: 'x', parameters: { grammar: { type: 'regex', value: 3 } } }, 'parameters.grammar.value'],
    [{ inputs: 'x', parameters: { max_new_tokens: 5 } }, 'parameters.max_new_tokens'],
    [{ inputs: 'x', maxNewTokens: 5 }, 'maxNewTokens'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await textGeneration({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });

  it('says the range a number must fall in, and takes its edges', async () => {
    const { fetch } = mockFetch(json([{ generated_text: 'ok' }]));
    const parameters = { temperature: 0, topP: 0, typicalP: 1.01, repetitionPenalty: -1, frequencyPenalty: -2 };
    await expect(textGeneration({ ...base, fetch, inputs: 'x', parameters })).rejects.toMatchObject({
      issues: [
        { path: 'parameters.frequencyPenalty', message: 'must be > -2' },
        { path: 'parameters.repetitionPenalty', message: 'must be > 0' },
        { path: 'parameters.temperature', message: 'must be > 0' },
        { path: 'parameters.topP', message: 'must be > 0 and ≤ 1' },
        { path: 'parameters.typicalP', message: 'must be > 0 and ≤ 1' },
      ],
    });
    const edges = { temperature: 1e-9, topP: 1, typicalP: 1, repetitionPenalty: 0.5, frequencyPenalty: -1.99 };
    await expect(textGeneration({ ...base, fetch, inputs: 'x', parameters: edges })).resolves.toEqual({
      generatedText: 'ok',
    });
  });
});

const chunk = (index: number, text: string, final?: { generated_text: string; details?: unknown }) => ({
  index,
  token: { id: index + 100, text, logprob: -0.5, special: false },
  generated_text: final?.generated_text ?? null,
  details: final?.details ?? null,
});

const collect = async (iterable: AsyncIterable<TextGenerationStreamOutput>) => {
  const out: TextGenerationStreamOutput[] = [];
  for await (const c of iterable) out.push(c);
  return out;
};

describe('textGenerationStream', () => {
  it('sends stream: true and yields typed chunks in order', async () => {
    const body = sse(
      chunk(1, '100'),
      chunk(2, '%'),
      chunk(3, '</s>', {
        generated_text: '100%',
        details: { finish_reason: 'eos_token', generated_tokens: 3, input_length: 7, seed: null },
      }),
      '[DONE]',
    );
    const { fetch, calls } = mockFetch(eventStream(body));
    const chunks = await collect(
      textGenerationStream({
        ...base,
        fetch,
        inputs: 'The huggingface_hub library is ',
        parameters: { maxNewTokens: 3, details: true },
      }),
    );
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(TGI);
    expect(calls[0]!.headers).toMatchObject({
      authorization: 'Bearer hf_secret',
      'content-type': 'application/json',
    });
    expect(calls[0]!.headers.accept).toBeUndefined();
    expect(calls[0]!.body).toBe(
      '{"inputs":"The huggingface_hub library is ","parameters":{"details":true,"max_new_tokens":3},"stream":true}',
    );
    expect(chunks).toEqual([
      { index: 1, token: { id: 101, text: '100', logprob: -0.5, special: false }, generatedText: null, details: null },
      { index: 2, token: { id: 102, text: '%', logprob: -0.5, special: false }, generatedText: null, details: null },
      {
        index: 3,
        token: { id: 103, text: '</s>', logprob: -0.5, special: false },
        generatedText: '100%',
        details: { finishReason: 'eos_token', generatedTokens: 3, inputLength: 7, seed: null },
      },
    ]);
  });

  it('ends at the final chunk even without [DONE], and normalises top tokens and missing fields', async () => {
    const first = {
      token: { id: 1, text: 'a', logprob: null, special: true },
      top_tokens: [{ id: 1, text: 'a', logprob: -0.1, special: false }],
    };
    const last = { token: { id: 2, text: 'b', logprob: -0.2, special: false }, generated_text: 'ab', details: null };
    const { fetch } = mockFetch(eventStream(sse(first, last)));
    expect(await collect(textGenerationStream({ ...base, fetch, inputs: 'x', parameters: { topNTokens: 1 } }))).toEqual(
      [
        {
          token: { id: 1, text: 'a', logprob: null, special: true },
          topTokens: [{ id: 1, text: 'a', logprob: -0.1, special: false }],
          generatedText: null,
          details: null,
        },
        { token: { id: 2, text: 'b', logprob: -0.2, special: false }, generatedText: 'ab', details: null },
      ],
    );
  });

  it('throws InferenceStreamError with the error type on a mid-stream error event, after the chunks before it', async () => {
    const { fetch } = mockFetch(
      eventStream(sse(chunk(1, 'Par'), chunk(2, 'tial'), { error: 'Model is overloaded', error_type: 'overloaded' })),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of textGenerationStream({ ...base, fetch, inputs: 'x' })) seen.push(c.token.text);
    })().catch((e) => e);
    expect(seen).toEqual(['Par', 'tial']);
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.errorType).toBe('overloaded');
    expect(error.message).toContain('Model is overloaded');
  });

  it('throws InferenceStreamError when the stream closes before the final chunk', async () => {
    const stream = controlledStream();
    const { fetch } = mockFetch(stream.response);
    const iterator = textGenerationStream({ ...base, fetch, inputs: 'x' });
    stream.push(sse(chunk(1, 'cut')));
    const first = await iterator.next();
    expect(first.value).toMatchObject({ token: { text: 'cut' }, generatedText: null });
    stream.close();
    const error = await iterator.next().catch((e) => e);
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.errorType).toBeUndefined();
  });

  it('throws InferenceResponseError on a chunk of unknown shape', async () => {
    const { fetch } = mockFetch(eventStream(sse({ choices: [{ delta: { content: 'hi' } }] })));
    const error = await collect(textGenerationStream({ ...base, fetch, inputs: 'x' })).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('generated_text');
  });

  it('validates at the call, before any request', () => {
    const { fetch, calls } = mockFetch(eventStream(''));
    expect(() => textGenerationStream({ ...base, fetch, inputs: 'x', parameters: { topK: 0 } })).toThrow(
      InferenceValidationError,
    );
    expect(() => textGenerationStream({ ...base, fetch, inputs: '' })).toThrow(/`inputs`/);
    expect(calls).toHaveLength(0);
  });
});

describe('textGeneration against the emulator (TGI shapes end to end)', () => {
  const handler = createEmulatorHandler({});
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handler(new Request(input, init))) as typeof globalThis.fetch;
  const args = {
    endpointUrl: 'http://emu.test/endpoints/bigscience/bloom-560m',
    fetch,
    inputs: 'A poem about the sea',
  };

  it('parses bestOfSequences and topTokens as the server sends them', async () => {
    const out = await textGeneration({
      ...args,
      parameters: { details: true, bestOf: 2, doSample: true, topNTokens: 2, maxNewTokens: 6 },
    });
    const details = out.details!;
    expect(details.generatedTokens).toBe(6);
    expect(details.topTokens).toHaveLength(6);
    expect(details.topTokens![0]![0]).toEqual(details.tokens[0]);
    expect(details.bestOfSequences).toHaveLength(1);
    expect(details.bestOfSequences![0]!.generatedText).not.toBe(out.generatedText);
    expect(details.bestOfSequences![0]!.topTokens).toHaveLength(6);
  });

  it("streams topTokens per token, and the server's refusal of bestOf with streaming is a typed 422", async () => {
    const chunks = await collect(
      textGenerationStream({ ...args, parameters: { topNTokens: 2, maxNewTokens: 4, details: true } }),
    );
    expect(chunks).toHaveLength(4);
    for (const c of chunks) expect(c.topTokens?.[0]).toEqual(c.token);
    expect(chunks.at(-1)!.details).toMatchObject({ generatedTokens: 4, inputLength: expect.any(Number) });
    const error = await collect(textGenerationStream({ ...args, parameters: { bestOf: 2, doSample: true } })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect((error as InferenceHTTPError).status).toBe(422);
    expect(String(error)).toMatch(/best_of/);
  });
});
