import { InferenceClient, InferenceHTTPError } from '@inferkit/core';
import { createEmulatorHandler } from '@inferkit/emulator';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSummarization, useZeroShotClassification } from '../hooks';
import type { ModelLoadingState } from '../model-loading';
import { controlledFetch, json, labels, setup, zeroShotArgs } from './query-helpers';

const loading = (seconds: number) =>
  json({ error: 'Model facebook/bart-large-mnli is currently loading', estimated_time: seconds }, 503);
const advance = async (ms: number) => {
  await act(() => vi.advanceTimersByTimeAsync(ms));
  // Let the answer settle: TanStack batches notifications in a 0 ms timeout, which fake timers
  // move to the next millisecond when it is scheduled during a tick.
  for (let i = 0; i < 3; i++) await act(() => vi.advanceTimersByTimeAsync(1));
};

type Seen = { modelLoading: ModelLoadingState | null; data: unknown; status: string };

function renderZeroShot(fetch: typeof globalThis.fetch, clientOptions = {}) {
  const { wrapper } = setup(fetch, clientOptions);
  const seen: Seen[] = [];
  const hook = renderHook(
    ({ text }) => {
      const { modelLoading, data, status } = useZeroShotClassification(zeroShotArgs(text));
      seen.push({ modelLoading, data, status });
      return { modelLoading, data, status };
    },
    { wrapper, initialProps: { text: 'hello' } },
  );
  return { ...hook, seen };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('model loading', () => {
  it('shows modelLoading while core waits out a 503, then null with the data', async () => {
    const { fetch, calls } = controlledFetch((_, i) => (i === 0 ? loading(5) : json(labels(['refund', 1]))));
    const { result, seen } = renderZeroShot(fetch);

    await advance(0);
    expect(result.current).toEqual({
      modelLoading: { estimatedTime: 5, attempt: 1, elapsed: 0 },
      data: undefined,
      status: 'pending',
    });
    await advance(4_000);
    expect(result.current.modelLoading).toMatchObject({ estimatedTime: 5 });
    expect(calls).toHaveLength(1);

    await advance(1_000);
    expect(calls).toHaveLength(2);
    expect(result.current).toEqual({ modelLoading: null, data: labels(['refund', 1]), status: 'success' });
    // never both at once
    expect(seen.some((s) => s.modelLoading && s.data)).toBe(false);
    expect(seen.some((s) => s.modelLoading)).toBe(true);
  });

  it('updates attempt and elapsed on each further wait', async () => {
    const { fetch } = controlledFetch((_, i) => (i < 2 ? loading(2) : json(labels(['refund', 1]))));
    const { result } = renderZeroShot(fetch);
    await advance(0);
    expect(result.current.modelLoading).toEqual({ estimatedTime: 2, attempt: 1, elapsed: 0 });
    await advance(2_000);
    expect(result.current.modelLoading).toEqual({ estimatedTime: 2, attempt: 2, elapsed: 2_000 });
    await advance(2_000);
    expect(result.current).toMatchObject({ modelLoading: null, status: 'success' });
  });

  it('clears modelLoading when the wait ends in an error', async () => {
    const { fetch } = controlledFetch((_, i) => (i === 0 ? loading(1) : json({ error: 'bad' }, 400)));
    const { result } = renderZeroShot(fetch);
    await advance(0);
    expect(result.current.modelLoading).not.toBeNull();
    await advance(1_000);
    expect(result.current).toMatchObject({ modelLoading: null, status: 'error' });
  });

  it('clears it when the input changes mid-wait, and aborts the waiting request', async () => {
    const { fetch, calls } = controlledFetch((call) =>
      (call.body as { inputs: string }).inputs === 'hello' ? loading(20) : json(labels(['faq', 1])),
    );
    const { result, rerender } = renderZeroShot(fetch);
    await advance(0);
    expect(result.current.modelLoading).not.toBeNull();
    rerender({ text: 'bye' });
    await advance(0);
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(result.current).toMatchObject({ modelLoading: null, data: labels(['faq', 1]) });
    await advance(30_000);
    expect(calls).toHaveLength(2);
  });

  it("still calls the client's and the call's own onModelLoading", async () => {
    const fromClient = vi.fn();
    const { fetch } = controlledFetch((_, i) => (i === 0 ? loading(1) : json(labels(['refund', 1]))));
    const { wrapper } = setup(fetch, { onModelLoading: fromClient });
    renderHook(() => useZeroShotClassification(zeroShotArgs('hello')), { wrapper });
    await advance(0);
    expect(fromClient).toHaveBeenCalledWith({ estimatedTime: 1, attempt: 1, elapsed: 0 });

    const fromCall = vi.fn();
    const second = controlledFetch((_, i) => (i === 0 ? loading(1) : json(labels(['refund', 1]))));
    const { wrapper: other } = setup(second.fetch, { onModelLoading: fromClient });
    renderHook(() => useZeroShotClassification({ ...zeroShotArgs('hello'), onModelLoading: fromCall }), {
      wrapper: other,
    });
    await advance(0);
    expect(fromCall).toHaveBeenCalledTimes(1);
    expect(fromClient).toHaveBeenCalledTimes(1);
  });

  it('a mutation hook shows modelLoading too', async () => {
    const { fetch } = controlledFetch((_, i) => (i === 0 ? loading(3) : json([{ summary_text: 'Short.' }])));
    const { wrapper } = setup(fetch);
    const { result } = renderHook(() => useSummarization(), { wrapper });
    expect(result.current.modelLoading).toBeNull();
    act(() => result.current.mutate({ inputs: 'A long text.' }));
    await advance(0);
    expect(result.current).toMatchObject({ modelLoading: { estimatedTime: 3, attempt: 1 }, isPending: true });
    await advance(3_000);
    expect(result.current).toMatchObject({ modelLoading: null, data: { summaryText: 'Short.' }, isSuccess: true });
  });

  it('against the emulator: a cold model loads, then answers', async () => {
    const handler = createEmulatorHandler({ faults: 'cold-start=3' });
    const client = new InferenceClient({
      baseUrl: 'http://emu',
      fetch: (input, init) => handler(new Request(input, init)),
    });
    // The provider's client would fail every request: the hook's own `client` must be the one used.
    const { wrapper } = setup(controlledFetch((call) => (call.fail(), undefined)).fetch);
    const { result } = renderHook(() => useZeroShotClassification(zeroShotArgs('I want my money back'), { client }), {
      wrapper,
    });
    await advance(0);
    expect(result.current.modelLoading?.estimatedTime).toBeGreaterThan(0);
    expect(result.current.modelLoading?.estimatedTime).toBeLessThanOrEqual(3);
    await advance(3_000);
    expect(result.current.modelLoading).toBeNull();
    expect(result.current.data?.[0]?.label).toBe('refund');
  });

  it('without a wait budget the 503 is the error', async () => {
    const { fetch } = controlledFetch(() => loading(1));
    const { wrapper } = setup(fetch, { modelLoadingTimeout: 0 });
    const { result } = renderHook(() => useZeroShotClassification(zeroShotArgs('hello')), { wrapper });
    await advance(0);
    await advance(0);
    expect(result.current.modelLoading).toBeNull();
    expect(result.current.error).toBeInstanceOf(InferenceHTTPError);
    expect(result.current.error).toMatchObject({ status: 503 });
  });
});
