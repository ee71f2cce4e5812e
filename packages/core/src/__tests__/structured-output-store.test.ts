import * as z from 'zod/mini';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/src/node';
import { InferenceHTTPError, InferenceResponseError, InferenceValidationError } from '../errors';
import * as core from '../index';
import { PartialJsonReader } from '../partial-json';
import type { StreamScheduler } from '../stream-store';
import { responseFormatFor } from '../structured-output';
import {
  createStructuredOutputStore,
  type StructuredOutputSnapshot,
  type StructuredOutputStoreOptions,
} from '../structured-output-store';
import { chatCompletionStream, type ChatCompletionStreamOutput } from '../tasks/chat-completion';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const baseUrl = 'http://emu.test';

const recipe = z.object({
  title: z.string(),
  servings: z.number(),
  steps: z.array(z.object({ text: z.string(), minutes: z.number() })),
});
type Recipe = z.output<typeof recipe>;

const chunk = (delta: object, finish: string | null = null, extra: object = {}) =>
  ({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model,
    choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
    ...extra,
  }) as ChatCompletionStreamOutput;
const token = (content: string) => chunk({ role: 'assistant', content });
const finish = (reason = 'stop') => chunk({ role: 'assistant', content: '' }, reason);

/** A scheduler that flushes only when the test says a frame has passed. */
function manualFrames() {
  let queue: (() => void)[] = [];
  const scheduler: StreamScheduler = (flush) => {
    queue.push(flush);
    return () => {
      queue = queue.filter((f) => f !== flush);
    };
  };
  return {
    scheduler,
    frame() {
      const due = queue;
      queue = [];
      for (const flush of due) flush();
      return due.length;
    },
    get pending() {
      return queue.length;
    },
  };
}

const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** The router's model list as the emulator's catalogue has it for the model of these tests. */
const routerModels = {
  object: 'list',
  data: [
    {
      id: model,
      providers: [
        { provider: 'groq', status: 'live', supports_structured_output: false },
        { provider: 'cerebras', status: 'live', supports_structured_output: true },
      ],
    },
  ],
};

/**
 * `mockFetch` for the chat requests, with the router's `/v1/models` (the structured-output check)
 * answered apart and counted.
 */
function setup(options: Partial<StructuredOutputStoreOptions<typeof recipe>> = {}, ...responses: unknown[]) {
  const streams = responses.length ? [] : [controlledStream()];
  const mock = mockFetch(...(responses.length ? responses : [() => streams[0]!.response]));
  const listed: string[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    if (url.endsWith('/v1/models')) {
      listed.push(url);
      return json(routerModels);
    }
    return mock.fetch(input, init);
  }) as typeof globalThis.fetch;
  const frames = manualFrames();
  const store = createStructuredOutputStore({
    schema: recipe,
    model,
    client: { options: { baseUrl, fetch, accessToken: 'hf_test' } },
    scheduler: frames.scheduler,
    ...options,
  });
  return { store, calls: mock.calls, listed, frames, stream: streams[0]!, fetch };
}

function record<T>(store: { subscribe(l: () => void): () => void; getSnapshot(): StructuredOutputSnapshot<T> }) {
  const seen: StructuredOutputSnapshot<T>[] = [];
  store.subscribe(() => seen.push(store.getSnapshot()));
  return { seen, statuses: () => seen.map((s) => s.status) };
}

const body = (call: { body: string }) => JSON.parse(call.body) as Record<string, unknown>;

const RECIPE: Recipe = {
  title: 'Tomato soup',
  servings: 4,
  steps: [
    { text: 'Chop the tomatoes', minutes: 5 },
    { text: 'Simmer', minutes: 20 },
    { text: 'Blend', minutes: 2 },
  ],
};
/** The JSON of RECIPE cut into small tokens, as a model streams it. */
const tokens = (text = JSON.stringify(RECIPE)) => text.match(/.{1,4}/gs)!;

describe('createStructuredOutputStore', () => {
  it('goes idle → submitted → streaming → success, the object growing, and sends the schema as json_schema', async () => {
    const onFinish = vi.fn();
    const { store, calls, listed, frames, stream } = setup({
      parameters: { maxTokens: 300, seed: 1 },
      schemaName: 'recipe',
      onFinish,
    });
    const log = record(store);
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', object: undefined, text: '', input: null });
    const done = store.submit('A tomato soup');
    expect(store.getSnapshot()).toMatchObject({ status: 'submitted', input: 'A tomato soup' });
    await settle();
    expect(listed).toEqual([`${baseUrl}/v1/models`]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${baseUrl}/v1/chat/completions`);
    // The exact wire body: OpenAI's json_schema (strict: every property required), usage asked for.
    expect(body(calls[0]!)).toEqual({
      model,
      messages: [{ role: 'user', content: 'A tomato soup' }],
      max_tokens: 300,
      seed: 1,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'recipe',
          strict: true,
          schema: {
            type: 'object',
            properties: {
              title: { type: 'string' },
              servings: { type: 'number' },
              steps: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { text: { type: 'string' }, minutes: { type: 'number' } },
                  required: ['text', 'minutes'],
                  additionalProperties: false,
                },
              },
            },
            required: ['title', 'servings', 'steps'],
            additionalProperties: false,
          },
        },
      },
      stream_options: { include_usage: true },
      stream: true,
    });

    // The first token shows at once.
    stream.push(sse(token('{"ti')));
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'streaming', text: '{"ti', object: {} });
    stream.push(sse(token('tle":"Tom'), token('ato s')));
    await settle();
    // Later tokens wait for the next flush.
    expect(store.getSnapshot().text).toBe('{"ti');
    frames.frame();
    expect(store.getSnapshot()).toMatchObject({ text: '{"title":"Tomato s', object: { title: 'Tomato s' } });

    const rest = JSON.stringify(RECIPE).slice('{"title":"Tomato s'.length);
    stream.push(sse(...tokens(rest).map(token), finish(), '[DONE]'));
    stream.close();
    await done;
    const final = store.getSnapshot();
    expect(final.status).toBe('success');
    expect(final.object).toEqual(RECIPE);
    expect(final.text).toBe(JSON.stringify(RECIPE));
    expect(final.finishReason).toBe('stop');
    expect(log.statuses().filter((s, i, all) => s !== all[i - 1])).toEqual(['submitted', 'streaming', 'success']);
    expect(onFinish).toHaveBeenCalledWith({
      object: RECIPE,
      text: JSON.stringify(RECIPE),
      input: 'A tomato soup',
      finishReason: 'stop',
      usage: null,
    });
    expect(onFinish.mock.calls[0]![0].object).toBe(final.object);
  });

  it('keeps the identity of finished parts from commit to commit, the checked object included', async () => {
    const { store, frames, stream } = setup();
    const done = store.submit('A tomato soup');
    await settle();
    const text = JSON.stringify(RECIPE);
    const cut = text.indexOf('{"text":"Blend"');
    stream.push(sse(token(text.slice(0, cut))));
    await settle();
    frames.frame();
    const before = store.getSnapshot().object!;
    expect(before.steps).toHaveLength(2);
    const [first, second] = before.steps!;
    stream.push(sse(token(text.slice(cut, cut + 12))));
    await settle();
    frames.frame();
    const during = store.getSnapshot().object!;
    expect(during).not.toBe(before);
    expect(during.steps).not.toBe(before.steps);
    expect(during.steps![0]).toBe(first);
    expect(during.steps![1]).toBe(second);
    expect(during.steps![2]).toEqual({ text: 'Ble' });
    stream.push(sse(token(text.slice(cut + 12)), finish(), '[DONE]'));
    stream.close();
    await done;
    const after = store.getSnapshot().object!;
    expect(after).toEqual(RECIPE);
    // The schema changed nothing, so the checked object shares what the app has rendered.
    expect(after.steps![0]).toBe(first);
    expect(after.steps![1]).toBe(second);
  });

  it('reads the stream once: a commit costs the unfinished path, not the text so far', async () => {
    const { store, frames, stream } = setup();
    const done = store.submit('A long recipe');
    await settle();
    const steps = Array.from({ length: 60 }, (_, i) => ({ text: `Step ${i} of the soup`, minutes: i }));
    const text = JSON.stringify({ title: 'Soup', servings: 2, steps });
    const parse = vi.spyOn(JSON, 'parse');
    const write = vi.spyOn(PartialJsonReader.prototype, 'write');
    const pieces = tokens(text);
    let commits = 0;
    store.subscribe(() => commits++);
    for (let i = 0; i < pieces.length; i += 8) {
      stream.push(sse(...pieces.slice(i, i + 8).map(token)));
      await settle(1);
      frames.frame();
    }
    expect(commits).toBeGreaterThan(20);
    const parsedDuringStream = parse.mock.calls.filter(([s]) => typeof s === 'string' && s.startsWith('{"title"'));
    parse.mockRestore();
    // Each character reaches the reader once.
    expect(write.mock.calls.map(([piece]) => piece).join('')).toBe(text);
    write.mockRestore();
    // The SSE reader parses each event; the answer's text is never re-parsed while it streams.
    expect(parsedDuringStream).toHaveLength(0);
    stream.push(sse(finish(), '[DONE]'));
    stream.close();
    await done;
    expect(store.getSnapshot().object!.steps).toHaveLength(60);
  });

  it('stop() keeps the partial object and text; regenerate() sends the last input again from scratch', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const { store, calls, frames } = setup(
      {},
      () => first.response,
      () => second.response,
    );
    const log = record(store);
    void store.submit([
      { role: 'system', content: 'Answer in French.' },
      { role: 'user', content: 'A soup' },
    ]);
    await settle();
    first.push(sse(token('{"title":"Sou'), token('pe","serv')));
    await settle();
    frames.frame();
    store.stop();
    expect(store.getSnapshot()).toMatchObject({
      status: 'stopped',
      text: '{"title":"Soupe","serv',
      object: { title: 'Soupe' },
    });
    await settle();
    expect(first.cancelled).toBeTruthy();
    frames.frame();
    expect(store.getSnapshot().text).toBe('{"title":"Soupe","serv');

    const again = store.regenerate();
    expect(store.getSnapshot()).toMatchObject({ status: 'submitted', object: undefined, text: '' });
    await settle();
    expect(body(calls[1]!).messages).toEqual(body(calls[0]!).messages);
    second.push(sse(...tokens().map(token), finish(), '[DONE]'));
    second.close();
    await again;
    expect(store.getSnapshot()).toMatchObject({ status: 'success', object: RECIPE });
    expect(log.statuses()).toContain('stopped');
  });

  it('an answer that breaks the schema ends in error with the text and issues, keeping the partial object', async () => {
    const onError = vi.fn();
    const wrong = { ...RECIPE, servings: 'four' };
    const { store } = setup({ onError }, new Response(sse(...tokens(JSON.stringify(wrong)).map(token), finish())));
    await store.submit('A soup');
    const { status, error, object, text } = store.getSnapshot();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect((error as InferenceResponseError).body).toBe(JSON.stringify(wrong));
    expect((error as InferenceResponseError).issues).toEqual([
      { path: 'servings', message: 'expected number, received string' },
    ]);
    expect(error!.message).toContain('`servings`: expected number, received string');
    expect(text).toBe(JSON.stringify(wrong));
    // The last partial object: what arrived, unchecked.
    expect(object).toEqual(wrong);
    expect(onError).toHaveBeenCalledWith(error);
  });

  it('says to raise maxTokens when the answer was cut at the token limit', async () => {
    const cut = JSON.stringify(RECIPE).slice(0, 40);
    const { store } = setup({}, new Response(sse(...tokens(cut).map(token), finish('length'))));
    await store.submit('A soup');
    const { status, error, object, text } = store.getSnapshot();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error!.message).toMatch(/finish_reason "length"\): raise `parameters.maxTokens`/);
    expect((error as InferenceResponseError).body).toBe(cut);
    expect(text).toBe(cut);
    expect(object).toMatchObject({ title: 'Tomato soup', servings: 4 });
  });

  it('a failed request ends in error (typed) with nothing to show', async () => {
    const { store } = setup({}, json({ error: 'Model is overloaded' }, 500));
    await store.submit('A soup');
    expect(store.getSnapshot()).toMatchObject({ status: 'error', object: undefined, text: '' });
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceHTTPError);
  });

  it('a new submit aborts the answer still streaming; reset() and destroy() abort too', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const third = controlledStream();
    const { store, frames } = setup(
      {},
      () => first.response,
      () => second.response,
      () => third.response,
    );
    void store.submit('one');
    await settle();
    first.push(sse(token('{"title":"One')));
    await settle();
    void store.submit('two');
    await settle();
    expect(first.cancelled).toBeTruthy();
    second.push(sse(token('{"title":"Two')));
    await settle();
    frames.frame();
    expect(store.getSnapshot()).toMatchObject({ input: 'two', object: { title: 'Two' }, status: 'streaming' });
    store.reset();
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', object: undefined, text: '', input: null });
    await settle();
    expect(second.cancelled).toBeTruthy();
    void store.submit('three');
    await settle();
    const listener = vi.fn();
    store.subscribe(listener);
    store.destroy();
    await settle();
    expect(third.cancelled).toBeTruthy();
    frames.frame();
    expect(listener).not.toHaveBeenCalled();
    expect(store.getSnapshot().status).toBe('submitted');
  });

  it('commits at most once per throttle period (50 ms by default), the first token at once', async () => {
    vi.useFakeTimers();
    try {
      const stream = controlledStream();
      const { store } = setup({ scheduler: undefined }, () => stream.response);
      const log = record(store);
      void store.submit('A soup');
      await vi.advanceTimersByTimeAsync(0);
      const pieces = tokens();
      stream.push(sse(token(pieces[0]!)));
      await vi.advanceTimersByTimeAsync(0);
      const afterFirst = log.seen.length;
      expect(store.getSnapshot().text).toBe(pieces[0]);
      for (const piece of pieces.slice(1, 11)) {
        stream.push(sse(token(piece)));
        await vi.advanceTimersByTimeAsync(1);
      }
      // Ten tokens within 10 ms: no commit yet.
      expect(log.seen.length).toBe(afterFirst);
      await vi.advanceTimersByTimeAsync(core.DEFAULT_STREAM_THROTTLE_MS);
      expect(log.seen.length).toBe(afterFirst + 1);
      expect(store.getSnapshot().text).toBe(pieces.slice(0, 11).join(''));
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses a provider without structured output before sending, naming the ones that have it', async () => {
    const { store, calls } = setup({ model: `${model}:groq` });
    await store.submit('A soup');
    const { status, error } = store.getSnapshot();
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect((error as InferenceValidationError).issues).toEqual([
      {
        path: 'model',
        message: `"groq" does not support structured output for "${model}"; the providers that do: "cerebras": pass \`provider: "cerebras"\` or the model "${model}:cerebras"`,
      },
    ]);
    expect(calls).toHaveLength(0);
  });

  it("takes any run (here the task's chunk-validating stream) and hands it the response format", async () => {
    const { fetch, calls } = mockFetch(new Response(sse(...tokens().map(token), finish(), '[DONE]')));
    const store = createStructuredOutputStore({
      schema: recipe,
      model,
      throttle: 'none',
      run: (args) => chatCompletionStream({ ...args, baseUrl, fetch }),
    });
    await store.submit('A soup');
    expect(store.getSnapshot()).toMatchObject({ status: 'success', object: RECIPE });
    expect(body(calls[0]!).response_format).toEqual(responseFormatFor('x', recipe, 'openai'));
  });

  it("sends TGI's json grammar to a dedicated endpoint without a model name", async () => {
    const { fetch, calls } = mockFetch(new Response(sse(...tokens().map(token), finish(), '[DONE]')));
    const store = createStructuredOutputStore({
      schema: recipe,
      client: { options: { endpointUrl: 'http://tgi.test', fetch } },
      throttle: 'none',
    });
    await store.submit('A soup');
    expect(store.getSnapshot().status).toBe('success');
    expect(calls[0]!.url).toBe('http://tgi.test/v1/chat/completions');
    expect(body(calls[0]!)).toEqual({
      model: 'tgi',
      messages: [{ role: 'user', content: 'A soup' }],
      response_format: {
        type: 'json',
        value: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            servings: { type: 'number' },
            steps: {
              type: 'array',
              items: {
                type: 'object',
                properties: { text: { type: 'string' }, minutes: { type: 'number' } },
                required: ['text', 'minutes'],
                additionalProperties: false,
              },
            },
          },
          required: ['title', 'servings', 'steps'],
          additionalProperties: false,
        },
      },
      stream_options: { include_usage: true },
      stream: true,
    });
  });

  it('starts from a snapshot carried over, an answer still on its way as stopped, and regenerates its input', async () => {
    const { store: first, frames, stream } = setup();
    void first.submit('A soup');
    await settle();
    stream.push(sse(token('{"title":"Sou')));
    await settle();
    frames.frame();
    const carried = first.getSnapshot();
    expect(carried.status).toBe('streaming');
    first.destroy();
    const { store: second, calls } = setup(
      { initialSnapshot: carried },
      new Response(sse(...tokens().map(token), finish(), '[DONE]')),
    );
    expect(second.getSnapshot()).toEqual({ ...carried, status: 'stopped' });
    await second.regenerate();
    expect(body(calls[0]!).messages).toEqual([{ role: 'user', content: 'A soup' }]);
    expect(second.getSnapshot()).toMatchObject({ status: 'success', object: RECIPE });
    second.reset();
    expect(second.getSnapshot()).toMatchObject({ status: 'idle', object: undefined, input: null });
  });

  it('is public', () => {
    expect(core.createStructuredOutputStore).toBe(createStructuredOutputStore);
  });
});

describe('createStructuredOutputStore against the emulator over HTTP', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
  });
  afterAll(() => emulator.close());

  const ticket = z.object({
    title: z.string(),
    priority: z.enum(['low', 'high']),
    labels: z.array(z.string()),
  });

  it('streams a schema-valid object that grows, then the checked one', async () => {
    const seen: unknown[] = [];
    const store = createStructuredOutputStore({
      schema: ticket,
      model,
      parameters: { seed: 4 },
      client: { options: { baseUrl: emulator.url } },
      throttle: 'none',
    });
    store.subscribe(() => seen.push(store.getSnapshot().object));
    await store.submit('Triage: the login page is down for everyone.');
    const { status, object, text, finishReason, usage } = store.getSnapshot();
    expect(status).toBe('success');
    expect(ticket.safeParse(object).success).toBe(true);
    expect(JSON.parse(text)).toEqual(object);
    expect(finishReason).toBe('stop');
    expect(usage).toMatchObject({ completionTokens: expect.any(Number) });
    const partials = [...new Set(seen.filter((o) => o !== undefined))];
    expect(partials.length).toBeGreaterThan(3);
  });

  it('refuses a model no provider gives structured output for, and lets an unlisted model through', async () => {
    const store = createStructuredOutputStore({
      schema: ticket,
      model: 'HuggingFaceH4/zephyr-7b-beta',
      client: { options: { baseUrl: emulator.url } },
    });
    await store.submit('Triage');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceValidationError);
    expect(store.getSnapshot().error!.message).toContain(
      'no provider of "HuggingFaceH4/zephyr-7b-beta" supports structured output ("featherless-ai" does not)',
    );
    store.setOptions({ model: 'unknown-org/unknown-model' });
    await store.submit('Triage');
    // Sent: the router itself answers that no provider serves it.
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceHTTPError);
  });
});
