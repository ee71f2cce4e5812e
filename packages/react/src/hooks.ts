'use client';
import {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
  documentQuestionAnswering,
  featureExtraction,
  fillMask,
  imageClassification,
  imageSegmentation,
  imageToImage,
  imageToText,
  objectDetection,
  questionAnswering,
  sentenceSimilarity,
  summarization,
  tableQuestionAnswering,
  tabularClassification,
  tabularRegression,
  textClassification,
  textToAudio,
  textToImage,
  textToSpeech,
  textToVideo,
  imageToVideo,
  imageTextToImage,
  imageTextToVideo,
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
  type TaskTable,
} from '@inferkit/core';
import type { InferenceTaskName, TaskOutputOf, TaskQueryArgs } from './task-options';
import { useMutationOf, type TaskMutationHookOptions, type TaskMutationResult } from './use-task-mutation';
import { useQueryOf, type TaskQueryHookOptions, type TaskQueryInput, type TaskQueryResult } from './use-task-query';

/** A task's query hook: `useX(args, options?)`. Types come from the task's schema in core. */
export type TaskQueryHook<TName extends InferenceTaskName> = <TData = TaskOutputOf<TName>>(
  args: TaskQueryInput<TaskQueryArgs<TName>>,
  options?: TaskQueryHookOptions<TaskOutputOf<TName>, TData>,
) => TaskQueryResult<TData>;

/** A task's mutation hook: `useX(options?)`, then `mutate(args)`. */
export type TaskMutationHook<TName extends InferenceTaskName> = <TContext = unknown>(
  options?: TaskMutationHookOptions<TName, TContext>,
) => TaskMutationResult<TName, TContext>;

// Each hook holds its own task function (not a name looked up in core's task table), so an app
// bundles only the tasks whose hooks it uses.
const queryHook =
  <TName extends InferenceTaskName>(taskName: TName, task: TaskTable[TName]): TaskQueryHook<TName> =>
  (args, options) =>
    useQueryOf(taskName, task, args, options);

const mutationHook =
  <TName extends InferenceTaskName>(taskName: TName, task: TaskTable[TName]): TaskMutationHook<TName> =>
  (options) =>
    useMutationOf(taskName, task, options);

// Analysis tasks: cached, deduplicated queries. Every hook takes the task's arguments (as the core
// function does, minus `signal`) and TanStack's query options plus `debounceMs` and `client`; it
// returns the query result plus `modelLoading`, `isDebouncing` and `queryKey`.

/** Labels for an audio clip. @example const { data } = useAudioClassification(file && { inputs: file }); */
export const useAudioClassification = /* @__PURE__ */ queryHook('audioClassification', audioClassification);
/** Answers a question about a document image. @example const { data } = useDocumentQuestionAnswering({ inputs: { image: file, question } }); */
export const useDocumentQuestionAnswering = /* @__PURE__ */ queryHook(
  'documentQuestionAnswering',
  documentQuestionAnswering,
);
/** Embeddings of a text or texts. @example const { data: embedding } = useFeatureExtraction({ inputs: query }, { debounceMs: 300 }); */
export const useFeatureExtraction = /* @__PURE__ */ queryHook('featureExtraction', featureExtraction);
/** Candidates for the mask token. @example const { data } = useFillMask({ inputs: 'The goal of life is [MASK].' }); */
export const useFillMask = /* @__PURE__ */ queryHook('fillMask', fillMask);
/** Labels for an image. @example const { data } = useImageClassification(file ? { inputs: file } : null); */
export const useImageClassification = /* @__PURE__ */ queryHook('imageClassification', imageClassification);
/** Segments (label, score, mask) of an image. @example const { data: segments } = useImageSegmentation(file && { inputs: file }); */
export const useImageSegmentation = /* @__PURE__ */ queryHook('imageSegmentation', imageSegmentation);
/** A caption for an image. @example const { data } = useImageToText({ inputs: file }); data?.generatedText; */
export const useImageToText = /* @__PURE__ */ queryHook('imageToText', imageToText);
/** Objects and their boxes in an image. @example const { data: objects } = useObjectDetection({ inputs: file, parameters: { threshold: 0.9 } }); */
export const useObjectDetection = /* @__PURE__ */ queryHook('objectDetection', objectDetection);
/** Extracts the answer to a question from a context. @example const { data } = useQuestionAnswering({ inputs: { question, context } }, { debounceMs: 300 }); */
export const useQuestionAnswering = /* @__PURE__ */ queryHook('questionAnswering', questionAnswering);
/** Similarity of sentences to a source sentence. @example const { data: scores } = useSentenceSimilarity({ inputs: { sourceSentence, sentences } }); */
export const useSentenceSimilarity = /* @__PURE__ */ queryHook('sentenceSimilarity', sentenceSimilarity);
/** Answers a question about a table. @example const { data } = useTableQuestionAnswering({ inputs: { query, table } }); */
export const useTableQuestionAnswering = /* @__PURE__ */ queryHook('tableQuestionAnswering', tableQuestionAnswering);
/** Classifies table rows. @example const { data: labels } = useTabularClassification({ model, inputs: { data: columns } }); */
export const useTabularClassification = /* @__PURE__ */ queryHook('tabularClassification', tabularClassification);
/** Predicts a number per table row. @example const { data: values } = useTabularRegression({ model, inputs: { data: columns } }); */
export const useTabularRegression = /* @__PURE__ */ queryHook('tabularRegression', tabularRegression);
/** Labels for a text (sentiment, topic, ...). @example const { data } = useTextClassification({ inputs: draft }, { debounceMs: 300 }); */
export const useTextClassification = /* @__PURE__ */ queryHook('textClassification', textClassification);
/** Named entities in a text. @example const { data: entities } = useTokenClassification({ inputs: text, parameters: { aggregationStrategy: 'simple' } }); */
export const useTokenClassification = /* @__PURE__ */ queryHook('tokenClassification', tokenClassification);
/** Answers a question about an image. @example const { data } = useVisualQuestionAnswering({ inputs: { image: file, question } }); */
export const useVisualQuestionAnswering = /* @__PURE__ */ queryHook('visualQuestionAnswering', visualQuestionAnswering);
/**
 * Classifies a text into labels of your choice, as you type.
 * @example
 * const { data, isPlaceholderData, modelLoading } = useZeroShotClassification(
 *   { inputs: text, parameters: { candidateLabels: ['refund', 'legal', 'faq'] } },
 *   { debounceMs: 300 },
 * );
 */
export const useZeroShotClassification = /* @__PURE__ */ queryHook('zeroShotClassification', zeroShotClassification);
/** Classifies an image into labels of your choice. @example const { data } = useZeroShotImageClassification({ inputs: file, parameters: { candidateLabels: ['cat', 'dog'] } }); */
export const useZeroShotImageClassification = /* @__PURE__ */ queryHook(
  'zeroShotImageClassification',
  zeroShotImageClassification,
);

// Generative or costly tasks run on demand: `useX()` gives a mutation (`mutate(args)`), and
// `useXQuery(args, options?)` the same task as a cached query, for when the input is known up front.

/** Separates or enhances audio sources. @example const separate = useAudioToAudio(); separate.mutate({ inputs: file }); */
export const useAudioToAudio = /* @__PURE__ */ mutationHook('audioToAudio', audioToAudio);
/** Transcribes speech. @example const transcribe = useAutomaticSpeechRecognition(); transcribe.mutate({ inputs: recording }); */
export const useAutomaticSpeechRecognition = /* @__PURE__ */ mutationHook(
  'automaticSpeechRecognition',
  automaticSpeechRecognition,
);
/** Transforms an image by a prompt. @example const edit = useImageToImage(); edit.mutate({ inputs: file, parameters: { prompt } }); */
export const useImageToImage = /* @__PURE__ */ mutationHook('imageToImage', imageToImage);
/**
 * Summarizes a text on demand.
 * @example
 * const summarize = useSummarization({ onSuccess: ({ summaryText }) => setSummary(summaryText) });
 * <button disabled={summarize.isPending} onClick={() => summarize.mutate({ inputs: article })}>Summarize</button>
 */
export const useSummarization = /* @__PURE__ */ mutationHook('summarization', summarization);
/** Generates an image from a prompt. @example const draw = useTextToImage(); draw.mutate({ inputs: prompt }); draw.data; // Blob */
export const useTextToImage = /* @__PURE__ */ mutationHook('textToImage', textToImage);
/** Generates music or sound from a prompt. @example const compose = useTextToAudio(); compose.mutate({ inputs: 'calm piano over rain' }); compose.data; // Blob */
export const useTextToAudio = /* @__PURE__ */ mutationHook('textToAudio', textToAudio);
/** Speaks a text. @example const speak = useTextToSpeech(); speak.mutate({ inputs: 'Hello world' }); */
export const useTextToSpeech = /* @__PURE__ */ mutationHook('textToSpeech', textToSpeech);
/** Generates a video from a prompt, waiting out the provider's queue. @example const film = useTextToVideo(); film.mutate({ inputs: prompt }); film.data; // Blob */
export const useTextToVideo = /* @__PURE__ */ mutationHook('textToVideo', textToVideo);
/** Animates an image into a video. @example const animate = useImageToVideo(); animate.mutate({ inputs: file }); */
export const useImageToVideo = /* @__PURE__ */ mutationHook('imageToVideo', imageToVideo);
/** Edits an image from a prompt. @example const edit = useImageTextToImage(); edit.mutate({ inputs: photo, parameters: { prompt: 'Make it snow' } }); */
export const useImageTextToImage = /* @__PURE__ */ mutationHook('imageTextToImage', imageTextToImage);
/** Makes a video from a prompt and a first frame. @example const film = useImageTextToVideo(); film.mutate({ inputs: photo, parameters: { prompt } }); */
export const useImageTextToVideo = /* @__PURE__ */ mutationHook('imageTextToVideo', imageTextToVideo);
/** Translates a text on demand. @example const translate = useTranslation(); translate.mutate({ inputs: text, parameters: { srcLang, tgtLang } }); */
export const useTranslation = /* @__PURE__ */ mutationHook('translation', translation);

/** {@link useAudioToAudio} as a cached query. @example const { data: tracks } = useAudioToAudioQuery(file && { inputs: file }); */
export const useAudioToAudioQuery = /* @__PURE__ */ queryHook('audioToAudio', audioToAudio);
/** {@link useAutomaticSpeechRecognition} as a cached query. @example const { data } = useAutomaticSpeechRecognitionQuery(recording && { inputs: recording }); */
export const useAutomaticSpeechRecognitionQuery = /* @__PURE__ */ queryHook(
  'automaticSpeechRecognition',
  automaticSpeechRecognition,
);
/** {@link useImageToImage} as a cached query. @example const { data: image } = useImageToImageQuery({ inputs: file, parameters: { prompt } }, { enabled: confirmed }); */
export const useImageToImageQuery = /* @__PURE__ */ queryHook('imageToImage', imageToImage);
/**
 * {@link useSummarization} as a cached query: asks when enabled, once per distinct input.
 * @example
 * const { data } = useSummarizationQuery({ inputs: article }, { enabled: expanded });
 */
export const useSummarizationQuery = /* @__PURE__ */ queryHook('summarization', summarization);
/** {@link useTextToImage} as a cached query. @example const { data: image } = useTextToImageQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToImageQuery = /* @__PURE__ */ queryHook('textToImage', textToImage);
/** {@link useTextToAudio} as a cached query. @example const { data: clip } = useTextToAudioQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToAudioQuery = /* @__PURE__ */ queryHook('textToAudio', textToAudio);
/** {@link useTextToSpeech} as a cached query. @example const { data: speech } = useTextToSpeechQuery({ inputs: sentence }); */
export const useTextToSpeechQuery = /* @__PURE__ */ queryHook('textToSpeech', textToSpeech);
/** {@link useTextToVideo} as a cached query. @example const { data } = useTextToVideoQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToVideoQuery = /* @__PURE__ */ queryHook('textToVideo', textToVideo);
/** {@link useImageToVideo} as a cached query. @example const { data } = useImageToVideoQuery({ inputs: file }, { enabled: submitted }); */
export const useImageToVideoQuery = /* @__PURE__ */ queryHook('imageToVideo', imageToVideo);
/** {@link useImageTextToImage} as a cached query. @example const { data } = useImageTextToImageQuery({ inputs: photo, parameters: { prompt } }, { enabled: submitted }); */
export const useImageTextToImageQuery = /* @__PURE__ */ queryHook('imageTextToImage', imageTextToImage);
/** {@link useImageTextToVideo} as a cached query. @example const { data } = useImageTextToVideoQuery({ inputs: photo, parameters: { prompt } }, { enabled: submitted }); */
export const useImageTextToVideoQuery = /* @__PURE__ */ queryHook('imageTextToVideo', imageTextToVideo);
/** {@link useTranslation} as a cached query. @example const { data } = useTranslationQuery({ inputs: text, parameters: { srcLang, tgtLang } }, { debounceMs: 500 }); */
export const useTranslationQuery = /* @__PURE__ */ queryHook('translation', translation);
