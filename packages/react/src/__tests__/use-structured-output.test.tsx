import { InferenceClient, InferenceResponseError, type StreamScheduler } from '@inferkit/core';
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { Activity, StrictMode, type ReactNode } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as z from 'zod/mini';
import { InferenceProvider } from '../provider';
import { useStructuredOutput, type UseStructuredOutputResult } from '../use-structured-output';

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const recipe = z.object({
  title: z.string(),
  servings: z.number(),
  steps: z.array(z.string()),
});
type Recipe = z.output<typeof recipe>;

// Two emulators over real HTTP: one as fast as it goes, one at 200 tokens/s (to stop mid-answer).
let fast: RunningEmulator;
let slow: RunningEmulator;
beforeAll(async () => {
  [fast, slow] = await Promise.all([
    startEmulator({ port: 0 }),
    startEmulator({ port: 0, latency: { firstByteMs: 0, tokensPerSecond: 200 } }),
  ]);
});
afterAll(() => Promise.all([fast.close(), slow.close()]));
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

/** A client whose fetch records each request (method, path, signal) on its way to `emulator`. */
function clientFor(emulator: RunningEmulator) {
  const sent: { route: string; signal: AbortSignal | null | undefined }[] = [];
  const fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    sent.push({ route: `${init?.method ?? 'GET'} ${url.pathname}`, signal: init?.signal });
    return globalThis.fetch(input, init);
  }) as typeof globalThis.fetch;
  const client = new InferenceClient({ baseUrl: emulator.url, model, fetch });
  const chats = () => sent.filter((s) => s.route === 'POST /v1/chat/completions');
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={new QueryClient()}>
      <InferenceProvider client={client}>{children}</InferenceProvider>
    </QueryClientProvider>
  );
  return { client, sent, chats, wrapper };
}

/**
 * Starts `submit` and lets the stream commit as it would in a browser until it ends. One
 * `await act(async () => ...)` around the whole stream would hold every update until the end on
 * React 18 (the lowest React we support), so only the start and the end run inside act().
 */
async function streamToEnd(submit: () => Promise<void>) {
  let finished = false;
  let done!: Promise<void>;
  act(() => {
    done = submit().finally(() => {
      finished = true;
    });
  });
  await waitFor(() => expect(finished).toBe(true), { timeout: 10_000 });
  await act(() => done);
}

describe('useStructuredOutput against the emulator', () => {
  it('renders the partial object as it grows, then the checked object', async () => {
    const { wrapper, chats } = clientFor(fast);
    const renders: UseStructuredOutputResult<Recipe>[] = [];
    const onFinish = vi.fn();
    const { result } = renderHook(
      () => {
        const state = useStructuredOutput({
          schema: recipe,
          schemaName: 'recipe',
          parameters: { seed: 2 },
          throttle: 'none',
          onFinish,
        });
        renders.push(state);
        return state;
      },
      { wrapper },
    );
    expect(result.current).toMatchObject({ status: 'idle', object: undefined, text: '' });
    await streamToEnd(() => result.current.submit('A tomato soup recipe'));

    const final = result.current;
    expect(final.status).toBe('success');
    expect(recipe.safeParse(final.object).success).toBe(true);
    expect(JSON.parse(final.text)).toEqual(final.object);
    expect(onFinish).toHaveBeenCalledWith(
      expect.objectContaining({ object: final.object, input: 'A tomato soup recipe' }),
    );
    const statuses = renders.map((r) => r.status).filter((s, i, all) => s !== all[i - 1]);
    expect(statuses).toEqual(['idle', 'submitted', 'streaming', 'success']);
    // Partial objects rendered before the final one: each text a prefix of the next.
    const partials = renders.filter((r) => r.status === 'streaming' && r.object !== undefined);
    expect(partials.length).toBeGreaterThan(3);
    for (let i = 1; i < partials.length; i++) expect(partials[i]!.text.startsWith(partials[i - 1]!.text)).toBe(true);
    expect(partials.some((r) => r.object!.title !== undefined && r.object!.steps === undefined)).toBe(true);
    expect(chats()).toHaveLength(1);
  });

  it('commits at most once per 50 ms while tokens stream (the first token at once)', async () => {
    const { wrapper } = clientFor(slow);
    const commits: number[] = [];
    const { result } = renderHook(
      () => {
        const state = useStructuredOutput({ schema: recipe, parameters: { seed: 1 } });
        if (state.status === 'streaming') commits.push(performance.now());
        return state;
      },
      { wrapper },
    );
    await streamToEnd(() => result.current.submit('A tomato soup recipe'));
    expect(result.current.status).toBe('success');
    // Tokens arrive every 5 ms; renders come at least ~50 ms apart (timers may fire a little early).
    expect(commits.length).toBeGreaterThan(2);
    for (let i = 2; i < commits.length; i++) expect(commits[i]! - commits[i - 1]!).toBeGreaterThan(40);
  });

  it('sends once under StrictMode', async () => {
    const { client, chats } = clientFor(fast);
    const wrapper = ({ children }: { children: ReactNode }) => (
      <StrictMode>
        <QueryClientProvider client={new QueryClient()}>
          <InferenceProvider client={client}>{children}</InferenceProvider>
        </QueryClientProvider>
      </StrictMode>
    );
    const { result } = renderHook(() => useStructuredOutput({ schema: recipe, throttle: 'none' }), { wrapper });
    await act(() => result.current.submit('A soup'));
    expect(result.current.status).toBe('success');
    expect(chats()).toHaveLength(1);
  });

  it('stop() keeps the partial object; regenerate() asks again', async () => {
    const { wrapper, chats } = clientFor(slow);
    const { result } = renderHook(() => useStructuredOutput({ schema: recipe, throttle: 'none' }), { wrapper });
    let done!: Promise<void>;
    act(() => {
      done = result.current.submit('A soup');
    });
    await waitFor(() => expect(result.current.text.length).toBeGreaterThan(12));
    act(() => result.current.stop());
    await act(() => done);
    const stopped = result.current;
    expect(stopped.status).toBe('stopped');
    expect(stopped.object).toBeDefined();
    expect(chats()[0]!.signal!.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(result.current.text).toBe(stopped.text);

    await act(() => result.current.regenerate());
    expect(result.current.status).toBe('success');
    expect(recipe.safeParse(result.current.object).success).toBe(true);
    expect(chats()).toHaveLength(2);
  });

  it('unmount aborts the request, and nothing renders afterwards', async () => {
    const error = vi.spyOn(console, 'error');
    const { wrapper, chats } = clientFor(slow);
    let renders = 0;
    const { result, unmount } = renderHook(
      () => {
        renders++;
        return useStructuredOutput({ schema: recipe, throttle: 'none' });
      },
      { wrapper },
    );
    act(() => {
      void result.current.submit('A soup');
    });
    await waitFor(() => expect(result.current.status).toBe('streaming'));
    unmount();
    const after = renders;
    await waitFor(() => expect(chats()[0]!.signal!.aborted).toBe(true));
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(renders).toBe(after);
    expect(error).not.toHaveBeenCalled();
  });

  it('an answer that breaks the schema ends in error, keeping the object and text', async () => {
    const { wrapper } = clientFor(fast);
    // A refinement JSON Schema cannot say: the model does not know of it, the check on the answer does.
    const strict = z.object({
      title: z.string().check(z.refine((title) => title.startsWith('NEVER'), 'must start with NEVER')),
      servings: z.number(),
      steps: z.array(z.string()),
    });
    const { result } = renderHook(() => useStructuredOutput({ schema: strict, throttle: 'none' }), { wrapper });
    await act(() => result.current.submit('A soup'));
    const { status, error, object, text } = result.current;
    expect(status).toBe('error');
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect((error as InferenceResponseError).body).toBe(text);
    expect((error as InferenceResponseError).issues).toEqual([{ path: 'title', message: 'must start with NEVER' }]);
    expect(object).toEqual(JSON.parse(text));
  });

  it('refuses a provider without structured output before sending', async () => {
    const { wrapper, sent } = clientFor(fast);
    const { result } = renderHook(
      () => useStructuredOutput({ schema: recipe, model: `${model}:groq`, throttle: 'none' }),
      { wrapper },
    );
    await act(() => result.current.submit('A soup'));
    expect(result.current.status).toBe('error');
    expect(result.current.error!.message).toContain(`"groq" does not support structured output for "${model}"`);
    expect(sent.map((s) => s.route)).toEqual(['GET /v1/models']);
  });

  // `<Activity>` is React 19.2 (the packaging tests run this file on React 18 too).
  it.skipIf(!Activity)(
    'inside an <Activity> that hides and shows again, the object survives and regenerate() asks again',
    async () => {
      const { client, chats } = clientFor(fast);
      let mode: 'visible' | 'hidden' = 'visible';
      const wrapper = ({ children }: { children: ReactNode }) => (
        <QueryClientProvider client={new QueryClient()}>
          <InferenceProvider client={client}>
            <Activity mode={mode}>{children}</Activity>
          </InferenceProvider>
        </QueryClientProvider>
      );
      const { result, rerender } = renderHook(() => useStructuredOutput({ schema: recipe, throttle: 'none' }), {
        wrapper,
      });
      await act(() => result.current.submit('A soup'));
      const shown = result.current.object;
      expect(result.current.status).toBe('success');
      mode = 'hidden';
      rerender();
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
      mode = 'visible';
      rerender();
      await act(() => new Promise((resolve) => setTimeout(resolve, 0)));
      expect(result.current).toMatchObject({ status: 'success', object: shown, input: 'A soup' });
      await act(() => result.current.regenerate());
      expect(result.current.status).toBe('success');
      expect(chats()).toHaveLength(2);
    },
  );

  it('renders with a manual scheduler: tokens wait for the flush', async () => {
    let queue: (() => void)[] = [];
    const scheduler: StreamScheduler = (flush) => {
      queue.push(flush);
      return () => {
        queue = queue.filter((f) => f !== flush);
      };
    };
    const { wrapper } = clientFor(slow);
    const { result } = renderHook(() => useStructuredOutput({ schema: recipe, scheduler }), { wrapper });
    act(() => {
      void result.current.submit('A soup');
    });
    await waitFor(() => expect(result.current.status).toBe('streaming'));
    const first = result.current.text;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(result.current.text).toBe(first);
    act(() => {
      const due = queue;
      queue = [];
      for (const flush of due) flush();
    });
    expect(result.current.text.length).toBeGreaterThan(first.length);
    act(() => result.current.stop());
  });
});
