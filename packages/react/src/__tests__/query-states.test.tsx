import { InferenceHTTPError, InferenceNetworkError, InferenceValidationError } from '@inferkit/core';
import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useImageClassification, useZeroShotClassification } from '../hooks';
import { controlledFetch, json, labels, setup, zeroShotArgs } from './query-helpers';

type Snapshot = { status: string; fetchStatus: string; data: unknown; isPlaceholderData: boolean };

/** Renders the hook and records what each render showed. */
function renderZeroShot(
  fetch: typeof globalThis.fetch,
  initial: Parameters<typeof useZeroShotClassification>[0],
  options: Parameters<typeof useZeroShotClassification>[1] = {},
) {
  const { wrapper, queryClient } = setup(fetch);
  const seen: Snapshot[] = [];
  const hook = renderHook(
    ({ args }) => {
      const result = useZeroShotClassification(args, options);
      seen.push({
        status: result.status,
        fetchStatus: result.fetchStatus,
        data: result.data,
        isPlaceholderData: result.isPlaceholderData,
      });
      return result;
    },
    { wrapper, initialProps: { args: initial } as { args: typeof initial } },
  );
  return { ...hook, seen, queryClient };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('query hook states', () => {
  it('returns the same queryKey array while the key is the same, a new one when it changes', async () => {
    const { fetch } = controlledFetch(() => json(labels(['faq', 0.2], ['refund', 0.8])));
    const { result, rerender } = renderZeroShot(fetch, zeroShotArgs('I want my money back'));
    const first = result.current.queryKey;
    // Same content, new objects: the key must not change identity (it is safe as an effect dependency).
    rerender({ args: zeroShotArgs('I want my money back') });
    expect(result.current.queryKey).toBe(first);
    rerender({ args: zeroShotArgs('Where is my parcel?') });
    expect(result.current.queryKey).not.toBe(first);
    expect(result.current.queryKey).not.toEqual(first);
  });

  it('goes loading → success and sends the task on the wire', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['faq', 0.2], ['refund', 0.8])));
    const { result, seen } = renderZeroShot(fetch, zeroShotArgs('I want my money back'));

    expect(seen[0]).toMatchObject({ status: 'pending', fetchStatus: 'fetching', data: undefined });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(result.current.data).toEqual(labels(['refund', 0.8], ['faq', 0.2]));
    expect(seen.map((s) => s.status)).toEqual([...seen.slice(0, -1).map(() => 'pending'), 'success']);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/bart-large-mnli');
    expect(calls[0]!.body).toEqual({
      inputs: 'I want my money back',
      parameters: { candidate_labels: ['refund', 'faq'] },
    });
  });

  it('keeps the previous result while the next input loads, never showing undefined in between', async () => {
    const { fetch, calls } = controlledFetch();
    const { result, seen, rerender } = renderZeroShot(fetch, zeroShotArgs('first'));
    await waitFor(() => expect(calls).toHaveLength(1));
    calls[0]!.respond(json(labels(['refund', 0.9])));
    await waitFor(() => expect(result.current.data).toEqual(labels(['refund', 0.9])));
    const firstSuccess = seen.length - 1;

    rerender({ args: zeroShotArgs('second') });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(result.current).toMatchObject({ isPlaceholderData: true, isFetching: true, data: labels(['refund', 0.9]) });

    calls[1]!.respond(json(labels(['faq', 0.7])));
    await waitFor(() => expect(result.current.data).toEqual(labels(['faq', 0.7])));
    expect(result.current.isPlaceholderData).toBe(false);
    expect(seen.slice(firstSuccess).every((s) => s.data !== undefined)).toBe(true);
  });

  it('debounces typing: five fast keystrokes make one request, for the last text', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 1])));
    const { result, rerender } = renderZeroShot(fetch, zeroShotArgs(''), { debounceMs: 300 });

    for (const text of ['h', 'he', 'hel', 'hell', 'hello']) {
      rerender({ args: zeroShotArgs(text) });
      await act(() => vi.advanceTimersByTimeAsync(100));
      expect(result.current.isDebouncing).toBe(true);
    }
    expect(calls).toHaveLength(0);

    await act(() => vi.advanceTimersByTimeAsync(300));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(calls).toHaveLength(1);
    expect((calls[0]!.body as { inputs: string }).inputs).toBe('hello');
    expect(result.current).toMatchObject({ isDebouncing: false, status: 'success' });
  });

  it('debounce keeps the previous result on screen while waiting', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = controlledFetch((call) => json(labels([(call.body as { inputs: string }).inputs, 1])));
    const { result, rerender } = renderZeroShot(fetch, zeroShotArgs('one'), { debounceMs: 200 });
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current.data).toEqual(labels(['one', 1]));

    rerender({ args: zeroShotArgs('two') });
    await act(() => vi.advanceTimersByTimeAsync(100));
    expect(result.current).toMatchObject({ isDebouncing: true, data: labels(['one', 1]) });
    await act(() => vi.advanceTimersByTimeAsync(100));
    await act(() => vi.advanceTimersByTimeAsync(0));
    expect(result.current).toMatchObject({ isDebouncing: false, data: labels(['two', 1]) });
    expect(calls).toHaveLength(2);
  });

  it.each([
    ['an empty text', zeroShotArgs('')],
    ['a blank text', zeroShotArgs('   ')],
    ['no candidate labels', zeroShotArgs('hello', [])],
    ['a missing required parameter', { inputs: 'hello' } as never],
    ['null', null],
  ])('sends nothing for %s', async (_, args) => {
    const { fetch, calls } = controlledFetch();
    const { result } = renderZeroShot(fetch, args);
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(0);
    expect(result.current).toMatchObject({ status: 'pending', fetchStatus: 'idle', data: undefined });
  });

  it('sends nothing for an image task until there is a file', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['cat', 1])));
    const { wrapper } = setup(fetch);
    const { result, rerender } = renderHook(
      ({ file }: { file: Blob | null }) => useImageClassification(file && { inputs: file }),
      {
        wrapper,
        initialProps: { file: null as Blob | null },
      },
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(0);
    rerender({ file: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' }) });
    await waitFor(() => expect(result.current.data).toEqual(labels(['cat', 1])));
    expect(calls).toHaveLength(1);
  });

  it('clearing the input clears the result instead of keeping the old one', async () => {
    const { fetch } = controlledFetch(() => json(labels(['refund', 1])));
    const { result, rerender } = renderZeroShot(fetch, zeroShotArgs('hello'));
    await waitFor(() => expect(result.current.status).toBe('success'));
    rerender({ args: zeroShotArgs('') });
    expect(result.current).toMatchObject({ data: undefined, fetchStatus: 'idle', isPlaceholderData: false });
  });

  it('aborts the superseded request', async () => {
    const { fetch, calls } = controlledFetch();
    const { result, rerender } = renderZeroShot(fetch, zeroShotArgs('slow'));
    await waitFor(() => expect(calls).toHaveLength(1));
    rerender({ args: zeroShotArgs('fast') });
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(calls[0]!.signal?.aborted).toBe(true);
    expect(calls[1]!.signal?.aborted).toBe(false);
    calls[1]!.respond(json(labels(['faq', 1])));
    await waitFor(() => expect(result.current.data).toEqual(labels(['faq', 1])));
  });

  it('respects enabled: false from the caller', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 1])));
    const { wrapper } = setup(fetch);
    const { result, rerender } = renderHook(
      ({ enabled }) => useZeroShotClassification(zeroShotArgs('hello'), { enabled }),
      { wrapper, initialProps: { enabled: false } },
    );
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(0);
    rerender({ enabled: true });
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(calls).toHaveLength(1);
  });
});

describe('query hook errors', () => {
  it('a 400 is an error after exactly one request', async () => {
    const { fetch, calls } = controlledFetch(() => json({ error: 'bad input' }, 400));
    const { result } = renderZeroShot(fetch, zeroShotArgs('hello'));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toBeInstanceOf(InferenceHTTPError);
    expect(result.current.error).toMatchObject({ status: 400, serverMessage: 'bad input' });
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(1);
  });

  it('a 500 is retried at most twice', async () => {
    const { fetch, calls } = controlledFetch(() => json({ error: 'boom' }, 500));
    const { result } = renderZeroShot(fetch, zeroShotArgs('hello'));
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toMatchObject({ status: 500 });
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(3);
  });

  it('a 500 that recovers on retry succeeds', async () => {
    const { fetch, calls } = controlledFetch((_, i) =>
      i === 0 ? json({ error: 'boom' }, 502) : json(labels(['refund', 1])),
    );
    const { result } = renderZeroShot(fetch, zeroShotArgs('hello'));
    await waitFor(() => expect(result.current.status).toBe('success'));
    expect(calls).toHaveLength(2);
  });

  it('a network failure is retried at most twice', async () => {
    const { fetch, calls } = controlledFetch((call) => {
      call.fail();
      return undefined;
    });
    const { result } = renderZeroShot(fetch, zeroShotArgs('hello'));
    await waitFor(() => expect(result.current.status).toBe('error'));
    // Core types a failed fetch as InferenceNetworkError (it used to be fetch's raw TypeError).
    expect(result.current.error).toBeInstanceOf(InferenceNetworkError);
    expect(calls).toHaveLength(3);
  });

  it('invalid input is a validation error with no request at all', async () => {
    const { fetch, calls } = controlledFetch(() => json(labels(['refund', 1])));
    const { result } = renderZeroShot(fetch, {
      inputs: 'hello',
      parameters: { candidateLabels: ['a'], hypothesisTemplate: 'no placeholder' },
    });
    await waitFor(() => expect(result.current.status).toBe('error'));
    expect(result.current.error).toBeInstanceOf(InferenceValidationError);
    expect(result.current.error?.message).toContain('hypothesisTemplate');
    await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(calls).toHaveLength(0);
    expect(result.current.failureCount).toBe(1);
  });
});
