import {
  InferenceHTTPError,
  InferenceNetworkError,
  InferenceTimeoutError,
  isEmptyTaskInput,
  mergeCallOptions,
  taskTable,
  type InferenceClient,
  type RequestOptions,
  type TaskName,
  type TaskTable,
} from '@inferkit/core';
import { hashKey, mutationOptions, queryOptions } from '@tanstack/react-query';
import { modelLoadingStoreFor, trackModelLoading } from './model-loading';
import type { ClientDefaults } from './provider';
import { INFERENCE_KEY_ROOT, taskQueryKey, type InferenceQueryKey } from './query-key';

// The query/mutation split comes from each task's `kind` in core (a literal type on its definition),
// so a task added to core's table lands in the right union without a list kept here.
type KindOf<TName extends TaskName> = TaskTable[TName]['definition']['kind'];
type NamesOfKind<TKind> = { [TName in TaskName]: KindOf<TName> extends TKind ? TName : never }[TaskName];
type StreamTaskName = NamesOfKind<'stream'>;

/**
 * Tasks whose named hooks are the streaming ones (`useChatCompletion`, `useTextGeneration`): each
 * streaming task of core, and the one-shot task it streams (`xStream` streams `x`).
 */
export type StreamingTaskName =
  StreamTaskName | { [TName in TaskName]: `${TName}Stream` extends StreamTaskName ? TName : never }[TaskName];

/** Tasks answered once and treated as analysis (`kind: 'query'`): one query hook each (`useZeroShotClassification`, ...). */
export type QueryTaskName = Exclude<NamesOfKind<'query'>, StreamingTaskName>;

/**
 * Generative or costly tasks (`kind: 'mutation'`): a mutation hook each (`useSummarization`), plus a
 * query hook (`useSummarizationQuery`).
 */
export type MutationTaskName = Exclude<NamesOfKind<'mutation'>, StreamingTaskName>;

/** Every task that answers once: what the generic factories and hook primitives accept. */
export type InferenceTaskName = Exclude<TaskName, StreamTaskName>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A task's full arguments: its input plus request options (as the core function takes them). */
export type TaskArgsOf<TName extends TaskName> = Parameters<TaskTable[TName]>[0];
/** What a task resolves with. */
export type TaskOutputOf<TName extends TaskName> = Awaited<ReturnType<TaskTable[TName]>>;
/** A task's arguments as a query takes them: no `signal`, since the query owns cancellation. */
export type TaskQueryArgs<TName extends TaskName> = DistributiveOmit<TaskArgsOf<TName>, 'signal'>;

type AnyTask = (args: unknown) => Promise<unknown>;
/**
 * Whether a task's input is not filled in yet (core's `isEmptyTaskInput`, by task name): an empty
 * or blank text, an empty list, or a required field (such as `candidateLabels`, or the file of an
 * image task) still missing. Such a query stays disabled instead of failing; any other invalid
 * input is left for core to reject with its `InferenceValidationError`, before any request.
 * @example
 * isEmptyInput('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: [] } }); // true
 */
export function isEmptyInput(taskName: InferenceTaskName, args: object): boolean {
  return isEmptyTaskInput(taskTable[taskName].definition, args);
}

/**
 * The retry policy of every query and mutation here: never retry input the server or core
 * rejected (validation errors, 4xx, malformed answers); retry 5xx, timeouts and network
 * failures at most twice. Core has already waited out a loading model (503) and `Retry-After`.
 * @example
 * new QueryClient({ defaultOptions: { queries: { retry: retryInference } } });
 */
export function retryInference(failureCount: number, error: unknown): boolean {
  const transient =
    (error instanceof InferenceHTTPError && error.status >= 500) ||
    error instanceof InferenceTimeoutError ||
    error instanceof InferenceNetworkError;
  return transient && failureCount < 2;
}

/**
 * A call's arguments over the client's defaults, merged as `InferenceClient` merges them: a
 * per-call `model` or `endpointUrl` replaces both defaults, and headers combine.
 */
function withDefaults(client: ClientDefaults, args: RequestOptions): RequestOptions {
  return mergeCallOptions(client.options, args);
}

/**
 * {@link taskQueryOptions} for a task given as its function: the per-task factories and hooks pass
 * their own, so an app pays only for the tasks it uses. `client` needs only its `options`.
 */
export function queryOptionsOf<TName extends InferenceTaskName>(
  client: ClientDefaults,
  taskName: TName,
  task: TaskTable[TName],
  args: TaskQueryArgs<TName>,
) {
  return queryOptions<TaskOutputOf<TName>, Error, TaskOutputOf<TName>, InferenceQueryKey>({
    queryKey: taskQueryKey({ name: taskName, defaultModel: task.definition.defaultModel }, args, client),
    queryFn: ({ client: queryClient, queryKey, signal }) =>
      trackModelLoading(
        modelLoadingStoreFor(queryClient),
        hashKey(queryKey),
        { ...args, signal } as RequestOptions,
        (withTracking) => (task as AnyTask)(withDefaults(client, withTracking)) as Promise<TaskOutputOf<TName>>,
        client.options.onModelLoading,
      ),
    enabled: !isEmptyTaskInput(task.definition, args),
    staleTime: Infinity,
    retry: retryInference,
  });
}

/** {@link taskMutationOptions} for a task given as its function (see {@link queryOptionsOf}). */
export function mutationOptionsOf<TName extends InferenceTaskName>(
  client: ClientDefaults,
  taskName: TName,
  task: TaskTable[TName],
) {
  return mutationOptions<TaskOutputOf<TName>, Error, TaskArgsOf<TName>>({
    mutationKey: [INFERENCE_KEY_ROOT, taskName],
    mutationFn: (args) => (task as AnyTask)(withDefaults(client, args)) as Promise<TaskOutputOf<TName>>,
    retry: retryInference,
  });
}

/**
 * Query options for one call of any task, for `useQuery`, `prefetchQuery`, `fetchQuery`, loaders
 * and tests. The query function passes the query's `signal` to core (a superseded or unmounted
 * query aborts its request) and reports a loading model to the hooks' `modelLoading`. Results
 * never go stale on their own (`staleTime: Infinity`): the same input gives the same answer.
 * Empty input (see {@link isEmptyInput}) sets `enabled: false`. Taking any task by name, it bundles
 * every task; the per-task factories (`zeroShotClassificationOptions`, ...) bundle only their own.
 * @example
 * const labels = await queryClient.fetchQuery(
 *   taskQueryOptions(client, 'zeroShotClassification', {
 *     inputs: 'I want my money back',
 *     parameters: { candidateLabels: ['refund', 'faq'] },
 *   }),
 * );
 */
export function taskQueryOptions<TName extends InferenceTaskName>(
  client: InferenceClient,
  taskName: TName,
  args: TaskQueryArgs<TName>,
) {
  return queryOptionsOf(client, taskName, taskTable[taskName], args);
}

/**
 * Mutation options that run any task on demand: `mutate(args)` calls it with those arguments.
 * Taking any task by name, it bundles every task; the per-task factories bundle only their own.
 * @example
 * const summarize = useMutation(taskMutationOptions(client, 'summarization'));
 * const { summaryText } = await summarize.mutateAsync({ inputs: longText });
 */
export function taskMutationOptions<TName extends InferenceTaskName>(client: InferenceClient, taskName: TName) {
  return mutationOptionsOf(client, taskName, taskTable[taskName]);
}

/** The query options factory of one task, fixed by name. */
export type TaskQueryOptionsFactory<TName extends InferenceTaskName> = (
  client: InferenceClient,
  args: TaskQueryArgs<TName>,
) => ReturnType<typeof taskQueryOptions<TName>>;

/** The mutation options factory of one task, fixed by name. */
export type TaskMutationOptionsFactory<TName extends InferenceTaskName> = (
  client: InferenceClient,
) => ReturnType<typeof taskMutationOptions<TName>>;
