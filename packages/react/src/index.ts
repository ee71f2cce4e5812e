/**
 * @inferkit/react: React hooks for every @inferkit/core task on TanStack Query, and streaming chat.
 * Queries and mutations: provider, query keys, options factories, hook primitives, one hook per task.
 */
export { InferenceProvider, useInferenceClient, type InferenceProviderProps } from './provider';
export { INFERENCE_KEY_ROOT, inferenceQueryKey, type InferenceQueryKey } from './query-key';
export {
  createModelLoadingStore,
  modelLoadingStoreFor,
  type ModelLoadingState,
  type ModelLoadingStore,
} from './model-loading';
export {
  isEmptyInput,
  retryInference,
  taskMutationOptions,
  taskQueryOptions,
  type InferenceTaskName,
  type MutationTaskName,
  type QueryTaskName,
  type StreamingTaskName,
  type TaskArgsOf,
  type TaskMutationOptionsFactory,
  type TaskOutputOf,
  type TaskQueryArgs,
  type TaskQueryOptionsFactory,
} from './task-options';
export {
  useModelLoading,
  useTaskQuery,
  type TaskQueryHookOptions,
  type TaskQueryInput,
  type TaskQueryResult,
} from './use-task-query';
export { useTaskMutation, type TaskMutationHookOptions, type TaskMutationResult } from './use-task-mutation';
export { useChatModels, useModels, type ModelListHookOptions, type UseModelsArgs } from './use-hub-queries';
// Per task: `useX` and `xOptions` (and for generative tasks `useXQuery` and `xQueryOptions`).
export * from './hooks';

// ---------------------------------------------------------------------------------------------
export { useChatCompletion, type UseChatCompletionOptions, type UseChatCompletionResult } from './use-chat-completion';
export { useTextGeneration, type UseTextGenerationOptions, type UseTextGenerationResult } from './use-text-generation';
export {
  useStructuredOutput,
  type UseStructuredOutputOptions,
  type UseStructuredOutputResult,
} from './use-structured-output';
// ---------------------------------------------------------------------------------------------
