import { act, cleanup, render, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ModelLoadingEstimate, useModelLoadingCountdown } from '..';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const countdown = (info: ModelLoadingEstimate | null | undefined) =>
  renderHook((props: { info: ModelLoadingEstimate | null | undefined }) => useModelLoadingCountdown(props.info), {
    initialProps: { info },
  });

describe('useModelLoadingCountdown', () => {
  it('is null while no model is loading', () => {
    expect(countdown(null).result.current).toBeNull();
    expect(countdown(undefined).result.current).toBeNull();
  });

  it("counts down by itself from core's estimate, in whole seconds rounded up, and stops at 0", () => {
    // Core's ModelLoadingInfo: estimatedTime in seconds (elapsed, in ms, is not used for the count).
    const { result } = countdown({ estimatedTime: 20.4, attempt: 1 });
    expect(result.current).toBe(21);
    act(() => vi.advanceTimersByTime(500));
    expect(result.current).toBe(20);
    act(() => vi.advanceTimersByTime(11_500));
    expect(result.current).toBe(9);
    act(() => vi.advanceTimersByTime(60_000));
    expect(result.current).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('restarts from a new estimate or a new attempt, and keeps counting when a parent re-renders', () => {
    const { result, rerender } = countdown({ estimatedTime: 10, attempt: 1 });
    act(() => vi.advanceTimersByTime(4_000));
    expect(result.current).toBe(6);
    // An equal report in a new object (a parent re-rendering) is the same wait.
    rerender({ info: { estimatedTime: 10, attempt: 1 } });
    expect(result.current).toBe(6);
    // Another 503 with the same estimate is a new wait.
    rerender({ info: { estimatedTime: 10, attempt: 2 } });
    expect(result.current).toBe(10);
    rerender({ info: { estimatedTime: 3, attempt: 3 } });
    expect(result.current).toBe(3);
    rerender({ info: null });
    expect(result.current).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative number', -5],
  ])('is null for an estimate of %s, with no timer left running', (_, estimatedTime) => {
    const { result } = countdown({ estimatedTime });
    expect(result.current).toBeNull();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('renders only when the seconds shown change', () => {
    let renders = 0;
    function Probe({ info }: { info: ModelLoadingEstimate }) {
      renders++;
      return <span>{useModelLoadingCountdown(info)}</span>;
    }
    const info = { estimatedTime: 5 };
    const { container } = render(<Probe info={info} />);
    const first = renders;
    act(() => vi.advanceTimersByTime(3_000));
    expect(container.textContent).toBe('2');
    // One render per second shown (3 here), not one per tick (12).
    expect(renders - first).toBeLessThanOrEqual(3);
  });
});
