import { useState } from 'react';

/** What a result area shows: the current answer, or the last one marked stale while an error stands. */
export interface LastAnswer<T> {
  value: T | undefined;
  /** `value` is an earlier answer, kept because the latest request failed. */
  stale: boolean;
}

/**
 * The latest answer a query gave, kept through a failure: when a later request errors (new text, a
 * fault), the page shows the error and, under it, the last answer marked stale, instead of wiping
 * it. An answer for new input replaces it as soon as one arrives.
 */
export function useLastAnswer<T>(data: T | undefined, error: unknown): LastAnswer<T> {
  const [last, setLast] = useState(data);
  // Derived state kept across renders, as React documents it: set during render, no effect needed.
  if (data !== undefined && data !== last) setLast(data);
  if (data !== undefined) return { value: data, stale: false };
  return error && last !== undefined ? { value: last, stale: true } : { value: undefined, stale: false };
}
