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
} from './task';
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
} from './utilities';
export type { BinaryInput, LabelScore } from './wire';
export {
  generateParameters,
  generationParameters,
  type GenerateParameters,
  type GenerationParameters,
} from './generation';
export {
  audioClassification,
  audioClassificationInput,
  type AudioClassificationInput,
  audioClassificationOutput,
  type AudioClassificationOutput,
} from './tasks/audio-classification';
export {
  audioToAudio,
  audioToAudioInput,
  type AudioToAudioInput,
  audioToAudioOutput,
  type AudioToAudioOutput,
} from './tasks/audio-to-audio';
export {
  automaticSpeechRecognition,
  type AutomaticSpeechRecognitionChunk,
  automaticSpeechRecognitionInput,
  type AutomaticSpeechRecognitionInput,
  automaticSpeechRecognitionOutput,
  type AutomaticSpeechRecognitionOutput,
} from './tasks/automatic-speech-recognition';
export {
  chatCompletion,
  chatCompletionInput,
  type ChatCompletionInput,
  chatCompletionOutput,
  type ChatCompletionOutput,
  chatCompletionStream,
  chatCompletionStreamOutput,
  type ChatCompletionStreamOutput,
  chatMessage,
  type ChatMessage,
} from './tasks/chat-completion';
export {
  documentQuestionAnswering,
  type DocumentQuestionAnsweringAnswer,
  documentQuestionAnsweringInput,
  type DocumentQuestionAnsweringInput,
  documentQuestionAnsweringOutput,
  type DocumentQuestionAnsweringOutput,
} from './tasks/document-question-answering';
export {
  featureExtraction,
  featureExtractionInput,
  type FeatureExtractionInput,
  featureExtractionOutput,
  type FeatureExtractionOutput,
} from './tasks/feature-extraction';
export { fillMask, fillMaskInput, type FillMaskInput, fillMaskOutput, type FillMaskOutput } from './tasks/fill-mask';
export {
  imageClassification,
  imageClassificationInput,
  type ImageClassificationInput,
  imageClassificationOutput,
  type ImageClassificationOutput,
} from './tasks/image-classification';
export {
  imageSegmentation,
  imageSegmentationInput,
  type ImageSegmentationInput,
  imageSegmentationOutput,
  type ImageSegmentationOutput,
} from './tasks/image-segmentation';
export {
  imageToImage,
  imageToImageInput,
  type ImageToImageInput,
  type ImageToImageOutput,
} from './tasks/image-to-image';
export {
  imageToText,
  imageToTextInput,
  type ImageToTextInput,
  imageToTextOutput,
  type ImageToTextOutput,
} from './tasks/image-to-text';
export {
  objectDetection,
  objectDetectionInput,
  type ObjectDetectionInput,
  objectDetectionOutput,
  type ObjectDetectionOutput,
} from './tasks/object-detection';
export {
  questionAnswering,
  questionAnsweringInput,
  type QuestionAnsweringInput,
  questionAnsweringOutput,
  type QuestionAnsweringOutput,
} from './tasks/question-answering';
export {
  sentenceSimilarity,
  sentenceSimilarityInput,
  type SentenceSimilarityInput,
  sentenceSimilarityOutput,
  type SentenceSimilarityOutput,
} from './tasks/sentence-similarity';
export {
  summarization,
  summarizationInput,
  type SummarizationInput,
  summarizationOutput,
  type SummarizationOutput,
} from './tasks/summarization';
export {
  tableQuestionAnswering,
  tableQuestionAnsweringInput,
  type TableQuestionAnsweringInput,
  tableQuestionAnsweringOutput,
  type TableQuestionAnsweringOutput,
} from './tasks/table-question-answering';
export {
  tabularClassification,
  tabularClassificationInput,
  type TabularClassificationInput,
  tabularClassificationOutput,
  type TabularClassificationOutput,
} from './tasks/tabular-classification';
export {
  tabularRegression,
  tabularRegressionInput,
  type TabularRegressionInput,
  tabularRegressionOutput,
  type TabularRegressionOutput,
} from './tasks/tabular-regression';
export {
  textClassification,
  textClassificationInput,
  type TextClassificationInput,
  textClassificationOutput,
  type TextClassificationOutput,
} from './tasks/text-classification';
export {
  textGeneration,
  type TextGenerationBestOfSequence,
  type TextGenerationDetails,
  type TextGenerationFinishReason,
  textGenerationGrammar,
  textGenerationInput,
  type TextGenerationInput,
  textGenerationOutput,
  type TextGenerationOutput,
  type TextGenerationPrefillToken,
  textGenerationStream,
  type TextGenerationStreamDetails,
  textGenerationStreamInput,
  type TextGenerationStreamInput,
  type TextGenerationStreamOutput,
  textGenerationStreamOutput,
  type TextGenerationToken,
} from './tasks/text-generation';
export { textToAudio, textToAudioInput, type TextToAudioInput, type TextToAudioOutput } from './tasks/text-to-audio';
export { textToImage, textToImageInput, type TextToImageInput, type TextToImageOutput } from './tasks/text-to-image';
export {
  textToSpeech,
  textToSpeechInput,
  type TextToSpeechInput,
  type TextToSpeechOutput,
} from './tasks/text-to-speech';
export {
  tokenClassification,
  type TokenClassificationEntity,
  tokenClassificationInput,
  type TokenClassificationInput,
  tokenClassificationOutput,
  type TokenClassificationOutput,
} from './tasks/token-classification';
export {
  translation,
  translationInput,
  type TranslationInput,
  translationOutput,
  type TranslationOutput,
} from './tasks/translation';
export {
  visualQuestionAnswering,
  type VisualQuestionAnsweringAnswer,
  visualQuestionAnsweringInput,
  type VisualQuestionAnsweringInput,
  visualQuestionAnsweringOutput,
  type VisualQuestionAnsweringOutput,
} from './tasks/visual-question-answering';
export {
  zeroShotClassification,
  zeroShotClassificationInput,
  type ZeroShotClassificationInput,
  zeroShotClassificationOutput,
  type ZeroShotClassificationOutput,
} from './tasks/zero-shot-classification';
export {
  zeroShotImageClassification,
  zeroShotImageClassificationInput,
  type ZeroShotImageClassificationInput,
  zeroShotImageClassificationOutput,
  type ZeroShotImageClassificationOutput,
} from './tasks/zero-shot-image-classification';
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
export {
  imageTextToImage,
  imageTextToImageInput,
  type ImageTextToImageInput,
  type ImageTextToImageOutput,
} from './tasks/image-text-to-image';
export {
  imageTextToVideo,
  imageTextToVideoInput,
  type ImageTextToVideoInput,
  type ImageTextToVideoOutput,
} from './tasks/image-text-to-video';
export {
  imageToVideo,
  imageToVideoInput,
  type ImageToVideoInput,
  type ImageToVideoOutput,
} from './tasks/image-to-video';
export { textToVideo, textToVideoInput, type TextToVideoInput, type TextToVideoOutput } from './tasks/text-to-video';
