import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import * as z from 'zod';
import { InferenceStreamError, InferenceValidationError } from '../errors';
import { chatCompletion, chatCompletionStream } from '../tasks/chat-completion';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const messages = [{ role: 'user' as const, content: 'Hello!' }];
const chunk = (content: string, finish: string | null = null, extra: object = {}) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish, logprobs: null }],
  ...extra,
});
const completion = {
  id: 'c1',
  object: 'chat.completion',
  created: 1,
  model,
  system_fingerprint: '3.0.0',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
};

describe('chatCompletion', () => {
  it('posts the OpenAI body to /v1/chat/completions with camelCase options mapped to snake_case', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    const tools = [
      {
        type: 'function' as const,
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city_name: { type: 'string' } } },
        },
      },
    ];
    const out = await chatCompletion({
      model,
      baseUrl: 'http://emu.test',
      fetch,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
      maxTokens: 64,
      temperature: 0.2,
      topP: 0.9,
      seed: 7,
      stop: ['\n\n'],
      tools,
      toolChoice: 'auto',
      responseFormat: { type: 'json_object' },
    });
    expect(out.choices[0]!.message.content).toBe('Hi there');
    expect(out.usage?.total_tokens).toBe(7);
    expect(calls[0]!.url).toBe(`http://emu.test/v1/chat/completions`);
    expect(JSON.parse(calls[0]!.body)).toEqual({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
          ],
        },
      ],
      max_tokens: 64,
      response_format: { type: 'json_object' },
      seed: 7,
      stop: ['\n\n'],
      temperature: 0.2,
      tool_choice: 'auto',
      tools,
      top_p: 0.9,
    });
  });

  it('maps the remaining options (logprobs, logit bias, penalties, reasoning effort, TGI tool choice) to the wire', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    await chatCompletion({
      model,
      baseUrl: 'http://emu.test',
      fetch,
      messages,
      logprobs: true,
      topLogprobs: 3,
      logitBias: { '50256': -100 },
      frequencyPenalty: 0.5,
      presencePenalty: -0.5,
      reasoningEffort: 'low',
      toolPrompt: 'Use the tools.',
      toolChoice: { function: { name: 'get_weather' } },
    });
    expect(JSON.parse(calls[0]!.body)).toEqual({
      model,
      messages,
      frequency_penalty: 0.5,
      logit_bias: { '50256': -100 },
      logprobs: true,
      presence_penalty: -0.5,
      reasoning_effort: 'low',
      tool_choice: { function: { name: 'get_weather' } },
      tool_prompt: 'Use the tools.',
      top_logprobs: 3,
    });
  });

  it('sends logitBias as given, map or list, and n', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    await chatCompletion({ model, fetch, messages, logitBias: [0.5, -1], n: 2 });
    await chatCompletion({ model, fetch, messages, logitBias: { '42': 1 } });
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ logit_bias: [0.5, -1], n: 2 });
    expect(JSON.parse(calls[1]!.body)).toMatchObject({ logit_bias: { '42': 1 } });
    await expect(chatCompletion({ model, fetch, messages, n: 0 })).rejects.toBeInstanceOf(InferenceValidationError);
  });

  it('names a field that needs an integer or a record of numbers, without a request', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    await expect(chatCompletion({ model, fetch, messages, maxTokens: 1.5 })).rejects.toMatchObject({
      issues: [{ path: 'maxTokens', message: 'must be an integer ≥ 1' }],
    });
    await expect(
      chatCompletion({ model, fetch, messages, temperature: -0.5, topP: 1.5, topLogprobs: -1, n: 0 }),
    ).rejects.toMatchObject({
      issues: [
        { path: 'n', message: 'must be an integer ≥ 1' },
        { path: 'temperature', message: 'must be ≥ 0' },
        { path: 'topLogprobs', message: 'must be an integer ≥ 0' },
        { path: 'topP', message: 'must be between 0 and 1' },
      ],
    });
    await expect(
      chatCompletion({ model, fetch, messages, temperature: 0, topP: 1, topLogprobs: 0, n: 1 }),
    ).resolves.toBeDefined();
    await expect(
      chatCompletion({ model, fetch, messages, logitBias: { '42': 'high' } as never }),
    ).rejects.toBeInstanceOf(InferenceValidationError);
    await expect(chatCompletion({ model, fetch, messages, seed: 2 ** 40 })).resolves.toBeDefined();
    expect(calls).toHaveLength(2);
  });

  it('refuses a zod schema as responseFormat, naming the calls that take one', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    const schema = z.object({ title: z.string() });
    await expect(chatCompletion({ model, fetch, messages, responseFormat: schema as never })).rejects.toMatchObject({
      name: 'InferenceValidationError',
      issues: [
        {
          path: 'responseFormat',
          message: expect.stringContaining(
            'for a zod schema, call chatCompletionObject({ schema }) or chatCompletionObjectStream',
          ),
        },
      ],
    });
    expect(calls).toHaveLength(0);
  });

  it("keeps a tool call's extra fields (e.g. description) in the answer", async () => {
    const call = {
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: { city: 'Paris' }, description: null },
    };
    const answer = {
      ...completion,
      choices: [
        { index: 0, message: { role: 'assistant', content: null, tool_calls: [call] }, finish_reason: 'tool_calls' },
      ],
    };
    const { fetch } = mockFetch(json(answer));
    const out = await chatCompletion({ model, fetch, messages });
    expect(out.choices[0]!.message.tool_calls).toEqual([call]);
  });

  it('sends model "tgi" to a dedicated endpoint and appends the chat route', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    await chatCompletion({ endpointUrl: 'https://ep.test/', fetch, messages });
    expect(calls[0]!.url).toBe('https://ep.test/v1/chat/completions');
    expect(JSON.parse(calls[0]!.body).model).toBe('tgi');
  });

  it('validates before sending', async () => {
    const { fetch, calls } = mockFetch(json(completion));
    for (const bad of [
      { model, messages: [] },
      { model, messages: [{ role: 'robot', content: 'x' }] },
      { model, messages, max_tokens: 5 },
      { model, messages, temperature: -1 },
      { messages },
    ]) {
      await expect(chatCompletion({ fetch, ...(bad as object) } as never)).rejects.toBeInstanceOf(
        InferenceValidationError,
      );
    }
    const error = await chatCompletion({ fetch, model, messages, max_tokens: 5 } as never).catch((e) => e);
    expect(error.issues[0].path).toBe('max_tokens');
    expect(calls).toHaveLength(0);
  });
});

describe('chatCompletionStream', () => {
  it('yields typed chunks, sends stream: true (no accept header, as the reference client)', async () => {
    const body = sse(
      chunk('Hel'),
      chunk('lo'),
      chunk('', 'stop', { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } }),
      '[DONE]',
    );
    const { fetch, calls } = mockFetch(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    let text = '';
    const finishes: unknown[] = [];
    for await (const c of chatCompletionStream({ model, fetch, messages })) {
      text += c.choices[0]?.delta.content ?? '';
      finishes.push(c.choices[0]?.finish_reason);
    }
    expect(text).toBe('Hello');
    expect(finishes).toEqual([null, null, 'stop']);
    expect(JSON.parse(calls[0]!.body).stream).toBe(true);
    expect(calls[0]!.headers.accept).toBeUndefined();
  });

  it('accepts tool-call deltas with null fields, as TGI sends them', async () => {
    const toolChunk = (fn: object, extra: object = {}) =>
      chunk('', null, {
        choices: [
          {
            index: 0,
            delta: { role: 'assistant', content: null, tool_calls: [{ index: 0, ...extra, function: fn }] },
            finish_reason: null,
          },
        ],
      });
    const body = sse(
      toolChunk({ name: 'get_weather', arguments: '{"' }, { id: 'call_1', type: 'function' }),
      toolChunk({ name: null, arguments: 'city": "Paris"}' }, { id: null, type: null }),
      chunk('', 'tool_calls'),
      '[DONE]',
    );
    const { fetch } = mockFetch(new Response(body, { headers: { 'content-type': 'text/event-stream' } }));
    let args = '';
    const names: unknown[] = [];
    for await (const c of chatCompletionStream({ model, fetch, messages })) {
      for (const delta of c.choices[0]?.delta.tool_calls ?? []) {
        names.push(delta.function?.name);
        args += delta.function?.arguments ?? '';
      }
    }
    expect(names).toEqual(['get_weather', null]);
    expect(JSON.parse(args)).toEqual({ city: 'Paris' });
  });

  it('throws validation errors at the call, before iterating', () => {
    expect(() => chatCompletionStream({ model, messages: [] })).toThrow(InferenceValidationError);
  });

  it('raises InferenceStreamError with errorType on an error event and keeps what came before', async () => {
    const body = sse(chunk('Par'), chunk('tial'), { error: 'Overloaded', error_type: 'overloaded' });
    const { fetch } = mockFetch(new Response(body));
    let text = '';
    const error = await (async () => {
      for await (const c of chatCompletionStream({ model, fetch, messages })) text += c.choices[0]?.delta.content ?? '';
    })().catch((e) => e);
    expect(text).toBe('Partial');
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.errorType).toBe('overloaded');
  });

  it('raises InferenceStreamError when the stream closes before a finish_reason', async () => {
    const { fetch } = mockFetch(new Response(sse(chunk('cut'))));
    await expect(
      (async () => {
        for await (const _ of chatCompletionStream({ model, fetch, messages }));
      })(),
    ).rejects.toThrow(/ended before/);
  });

  it('breaking out of the loop cancels the body at once', async () => {
    const stream = controlledStream();
    const { fetch } = mockFetch(() => stream.response);
    stream.push(sse(chunk('a')));
    for await (const _ of chatCompletionStream({ model, fetch, messages })) break;
    expect(stream.cancelled).toBeTruthy();
  });

  it('aborting mid-stream cancels the body and rejects with AbortError', async () => {
    const stream = controlledStream();
    const { fetch } = mockFetch(() => stream.response);
    const controller = new AbortController();
    stream.push(sse(chunk('a')));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const c of chatCompletionStream({ model, fetch, messages, signal: controller.signal })) {
        seen.push(c.choices[0]!.delta.content!);
        controller.abort();
      }
    })().catch((e) => e);
    expect(seen).toEqual(['a']);
    expect(error.name).toBe('AbortError');
    expect(stream.cancelled).toBeTruthy();
  });
});

describe('chat chunk fast path', () => {
  const { accepts, output } = chatCompletionStream.definition;
  const schema = output as unknown as { safeParse(value: unknown): { success: boolean; data?: unknown } };
  const anything = fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant([]),
    fc.constant({}),
  );
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, anything);
  const chunk = fc.record(
    {
      id: maybe(fc.string()),
      object: maybe(fc.constant('chat.completion.chunk')),
      created: maybe(fc.integer()),
      model: maybe(fc.string()),
      usage: fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.constant({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }),
      ),
      choices: maybe(
        fc.array(
          maybe(
            fc.record(
              {
                index: maybe(fc.nat()),
                finish_reason: maybe(fc.constantFrom('stop', 'length')),
                delta: maybe(
                  fc.record(
                    {
                      role: maybe(fc.constant('assistant')),
                      content: maybe(fc.string()),
                      tool_calls: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant([{ index: 0 }])),
                    },
                    { requiredKeys: [] },
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  );

  it('accepts a chunk only when the schema accepts it unchanged', () => {
    fc.assert(
      fc.property(chunk, (value) => {
        if (!accepts!(value)) return;
        const parsed = schema.safeParse(value);
        expect(parsed.success).toBe(true);
        expect(parsed.data).toEqual(value);
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the common text chunk, and leaves tool calls, usage and odd shapes to the schema', () => {
    const text = {
      id: 'c',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }],
    };
    expect(accepts!(text)).toBe(true);
    expect(accepts!({ ...text, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })).toBe(false);
    expect(accepts!({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0 }] } }] })).toBe(false);
    expect(accepts!({ choices: [{ index: '0', delta: {} }] })).toBe(false);
    expect(accepts!('[DONE]')).toBe(false);
  });

  it('a chunk the schema rejects still fails with InferenceResponseError', async () => {
    const { fetch } = mockFetch(
      () =>
        new Response(sse('{"choices":[{"index":0,"delta":{"content":5}}]}'), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    );
    const run = async () => {
      for await (const _ of chatCompletionStream({ model: 'm/x', messages: [{ role: 'user', content: 'Hi' }], fetch }));
    };
    await expect(run()).rejects.toMatchObject({ name: 'InferenceResponseError' });
  });
});
