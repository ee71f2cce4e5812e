import { useEffect, useReducer, useState } from 'react';
import type { ModelLoadingInfo } from '@inferkit/core';

/**
 * Seconds until a loading model should be ready, ticking down. `estimatedTime` is the server's
 * estimate at the moment core reported it; core only reports once per wait, so the tick is ours.
 * `null` while no model is loading.
 */
export function useModelLoadingCountdown(info: ModelLoadingInfo | null | undefined): number | null {
  const [seen, setSeen] = useState<{ info: ModelLoadingInfo | null; at: number }>({ info: null, at: 0 });
  const current = info ?? null;
  // Render-phase update: remember when this report arrived, without an extra commit.
  if (seen.info !== current) setSeen({ info: current, at: Date.now() });
  const [, tick] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (!current) return;
    const timer = setInterval(tick, 250);
    return () => clearInterval(timer);
  }, [current]);
  if (!current) return null;
  const at = seen.info === current ? seen.at : Date.now();
  return Math.max(0, Math.ceil(current.estimatedTime - (Date.now() - at) / 1000));
}
