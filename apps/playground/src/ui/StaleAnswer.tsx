import type { ReactNode } from 'react';

/** Wraps a result that may be an earlier answer: dimmed, and said to be stale in words too. */
export function StaleAnswer({ stale, children }: { stale: boolean; children: ReactNode }) {
  if (!stale) return children;
  return (
    <div className="stale-answer">
      <p className="stale-note">Last answer, from before the error above (stale):</p>
      {children}
    </div>
  );
}
