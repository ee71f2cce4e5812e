'use client';
import { taskTable, type InferenceClient, type JobProgress, type TaskTable } from '@inferkit/core';
import { useMutation, type UseMutationOptions, type UseMutationResult } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { modelLoadingStoreFor, trackModelLoading, type ModelLoadingState } from './model-loading';
import { useClientDefaults, useInferenceQueryClient } from './provider';
import { mutationOptionsOf, type InferenceTaskName, type TaskArgsOf, type TaskOutputOf } from './task-options';
import { useModelLoadingByHash } from './use-task-query';

/** Options of a task mutation hook: TanStack's `useMutation` options (but the function), plus `client`. */
export type TaskMutationHookOptions<TName extends InferenceTaskName, TContext = unknown> = Omit<
  UseMutationOptions<TaskOutputOf<TName>, Error, TaskArgsOf<TName>, TContext>,
  'mutationFn'
> & {
  /** A client to use instead of the one from `InferenceProvider`. */
  client?: InferenceClient | undefined;
};

/** What a task mutation hook returns: TanStack's mutation result, plus `modelLoading`. */
export type TaskMutationResult<TName extends InferenceTaskName, TContext = unknown> = UseMutationResult<
  TaskOutputOf<TName>,
  Error,
  TaskArgsOf<TName>,
  TContext
> & {
  /** While core waits out a cold model (503): the server's estimate and the time waited; else `null`. */
  modelLoading: ModelLoadingState | null;
  /**
   * While an async provider job (fal-ai's queue, a replicate prediction…) waits: `{ status: 'queued' |
   * 'running', queuePosition?, elapsed }`, from core's `onProgress`; `null` otherwise.
   */
  progress: JobProgress | null;
  /**
   * Aborts this hook's calls in flight, and with them their provider jobs (the provider's cancel
   * route is called where it has one). Unmounting the component does the same.
   */
  cancel: () => void;
};

/** `a` and `b` as one signal: aborted when either is. */
function eitherSignal(a: AbortSignal | undefined, b: AbortSignal): AbortSignal {
  if (!a) return b;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const both = new AbortController();
  const follow = (signal: AbortSignal) => () => both.abort(signal.reason);
  if (a.aborted) both.abort(a.reason);
  else if (b.aborted) both.abort(b.reason);
  a.addEventListener('abort', follow(a), { once: true });
  b.addEventListener('abort', follow(b), { once: true });
  return both.signal;
}

let lastSlot = 0;

/**
 * The task mutation hook for any task by name: `useMutation` over `taskMutationOptions`, plus the
 * loading-model state of this hook's calls. Runs any task on demand, including analysis tasks you
 * only want on a click. Pass `signal` in the arguments to cancel a call. Taking any task by name,
 * it bundles every task; the named hooks (`useSummarization`, ...) bundle only their own.
 * @example
 * const segment = useTaskMutation('imageSegmentation');
 * <button onClick={() => segment.mutate({ inputs: file })}>Segment</button>
 */
export function useTaskMutation<TName extends InferenceTaskName, TContext = unknown>(
  taskName: TName,
  options: TaskMutationHookOptions<TName, TContext> = {},
): TaskMutationResult<TName, TContext> {
  return useMutationOf(taskName, taskTable[taskName], options);
}

/**
 * {@link useTaskMutation} for a task given as its function: each named hook passes its own, so an
 * app pays only for the tasks it uses.
 */
export function useMutationOf<TName extends InferenceTaskName, TContext = unknown>(
  taskName: TName,
  task: TaskTable[TName],
  options: TaskMutationHookOptions<TName, TContext> = {},
): TaskMutationResult<TName, TContext> {
  const { client: clientOption, ...mutationOptions } = options;
  const client = useClientDefaults(clientOption);
  const queryClient = useInferenceQueryClient();
  // One loading slot per hook instance: a mutation has no key of its own to store it under.
  const [slot] = useState(() => `mutation:${++lastSlot}`);
  const base = mutationOptionsOf(client, taskName, task);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  // The controllers of the calls in flight: `cancel()` and unmounting abort them.
  const inFlight = useRef(new Set<AbortController>());
  useEffect(() => {
    const calls = inFlight.current;
    return () => {
      for (const controller of calls) controller.abort(new DOMException('The component unmounted.', 'AbortError'));
    };
  }, []);
  const cancel = useCallback(() => {
    for (const controller of inFlight.current) controller.abort(new DOMException('Cancelled.', 'AbortError'));
  }, []);
  const result = useMutation(
    {
      ...(base as TaskMutationHookOptions<TName, TContext>),
      ...mutationOptions,
      mutationFn: (args, context) => {
        const controller = new AbortController();
        inFlight.current.add(controller);
        const own = args as TaskArgsOf<TName> & { signal?: AbortSignal; onProgress?: (p: JobProgress) => void };
        const withJob = {
          ...own,
          signal: eitherSignal(own.signal, controller.signal),
          onProgress: (report: JobProgress) => {
            own.onProgress?.(report);
            setProgress(report);
          },
        } as TaskArgsOf<TName>;
        return trackModelLoading(
          modelLoadingStoreFor(queryClient),
          slot,
          withJob,
          (tracked) => base.mutationFn!(tracked, context),
          client.options.onModelLoading,
        ).finally(() => {
          inFlight.current.delete(controller);
          setProgress(null);
        });
      },
    },
    queryClient,
  );
  const modelLoading = useModelLoadingByHash(queryClient, slot);
  return { ...result, modelLoading, progress, cancel };
}
