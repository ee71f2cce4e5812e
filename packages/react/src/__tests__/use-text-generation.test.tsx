import { InferenceClient, InferenceHTTPError, InferenceStreamError, type StreamScheduler } from '@inferkit/core';
import { act, cleanup, renderHook } from '@testing-library/react';
import { Profiler, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { controlledStream, json, mockFetch, sse } from '../../../core/src/__tests__/fetch-mock';
import { useTextGeneration, type UseTextGenerationResult } from '../use-text-generation';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const model = 'Qwen/Qwen2.5-7B-Instruct';
const baseUrl = 'http://emu.test';

let position = 0;
const token = (text: string, special = false) => ({
  index: ++position,
  token: { id: position, text, logprob: -0.5, special },
  generated_text: null,
  details: null,
});
const end = (generated: string) => ({
  index: ++position,
  token: { id: 2, text: '</s>', logprob: -0.1, special: true },
  generated_text: generated,
  details: { finish_reason: 'eos_token', generated_tokens: 3, seed: null },
});

function server(...answers: (ReturnType<typeof controlledStream> | Response)[]) {
  const { fetch, calls } = mockFetch(
    ...answers.map((answer) => () => (answer instanceof Response ? answer : answer.response)),
  );
  // A TGI endpoint: TGI's own stream events (tokens, details), which the hook reads.
  return { client: new InferenceClient({ endpointUrl: `${baseUrl}/endpoints/${model}`, fetch }), calls };
}

const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

async function push(stream: ReturnType<typeof controlledStream>, ...events: (string | object)[]) {
  await act(async () => {
    stream.push(sse(...events));
    await settle();
  });
}

describe('useTextGeneration', () => {
  it('goes idle → submitted → streaming → success and shows the text as it grows', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const statuses: string[] = [];
    const onFinish = vi.fn();
    const { result } = renderHook(() => {
      const gen = useTextGeneration({ client, parameters: { maxNewTokens: 8 }, throttle: 'none', onFinish });
      if (statuses[statuses.length - 1] !== gen.status) statuses.push(gen.status);
      return gen;
    });
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Once upon a time');
    });
    expect(result.current).toMatchObject({ status: 'submitted', prompt: 'Once upon a time', text: '' });
    await push(stream, token(' a'), token(' fox'));
    expect(result.current.text).toBe(' a fox');
    await act(async () => {
      stream.push(sse(end(' a fox')));
      stream.close();
      await done;
    });
    expect(statuses).toEqual(['idle', 'submitted', 'streaming', 'success']);
    expect(result.current).toMatchObject({ text: ' a fox', finishReason: 'eos_token', error: null });
    expect(calls[0]!.url).toBe(`${baseUrl}/endpoints/${model}`);
    expect(JSON.parse(calls[0]!.body)).toEqual({
      inputs: 'Once upon a time',
      parameters: { max_new_tokens: 8 },
      stream: true,
    });
    expect(onFinish).toHaveBeenCalledWith(expect.objectContaining({ text: ' a fox' }));
  });

  it('commits at most once per frame while tokens stream', async () => {
    const previous = (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    let queue: (() => void)[] = [];
    const scheduler: StreamScheduler = (flush) => {
      queue.push(flush);
      return () => (queue = queue.filter((f) => f !== flush));
    };
    const frame = () => {
      const due = queue;
      queue = [];
      due.forEach((flush) => flush());
    };
    const stream = controlledStream();
    const { client } = server(stream);
    let commits = 0;
    const view: { gen?: UseTextGenerationResult } = {};
    function Gen() {
      view.gen = useTextGeneration({ client, scheduler });
      return <p>{view.gen.text}</p>;
    }
    const container = document.createElement('div');
    const root = createRoot(container);
    root.render(
      <Profiler id="gen" onRender={() => commits++}>
        <Gen />
      </Profiler>,
    );
    await settle();
    void view.gen!.send('Go');
    stream.push(sse(token('t')));
    await settle();
    const perFrame: number[] = [];
    let expected = 't';
    for (let f = 0; f < 10; f++) {
      const before = commits;
      for (let read = 0; read < 8; read++) {
        stream.push(sse(token('x'), token('y')));
        expected += 'xy';
        await settle(1);
      }
      frame();
      await settle(1);
      perFrame.push(commits - before);
    }
    expect(perFrame).toEqual(Array(10).fill(1));
    expect(container.textContent).toBe(expected);
    view.gen!.stop();
    root.unmount();
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = previous;
  });

  it('stop() aborts at once and keeps the partial text', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const { result } = renderHook(() => useTextGeneration({ client, throttle: 'none' }));
    act(() => void result.current.send('Go'));
    await push(stream, token('half'));
    act(() => result.current.stop());
    expect(result.current).toMatchObject({ status: 'stopped', text: 'half' });
    expect(calls[0]!.signal!.aborted).toBe(true);
  });

  it('unmount aborts the request and nothing renders afterwards', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const onFinish = vi.fn();
    let renders = 0;
    const { result, unmount } = renderHook(() => {
      renders++;
      return useTextGeneration({ client, throttle: 'none', onFinish });
    });
    act(() => void result.current.send('Go'));
    await push(stream, token('a'));
    const before = renders;
    unmount();
    await Promise.resolve();
    expect(calls[0]!.signal!.aborted).toBe(true);
    await settle();
    expect(renders).toBe(before);
    expect(onFinish).not.toHaveBeenCalled();
  });

  it('StrictMode sends one request and never doubles the text', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const { result } = renderHook(() => useTextGeneration({ client, throttle: 'none' }), { wrapper: StrictMode });
    let done!: Promise<void>;
    act(() => {
      done = result.current.send('Go');
    });
    await push(stream, token('a'), token('b'));
    await act(async () => {
      stream.push(sse(end('ab')));
      stream.close();
      await done;
    });
    expect(calls).toHaveLength(1);
    expect(result.current.text).toBe('ab');
  });

  it('changing id mid-stream aborts the old generation and never shows its tokens', async () => {
    const stream = controlledStream();
    const { client, calls } = server(stream);
    const texts: [string, string][] = [];
    const { result, rerender } = renderHook(
      ({ id }: { id: string }) => {
        const gen = useTextGeneration({ client, id, throttle: 'none' });
        texts.push([id, gen.text]);
        return gen;
      },
      { initialProps: { id: 'a' } },
    );
    act(() => void result.current.send('Go'));
    await push(stream, token('from a'));
    rerender({ id: 'b' });
    expect(result.current).toMatchObject({ status: 'idle', text: '', prompt: null });
    await act(() => Promise.resolve());
    expect(calls[0]!.signal!.aborted).toBe(true);
    await act(() => settle());
    expect(texts.filter(([id]) => id === 'b').every(([, text]) => text === '')).toBe(true);
  });

  it('an error mid-stream keeps the partial text; regenerate() retries the prompt cleanly', async () => {
    const first = controlledStream();
    const second = controlledStream();
    const { client, calls } = server(first, second);
    const { result } = renderHook(() => useTextGeneration({ client, throttle: 'none' }));
    act(() => void result.current.send('Go'));
    await push(first, token('par'), { error: 'Model is overloaded', error_type: 'overloaded' });
    expect(result.current.status).toBe('error');
    expect(result.current.error).toBeInstanceOf(InferenceStreamError);
    expect(result.current.text).toBe('par');
    let done!: Promise<void>;
    act(() => {
      done = result.current.regenerate();
    });
    expect(result.current).toMatchObject({ status: 'submitted', text: '', error: null });
    await act(async () => {
      second.push(sse(token('whole'), end('whole')));
      second.close();
      await done;
    });
    expect(JSON.parse(calls[1]!.body).inputs).toBe('Go');
    expect(result.current).toMatchObject({ status: 'success', text: 'whole' });
  });

  it('HTTP errors are typed, and reset() returns to idle', async () => {
    const { client } = server(json({ error: 'Authorization header is invalid' }, 401));
    const { result } = renderHook(() => useTextGeneration({ client }));
    await act(() => result.current.send('Go'));
    expect(result.current.error).toBeInstanceOf(InferenceHTTPError);
    act(() => result.current.reset());
    expect(result.current).toMatchObject({ status: 'idle', error: null, text: '' });
  });

  it('exposes loading-model while core waits out a 503', async () => {
    vi.useFakeTimers();
    const stream = controlledStream();
    const { client } = server(json({ error: 'loading', estimated_time: 2 }, 503), stream);
    const { result } = renderHook(() => useTextGeneration({ client, throttle: 'none' }));
    act(() => void result.current.send('Go'));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current).toMatchObject({ status: 'loading-model', modelLoading: { estimatedTime: 2 } });
    await act(() => vi.advanceTimersByTimeAsync(2000));
    await act(async () => {
      stream.push(sse(token('ok')));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(result.current).toMatchObject({ status: 'streaming', modelLoading: null, text: 'ok' });
    act(() => result.current.stop());
  });
});
