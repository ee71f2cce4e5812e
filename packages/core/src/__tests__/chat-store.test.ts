import { afterEach, describe, expect, it, vi } from 'vitest';
import { createChatStore, type ChatSnapshot, type ChatStoreOptions, type ChatUIMessage } from '../chat-store';
import { InferenceHTTPError, InferenceResponseError, InferenceStreamError, InferenceValidationError } from '../errors';
import { chatCompletionStream, type ChatCompletionStreamOutput } from '../tasks/chat-completion';
import { DEFAULT_STREAM_THROTTLE_MS, type StreamScheduler } from '../stream-store';
import { createEmulatorHandler } from '../../../emulator/src/handler';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const baseUrl = 'http://emu.test';

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
const finish = (reason = 'stop', usage?: object) =>
  chunk({ role: 'assistant', content: '' }, reason, usage ? { usage } : {});

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

/** Lets the stream pipeline (reader → parser → generator → store) drain. */
const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** Records every snapshot a subscriber is told about. */
function record(store: { subscribe(l: () => void): () => void; getSnapshot(): ChatSnapshot }) {
  const seen: ChatSnapshot[] = [];
  const unsubscribe = store.subscribe(() => seen.push(store.getSnapshot()));
  return { seen, statuses: () => seen.map((s) => s.status), unsubscribe };
}

function setup(options: Partial<ChatStoreOptions> = {}, ...responses: unknown[]) {
  const streams = responses.length ? [] : [controlledStream()];
  const { fetch, calls } = mockFetch(...(responses.length ? responses : [() => streams[0]!.response]));
  const frames = manualFrames();
  const store = createChatStore({
    model,
    client: { options: { baseUrl, fetch, accessToken: 'hf_test' } },
    scheduler: frames.scheduler,
    ...options,
  });
  return { store, calls, frames, stream: streams[0]!, fetch };
}

const body = (call: { body: string }) => JSON.parse(call.body) as Record<string, unknown>;
const last = (messages: readonly ChatUIMessage[]) => messages[messages.length - 1]!;

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('createChatStore: a reply', () => {
  it('goes idle → submitted → streaming → success and sends the conversation in OpenAI format', async () => {
    const onFinish = vi.fn();
    const { store, calls, frames, stream } = setup({
      initialMessages: [{ role: 'system', content: 'Be brief.' }],
      parameters: { maxTokens: 32, temperature: 0.2 },
      onFinish,
    });
    const log = record(store);
    expect(store.getSnapshot().status).toBe('idle');
    const done = store.send('Hello!');
    expect(store.getSnapshot().status).toBe('submitted');
    expect(store.getSnapshot().messages.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', 'Hello!'],
    ]);
    await settle();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`${baseUrl}/v1/chat/completions`);
    expect(calls[0]!.headers.authorization).toBe('Bearer hf_test');
    expect(body(calls[0]!)).toEqual({
      model,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello!' },
      ],
      max_tokens: 32,
      temperature: 0.2,
      // Asked for by default: servers send usage only when asked.
      stream_options: { include_usage: true },
      stream: true,
    });

    stream.push(sse(token('Hi')));
    await settle();
    expect(store.getSnapshot().status).toBe('streaming');
    expect(last(store.getSnapshot().messages)).toMatchObject({ role: 'assistant', content: 'Hi' });
    stream.push(sse(token(' there'), token('!')));
    await settle();
    frames.frame();
    expect(last(store.getSnapshot().messages).content).toBe('Hi there!');
    stream.push(sse(finish('stop', { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 }), '[DONE]'));
    stream.close();
    await done;

    const snapshot = store.getSnapshot();
    expect(log.statuses()).toEqual(['submitted', 'streaming', 'streaming', 'success']);
    expect(snapshot.status).toBe('success');
    expect(snapshot.finishReason).toBe('stop');
    expect(snapshot.usage).toEqual({ promptTokens: 9, completionTokens: 3, totalTokens: 12 });
    expect(snapshot.error).toBeNull();
    expect(onFinish).toHaveBeenCalledOnce();
    expect(onFinish.mock.calls[0]![0]).toEqual({
      message: last(snapshot.messages),
      messages: snapshot.messages,
      finishReason: 'stop',
      usage: { promptTokens: 9, completionTokens: 3, totalTokens: 12 },
    });
  });

  it('keeps message ids stable while the reply grows', async () => {
    const { store, frames, stream } = setup();
    const done = store.send('Hi');
    const userId = store.getSnapshot().messages[0]!.id;
    stream.push(sse(token('a')));
    await settle();
    const replyId = last(store.getSnapshot().messages).id;
    for (const piece of ['b', 'c', 'd']) {
      stream.push(sse(token(piece)));
      await settle();
      frames.frame();
      expect(store.getSnapshot().messages.map((m) => m.id)).toEqual([userId, replyId]);
    }
    stream.push(sse(finish()));
    stream.close();
    await done;
    expect(store.getSnapshot().messages.map((m) => m.id)).toEqual([userId, replyId]);
    expect(new Set([userId, replyId]).size).toBe(2);
  });

  it('uses the client model and endpoint when the store has no model', async () => {
    const stream = controlledStream();
    const { fetch, calls } = mockFetch(() => stream.response);
    const store = createChatStore({ client: { options: { endpointUrl: 'http://tgi.test', fetch } }, throttle: 'none' });
    const done = store.send('Hi');
    stream.push(sse(token('ok'), finish()));
    stream.close();
    await done;
    expect(calls[0]!.url).toBe('http://tgi.test/v1/chat/completions');
    expect(store.getSnapshot().status).toBe('success');
  });

  it('uses the client model when the store has none, and its own model over the client endpoint', async () => {
    const streams = [controlledStream(), controlledStream()];
    const { fetch, calls } = mockFetch(
      () => streams[0]!.response,
      () => streams[1]!.response,
    );
    const fromClient = createChatStore({
      client: { options: { baseUrl, fetch, model: 'org/client-model' } },
      throttle: 'none',
    });
    const first = fromClient.send('Hi');
    streams[0]!.push(sse(token('ok'), finish()));
    streams[0]!.close();
    await first;
    expect(calls[0]!.url).toBe(`${baseUrl}/v1/chat/completions`);
    expect(body(calls[0]!).model).toBe('org/client-model');

    const own = createChatStore({
      model,
      client: { options: { endpointUrl: 'http://tgi.test', fetch } },
      throttle: 'none',
    });
    const second = own.send('Hi');
    streams[1]!.push(sse(token('ok'), finish()));
    streams[1]!.close();
    await second;
    expect(calls[1]!.url).toBe(`https://router.huggingface.co/v1/chat/completions`);
  });

  it('sends the same wire request as chatCompletionStream (stream_options, camelCase → snake_case, tools kept)', async () => {
    const { store, calls, stream } = setup({
      parameters: {
        streamOptions: { includeUsage: true },
        responseFormat: { type: 'json_object' },
        topP: 0.5,
        tools: [{ type: 'function', function: { name: 'f', parameters: { properties: { city_name: {} } } } }],
      },
    });
    const done = store.send('Hi');
    stream.push(sse(token('x'), finish()));
    stream.close();
    await done;
    let validated: unknown;
    await chatCompletionStream({
      model,
      baseUrl,
      fetch: mockFetch((r: { body: string }) => {
        validated = JSON.parse(r.body);
        return new Response(sse(finish()), { headers: { 'content-type': 'text/event-stream' } });
      }).fetch,
      messages: [{ role: 'user', content: 'Hi' }],
      streamOptions: { includeUsage: true },
      responseFormat: { type: 'json_object' },
      topP: 0.5,
      tools: [{ type: 'function', function: { name: 'f', parameters: { properties: { city_name: {} } } } }],
    }).next();
    expect(body(calls[0]!)).toEqual(validated);
    expect(calls[0]!.headers.accept).toBeUndefined();
  });

  it('a stream that closes before a finish_reason is an InferenceStreamError, partial kept', async () => {
    const { store, stream } = setup();
    const done = store.send('Hi');
    stream.push(sse(token('cut')));
    stream.close();
    await done;
    expect(store.getSnapshot().status).toBe('error');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceStreamError);
    expect(last(store.getSnapshot().messages).content).toBe('cut');
  });

  it('without a model or endpoint anywhere, fails with InferenceValidationError before any request', async () => {
    const { fetch, calls } = mockFetch(json({}));
    const store = createChatStore({ client: { options: { fetch } } });
    await store.send('Hi');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceValidationError);
    expect(calls).toHaveLength(0);
  });

  it('a chunk without choices is an InferenceResponseError', async () => {
    const { store, stream } = setup();
    const done = store.send('Hi');
    stream.push(sse({ unexpected: true }));
    await done;
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceResponseError);
  });

  it('run: chatCompletionStream opts into validated input (errors name the field)', async () => {
    const { fetch, calls } = mockFetch(json({}));
    const store = createChatStore({
      model,
      parameters: { temperature: -1 },
      run: (args) => chatCompletionStream({ ...args, baseUrl, fetch }),
    });
    await store.send('Hi');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceValidationError);
    expect((store.getSnapshot().error as InferenceValidationError).issues[0]!.path).toBe('temperature');
    expect(calls).toHaveLength(0);
  });

  it('exposes an HTTP error before any token as a typed error, without an assistant message', async () => {
    const onError = vi.fn();
    const { store } = setup({ onError }, json({ error: 'Model not found' }, 404));
    const log = record(store);
    await store.send('Hi');
    const snapshot = store.getSnapshot();
    expect(log.statuses()).toEqual(['submitted', 'error']);
    expect(snapshot.error).toBeInstanceOf(InferenceHTTPError);
    expect((snapshot.error as InferenceHTTPError).status).toBe(404);
    expect(snapshot.messages.map((m) => m.role)).toEqual(['user']);
    expect(onError).toHaveBeenCalledWith(snapshot.error);
  });
});

describe('createChatStore: notifications are throttled, accumulation is O(n)', () => {
  it('a 2,000-token stream notifies at most once per frame, plus status changes', async () => {
    const { store, frames, stream } = setup();
    const log = record(store);
    const done = store.send('Tell me a story');
    const pieces: string[] = [];
    let framesRun = 0;
    for (let i = 0; i < 2000; i++) {
      const piece = `w${i} `;
      pieces.push(piece);
      // Several tokens can arrive in one network read, or one per read: both occur in practice.
      stream.push(sse(token(piece)));
      if (i % 10 === 9) await settle(1);
      if (i % 100 === 99) {
        await settle(1);
        framesRun += frames.frame() > 0 ? 1 : 0;
      }
    }
    stream.push(sse(finish(), '[DONE]'));
    stream.close();
    await done;

    const expected = pieces.join('');
    expect(last(store.getSnapshot().messages).content).toBe(expected);
    expect(framesRun).toBe(20);
    // submitted + streaming (first token) + one per frame + success.
    expect(log.seen.length).toBeLessThanOrEqual(2 + framesRun + 1);
    expect(log.statuses().filter((s) => s === 'streaming').length).toBeLessThanOrEqual(1 + framesRun);
    // The messages array is a new one only when subscribers are notified: never per token.
    const arrays = new Set(log.seen.map((s) => s.messages));
    expect(arrays.size).toBeLessThanOrEqual(log.seen.length);
  });

  it('with throttle "none" it notifies per chunk (so the test above would catch a missing throttle)', async () => {
    const { store, stream } = setup({ throttle: 'none', scheduler: undefined });
    const log = record(store);
    const done = store.send('Hi');
    for (let i = 0; i < 50; i++) {
      stream.push(sse(token(`${i} `)));
      await settle(1);
    }
    stream.push(sse(finish()));
    stream.close();
    await done;
    expect(log.seen.length).toBeGreaterThanOrEqual(50);
  });

  it('does not touch earlier messages or rebuild the list per token; only the last message object changes', async () => {
    // Earlier messages that count every property read: copying or re-serialising them per token would show.
    let reads = 0;
    const history = Array.from({ length: 500 }, (_, i) => {
      const message: ChatUIMessage = { id: `h${i}`, role: i % 2 ? 'assistant' : 'user', content: `message ${i}` };
      return new Proxy(message, {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    });
    const { store, frames, stream } = setup({ initialMessages: history });
    const log = record(store);
    const done = store.send('And now?');
    stream.push(sse(token('first ')));
    await settle();
    const readsAfterStart = reads;
    for (let i = 0; i < 300; i++) {
      stream.push(sse(token(`t${i} `)));
      if (i % 10 === 9) await settle(1);
      if (i % 50 === 49) {
        await settle(1);
        frames.frame();
      }
    }
    await settle();
    frames.frame();
    expect(reads - readsAfterStart).toBe(0);

    const streaming = log.seen.filter((s) => s.status === 'streaming');
    expect(streaming.length).toBeGreaterThan(2);
    for (let i = 1; i < streaming.length; i++) {
      const [before, after] = [streaming[i - 1]!.messages, streaming[i]!.messages];
      expect(after).not.toBe(before);
      expect(after.length).toBe(before.length);
      for (let j = 0; j < after.length - 1; j++) expect(after[j]).toBe(before[j]);
      expect(last(after)).not.toBe(last(before));
    }
    stream.push(sse(finish()));
    stream.close();
    await done;
  });

  it('announces status changes at once, without waiting for a frame', async () => {
    const { store, frames, stream } = setup();
    const done = store.send('Hi');
    expect(store.getSnapshot().status).toBe('submitted');
    stream.push(sse(token('a')));
    await settle();
    expect(store.getSnapshot().status).toBe('streaming');
    stream.push(sse(token('b')));
    await settle();
    expect(last(store.getSnapshot().messages).content).toBe('a');
    expect(frames.pending).toBe(1);
    stream.push(sse(finish()));
    stream.close();
    await done;
    // The final flush came with the status, so the pending frame was cancelled.
    expect(frames.pending).toBe(0);
    expect(store.getSnapshot().status).toBe('success');
    expect(last(store.getSnapshot().messages).content).toBe('ab');
  });

  it('getSnapshot returns the same object until something changes', async () => {
    const { store } = setup({ initialMessages: [{ role: 'user', content: 'x' }] });
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    store.stop(); // nothing running: no change
    expect(store.getSnapshot()).toBe(first);
    store.setMessages((messages) => messages);
    expect(store.getSnapshot().messages).toBe(first.messages);
    expect(store.getSnapshot()).toBe(first);
  });
});

describe('createChatStore: schedulers', () => {
  it("'frame' flushes once per animation frame when requestAnimationFrame exists", async () => {
    const callbacks: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => callbacks.push(cb));
    vi.stubGlobal('cancelAnimationFrame', vi.fn());
    const stream = controlledStream();
    const { fetch } = mockFetch(() => stream.response);
    const store = createChatStore({ model, client: { options: { baseUrl, fetch } }, throttle: 'frame' });
    const log = record(store);
    const done = store.send('Hi');
    stream.push(sse(token('a')));
    await settle();
    stream.push(sse(token('b'), token('c'), token('d')));
    await settle();
    expect(callbacks).toHaveLength(1);
    expect(log.seen).toHaveLength(2);
    callbacks.shift()!(0);
    expect(log.seen).toHaveLength(3);
    expect(last(store.getSnapshot().messages).content).toBe('abcd');
    stream.push(sse(finish()));
    stream.close();
    await done;
  });

  it('defaults to one flush per 50 ms; accepts a number of ms; `frame` is setTimeout(16) without frames', async () => {
    const raf = vi.fn();
    vi.useFakeTimers();
    for (const [throttle, ms] of [
      [undefined, DEFAULT_STREAM_THROTTLE_MS],
      ['frame', 16],
      [100, 100],
    ] as const) {
      // Only 'frame' may use animation frames; here it has none and falls back to a timer.
      vi.stubGlobal('requestAnimationFrame', throttle === 'frame' ? undefined : raf);
      const stream = controlledStream();
      const { fetch } = mockFetch(() => stream.response);
      const store = createChatStore({ model, client: { options: { baseUrl, fetch } }, throttle });
      const log = record(store);
      const done = store.send('Hi');
      await vi.advanceTimersByTimeAsync(0);
      stream.push(sse(token('a')));
      await vi.advanceTimersByTimeAsync(0);
      stream.push(sse(token('b')));
      await vi.advanceTimersByTimeAsync(0);
      const before = log.seen.length;
      await vi.advanceTimersByTimeAsync(ms - 1);
      expect(log.seen.length).toBe(before);
      await vi.advanceTimersByTimeAsync(1);
      expect(log.seen.length).toBe(before + 1);
      expect(last(store.getSnapshot().messages).content).toBe('ab');
      stream.push(sse(finish()));
      stream.close();
      await vi.advanceTimersByTimeAsync(0);
      await done;
    }
    expect(DEFAULT_STREAM_THROTTLE_MS).toBe(50);
    expect(raf).not.toHaveBeenCalled();
  });
});

describe('createChatStore: stop, errors and regenerate', () => {
  it('stop() aborts the request at once, keeps the partial reply, and later chunks never land', async () => {
    const onError = vi.fn();
    const onFinish = vi.fn();
    const { store, calls, frames, stream } = setup({ onError, onFinish });
    const done = store.send('Hi');
    stream.push(sse(token('partial'), token(' reply')));
    await settle();
    store.stop();
    // Synchronously: the status, the flushed partial text, the aborted request.
    expect(store.getSnapshot().status).toBe('stopped');
    expect(last(store.getSnapshot().messages).content).toBe('partial reply');
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect((calls[0]!.signal!.reason as Error).name).toBe('AbortError');
    await done;
    expect(stream.cancelled).toBeTruthy();
    const after = store.getSnapshot();
    try {
      stream.push(sse(token(' late')));
    } catch {
      // the body is cancelled: pushing may throw, which is the point
    }
    await settle();
    frames.frame();
    expect(store.getSnapshot()).toBe(after);
    expect(onError).not.toHaveBeenCalled();
    expect(onFinish).not.toHaveBeenCalled();
  });

  it('stop() while waiting for the first token leaves no assistant message', async () => {
    const { store, calls } = setup();
    const done = store.send('Hi');
    await settle();
    store.stop();
    await done;
    expect(store.getSnapshot().status).toBe('stopped');
    expect(store.getSnapshot().messages.map((m) => m.role)).toEqual(['user']);
    expect(calls[0]!.signal!.aborted).toBe(true);
  });

  it('an error mid-stream keeps the partial reply and exposes InferenceStreamError; regenerate() retries cleanly', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const onError = vi.fn();
    const { fetch, calls } = mockFetch(
      () => first.response,
      () => second.response,
    );
    const frames = manualFrames();
    const store = createChatStore({
      model,
      client: { options: { baseUrl, fetch } },
      scheduler: frames.scheduler,
      onError,
    });
    const log = record(store);
    const done = store.send('Write a haiku');
    first.push(sse(token('Autumn '), token('moon')));
    first.push(sse({ error: 'Request failed during generation: CUDA out of memory', error_type: 'generation' }));
    await done;

    let snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toBeInstanceOf(InferenceStreamError);
    expect((snapshot.error as InferenceStreamError).errorType).toBe('generation');
    expect(last(snapshot.messages)).toMatchObject({ role: 'assistant', content: 'Autumn moon' });
    expect(onError).toHaveBeenCalledWith(snapshot.error);
    const userId = snapshot.messages[0]!.id;
    const failedId = last(snapshot.messages).id;

    const again = store.regenerate();
    snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('submitted');
    expect(snapshot.error).toBeNull();
    expect(snapshot.messages.map((m) => m.id)).toEqual([userId]);
    second.push(sse(token('Crisp '), token('air'), finish()));
    second.close();
    await again;

    expect(body(calls[1]!).messages).toEqual([{ role: 'user', content: 'Write a haiku' }]);
    snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('success');
    expect(snapshot.messages.map((m) => m.content)).toEqual(['Write a haiku', 'Crisp air']);
    expect(last(snapshot.messages).id).not.toBe(failedId);
    expect(log.statuses()).toEqual(['submitted', 'streaming', 'error', 'submitted', 'streaming', 'success']);
  });

  it('a connection dropped mid-stream is an InferenceStreamError with the partial reply kept', async () => {
    const { store, stream } = setup();
    const done = store.send('Hi');
    stream.push(sse(token('half')));
    await settle();
    stream.fail(new TypeError('socket hang up'));
    await done;
    expect(store.getSnapshot().status).toBe('error');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceStreamError);
    expect(last(store.getSnapshot().messages).content).toBe('half');
  });

  it('regenerate() after success replaces the last reply; with no user message it does nothing', async () => {
    const streams = [controlledStream(), controlledStream()];
    const { fetch, calls } = mockFetch(
      () => streams[0]!.response,
      () => streams[1]!.response,
    );
    const store = createChatStore({ model, client: { options: { baseUrl, fetch } }, throttle: 'none' });
    await store.regenerate();
    expect(calls).toHaveLength(0);
    expect(store.getSnapshot().status).toBe('idle');

    const done = store.send('Q');
    streams[0]!.push(sse(token('A1'), finish()));
    streams[0]!.close();
    await done;
    const again = store.regenerate();
    streams[1]!.push(sse(token('A2'), finish()));
    streams[1]!.close();
    await again;
    expect(store.getSnapshot().messages.map((m) => m.content)).toEqual(['Q', 'A2']);
    expect(body(calls[1]!).messages).toEqual([{ role: 'user', content: 'Q' }]);
  });

  it('send() while a reply streams stops it (partial kept) and its late tokens never land in the new reply', async () => {
    const streams = [controlledStream(), controlledStream()];
    const { fetch, calls } = mockFetch(
      () => streams[0]!.response,
      () => streams[1]!.response,
    );
    const store = createChatStore({ model, client: { options: { baseUrl, fetch } }, throttle: 'none' });
    const log = record(store);
    const first = store.send('First question');
    streams[0]!.push(sse(token('first ')));
    await settle();
    const second = store.send('Second question');
    expect(calls[0]!.signal!.aborted).toBe(true);
    try {
      streams[0]!.push(sse(token('LATE')));
    } catch {
      // cancelled body
    }
    await first;
    await settle();
    streams[1]!.push(sse(token('second'), finish()));
    streams[1]!.close();
    await second;

    expect(store.getSnapshot().messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'First question'],
      ['assistant', 'first '],
      ['user', 'Second question'],
      ['assistant', 'second'],
    ]);
    expect(body(calls[1]!).messages).toEqual([
      { role: 'user', content: 'First question' },
      { role: 'assistant', content: 'first ' },
      { role: 'user', content: 'Second question' },
    ]);
    expect(log.statuses()).toEqual(['submitted', 'streaming', 'stopped', 'submitted', 'streaming', 'success']);
    expect(log.seen.some((s) => s.messages.some((m) => m.content.includes('LATE')))).toBe(false);
  });
});

describe('createChatStore: tool calls', () => {
  it('assembles tool calls streamed as deltas (by index, id and name first, arguments in pieces)', async () => {
    const { store, frames, stream, calls } = setup({
      parameters: {
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      },
    });
    const done = store.send('Weather in Paris and Rome?');
    const call = (index: number, fn: object, id?: string) =>
      chunk({ tool_calls: [{ index, ...(id ? { id, type: 'function' } : {}), function: fn }] });
    stream.push(
      sse(
        chunk({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '' } }],
        }),
        call(0, { arguments: '{"ci' }),
        call(1, { name: 'get_weather', arguments: '' }, 'call_b'),
        call(0, { arguments: 'ty": "Par' }),
        call(1, { arguments: '{"city": ' }),
      ),
    );
    await settle();
    frames.frame();
    // Mid-stream the calls are partial but already in place.
    expect(last(store.getSnapshot().messages).toolCalls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Par' } },
      { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city": ' } },
    ]);
    stream.push(
      sse(call(0, { arguments: 'is"}' }), call(1, { arguments: '"Rome"}' }), chunk({}, 'tool_calls'), '[DONE]'),
    );
    stream.close();
    await done;

    const reply = last(store.getSnapshot().messages);
    expect(store.getSnapshot().finishReason).toBe('tool_calls');
    expect(reply.content).toBe('');
    expect(reply.toolCalls).toEqual([
      { id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
      { id: 'call_b', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Rome"}' } },
    ]);
    expect(reply.toolCalls!.map((c) => JSON.parse(c.function.arguments))).toEqual([
      { city: 'Paris' },
      { city: 'Rome' },
    ]);
    expect(body(calls[0]!).tools).toHaveLength(1);
  });

  it('sends tool results back with the assistant tool_calls, as the wire expects', async () => {
    const streams = [controlledStream(), controlledStream()];
    const { fetch, calls } = mockFetch(
      () => streams[0]!.response,
      () => streams[1]!.response,
    );
    const store = createChatStore({ model, client: { options: { baseUrl, fetch } }, throttle: 'none' });
    const done = store.send('Weather?');
    streams[0]!.push(
      sse(
        chunk({
          tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
        }),
        chunk({}, 'tool_calls'),
      ),
    );
    streams[0]!.close();
    await done;
    const next = store.send({ role: 'tool', toolCallId: 'call_1', content: '21°C' });
    streams[1]!.push(sse(token('It is 21°C.'), finish()));
    streams[1]!.close();
    await next;
    expect(body(calls[1]!).messages).toEqual([
      { role: 'user', content: 'Weather?' },
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }],
      },
      { role: 'tool', content: '21°C', tool_call_id: 'call_1' },
    ]);
    expect(last(store.getSnapshot().messages).content).toBe('It is 21°C.');
  });

  it('gives a call that arrives without an id a stable one', async () => {
    const { store, frames, stream } = setup();
    const done = store.send('x');
    stream.push(sse(chunk({ tool_calls: [{ index: 0, id: '', function: { name: 'f', arguments: '{' } }] })));
    await settle();
    const id = last(store.getSnapshot().messages).toolCalls![0]!.id;
    expect(id).toMatch(/^call_/);
    stream.push(sse(chunk({ tool_calls: [{ index: 0, function: { arguments: '}' } }] })));
    await settle();
    frames.frame();
    expect(last(store.getSnapshot().messages).toolCalls![0]).toEqual({
      id,
      type: 'function',
      function: { name: 'f', arguments: '{}' },
    });
    stream.push(sse(chunk({}, 'tool_calls')));
    stream.close();
    await done;
  });
});

describe('createChatStore: model loading', () => {
  it('shows loading-model with the estimate while core waits out a 503, then streams', async () => {
    vi.useFakeTimers();
    const stream = controlledStream();
    const clientHook = vi.fn();
    const { fetch } = mockFetch(json({ error: 'Model is loading', estimated_time: 3 }, 503), () => stream.response);
    const store = createChatStore({
      model,
      client: { options: { baseUrl, fetch, onModelLoading: clientHook } },
      throttle: 'none',
    });
    const log = record(store);
    const done = store.send('Hi');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot().status).toBe('loading-model');
    expect(store.getSnapshot().modelLoading).toMatchObject({ estimatedTime: 3, attempt: 1 });
    expect(clientHook).toHaveBeenCalledOnce();
    await vi.advanceTimersByTimeAsync(3000);
    stream.push(sse(token('ready'), finish()));
    stream.close();
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(log.statuses()).toEqual(['submitted', 'loading-model', 'streaming', 'success']);
    expect(store.getSnapshot().modelLoading).toBeNull();
  });
});

describe('createChatStore: reset, setMessages, destroy', () => {
  it('reset() aborts and goes back to the initial messages', async () => {
    const { store, calls, stream } = setup({ initialMessages: [{ role: 'system', content: 'S' }] });
    const initial = store.getSnapshot().messages;
    const done = store.send('Hi');
    stream.push(sse(token('x')));
    await settle();
    store.reset();
    await done;
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', error: null, finishReason: null });
    expect(store.getSnapshot().messages).toBe(initial);
  });

  it('setMessages() replaces the conversation, assigns ids and accepts an updater', async () => {
    const { store } = setup();
    store.setMessages([
      { role: 'user', content: 'a' },
      { id: 'mine', role: 'assistant', content: 'b' },
    ]);
    const [a, b] = store.getSnapshot().messages;
    expect(a!.id).toEqual(expect.any(String));
    expect(b!.id).toBe('mine');
    store.setMessages((messages) => messages.slice(1));
    expect(store.getSnapshot().messages).toEqual([{ id: 'mine', role: 'assistant', content: 'b' }]);
  });

  it('setMessages() during a reply stops it first', async () => {
    const { store, calls, stream } = setup();
    const done = store.send('Hi');
    stream.push(sse(token('x')));
    await settle();
    store.setMessages([]);
    await done;
    expect(calls[0]!.signal!.aborted).toBe(true);
    expect(store.getSnapshot()).toMatchObject({ status: 'stopped', messages: [] });
  });

  it('destroy() aborts the request and nothing is announced afterwards', async () => {
    const { store, calls, frames, stream } = setup();
    const listener = vi.fn();
    store.subscribe(listener);
    const done = store.send('Hi');
    stream.push(sse(token('a')));
    await settle();
    stream.push(sse(token('b')));
    await settle();
    const count = listener.mock.calls.length;
    const snapshot = store.getSnapshot();
    store.destroy();
    expect(calls[0]!.signal!.aborted).toBe(true);
    await done;
    frames.frame();
    store.stop();
    store.reset();
    store.setMessages([]);
    await store.send('again');
    await store.regenerate();
    expect(calls).toHaveLength(1);
    expect(listener).toHaveBeenCalledTimes(count);
    expect(store.getSnapshot()).toBe(snapshot);
    expect(store.subscribe(listener)).toBeTypeOf('function');
  });
});

describe('createChatStore: custom run', () => {
  it('passes OpenAI messages, parameters, model and an abort signal to run', async () => {
    const seen: unknown[] = [];
    const store = createChatStore({
      model: 'm',
      parameters: { maxTokens: 5 },
      throttle: 'none',
      async *run(args) {
        seen.push(args);
        yield token('from run');
        yield finish();
      },
    });
    await store.send('Hi');
    expect(seen[0]).toMatchObject({ model: 'm', maxTokens: 5, messages: [{ role: 'user', content: 'Hi' }] });
    expect((seen[0] as { signal: AbortSignal }).signal).toBeInstanceOf(AbortSignal);
    expect(last(store.getSnapshot().messages).content).toBe('from run');
  });

  it('setOptions() changes what the next request uses', async () => {
    const models: unknown[] = [];
    const store = createChatStore({
      model: 'a',
      throttle: 'none',
      async *run(args) {
        models.push(args.model);
        yield finish();
      },
    });
    await store.send('1');
    store.setOptions({ model: 'b' });
    await store.send('2');
    expect(models).toEqual(['a', 'b']);
  });
});

describe('createChatStore against the emulator', () => {
  const emulated = (faults?: string) => {
    const handler = createEmulatorHandler(faults ? { faults } : {});
    const calls: string[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      calls.push(await request.clone().text());
      return handler(request);
    }) as typeof globalThis.fetch;
    return { client: { options: { baseUrl, fetch } }, calls };
  };

  it('streams a whole reply with usage (asked for by default; it comes in a chunk with no choices)', async () => {
    const { client } = emulated();
    const store = createChatStore({ model, client, throttle: 'none', parameters: { maxTokens: 40, seed: 1 } });
    await store.send('Tell me about the sea.');
    const snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('success');
    expect(last(snapshot.messages).content.length).toBeGreaterThan(10);
    expect(snapshot.usage?.completionTokens).toBeGreaterThan(0);
    expect(snapshot.finishReason).toMatch(/^(stop|length)$/);
  });

  it('streamOptions: { includeUsage: false } is sent as given, and then there is no usage', async () => {
    const { client, calls } = emulated();
    const store = createChatStore({
      model,
      client,
      throttle: 'none',
      parameters: { maxTokens: 10, streamOptions: { includeUsage: false } },
    });
    await store.send('Tell me about the sea.');
    expect(JSON.parse(calls[0]!).stream_options).toEqual({ include_usage: false });
    expect(store.getSnapshot().status).toBe('success');
    expect(store.getSnapshot().usage).toBeNull();
  });

  it('assembles a streamed tool call into complete JSON arguments', async () => {
    const { client } = emulated();
    const store = createChatStore({
      model,
      client,
      throttle: 'none',
      parameters: {
        toolChoice: 'required',
        tools: [
          {
            type: 'function',
            function: {
              name: 'get_weather',
              parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
            },
          },
        ],
      },
    });
    await store.send('What is the weather in Paris?');
    const reply = last(store.getSnapshot().messages);
    expect(store.getSnapshot().finishReason).toBe('tool_calls');
    expect(reply.toolCalls).toHaveLength(1);
    expect(reply.toolCalls![0]!.function.name).toBe('get_weather');
    expect(reply.toolCalls![0]!.id).toBeTruthy();
    expect(() => JSON.parse(reply.toolCalls![0]!.function.arguments)).not.toThrow();
  });

  it('a stream-error fault: partial reply kept, typed error, then regenerate() succeeds', async () => {
    const { client, calls } = emulated('stream-error=overloaded@3');
    const store = createChatStore({ model, client, throttle: 'none', parameters: { maxTokens: 20 } });
    await store.send('Hello there');
    expect(store.getSnapshot().status).toBe('error');
    expect((store.getSnapshot().error as InferenceStreamError).errorType).toBe('overloaded');
    expect(last(store.getSnapshot().messages).content.length).toBeGreaterThan(0);
    store.setOptions({ client: emulated().client });
    await store.regenerate();
    expect(store.getSnapshot().status).toBe('success');
    expect(store.getSnapshot().messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(JSON.parse(calls[0]!).messages).toEqual([{ role: 'user', content: 'Hello there' }]);
  });
});
