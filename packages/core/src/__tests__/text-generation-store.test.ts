import { afterEach, describe, expect, it, vi } from 'vitest';
import { InferenceHTTPError, InferenceStreamError } from '../errors';
import type { StreamScheduler } from '../stream-store';
import {
  createTextGenerationStore,
  type TextGenerationSnapshot,
  type TextGenerationStoreOptions,
} from '../text-generation-store';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

const model = 'Qwen/Qwen2.5-7B-Instruct';
const baseUrl = 'http://emu.test';

let position = 0;
const token = (text: string, special = false) => ({
  index: ++position,
  token: { id: position, text, logprob: -0.1, special },
  generated_text: null,
  details: null,
});
const last = (text: string, generated: string, finish = 'eos_token') => ({
  index: ++position,
  token: { id: 2, text, logprob: -0.1, special: true },
  generated_text: generated,
  details: { finish_reason: finish, generated_tokens: position, seed: null },
});

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
  };
}

const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0));
};

function setup(options: Partial<TextGenerationStoreOptions> = {}, ...responses: unknown[]) {
  const streams = [controlledStream(), controlledStream()];
  const { fetch, calls } = mockFetch(
    ...(responses.length ? responses : [() => streams[0]!.response, () => streams[1]!.response]),
  );
  const frames = manualFrames();
  const store = createTextGenerationStore({
    // A TGI endpoint: its own stream events (tokens, details), which the store reads.
    client: { options: { endpointUrl: `${baseUrl}/endpoints/${model}`, fetch } },
    scheduler: frames.scheduler,
    ...options,
  });
  const seen: TextGenerationSnapshot[] = [];
  store.subscribe(() => seen.push(store.getSnapshot()));
  return { store, calls, frames, streams, stream: streams[0]!, seen, statuses: () => seen.map((s) => s.status) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('createTextGenerationStore', () => {
  it('goes idle → submitted → streaming → success, leaving out special tokens', async () => {
    const onFinish = vi.fn();
    const { store, calls, frames, stream, statuses } = setup({ parameters: { maxNewTokens: 20 }, onFinish });
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', text: '', prompt: null });
    const done = store.send('Once upon a time');
    expect(store.getSnapshot()).toMatchObject({ status: 'submitted', prompt: 'Once upon a time', text: '' });
    stream.push(sse(token(' there')));
    await settle();
    expect(store.getSnapshot()).toMatchObject({ status: 'streaming', text: ' there' });
    stream.push(sse(token(' was'), token('<pad>', true), token(' a')));
    await settle();
    frames.frame();
    expect(store.getSnapshot().text).toBe(' there was a');
    stream.push(sse(last('</s>', ' there was a fox')));
    stream.close();
    await done;

    expect(JSON.parse(calls[0]!.body)).toEqual({
      inputs: 'Once upon a time',
      parameters: { max_new_tokens: 20 },
      stream: true,
    });
    expect(calls[0]!.url).toBe(`${baseUrl}/endpoints/${model}`);
    expect(statuses()).toEqual(['submitted', 'streaming', 'streaming', 'success']);
    expect(store.getSnapshot()).toMatchObject({
      status: 'success',
      text: ' there was a fox',
      finishReason: 'eos_token',
      details: { finishReason: 'eos_token', seed: null },
    });
    expect(onFinish).toHaveBeenCalledWith({
      prompt: 'Once upon a time',
      text: ' there was a fox',
      finishReason: 'eos_token',
      details: expect.objectContaining({ finishReason: 'eos_token' }),
    });
  });

  it('a 2,000-token stream notifies at most once per frame, and only the text field changes', async () => {
    const { store, frames, stream, seen } = setup();
    const done = store.send('Go');
    let expected = '';
    let framesRun = 0;
    for (let i = 0; i < 2000; i++) {
      expected += `t${i} `;
      stream.push(sse(token(`t${i} `)));
      if (i % 10 === 9) await settle(1);
      if (i % 100 === 99) {
        await settle(1);
        framesRun += frames.frame();
      }
    }
    stream.push(sse(last('</s>', expected)));
    stream.close();
    await done;
    expect(store.getSnapshot().text).toBe(expected);
    expect(framesRun).toBe(20);
    expect(seen.length).toBeLessThanOrEqual(2 + framesRun + 1);
    const texts = seen.filter((s) => s.status === 'streaming').map((s) => s.text.length);
    expect(texts).toEqual([...texts].sort((a, b) => a - b));
  });

  it('stop() aborts at once and keeps the partial text', async () => {
    const onError = vi.fn();
    const { store, calls, stream } = setup({ onError });
    const done = store.send('Go');
    stream.push(sse(token('par'), token('tial')));
    await settle();
    store.stop();
    expect(store.getSnapshot()).toMatchObject({ status: 'stopped', text: 'partial' });
    expect(calls[0]!.signal!.aborted).toBe(true);
    await done;
    expect(stream.cancelled).toBeTruthy();
    expect(onError).not.toHaveBeenCalled();
  });

  it('an error mid-stream keeps the partial text and the typed error; regenerate() starts over', async () => {
    const onError = vi.fn();
    const { store, calls, streams, statuses } = setup({ onError });
    const done = store.send('Go');
    streams[0]!.push(sse(token('half'), { error: 'Model is overloaded', error_type: 'overloaded' }));
    await done;
    expect(store.getSnapshot()).toMatchObject({ status: 'error', text: 'half' });
    const error = store.getSnapshot().error as InferenceStreamError;
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.errorType).toBe('overloaded');
    expect(onError).toHaveBeenCalledWith(error);

    const again = store.regenerate();
    expect(store.getSnapshot()).toMatchObject({ status: 'submitted', text: '', error: null, prompt: 'Go' });
    streams[1]!.push(sse(token('whole'), last('</s>', 'whole')));
    streams[1]!.close();
    await again;
    expect(JSON.parse(calls[1]!.body).inputs).toBe('Go');
    expect(store.getSnapshot()).toMatchObject({ status: 'success', text: 'whole' });
    expect(statuses()).toEqual(['submitted', 'streaming', 'error', 'submitted', 'streaming', 'success']);
  });

  it('send() while streaming supersedes the old generation; its late tokens never land', async () => {
    const { store, calls, streams, seen } = setup({ throttle: 'none', scheduler: undefined });
    const first = store.send('A');
    streams[0]!.push(sse(token('from A')));
    await settle();
    const second = store.send('B');
    expect(calls[0]!.signal!.aborted).toBe(true);
    try {
      streams[0]!.push(sse(token(' LATE')));
    } catch {
      // cancelled body
    }
    await first;
    streams[1]!.push(sse(token('from B'), last('</s>', 'from B')));
    streams[1]!.close();
    await second;
    expect(store.getSnapshot()).toMatchObject({ prompt: 'B', text: 'from B', status: 'success' });
    expect(seen.some((s) => s.text.includes('LATE'))).toBe(false);
    expect(seen.some((s) => s.prompt === 'B' && s.text.includes('from A'))).toBe(false);
  });

  it('HTTP errors are typed; reset() returns to idle; regenerate() without a prompt does nothing', async () => {
    const { store, calls } = setup({}, json({ error: 'Bad token' }, 401));
    await store.regenerate();
    expect(calls).toHaveLength(0);
    await store.send('x');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceHTTPError);
    store.reset();
    expect(store.getSnapshot()).toMatchObject({ status: 'idle', text: '', prompt: null, error: null });
  });

  it('shows loading-model while core waits out a 503', async () => {
    vi.useFakeTimers();
    const stream = controlledStream();
    const { fetch } = mockFetch(json({ error: 'loading', estimated_time: 2 }, 503), () => stream.response);
    const store = createTextGenerationStore({ model, client: { options: { baseUrl, fetch } }, throttle: 'none' });
    const done = store.send('Go');
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getSnapshot()).toMatchObject({
      status: 'loading-model',
      modelLoading: { estimatedTime: 2, attempt: 1 },
    });
    await vi.advanceTimersByTimeAsync(2000);
    stream.push(sse(token('ok'), last('</s>', 'ok')));
    stream.close();
    await vi.advanceTimersByTimeAsync(0);
    await done;
    expect(store.getSnapshot()).toMatchObject({ status: 'success', modelLoading: null });
  });

  it('destroy() aborts and announces nothing afterwards', async () => {
    const { store, calls, frames, stream, seen } = setup();
    const done = store.send('Go');
    stream.push(sse(token('a')));
    await settle();
    stream.push(sse(token('b')));
    await settle();
    const count = seen.length;
    store.destroy();
    expect(calls[0]!.signal!.aborted).toBe(true);
    await done;
    frames.frame();
    await store.send('again');
    expect(calls).toHaveLength(1);
    expect(seen).toHaveLength(count);
  });
});
