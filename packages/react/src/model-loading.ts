import type { ModelLoadingInfo } from '@inferkit/core';
import type { QueryClient } from '@tanstack/react-query';

/**
 * What a hook shows while core waits out a cold model (HTTP 503 with `estimated_time`):
 * the server's estimate in seconds, milliseconds waited so far, and which wait this is.
 * `null` when no model is loading.
 */
export type ModelLoadingState = ModelLoadingInfo;

/**
 * A tiny external store of loading states by key (a query hash, or one mutation hook's id), read
 * by the hooks with `useSyncExternalStore`. It holds no React, so queries fetched outside React
 * write to it the same way.
 */
export interface ModelLoadingStore {
  get(key: string): ModelLoadingState | null;
  set(key: string, state: ModelLoadingState): void;
  clear(key: string): void;
  subscribe(key: string, listener: () => void): () => void;
}

/** Creates an empty {@link ModelLoadingStore}. */
export function createModelLoadingStore(): ModelLoadingStore {
  const states = new Map<string, ModelLoadingState>();
  const listeners = new Map<string, Set<() => void>>();
  const notify = (key: string) => listeners.get(key)?.forEach((listener) => listener());
  return {
    get: (key) => states.get(key) ?? null,
    set(key, state) {
      states.set(key, { estimatedTime: state.estimatedTime, attempt: state.attempt, elapsed: state.elapsed });
      notify(key);
    },
    clear(key) {
      if (states.delete(key)) notify(key);
    },
    subscribe(key, listener) {
      let set = listeners.get(key);
      if (!set) listeners.set(key, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(key);
      };
    },
  };
}

type LoadingCallback = (info: ModelLoadingInfo) => void;

const stores = new WeakMap<QueryClient, ModelLoadingStore>();
const fallback = createModelLoadingStore();

/** The store that belongs to a `QueryClient`, so two clients (tests, SSR requests) never mix states. */
export function modelLoadingStoreFor(queryClient: QueryClient | undefined): ModelLoadingStore {
  if (!queryClient) return fallback;
  let store = stores.get(queryClient);
  if (!store) stores.set(queryClient, (store = createModelLoadingStore()));
  return store;
}

/**
 * Runs a task call with its `onModelLoading` also reported to `store` under `key`, and clears the
 * state when the call settles (success, error or abort). The caller's own callback still runs, or
 * else `inherited` (the client's default, which the per-call callback would otherwise replace).
 */
export async function trackModelLoading<TArgs extends { onModelLoading?: LoadingCallback | undefined }, TResult>(
  store: ModelLoadingStore,
  key: string,
  args: TArgs,
  run: (args: TArgs) => Promise<TResult>,
  inherited?: LoadingCallback,
): Promise<TResult> {
  const own = args.onModelLoading ?? inherited;
  try {
    return await run({
      ...args,
      onModelLoading(info: ModelLoadingInfo) {
        store.set(key, info);
        own?.(info);
      },
    });
  } finally {
    store.clear(key);
  }
}
