/**
 * @inferkit/core: a headless client for the Hugging Face Inference API and TGI/TEI/OpenAI-compatible
 * endpoints. One tree-shakeable function per task, plus `InferenceClient` bundling them all.
 */
export { InferenceClient, type InferenceClientTasks, type OpenAIChatRequest } from './client';
export {
  InferenceError,
  InferenceHTTPError,
  InferenceJobError,
  InferenceNetworkError,
  InferenceResponseError,
  InferenceStreamError,
  InferenceTimeoutError,
  InferenceValidationError,
  type InferenceRequestContext,
  type RedactedRequest,
  type ValidationIssue,
} from './errors';
export {
  assertModelOrEndpoint,
  DEFAULT_BASE_URL,
  DEFAULT_HUB_URL,
  mergeCallOptions,
  OPTION_KEYS,
  type CallOptions,
  type ClientOptions,
  type JobProgress,
  type ModelLoadingInfo,
  type RequestOptions,
  type TaskRoute,
} from './options';
export { SSEParser, readJsonEvents, type SSEEvent } from './sse';
export {
  createStreamTask,
  createTask,
  type StreamTaskFunction,
  type TaskArgs,
  type TaskDefinition,
  type TaskFunction,
  type TaskKind,
} from './task';
export { isEmptyTaskInput } from './task-input';
export { taskTable, type TaskName, type TaskTable } from './task-table';
export {
  getModelStatus,
  getRecommendedModel,
  listChatModels,
  listModels,
  RECOMMENDED_MODELS,
  type ChatModel,
  type ChatModelProvider,
  type HubModel,
  type ListModelsArgs,
  type ModelInferenceStatus,
} from './hub-api';
export { clearProviderMappingCache, getProviderMapping, MAPPING_TTL_MS, type ProviderMapping } from './hub';
export { PROVIDER_NAMES, type InferenceProviderName, type InferenceProviderOption } from './providers/names';
export type { ProviderCall, ProviderTable, ProviderTask } from './providers/types';
export {
  getEndpointInfo,
  healthCheck,
  request,
  streamRequest,
  type EndpointInfo,
  type RawRequestArgs,
} from './raw-request';
export type { BinaryInput, LabelScore } from './wire';
// Every task file exports its function, its schemas and their types, and nothing else.
export * from './tasks/audio-classification';
export * from './tasks/audio-to-audio';
export * from './tasks/automatic-speech-recognition';
export * from './tasks/chat-completion';
export * from './tasks/document-question-answering';
export * from './tasks/feature-extraction';
export * from './tasks/fill-mask';
export * from './tasks/image-classification';
export * from './tasks/image-segmentation';
export * from './tasks/image-text-to-image';
export * from './tasks/image-text-to-video';
export * from './tasks/image-to-image';
export * from './tasks/image-to-text';
export * from './tasks/image-to-video';
export * from './tasks/object-detection';
export * from './tasks/question-answering';
export * from './tasks/sentence-similarity';
export * from './tasks/summarization';
export * from './tasks/table-question-answering';
export * from './tasks/tabular-classification';
export * from './tasks/tabular-regression';
export * from './tasks/text-classification';
export * from './tasks/text-generation';
export * from './tasks/text-to-audio';
export * from './tasks/text-to-image';
export * from './tasks/text-to-speech';
export * from './tasks/text-to-video';
export * from './tasks/token-classification';
export * from './tasks/translation';
export * from './tasks/visual-question-answering';
export * from './tasks/zero-shot-classification';
export * from './tasks/zero-shot-image-classification';
export {
  generateParameters,
  generationParameters,
  type GenerateParameters,
  type GenerationParameters,
} from './generation';
export {
  createChatStore,
  streamChatCompletion,
  type ChatFinish,
  type ChatMessageInit,
  type ChatParameters,
  type ChatRunArgs,
  type ChatSnapshot,
  type ChatStore,
  type ChatStoreOptions,
  type ChatStoreUpdatableOptions,
  type ChatToolCall,
  type ChatUIMessage,
  type ChatUsage,
} from './chat-store';
export {
  createTextGenerationStore,
  type TextGenerationFinish,
  type TextGenerationParameters,
  type TextGenerationRunArgs,
  type TextGenerationSnapshot,
  type TextGenerationStore,
  type TextGenerationStoreOptions,
  type TextGenerationStoreUpdatableOptions,
} from './text-generation-store';
export type {
  StreamRunControl,
  StreamScheduler,
  StreamSnapshotBase,
  StreamStatus,
  StreamStoreOptions,
  StreamThrottle,
} from './stream-store';
export { DEFAULT_STREAM_THROTTLE_MS } from './stream-store';
