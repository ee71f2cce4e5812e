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
  // query options, one per analysis task
  audioClassificationOptions,
  documentQuestionAnsweringOptions,
  featureExtractionOptions,
  fillMaskOptions,
  imageClassificationOptions,
  imageSegmentationOptions,
  imageToTextOptions,
  objectDetectionOptions,
  questionAnsweringOptions,
  sentenceSimilarityOptions,
  tableQuestionAnsweringOptions,
  tabularClassificationOptions,
  tabularRegressionOptions,
  textClassificationOptions,
  tokenClassificationOptions,
  visualQuestionAnsweringOptions,
  zeroShotClassificationOptions,
  zeroShotImageClassificationOptions,
  // mutation options, and query options, per generative task
  audioToAudioOptions,
  audioToAudioQueryOptions,
  automaticSpeechRecognitionOptions,
  automaticSpeechRecognitionQueryOptions,
  imageToImageOptions,
  imageToImageQueryOptions,
  summarizationOptions,
  summarizationQueryOptions,
  textToImageOptions,
  textToImageQueryOptions,
  textToSpeechOptions,
  textToSpeechQueryOptions,
  translationOptions,
  translationQueryOptions,
} from './task-options';
export {
  useModelLoading,
  useTaskQuery,
  type TaskQueryHookOptions,
  type TaskQueryInput,
  type TaskQueryResult,
} from './use-task-query';
export { useTaskMutation, type TaskMutationHookOptions, type TaskMutationResult } from './use-task-mutation';
export {
  type TaskMutationHook,
  type TaskQueryHook,
  // analysis tasks (queries)
  useAudioClassification,
  useDocumentQuestionAnswering,
  useFeatureExtraction,
  useFillMask,
  useImageClassification,
  useImageSegmentation,
  useImageToText,
  useObjectDetection,
  useQuestionAnswering,
  useSentenceSimilarity,
  useTableQuestionAnswering,
  useTabularClassification,
  useTabularRegression,
  useTextClassification,
  useTokenClassification,
  useVisualQuestionAnswering,
  useZeroShotClassification,
  useZeroShotImageClassification,
  // generative tasks (mutations, and their cached-query forms)
  useAudioToAudio,
  useAudioToAudioQuery,
  useAutomaticSpeechRecognition,
  useAutomaticSpeechRecognitionQuery,
  useImageToImage,
  useImageToImageQuery,
  useSummarization,
  useSummarizationQuery,
  useTextToImage,
  useTextToImageQuery,
  useTextToSpeech,
  useTextToSpeechQuery,
  useTranslation,
  useTranslationQuery,
} from './hooks';

// ---------------------------------------------------------------------------------------------
export { useChatCompletion, type UseChatCompletionOptions, type UseChatCompletionResult } from './use-chat-completion';
export { useTextGeneration, type UseTextGenerationOptions, type UseTextGenerationResult } from './use-text-generation';
// ---------------------------------------------------------------------------------------------
