import {
  DEFAULT_STREAM_THROTTLE_MS,
  InferenceClient,
  InferenceStreamError,
  type StreamScheduler,
} from '@inferkit/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook } from '@testing-library/react';
import { Activity, Profiler, StrictMode, useEffect, useRef, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlledStream, json, mockFetch, sse } from '../../../core/src/__tests__/fetch-mock';
import { InferenceProvider } from '../provider';
import { useChatCompletion, type UseChatCompletionOptions, type UseChatCompletionResult } from '../use-chat-completion';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const baseUrl = 'http://emu.test';

const chunk = (delta: object, finish: string | null = null, extra: object = {}) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: [{ index: 0, delta, finish_reason: finish, logprobs: null }],
  ...extra,
});
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
    },
  };
}

const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

/** A client whose fetch answers call i with streams[i] (a controlled SSE body) or a fixed response. */
function server(...answers: (ReturnType<typeof controlledStream> | Response)[]) {
  const { fetch, calls } = mockFetch(
    ...answers.map((answer) => () => (answer instanceof Response ? answer : answer.response)),
  );
  return { client: new InferenceClient({ baseUrl, fetch, model }), calls };
}

const body = (call: { body: string }) => JSON.parse(call.body) as { messages: unknown[]; model: string };
const contents = (r: UseChatCompletionResult) => r.messages.map((m) => m.content);
const lastContent = (r: UseChatCompletionResult) => r.messages[r.messages.length - 1]?.content;

/** Pushes SSE events and lets them reach React. */
async function push(stream: ReturnType<typeof controlledStream>, ...events: (string | object)[]) {
  await act(async () => {
    stream.push(sse(...events));
    await settle();
  });
}

describe('useChatCompletion', () => {
  it('goes idle → submitted → streaming → success with the client of <InferenceProvider>', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const onFinish = vi.fn();
    const statuses: string[] = [];
    const wrapper = ({ children }: { children: ReactNode }) => (
      <QueryClientProvider client={new QueryClient()}>
        <InferenceProvider client={client}>{children}</InferenceProvider>
      </QueryClientProvider>
    );
    const { result } = renderHook(
      () => {
        const chat = useChatCompletion({
          initialMessages: [{ role: 'system', content: 'Be brief.' }],
          parameters: { maxTokens: 50 },
          onFinish,
          throttle: 'none',
        });
        if (statuses[statuses.length - 1] !== chat.status) statuses.push(chat.status);
        return chat;
      },
      { wrapper },
    );
    expect(result.current.status).toBe('idle');
    expect(contents(result.current)).toEqual(['Be brief.']);

    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Hello!');
    });
    expect(result.current.status).toBe('submitted');
    await push(stream, token('Hi'), token(' there'));
    expect(result.current.status).toBe('streaming');
    expect(lastContent(result.current)).toBe('Hi there');
    await act(async () => {
      stream.push(sse(finish(), '[DONE]'));
      stream.close();
      await done;
    });

    expect(statuses).toEqual(['idle', 'submitted', 'streaming', 'success']);
    expect(result.current.finishReason).toBe('stop');
    expect(body(calls[0]!)).toMatchObject({
      model,
      max_tokens: 50,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello!' },
      ],
    });
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ message: result.current.messages[2] }));
  });

  it('says how to provide a client when there is none', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderHook(() => useChatCompletion())).toThrow(/InferenceProvider/);
  });

  it('keeps its actions stable across renders', async () => {
    const stream = controlledStream();
    const { client } = server(stream);
    const { result } = renderHook(() => useChatCompletion({ client, throttle: 'none' }));
    const first = result.current;
    act(() => void result.current.send('Hi'));
    await push(stream, token('a'));
    expect(result.current.send).toBe(first.send);
    expect(result.current.stop).toBe(first.stop);
    expect(result.current.setMessages).toBe(first.setMessages);
  });
});

describe('useChatCompletion: at most one React commit per flush (50 ms by default, or per animation frame)', () => {
  /** Renders outside act() so React commits as it would in a browser, and counts commits with a Profiler. */
  async function mountCounting(options: UseChatCompletionOptions) {
    const previous = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    let commits = 0;
    const view: { chat?: UseChatCompletionResult } = {};
    function Chat() {
      view.chat = useChatCompletion(options);
      return (
        <ul>
          {view.chat.messages.map((m) => (
            <li key={m.id}>{m.content}</li>
          ))}
        </ul>
      );
    }
    const container = document.createElement('div');
    const root = createRoot(container);
    root.render(
      <Profiler id="chat" onRender={() => commits++}>
        <Chat />
      </Profiler>,
    );
    await settle();
    return {
      view: view as { chat: UseChatCompletionResult },
      container,
      commits: () => commits,
      unmount() {
        root.unmount();
        (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = previous;
      },
    };
  }

  it('commits once per frame however many chunks arrive in between (2,000 tokens, 20 frames)', async () => {
    const stream = controlledStream();
    const { client } = server(stream);
    const frames = manualFrames();
    const app = await mountCounting({ client, scheduler: frames.scheduler });
    const done = app.view.chat.send('Tell me a story');
    await settle();
    expect(app.view.chat.status).toBe('submitted');
    stream.push(sse(token('w0 ')));
    await settle();
    expect(app.view.chat.status).toBe('streaming');

    const perFrame: number[] = [];
    let expected = 'w0 ';
    for (let f = 0; f < 20; f++) {
      const before = app.commits();
      // 100 tokens per frame, in 10 network reads, each processed before the next arrives.
      for (let read = 0; read < 10; read++) {
        const pieces = Array.from({ length: 10 }, (_, i) => `w${f * 100 + read * 10 + i + 1} `);
        expected += pieces.join('');
        stream.push(sse(...pieces.map(token)));
        await settle(1);
      }
      expect(app.commits()).toBe(before);
      frames.frame();
      await settle(1);
      perFrame.push(app.commits() - before);
    }
    expect(perFrame).toEqual(Array(20).fill(1));
    expect(app.container.textContent).toBe(`Tell me a story${expected}`);
    const beforeEnd = app.commits();
    stream.push(sse(finish(), '[DONE]'));
    stream.close();
    await done;
    await settle();
    expect(app.view.chat.status).toBe('success');
    expect(app.commits() - beforeEnd).toBe(1);
    app.unmount();
  });

  it('with throttle "none" it commits per network read, which is what the throttle prevents', async () => {
    const stream = controlledStream();
    const { client } = server(stream);
    const app = await mountCounting({ client, throttle: 'none' });
    void app.view.chat.send('Hi');
    await settle();
    stream.push(sse(token('a')));
    await settle();
    const before = app.commits();
    for (let read = 0; read < 10; read++) {
      stream.push(sse(token(`${read}`)));
      await settle(1);
    }
    expect(app.commits() - before).toBeGreaterThanOrEqual(10);
    app.view.chat.stop();
    app.unmount();
  });

  it('with the default throttle, commits at most every 50 ms however fast tokens come', async () => {
    const period = DEFAULT_STREAM_THROTTLE_MS;
    const stream = controlledStream();
    const { client } = server(stream);
    const app = await mountCounting({ client });
    vi.useFakeTimers();
    void app.view.chat.send('Hi');
    await vi.advanceTimersByTimeAsync(0);
    stream.push(sse(token('a')));
    await vi.advanceTimersByTimeAsync(0);
    // The first token renders at once (with the status change).
    expect(app.view.chat.status).toBe('streaming');
    expect(app.container.textContent).toBe('Hia');
    const before = app.commits();
    let expected = 'Hia';
    // 100 network reads 5 ms apart (200 reads a second) for 500 ms.
    const commitTimes: number[] = [];
    for (let read = 0; read < 100; read++) {
      const committed = app.commits();
      stream.push(sse(token('b')));
      expected += 'b';
      await vi.advanceTimersByTimeAsync(5);
      if (app.commits() > committed) commitTimes.push(Date.now());
    }
    await vi.advanceTimersByTimeAsync(period);
    // One commit per period (the next read lands just after each one): about 9, not 100 (per read)
    // nor 30 (per 16 ms frame).
    expect(app.commits() - before).toBeGreaterThanOrEqual(8);
    expect(app.commits() - before).toBeLessThanOrEqual(11);
    for (let i = 1; i < commitTimes.length; i++) {
      expect(commitTimes[i]! - commitTimes[i - 1]!).toBeGreaterThanOrEqual(period);
    }
    expect(app.container.textContent).toBe(expected);
    app.view.chat.stop();
    app.unmount();
  });

  it("with throttle: 'frame', commits follow requestAnimationFrame", async () => {
    const callbacks: FrameRequestCallback[] = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((cb) => callbacks.push(cb));
    vi.spyOn(window, 'cancelAnimationFrame').mockImplementation(() => {});
    const stream = controlledStream();
    const { client } = server(stream);
    const app = await mountCounting({ client, throttle: 'frame' });
    void app.view.chat.send('Hi');
    await settle();
    stream.push(sse(token('a')));
    await settle();
    const before = app.commits();
    for (let read = 0; read < 5; read++) {
      stream.push(sse(token('b')));
      await settle(1);
    }
    expect(app.commits()).toBe(before);
    expect(callbacks).toHaveLength(1);
    callbacks.shift()!(performance.now());
    await settle(1);
    expect(app.commits()).toBe(before + 1);
    expect(app.container.textContent).toBe('Hiabbbbb');
    app.view.chat.stop();
    app.unmount();
  });
});

describe('useChatCompletion: stop, unmount, StrictMode', () => {
  it('stop() aborts the request at once and keeps the partial reply', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const onError = vi.fn();
    const { result } = renderHook(() => useChatCompletion({ client, throttle: 'none', onError }));
    act(() => void result.current.send('Hi'));
    await push(stream, token('partial'));
    act(() => result.current.stop());
    expect(result.current.status).toBe('stopped');
    expect(lastContent(result.current)).toBe('partial');
    expect(calls[0]!.signal!.aborted).toBe(true);
    await act(() => settle());
    expect(stream.cancelled).toBeTruthy();
    expect(onError).not.toHaveBeenCalled();
  });

  it('unmount aborts the request and nothing updates afterwards', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const onFinish = vi.fn();
    const onError = vi.fn();
    const consoleError = vi.spyOn(console, 'error');
    let renders = 0;
    const { result, unmount } = renderHook(() => {
      renders++;
      return useChatCompletion({ client, throttle: 'none', onFinish, onError });
    });
    act(() => void result.current.send('Hi'));
    await push(stream, token('a'));
    const rendersBefore = renders;
    unmount();
    await Promise.resolve();
    expect(calls[0]!.signal!.aborted).toBe(true);
    try {
      stream.push(sse(token('late'), finish()));
    } catch {
      // the body is cancelled
    }
    await settle();
    expect(stream.cancelled).toBeTruthy();
    expect(renders).toBe(rendersBefore);
    expect(onFinish).not.toHaveBeenCalled();
    expect(onError).not.toHaveBeenCalled();
    expect(consoleError).not.toHaveBeenCalled();
  });

  it('StrictMode (double render, double effects) sends one request and never doubles the text', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const { result } = renderHook(
      () => useChatCompletion({ client, throttle: 'none', initialMessages: [{ role: 'system', content: 'S' }] }),
      { wrapper: StrictMode },
    );
    expect(contents(result.current)).toEqual(['S']);
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Hi');
    });
    await push(stream, token('one '), token('two'));
    await act(async () => {
      stream.push(sse(finish()));
      stream.close();
      await done;
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal!.aborted).toBe(false);
    expect(contents(result.current)).toEqual(['S', 'Hi', 'one two']);
    expect(result.current.status).toBe('success');
  });

  it('StrictMode: a send() from a mount effect survives the double effects (one request, not aborted)', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const sends = new Set<unknown>();
    const { result } = renderHook(
      () => {
        const chat = useChatCompletion({ client, throttle: 'none' });
        // Collected from committed renders only: React 18 discards StrictMode's first render whole.
        useEffect(() => void sends.add(chat.send));
        const sent = useRef(false);
        useEffect(() => {
          if (sent.current) return;
          sent.current = true;
          void chat.send('auto');
        }, [chat]);
        return chat;
      },
      { wrapper: StrictMode },
    );
    await act(() => settle());
    await push(stream, token('reply'));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal!.aborted).toBe(false);
    expect(contents(result.current)).toEqual(['auto', 'reply']);
    // One store for the life of the component: the actions never changed.
    expect(sends.size).toBe(1);
    act(() => result.current.stop());
  });

  it('StrictMode: unmount still aborts', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const { result, unmount } = renderHook(() => useChatCompletion({ client, throttle: 'none' }), {
      wrapper: StrictMode,
    });
    act(() => void result.current.send('Hi'));
    await push(stream, token('a'));
    unmount();
    await Promise.resolve();
    expect(calls[0]!.signal!.aborted).toBe(true);
  });

  it('inside an <Activity> that hides and shows again, the conversation survives and can go on', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const { client, calls } = server(first, second);
    let mode: 'visible' | 'hidden' = 'visible';
    const { result, rerender } = renderHook(() => useChatCompletion({ client, throttle: 'none' }), {
      wrapper: ({ children }: { children: ReactNode }) => <Activity mode={mode}>{children}</Activity>,
    });
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Q1');
    });
    await push(first, token('A1'), finish());
    await act(async () => {
      first.close();
      await done;
    });
    mode = 'hidden';
    rerender();
    await act(() => settle());
    mode = 'visible';
    rerender();
    await act(() => settle());
    expect(contents(result.current)).toEqual(['Q1', 'A1']);
    act(() => {
      done = result.current.send('Q2');
    });
    await act(async () => {
      second.push(sse(token('A2'), finish()));
      second.close();
      await done;
    });
    expect(calls).toHaveLength(2);
    expect(contents(result.current)).toEqual(['Q1', 'A1', 'Q2', 'A2']);
  });
});

describe('useChatCompletion: switching conversations', () => {
  it('changing id mid-stream aborts the old stream; its tokens never land in the new conversation', async () => {
    const streamA = controlledStream();
    const streamB = controlledStream();
    const { client, calls } = server(streamA, streamB);
    const seen: { id: string; contents: string[] }[] = [];
    const { result, rerender } = renderHook(
      ({ id }: { id: string }) => {
        const chat = useChatCompletion({ client, id, throttle: 'none' });
        seen.push({ id, contents: contents(chat) });
        return chat;
      },
      { initialProps: { id: 'a' }, wrapper: StrictMode },
    );
    act(() => void result.current.send('Question A'));
    await push(streamA, token('answer '), token('A'));
    expect(contents(result.current)).toEqual(['Question A', 'answer A']);

    rerender({ id: 'b' });
    expect(result.current.messages).toEqual([]);
    expect(result.current.status).toBe('idle');
    await act(() => Promise.resolve());
    expect(calls[0]!.signal!.aborted).toBe(true);
    try {
      streamA.push(sse(token(' LATE-A'), finish()));
    } catch {
      // cancelled body
    }
    await act(() => settle());
    expect(result.current.messages).toEqual([]);

    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Question B');
    });
    await act(async () => {
      streamB.push(sse(token('answer B'), finish()));
      streamB.close();
      await done;
    });
    expect(body(calls[1]!).messages).toEqual([{ role: 'user', content: 'Question B' }]);
    expect(contents(result.current)).toEqual(['Question B', 'answer B']);
    expect(seen.filter((s) => s.id === 'b').some((s) => s.contents.some((c) => c.includes('A')))).toBe(false);
    expect(seen.some((s) => s.contents.some((c) => c.includes('LATE')))).toBe(false);
  });

  it('each id starts from initialMessages', async () => {
    const { client } = server(controlledStream());
    const { result, rerender } = renderHook(
      ({ id }: { id: string }) =>
        useChatCompletion({ client, id, initialMessages: [{ role: 'system', content: `for ${id}` }] }),
      { initialProps: { id: 'a' } },
    );
    expect(contents(result.current)).toEqual(['for a']);
    rerender({ id: 'b' });
    expect(contents(result.current)).toEqual(['for b']);
  });
});

describe('useChatCompletion: errors, regenerate, tool calls, model loading, options', () => {
  it('an error mid-stream keeps the partial reply and the typed error; regenerate() retries cleanly', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const { client, calls } = server(first, second);
    const onError = vi.fn();
    const { result } = renderHook(() => useChatCompletion({ client, throttle: 'none', onError }));
    act(() => void result.current.send('Write a haiku'));
    await push(first, token('Autumn '), { error: 'CUDA out of memory', error_type: 'generation' });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(InferenceStreamError);
    expect((result.current.error as InferenceStreamError).errorType).toBe('generation');
    expect(contents(result.current)).toEqual(['Write a haiku', 'Autumn ']);
    expect(onError).toHaveBeenCalledOnce();

    let done!: Promise<void>;
    act(() => {
      done = result.current.regenerate();
    });
    expect(result.current.status).toBe('submitted');
    expect(result.current.error).toBeNull();
    expect(contents(result.current)).toEqual(['Write a haiku']);
    await act(async () => {
      second.push(sse(token('Crisp air'), finish()));
      second.close();
      await done;
    });
    expect(body(calls[1]!).messages).toEqual([{ role: 'user', content: 'Write a haiku' }]);
    expect(result.current.status).toBe('success');
    expect(contents(result.current)).toEqual(['Write a haiku', 'Crisp air']);
  });

  it('assembles tool calls that stream as deltas', async () => {
    const stream = controlledStream();
    const { client } = server(stream);
    const { result } = renderHook(() => useChatCompletion({ client, throttle: 'none' }));
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Weather in Paris?');
    });
    const args = (index: number, piece: string) => chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    await push(
      stream,
      chunk({
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      }),
      args(0, '{"city"'),
      args(0, ': "Paris"}'),
    );
    await act(async () => {
      stream.push(sse(chunk({}, 'tool_calls'), '[DONE]'));
      stream.close();
      await done;
    });
    expect(result.current.finishReason).toBe('tool_calls');
    expect(result.current.messages[1]!.toolCalls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } },
    ]);
  });

  it('exposes loading-model with the estimate while core waits out a 503', async () => {
    vi.useFakeTimers();
    const stream = controlledStream();
    const { client } = server(json({ error: 'Model is loading', estimated_time: 4 }, 503), stream);
    const { result } = renderHook(() => useChatCompletion({ client, throttle: 'none' }));
    act(() => void result.current.send('Hi'));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.status).toBe('loading-model');
    expect(result.current.modelLoading).toMatchObject({ estimatedTime: 4, attempt: 1 });
    await act(() => vi.advanceTimersByTimeAsync(4000));
    await act(async () => {
      stream.push(sse(token('ready')));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current.status).toBe('streaming');
    expect(result.current.modelLoading).toBeNull();
    act(() => result.current.stop());
  });

  it('reads the latest model and parameters at send time', async () => {
    const streams = [controlledStream(), controlledStream()];
    const { client, calls } = server(...streams);
    const { result, rerender } = renderHook(
      ({ m, t }: { m: string; t: number }) =>
        useChatCompletion({ client, model: m, parameters: { temperature: t }, throttle: 'none' }),
      { initialProps: { m: 'org/one', t: 0.1 } },
    );
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('1');
    });
    await act(async () => {
      streams[0]!.push(sse(token('x'), finish()));
      streams[0]!.close();
      await done;
    });
    rerender({ m: 'org/two', t: 0.9 });
    act(() => {
      done = result.current.send('2');
    });
    await act(async () => {
      streams[1]!.push(sse(token('y'), finish()));
      streams[1]!.close();
      await done;
    });
    expect(calls.map((c) => [body(c).model, (body(c) as { temperature?: number }).temperature])).toEqual([
      ['org/one', 0.1],
      ['org/two', 0.9],
    ]);
    expect(calls[1]!.url).toMatch(/\/v1\/chat\/completions$/);
  });

  it('reset() and setMessages() drive the conversation', async () => {
    const { client } = server(controlledStream());
    const { result } = renderHook(() =>
      useChatCompletion({ client, initialMessages: [{ role: 'system', content: 'S' }] }),
    );
    act(() => result.current.setMessages((messages) => [...messages, { role: 'user', content: 'added' }]));
    expect(contents(result.current)).toEqual(['S', 'added']);
    act(() => result.current.reset());
    expect(contents(result.current)).toEqual(['S']);
    expect(result.current.status).toBe('idle');
  });
});
