import { describe, expect, it } from 'vitest';
import { chatUrl, emulator, sseData, sseEvents } from './emu-test-utils';

const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const { post } = emulator();

type Completion = {
  id: string;
  object: string;
  created: number;
  model: string;
  system_fingerprint: string;
  choices: {
    index: number;
    message: {
      role: string;
      content: string | null;
      tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
    };
    logprobs: unknown;
    finish_reason: string;
  }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
};

const ask = (content: string, extra: Record<string, unknown> = {}) => ({
  model: LLAMA,
  messages: [{ role: 'user', content }],
  ...extra,
});

async function chat(body: Record<string, unknown>): Promise<Completion> {
  const res = await post(chatUrl(LLAMA), body);
  expect(res.status).toBe(200);
  return (await res.json()) as Completion;
}
const contentOf = async (body: Record<string, unknown>) => (await chat(body)).choices[0]!.message.content!;

const WEATHER_TOOL = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Get the current weather forecast for a city',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'City name' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
        days: { type: 'integer' },
      },
      required: ['location', 'unit'],
    },
  },
};
const STOCK_TOOL = {
  type: 'function',
  function: {
    name: 'get_stock_price',
    description: 'Look up the share price of a company',
    parameters: { type: 'object', properties: { ticker: { type: 'string' } }, required: ['ticker'] },
  },
};

describe('chat completion', () => {
  it('answers in the OpenAI/TGI chat.completion shape', async () => {
    const out = await chat(ask('What is the capital of France?'));
    expect(Object.keys(out).sort()).toEqual([
      'choices',
      'created',
      'id',
      'model',
      'object',
      'system_fingerprint',
      'usage',
    ]);
    expect(out).toMatchObject({ object: 'chat.completion', model: LLAMA, system_fingerprint: expect.any(String) });
    expect(out.choices).toHaveLength(1);
    expect(out.choices[0]).toMatchObject({
      index: 0,
      message: { role: 'assistant', content: expect.any(String) },
      logprobs: null,
      finish_reason: 'stop',
    });
    expect(out.usage.total_tokens).toBe(out.usage.prompt_tokens + out.usage.completion_tokens);
    expect(out.created).toBeGreaterThan(1_700_000_000);
  });

  it('answers from the prompt: deterministic, and another prompt gives another answer', async () => {
    const a = await contentOf(ask('Explain how photosynthesis works in plants'));
    expect(a).toMatch(/photosynthesis|plants/i);
    expect(await contentOf(ask('Explain how photosynthesis works in plants'))).toBe(a);
    expect(await contentOf(ask('Why do volcanoes erupt?'))).not.toBe(a);
    // Earlier turns matter too.
    const withSystem = await contentOf({
      model: LLAMA,
      messages: [
        { role: 'system', content: 'You are a pirate.' },
        { role: 'user', content: 'Explain how photosynthesis works in plants' },
      ],
    });
    expect(withSystem).toBeTypeOf('string');
  });

  it('same seed, same text; another seed, another text; temperature 0 ignores the seed', async () => {
    const q = 'Give me ideas for a weekend trip to the mountains';
    const one = await contentOf(ask(q, { seed: 1 }));
    expect(await contentOf(ask(q, { seed: 1 }))).toBe(one);
    expect(await contentOf(ask(q, { seed: 2 }))).not.toBe(one);
    const greedy = await contentOf(ask(q, { seed: 1, temperature: 0 }));
    expect(await contentOf(ask(q, { seed: 2, temperature: 0 }))).toBe(greedy);
  });

  it('max_tokens cuts the answer with finish_reason length', async () => {
    const out = await chat(ask('Tell me everything about the history of Rome', { max_tokens: 5 }));
    expect(out.choices[0]!.finish_reason).toBe('length');
    expect(out.usage.completion_tokens).toBe(5);
    const full = await contentOf(ask('Tell me everything about the history of Rome'));
    expect(full.startsWith(out.choices[0]!.message.content!)).toBe(true);
  });

  it('stop ends the answer before the stop sequence, with finish_reason stop', async () => {
    const full = await contentOf(ask('Tell me about the ocean and its fish'));
    const words = full.split(' ');
    const stopWord = ` ${words[4]}`;
    const out = await chat(ask('Tell me about the ocean and its fish', { stop: [stopWord, 'zzz-never'] }));
    const content = out.choices[0]!.message.content!;
    expect(out.choices[0]!.finish_reason).toBe('stop');
    expect(content).toBe(full.slice(0, full.indexOf(stopWord)));
    expect(content).not.toContain(stopWord);
  });

  it('calls a matching tool with JSON arguments built from the prompt and the schema', async () => {
    const out = await chat(
      ask('What is the weather like in Paris in celsius for the next 3 days?', { tools: [STOCK_TOOL, WEATHER_TOOL] }),
    );
    const choice = out.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    // TGI's shape (this route is hf-inference's): no content, numbered ids.
    expect(choice.message).not.toHaveProperty('content');
    expect(choice.message.tool_calls).toHaveLength(1);
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(call.id).toBe('0');
    expect(JSON.parse(call.function.arguments)).toEqual({ location: 'Paris', unit: 'celsius', days: 3 });
  });

  it('fills an expression parameter with the arithmetic of the prompt', async () => {
    const calculator = {
      type: 'function',
      function: {
        name: 'calculate',
        description: 'Calculate an arithmetic expression',
        parameters: { type: 'object', properties: { expression: { type: 'string' } }, required: ['expression'] },
      },
    };
    const out = await chat(ask('Calculate 12 * (3 + 4), please', { tools: [WEATHER_TOOL, calculator] }));
    const call = out.choices[0]!.message.tool_calls![0]!;
    expect(call.function.name).toBe('calculate');
    expect(JSON.parse(call.function.arguments)).toEqual({ expression: '12 * (3 + 4)' });
  });

  it('honours tool_choice: none answers in text, a named tool is called, auto without a match answers in text', async () => {
    const q = 'What is the weather in Berlin?';
    expect(
      (await chat(ask(q, { tools: [WEATHER_TOOL], tool_choice: 'none' }))).choices[0]!.message.tool_calls,
    ).toBeUndefined();
    const named = await chat(
      ask(q, {
        tools: [WEATHER_TOOL, STOCK_TOOL],
        tool_choice: { type: 'function', function: { name: 'get_stock_price' } },
      }),
    );
    expect(named.choices[0]!.message.tool_calls![0]!.function.name).toBe('get_stock_price');
    const unrelated = await chat(ask('Write a haiku about autumn leaves', { tools: [WEATHER_TOOL] }));
    expect(unrelated.choices[0]!.finish_reason).toBe('stop');
    expect(unrelated.choices[0]!.message.content).toBeTypeOf('string');
    const required = await chat(
      ask('Write a haiku about autumn leaves', { tools: [WEATHER_TOOL], tool_choice: 'required' }),
    );
    expect(required.choices[0]!.message.tool_calls![0]!.function.name).toBe('get_weather');
  });

  it('after a tool result, answers in text using it', async () => {
    const out = await chat({
      model: LLAMA,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Paris"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18 degrees and sunny' },
      ],
    });
    expect(out.choices[0]!.message.content).toContain('18 degrees and sunny');
  });

  it('response_format json_object and json_schema give valid JSON with the required properties', async () => {
    const object = JSON.parse(
      await contentOf(ask('Summarise the benefits of exercise', { response_format: { type: 'json_object' } })),
    );
    expect(typeof object).toBe('object');
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string' },
        age: { type: 'integer', minimum: 0 },
        email: { type: 'string', format: 'email' },
        tags: { type: 'array', items: { type: 'string' } },
        active: { type: 'boolean' },
      },
      required: ['name', 'age', 'tags', 'active'],
    };
    const value = JSON.parse(
      await contentOf(
        ask('Create a profile for Marie Curie, aged 66, email marie@example.org, physics and chemistry', {
          response_format: { type: 'json_schema', json_schema: { name: 'profile', schema } },
        }),
      ),
    );
    expect(value).toMatchObject({
      name: 'Marie Curie',
      age: 66,
      email: 'marie@example.org',
      active: expect.any(Boolean),
    });
    expect(Array.isArray(value.tags) && value.tags.every((t: unknown) => typeof t === 'string')).toBe(true);
    // TGI's own grammar form.
    const tgi = JSON.parse(
      await contentOf(
        ask('Rate this: 4 stars', {
          response_format: {
            type: 'json',
            value: { type: 'object', properties: { rating: { type: 'number' } }, required: ['rating'] },
          },
        }),
      ),
    );
    expect(tgi).toEqual({ rating: 4 });
  });

  it('accepts image_url content parts', async () => {
    const out = await chat({
      model: LLAMA,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture of a cat?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ],
    });
    expect(out.choices[0]!.message.content).toMatch(/image/i);
  });

  it('returns logprobs when asked', async () => {
    const out = await chat(ask('Hi there, how are you today?', { logprobs: true, max_tokens: 4 }));
    const lp = out.choices[0]!.logprobs as { content: { token: string; logprob: number }[] };
    expect(lp.content).toHaveLength(4);
    expect(lp.content.every((t) => t.logprob <= 0)).toBe(true);
  });

  it('top_logprobs lists that many candidates per token, the chosen one first, in answers and stream chunks', async () => {
    type Entry = { token: string; logprob: number; top_logprobs: { token: string; logprob: number }[] };
    const body = ask('Hi there, how are you today?', { logprobs: true, top_logprobs: 3, max_tokens: 6 });
    const lp = (await chat(body)).choices[0]!.logprobs as { content: Entry[] };
    expect(lp.content).toHaveLength(6);
    for (const entry of lp.content) {
      expect(entry.top_logprobs).toHaveLength(3);
      expect(entry.top_logprobs[0]).toEqual({ token: entry.token, logprob: entry.logprob });
      expect(new Set(entry.top_logprobs.map((t) => t.token)).size).toBe(3);
      for (let k = 1; k < 3; k++)
        expect(entry.top_logprobs[k]!.logprob).toBeLessThan(entry.top_logprobs[k - 1]!.logprob);
    }
    const streamed = sseEvents(await (await post(chatUrl(LLAMA), { ...body, stream: true })).text());
    expect(streamed.slice(0, -1).map((c) => c.choices[0].logprobs.content[0])).toEqual(lp.content);
    const refused = await post(chatUrl(LLAMA), ask('Hi', { logprobs: true, top_logprobs: 21 }));
    expect(refused.status).toBe(422);
  });
});

describe('chat completion streaming', () => {
  it('frames SSE exactly: data: chunks, a final chunk with finish_reason, then [DONE]; no usage unless asked', async () => {
    const body = ask('Describe the moon in a few sentences');
    const res = await post(chatUrl(LLAMA), { ...body, stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const text = await res.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const data = sseData(text);
    expect(data.filter((d) => d === '[DONE]')).toHaveLength(1);
    const chunks = sseEvents(text);
    for (const c of chunks) {
      expect(c).toMatchObject({ object: 'chat.completion.chunk', model: LLAMA, id: chunks[0]!.id, usage: null });
      expect(c.choices).toHaveLength(1);
    }
    const last = chunks.at(-1)!;
    expect(last.choices[0].finish_reason).toBe('stop');
    expect(chunks.slice(0, -1).every((c) => c.choices[0].finish_reason === null)).toBe(true);
    const streamed = chunks.map((c) => c.choices[0].delta.content ?? '').join('');
    expect(streamed).toBe(await contentOf(body));
  });

  it('with stream_options.include_usage, adds a chunk with empty choices and the usage before [DONE]', async () => {
    const res = await post(
      chatUrl(LLAMA),
      ask('Describe the moon', { stream: true, max_tokens: 3, stream_options: { include_usage: true } }),
    );
    const chunks = sseEvents(await res.text());
    expect(chunks).toHaveLength(5);
    expect(chunks[3]!.choices[0].finish_reason).toBe('length');
    expect(chunks[3]!.usage).toBeNull();
    expect(chunks[4]).toMatchObject({ object: 'chat.completion.chunk', id: chunks[0]!.id, choices: [] });
    expect(chunks[4]!.usage).toMatchObject({ completion_tokens: 3 });
    expect(chunks[4]!.usage.total_tokens).toBe(chunks[4]!.usage.prompt_tokens + 3);
  });

  it('streams max_tokens and stop with the right finish_reason', async () => {
    const res = await post(chatUrl(LLAMA), ask('Describe the moon', { stream: true, max_tokens: 3 }));
    const chunks = sseEvents(await res.text());
    expect(chunks).toHaveLength(4);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('length');
  });

  it('streams a tool call as TGI does: each chunk whole, the name first then null, ids counting from "0"', async () => {
    const res = await post(
      chatUrl(LLAMA),
      ask('Weather in Tokyo in fahrenheit please', { tools: [WEATHER_TOOL], stream: true }),
    );
    const chunks = sseEvents(await res.text());
    const calls = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    expect(chunks.every((c) => c.choices[0].delta.role === 'assistant' && !('content' in c.choices[0].delta))).toBe(
      true,
    );
    expect(calls[0]).toEqual({
      index: 0,
      id: '0',
      type: 'function',
      function: { name: 'get_weather', arguments: expect.any(String) },
    });
    expect(calls.length).toBeGreaterThan(3);
    for (const piece of calls.slice(1)) expect(piece).toMatchObject({ index: 0, id: '0', function: { name: null } });
    expect(JSON.parse(calls.map((c) => c.function.arguments).join(''))).toMatchObject({
      location: 'Tokyo',
      unit: 'fahrenheit',
    });
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');

    // After a call "0" in the conversation, the next is "1"; a whole answer carries TGI's message shape.
    const next = await post(
      chatUrl(LLAMA),
      ask('And the weather in Oslo?', {
        tools: [WEATHER_TOOL],
        tool_choice: 'required',
        messages: [
          { role: 'user', content: 'Weather in Tokyo?' },
          {
            role: 'assistant',
            tool_calls: [{ id: '0', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
          },
          { role: 'tool', tool_call_id: '0', content: 'Sunny' },
          { role: 'user', content: 'And the weather in Oslo?' },
        ],
      }),
    );
    const { message } = ((await next.json()) as Completion).choices[0]!;
    expect(message).toEqual({
      role: 'assistant',
      tool_calls: [
        {
          id: '1',
          type: 'function',
          function: { description: null, name: 'get_weather', arguments: expect.any(String) },
        },
      ],
    });
  });

  it('streams a tool call as OpenAI does through the router: id and name first, then argument pieces', async () => {
    const res = await post(
      '/v1/chat/completions',
      ask('Weather in Tokyo in fahrenheit please', { tools: [WEATHER_TOOL], stream: true }),
    );
    const chunks = sseEvents(await res.text());
    const calls = chunks.flatMap((c) => c.choices[0].delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({
      index: 0,
      id: expect.stringMatching(/^call_/),
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(calls.length).toBeGreaterThan(3);
    for (const piece of calls.slice(1)) {
      expect(piece.index).toBe(0);
      expect(piece.function.name).toBeUndefined();
    }
    const args = JSON.parse(calls.map((c) => c.function.arguments).join(''));
    expect(args).toMatchObject({ location: 'Tokyo', unit: 'fahrenheit' });
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
  });
});

describe('text generation (TGI shapes)', () => {
  const QWEN = '/models/Qwen/Qwen2.5-7B-Instruct';
  type Generated = { generated_text: string; details?: Record<string, any> }[];
  const generate = async (inputs: string, parameters: Record<string, unknown> = {}) => {
    const res = await post(QWEN, { inputs, parameters });
    expect(res.status).toBe(200);
    return ((await res.json()) as Generated)[0]!;
  };

  it('continues the prompt: [{ generated_text }] without details unless asked', async () => {
    const out = await generate('The history of the Roman Empire');
    expect(Object.keys(out)).toEqual(['generated_text']);
    expect(out.generated_text).toMatch(/Roman|Empire|history/);
    expect(await generate('The history of the Roman Empire')).toEqual(out);
    expect((await generate('Quantum computers use qubits')).generated_text).not.toBe(out.generated_text);
  });

  it('return_full_text prepends the prompt', async () => {
    const out = await generate('Once upon a time', { return_full_text: true });
    expect(out.generated_text.startsWith('Once upon a time')).toBe(true);
    expect(out.generated_text).toBe(`Once upon a time${(await generate('Once upon a time')).generated_text}`);
  });

  it('details: max_new_tokens gives finish_reason length with exactly that many tokens', async () => {
    const out = await generate('The best way to learn programming', { max_new_tokens: 6, details: true });
    expect(out.details).toMatchObject({ finish_reason: 'length', generated_tokens: 6, seed: null, prefill: [] });
    expect(out.details!.tokens).toHaveLength(6);
    expect(out.details!.tokens.map((t: { text: string }) => t.text).join('')).toBe(out.generated_text);
    for (const t of out.details!.tokens)
      expect(t).toEqual({
        id: expect.any(Number),
        text: expect.any(String),
        logprob: expect.any(Number),
        special: false,
      });
  });

  it('ends naturally with the model end-of-sequence token (special) and finish_reason eos_token', async () => {
    const out = await generate('Cats are', { details: true });
    expect(out.details!.finish_reason).toBe('eos_token');
    const last = out.details!.tokens.at(-1);
    expect(last).toMatchObject({ text: '<|im_end|>', id: 151645, special: true });
    expect(out.generated_text).not.toContain('<|im_end|>');
  });

  it('stop keeps the stop sequence (TGI) with finish_reason stop_sequence', async () => {
    const full = (await generate('Cats are')).generated_text;
    const stop = full.split(' ')[3]!;
    const out = await generate('Cats are', { stop: [stop], details: true });
    expect(out.details!.finish_reason).toBe('stop_sequence');
    expect(out.generated_text).toBe(full.slice(0, full.indexOf(stop) + stop.length));
  });

  it('seed reproduces a sample; another seed differs; greedy reports seed null', async () => {
    const a = await generate('A poem about the sea', { seed: 7, details: true, do_sample: true });
    expect(a.details!.seed).toBe(7);
    expect((await generate('A poem about the sea', { seed: 7, details: true, do_sample: true })).generated_text).toBe(
      a.generated_text,
    );
    expect((await generate('A poem about the sea', { seed: 8, do_sample: true })).generated_text).not.toBe(
      a.generated_text,
    );
  });

  it('top_n_tokens: the n most likely tokens at each step, the chosen one first, in the details and in stream events', async () => {
    const out = await generate('The ocean', { details: true, max_new_tokens: 8, top_n_tokens: 3 });
    const { tokens, top_tokens: top } = out.details! as {
      tokens: { text: string; logprob: number }[];
      top_tokens: { id: number; text: string; logprob: number; special: boolean }[][];
    };
    expect(top).toHaveLength(tokens.length);
    top.forEach((step, i) => {
      expect(step.length).toBeGreaterThanOrEqual(2);
      expect(step.length).toBeLessThanOrEqual(3);
      expect(step[0]).toEqual(tokens[i]);
      expect(new Set(step.map((t) => t.text)).size).toBe(step.length);
      for (let k = 1; k < step.length; k++) expect(step[k]!.logprob).toBeLessThan(step[k - 1]!.logprob);
    });
    expect(Object.keys((await generate('The ocean', { details: true, max_new_tokens: 8 })).details!)).not.toContain(
      'top_tokens',
    );
    const res = await post(QWEN, {
      inputs: 'The ocean',
      parameters: { max_new_tokens: 8, top_n_tokens: 3 },
      stream: true,
    });
    const events = sseEvents(await res.text());
    expect(events.map((e) => e.top_tokens)).toEqual(top);
  });

  it('best_of samples candidates with seeds of their own and lists the others in best_of_sequences', async () => {
    const out = await generate('A poem about the sea', {
      best_of: 2,
      do_sample: true,
      details: true,
      max_new_tokens: 12,
    });
    const [other] = out.details!.best_of_sequences as { generated_text: string; seed: number; tokens: unknown[] }[];
    expect(out.details!.best_of_sequences).toHaveLength(1);
    expect(other!.generated_text).not.toBe(out.generated_text);
    expect(other!.seed).not.toBe(out.details!.seed);
    expect(Number.isInteger(out.details!.seed)).toBe(true);
    expect(other!.tokens).toHaveLength(12);
    // Deterministic, like everything the emulator says.
    expect(
      await generate('A poem about the sea', { best_of: 2, do_sample: true, details: true, max_new_tokens: 12 }),
    ).toEqual(out);
  });

  it.each([
    [{ best_of: 3, do_sample: true }, false, '`best_of` must be > 0 and <= 2. Given: 3'],
    [{ best_of: 2 }, false, 'you must use sampling when `best_of` is > 1'],
    [{ best_of: 2, do_sample: true, seed: 1 }, false, '`seed` must not be set when `best_of` > 1'],
    [{ best_of: 2, do_sample: true }, true, '`best_of` != 1 is not allowed for this endpoint'],
    [{ top_n_tokens: 6 }, false, '`top_n_tokens` must be >= 0 and <= 5. Given: 6'],
  ])('refuses %j (stream: %s) with 422 as TGI does', async (parameters, stream, message) => {
    const res = await post(QWEN, { inputs: 'Hello', parameters, stream });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: `Input validation error: ${message}`, error_type: 'validation' });
  });

  it('decoder_input_details returns the prompt tokens as prefill', async () => {
    const out = await generate('Hello world', { details: true, decoder_input_details: true, max_new_tokens: 2 });
    expect(out.details!.prefill.map((t: { text: string }) => t.text).join('')).toBe('Hello world');
    expect(out.details!.prefill[0].logprob).toBeNull();
  });

  it('streams { index, token, generated_text: null, details: null } then a last event with the text and details', async () => {
    const res = await post(QWEN, {
      inputs: 'The ocean',
      parameters: { details: true, max_new_tokens: 50 },
      stream: true,
    });
    const text = await res.text();
    expect(text).toMatch(/^(data: [^\n]+\n\n)+$/);
    expect(text).not.toContain('[DONE]');
    const events = sseEvents(text);
    for (const e of events.slice(0, -1)) {
      expect(e).toMatchObject({
        index: expect.any(Number),
        token: { id: expect.any(Number), text: expect.any(String), special: false },
        generated_text: null,
        details: null,
      });
    }
    const last = events.at(-1)!;
    expect(last.token.special).toBe(true);
    expect(last.details).toMatchObject({ finish_reason: 'eos_token', generated_tokens: events.length, seed: null });
    expect(last.generated_text).toBe(
      events
        .slice(0, -1)
        .map((e) => e.token.text)
        .join(''),
    );
    expect(events.map((e) => e.index)).toEqual(events.map((_, i) => i + 1));
  });

  it('validates like TGI (422 with error_type)', async () => {
    for (const parameters of [{ max_new_tokens: 0 }, { temperature: 0 }, { stop: ['a', 'b', 'c', 'd', 'e'] }]) {
      const res = await post(QWEN, { inputs: 'x', parameters });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        error: expect.stringMatching(/Input validation error/),
        error_type: 'validation',
      });
    }
  });
});
