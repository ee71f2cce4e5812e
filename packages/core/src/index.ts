/**
 * @inferkit/core: a headless client for the Hugging Face Inference API and TGI/TEI/OpenAI-compatible
 * endpoints. One tree-shakeable function per task, plus `InferenceClient` bundling them all.
 */
export { InferenceClient, type InferenceClientTasks, type OpenAIChatRequest } from './client';
export {
  InferenceError,
  InferenceHTTPError,
  InferenceResponseError,
  InferenceStreamError,
  InferenceTimeoutError,
  InferenceValidationError,
  type InferenceRequestContext,
  type RedactedRequest,
  type ValidationIssue,
} from './errors';
export {
  DEFAULT_BASE_URL,
  type CallOptions,
  type ClientOptions,
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
} from './task';
export { getRecommendedModel, taskTable, type TaskName, type TaskTable } from './task-table';
export {
  MAIN_FRAMEWORKS,
  STATUS_BASE_URL,
  getEndpointInfo,
  getModelStatus,
  healthCheck,
  listDeployedModels,
  request,
  streamRequest,
  type EndpointInfo,
  type ModelStatus,
  type RawRequestArgs,
} from './utilities';
export type { BinaryInput, LabelScore } from './wire';
export * from './tasks/audio-classification';
export * from './tasks/audio-to-audio';
export * from './tasks/automatic-speech-recognition';
export * from './tasks/chat-completion';
export * from './tasks/document-question-answering';
export * from './tasks/feature-extraction';
export * from './tasks/fill-mask';
export * from './tasks/image-classification';
export * from './tasks/image-segmentation';
export * from './tasks/image-to-image';
export * from './tasks/image-to-text';
export * from './tasks/object-detection';
export * from './tasks/question-answering';
export * from './tasks/sentence-similarity';
export * from './tasks/summarization';
export * from './tasks/table-question-answering';
export * from './tasks/tabular-classification';
export * from './tasks/tabular-regression';
export * from './tasks/text-classification';
export * from './tasks/text-generation';
export * from './tasks/text-to-image';
export * from './tasks/text-to-speech';
export * from './tasks/token-classification';
export * from './tasks/translation';
export * from './tasks/visual-question-answering';
export * from './tasks/zero-shot-classification';
export * from './tasks/zero-shot-image-classification';
