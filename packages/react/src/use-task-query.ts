'use client';
import { isEmptyTaskInput, taskTable, type InferenceClient, type TaskTable } from '@inferkit/core';
import {
  hashKey,
  keepPreviousData,
  skipToken,
  useQuery,
  type QueryClient,
  type QueryKey,
  type SkipToken,
  type UseQueryOptions,
  type UseQueryResult,
} from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { modelLoadingStoreFor, type ModelLoadingState } from './model-loading';
import { useClientDefaults, useInferenceQueryClient } from './provider';
import { taskQueryKey, type InferenceQueryKey } from './query-key';
import { queryOptionsOf, type InferenceTaskName, type TaskOutputOf, type TaskQueryArgs } from './task-options';

/** Options of a task query hook: TanStack's `useQuery` options (but the key and function), plus these. */
export type TaskQueryHookOptions<TOutput, TData = TOutput> = Omit<
  UseQueryOptions<TOutput, Error, TData, InferenceQueryKey>,
  'queryKey' | 'queryFn'
> & {
  /**
   * Ask only once the input has stopped changing for this many milliseconds (as-you-type).
   * The previous result stays shown meanwhile; clearing the input applies at once. Default 0.
   */
  debounceMs?: number | undefined;
  /** A client to use instead of the one from `InferenceProvider`. */
  client?: InferenceClient | undefined;
};

/** What a task query hook returns: TanStack's query result, plus these. */
export type TaskQueryResult<TData> = UseQueryResult<TData, Error> & {
  /** While core waits out a cold model (503): the server's estimate and the time waited; else `null`. */
  modelLoading: ModelLoadingState | null;
  /** The input changed and the debounce has not elapsed yet. */
  isDebouncing: boolean;
  /** The key of the query shown (for `invalidateQueries`, `setQueryData`, ...). */
  queryKey: InferenceQueryKey;
};

/** The arguments a query hook takes; `null`, `undefined` or `skipToken` leave it disabled. */
export type TaskQueryInput<TArgs> = TArgs | SkipToken | null | undefined;

/** Reads the loading state stored under `hash` in `queryClient`'s store. */
export function useModelLoadingByHash(queryClient: QueryClient, hash: string): ModelLoadingState | null {
  const store = modelLoadingStoreFor(queryClient);
  const subscribe = useCallback((listener: () => void) => store.subscribe(hash, listener), [store, hash]);
  return useSyncExternalStore(
    subscribe,
    () => store.get(hash),
    () => null,
  );
}

/**
 * The loading-model state of any query built by this package's options factories, for apps that
 * call `useQuery` themselves.
 * @example
 * const options = zeroShotClassificationOptions(client, args);
 * const query = useQuery(options);
 * const modelLoading = useModelLoading(options.queryKey);
 */
export function useModelLoading(queryKey: QueryKey): ModelLoadingState | null {
  return useModelLoadingByHash(useInferenceQueryClient(), hashKey(queryKey));
}

/**
 * `value` once its `hash` has held still for `ms`; the last settled value until then. An empty
 * input settles at once: it sends nothing, so there is nothing to save by waiting.
 */
function useDebounced<T>(value: T, hash: string, ms: number, immediate: boolean): [T, boolean] {
  const [settled, setSettled] = useState({ value, hash });
  const pending = ms > 0 && settled.hash !== hash;
  // Render-phase update (React's "state from previous renders" pattern): no extra commit.
  if (pending && immediate) setSettled({ value, hash });
  useEffect(() => {
    if (!pending || immediate) return;
    const timer = setTimeout(() => setSettled({ value, hash }), ms);
    return () => clearTimeout(timer);
    // `value` is the one of the render whose `hash` changed; same hash, same content. It may be a new
    // object on every render, which as a dependency would restart the timer on each one; `pending`
    // and `immediate` change only with `hash`, or once the timer has fired.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [hash, ms]);
  return pending && !immediate ? [settled.value, true] : [value, false];
}

/** Lazily forwards every field of `result` (so TanStack's tracking of read fields keeps working) and adds `extra`. */
function extend<TResult extends object, TExtra extends object>(result: TResult, extra: TExtra): TResult & TExtra {
  const out = {} as TResult & TExtra;
  for (const key of Object.keys(result)) {
    Object.defineProperty(out, key, { enumerable: true, get: () => result[key as keyof TResult] });
  }
  return Object.assign(out, extra);
}

/**
 * The task query hook for any task by name: `useQuery` over `taskQueryOptions`, with debounced
 * input, the previous result kept while the next loads, no request for empty input, and the
 * loading-model state. Works for any task, e.g. a generative one run as a cached query. Taking any
 * task by name, it bundles every task; the named hooks (`useFillMask`, ...) bundle only their own.
 * @example
 * const { data, isPending, modelLoading } = useTaskQuery(
 *   'zeroShotClassification',
 *   { inputs: text, parameters: { candidateLabels: ['refund', 'faq'] } },
 *   { debounceMs: 300 },
 * );
 */
export function useTaskQuery<TName extends InferenceTaskName, TData = TaskOutputOf<TName>>(
  taskName: TName,
  args: TaskQueryInput<TaskQueryArgs<TName>>,
  options: TaskQueryHookOptions<TaskOutputOf<TName>, TData> = {},
): TaskQueryResult<TData> {
  return useQueryOf(taskName, taskTable[taskName], args, options);
}

/**
 * {@link useTaskQuery} for a task given as its function: each named hook passes its own, so an app
 * pays only for the tasks it uses.
 */
export function useQueryOf<TName extends InferenceTaskName, TData = TaskOutputOf<TName>>(
  taskName: TName,
  task: TaskTable[TName],
  args: TaskQueryInput<TaskQueryArgs<TName>>,
  options: TaskQueryHookOptions<TaskOutputOf<TName>, TData> = {},
): TaskQueryResult<TData> {
  const { debounceMs = 0, client: clientOption, enabled = true, ...queryOptions } = options;
  const client = useClientDefaults(clientOption);
  const queryClient = useInferenceQueryClient();
  const { definition } = task;
  const latest = (args === skipToken || args == null ? {} : args) as TaskQueryArgs<TName>;
  const latestHash =
    debounceMs > 0
      ? hashKey(taskQueryKey({ name: taskName, defaultModel: definition.defaultModel }, latest, client))
      : '';
  const [settled, isDebouncing] = useDebounced(
    latest,
    latestHash,
    debounceMs,
    debounceMs > 0 && isEmptyTaskInput(definition, latest),
  );
  const base = queryOptionsOf(client, taskName, task, settled);
  const result = useQuery(
    {
      ...base,
      // Only keep showing the previous answer while a next one is on its way, not for an emptied input.
      placeholderData: base.enabled ? keepPreviousData : undefined,
      ...(queryOptions as Omit<typeof base, 'queryKey'>),
      enabled: base.enabled === false ? false : enabled,
    } as UseQueryOptions<TaskOutputOf<TName>, Error, TData, InferenceQueryKey>,
    queryClient,
  );
  const keyHash = hashKey(base.queryKey);
  const modelLoading = useModelLoadingByHash(queryClient, keyHash);
  // The same array while the key is the same, so apps can use it as an effect dependency: keyed by
  // its hash, since `base.queryKey` is a new array on every render.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  const queryKey = useMemo(() => base.queryKey, [keyHash]);
  return extend(result, { modelLoading, isDebouncing, queryKey });
}
