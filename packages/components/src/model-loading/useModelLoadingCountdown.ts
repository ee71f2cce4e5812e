'use client';
import { useEffect, useState } from 'react';

/**
 * What core reports while a model loads (its `ModelLoadingInfo` fits): the server's estimate in
 * seconds when it answered 503, and which wait this is.
 */
export interface ModelLoadingEstimate {
  estimatedTime: number;
  /** Core's attempt number: a new attempt with the same estimate restarts the count. */
  attempt?: number;
}

/** Seconds of an estimate, or undefined when it is not a finite, non-negative number. */
const finiteSeconds = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;

const secondsLeft = (estimate: number, since: number, now: number) =>
  Math.max(0, Math.ceil(estimate - (now - since) / 1000));

const restart = (key: string | null, estimate: number | undefined) => ({
  key,
  since: Date.now(),
  left: estimate === undefined ? 0 : Math.ceil(estimate),
});

// Four checks a second keep the shown figure within a quarter second of the truth; state changes
// (and so renders) only when the whole seconds shown change.
const TICK_MS = 250;

/**
 * Seconds until a loading model should be ready, counting down from core's estimate. Core reports
 * a wait once (when the server answers 503), so the ticking is done here; a new report (another
 * estimate or attempt) restarts the count from it. `null` when nothing is loading or when the
 * estimate is not a finite, non-negative number (show "Model loading…" without a figure then).
 * @example
 * const remaining = useModelLoadingCountdown(query.modelLoading);
 * {remaining !== null && <p>Model loading, about {remaining} s</p>}
 */
export function useModelLoadingCountdown(info: ModelLoadingEstimate | null | undefined): number | null {
  const estimate = finiteSeconds(info?.estimatedTime);
  // The report's value, not its identity: a parent re-rendering with an equal object keeps the count.
  const key = info && estimate !== undefined ? `${estimate}/${info.attempt ?? ''}` : null;
  const [clock, setClock] = useState(() => restart(key, estimate));
  let current = clock;
  if (clock.key !== key) {
    // Adjusting state while rendering (React's documented pattern) restarts the count at once.
    current = restart(key, estimate);
    setClock(current);
  }
  const { since } = current;
  useEffect(() => {
    if (key === null || estimate === undefined) return;
    const timer = setInterval(() => {
      const left = secondsLeft(estimate, since, Date.now());
      if (left === 0) clearInterval(timer);
      setClock((c) => (c.key === key && c.left !== left ? { ...c, left } : c));
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [key, estimate, since]);
  return key === null ? null : current.left;
}
