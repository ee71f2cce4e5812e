'use client';
/**
 * One hook and one options factory per task of core's table, each a row over that task's function:
 * its name, its types and whether it is a query or a mutation all come from the task's definition.
 * `__tests__/task-coverage` fails when a task of the table has no row here, or the wrong kind.
 */
import {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
  documentQuestionAnswering,
  featureExtraction,
  fillMask,
  imageClassification,
  imageSegmentation,
  imageTextToImage,
  imageTextToVideo,
  imageToImage,
  imageToText,
  imageToVideo,
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
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
  type TaskTable,
} from '@inferkit/core';
import {
  mutationOptionsOf,
  queryOptionsOf,
  type InferenceTaskName,
  type MutationTaskName,
  type TaskMutationOptionsFactory,
  type TaskOutputOf,
  type TaskQueryArgs,
  type TaskQueryOptionsFactory,
} from './task-options';
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

/** A task function of core's table; its definition's literal `name` says which. */
type TaskOf<TName extends InferenceTaskName> = TaskTable[TName] & { readonly definition: { readonly name: TName } };

// Each hook and factory holds its own task function (not a name looked up in core's task table), so
// an app bundles only the tasks whose hooks it uses. Mutation builders take only `kind: 'mutation'`
// tasks; any one-shot task can be run as a cached query (`useSummarizationQuery`).

const queryHook =
  <TName extends InferenceTaskName>(task: TaskOf<TName>): TaskQueryHook<TName> =>
  (args, options) =>
    useQueryOf(task.definition.name, task, args, options);

const mutationHook =
  <TName extends MutationTaskName>(task: TaskOf<TName>): TaskMutationHook<TName> =>
  (options) =>
    useMutationOf(task.definition.name, task, options);

const queryFactory =
  <TName extends InferenceTaskName>(task: TaskOf<TName>): TaskQueryOptionsFactory<TName> =>
  (client, args) =>
    queryOptionsOf(client, task.definition.name, task, args);

const mutationFactory =
  <TName extends MutationTaskName>(task: TaskOf<TName>): TaskMutationOptionsFactory<TName> =>
  (client) =>
    mutationOptionsOf(client, task.definition.name, task);

// One block per task, by name. Analysis tasks (`kind: 'query'`) get cached, deduplicated queries:
// `useX(args, options?)` takes the task's arguments (as the core function does, minus `signal`) and
// TanStack's query options plus `debounceMs` and `client`, and returns the query result plus
// `modelLoading`, `isDebouncing` and `queryKey`; `xOptions` gives the same query's options, for any
// QueryClient method (`queryClient.prefetchQuery(fillMaskOptions(client, args))`). Generative or
// costly tasks (`kind: 'mutation'`) run on demand: `useX()` gives a mutation (`mutate(args)`) and
// `xOptions` its options; `useXQuery` and `xQueryOptions` the same task as a cached query, for when
// the input is known up front.

/** Labels for an audio clip. @example const { data } = useAudioClassification(file && { inputs: file }); */
export const useAudioClassification = /* @__PURE__ */ queryHook(audioClassification);
/** Query options of {@link useAudioClassification}. @example await queryClient.prefetchQuery(audioClassificationOptions(client, { inputs: file })); */
export const audioClassificationOptions = /* @__PURE__ */ queryFactory(audioClassification);

/** Separates or enhances audio sources. @example const separate = useAudioToAudio(); separate.mutate({ inputs: file }); */
export const useAudioToAudio = /* @__PURE__ */ mutationHook(audioToAudio);
/** Mutation options of {@link useAudioToAudio}. @example useMutation(audioToAudioOptions(client)); */
export const audioToAudioOptions = /* @__PURE__ */ mutationFactory(audioToAudio);
/** {@link useAudioToAudio} as a cached query. @example const { data: tracks } = useAudioToAudioQuery(file && { inputs: file }); */
export const useAudioToAudioQuery = /* @__PURE__ */ queryHook(audioToAudio);
/** Query options of {@link useAudioToAudioQuery}. @example await queryClient.fetchQuery(audioToAudioQueryOptions(client, { inputs: file })); */
export const audioToAudioQueryOptions = /* @__PURE__ */ queryFactory(audioToAudio);

/** Transcribes speech. @example const transcribe = useAutomaticSpeechRecognition(); transcribe.mutate({ inputs: recording }); */
export const useAutomaticSpeechRecognition = /* @__PURE__ */ mutationHook(automaticSpeechRecognition);
/** Mutation options of {@link useAutomaticSpeechRecognition}. @example useMutation(automaticSpeechRecognitionOptions(client)); */
export const automaticSpeechRecognitionOptions = /* @__PURE__ */ mutationFactory(automaticSpeechRecognition);
/** {@link useAutomaticSpeechRecognition} as a cached query. @example const { data } = useAutomaticSpeechRecognitionQuery(recording && { inputs: recording }); */
export const useAutomaticSpeechRecognitionQuery = /* @__PURE__ */ queryHook(automaticSpeechRecognition);
/** Query options of {@link useAutomaticSpeechRecognitionQuery}. @example const { text } = await queryClient.fetchQuery(automaticSpeechRecognitionQueryOptions(client, { inputs: file })); */
export const automaticSpeechRecognitionQueryOptions = /* @__PURE__ */ queryFactory(automaticSpeechRecognition);

/** Answers a question about a document image. @example const { data } = useDocumentQuestionAnswering({ inputs: { image: file, question } }); */
export const useDocumentQuestionAnswering = /* @__PURE__ */ queryHook(documentQuestionAnswering);
/** Query options of {@link useDocumentQuestionAnswering}. @example await queryClient.prefetchQuery(documentQuestionAnsweringOptions(client, { inputs: { image, question } })); */
export const documentQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(documentQuestionAnswering);

/** Embeddings of a text or texts. @example const { data: embedding } = useFeatureExtraction({ inputs: query }, { debounceMs: 300 }); */
export const useFeatureExtraction = /* @__PURE__ */ queryHook(featureExtraction);
/** Query options of {@link useFeatureExtraction}. @example const embedding = await queryClient.fetchQuery(featureExtractionOptions(client, { inputs: 'Today is a sunny day' })); */
export const featureExtractionOptions = /* @__PURE__ */ queryFactory(featureExtraction);

/** Candidates for the mask token. @example const { data } = useFillMask({ inputs: 'The goal of life is [MASK].' }); */
export const useFillMask = /* @__PURE__ */ queryHook(fillMask);
/** Query options of {@link useFillMask}. @example await queryClient.prefetchQuery(fillMaskOptions(client, { inputs: 'The goal of life is [MASK].' })); */
export const fillMaskOptions = /* @__PURE__ */ queryFactory(fillMask);

/** Labels for an image. @example const { data } = useImageClassification(file ? { inputs: file } : null); */
export const useImageClassification = /* @__PURE__ */ queryHook(imageClassification);
/** Query options of {@link useImageClassification}. @example await queryClient.prefetchQuery(imageClassificationOptions(client, { inputs: file })); */
export const imageClassificationOptions = /* @__PURE__ */ queryFactory(imageClassification);

/** Segments (label, score, mask) of an image. @example const { data: segments } = useImageSegmentation(file && { inputs: file }); */
export const useImageSegmentation = /* @__PURE__ */ queryHook(imageSegmentation);
/** Query options of {@link useImageSegmentation}. @example await queryClient.prefetchQuery(imageSegmentationOptions(client, { inputs: file })); */
export const imageSegmentationOptions = /* @__PURE__ */ queryFactory(imageSegmentation);

/** Edits an image from a prompt. @example const edit = useImageTextToImage(); edit.mutate({ inputs: photo, parameters: { prompt: 'Make it snow' } }); */
export const useImageTextToImage = /* @__PURE__ */ mutationHook(imageTextToImage);
/** Mutation options of {@link useImageTextToImage}. @example useMutation(imageTextToImageOptions(client)); */
export const imageTextToImageOptions = /* @__PURE__ */ mutationFactory(imageTextToImage);
/** {@link useImageTextToImage} as a cached query. @example const { data } = useImageTextToImageQuery({ inputs: photo, parameters: { prompt } }, { enabled: submitted }); */
export const useImageTextToImageQuery = /* @__PURE__ */ queryHook(imageTextToImage);
/** Query options of {@link useImageTextToImageQuery}. @example queryClient.fetchQuery(imageTextToImageQueryOptions(client, { inputs: photo, parameters: { prompt } })); */
export const imageTextToImageQueryOptions = /* @__PURE__ */ queryFactory(imageTextToImage);

/** Makes a video from a prompt and a first frame. @example const film = useImageTextToVideo(); film.mutate({ inputs: photo, parameters: { prompt } }); */
export const useImageTextToVideo = /* @__PURE__ */ mutationHook(imageTextToVideo);
/** Mutation options of {@link useImageTextToVideo}. @example useMutation(imageTextToVideoOptions(client)); */
export const imageTextToVideoOptions = /* @__PURE__ */ mutationFactory(imageTextToVideo);
/** {@link useImageTextToVideo} as a cached query. @example const { data } = useImageTextToVideoQuery({ inputs: photo, parameters: { prompt } }, { enabled: submitted }); */
export const useImageTextToVideoQuery = /* @__PURE__ */ queryHook(imageTextToVideo);
/** Query options of {@link useImageTextToVideoQuery}. @example queryClient.fetchQuery(imageTextToVideoQueryOptions(client, { inputs: photo, parameters: { prompt } })); */
export const imageTextToVideoQueryOptions = /* @__PURE__ */ queryFactory(imageTextToVideo);

/** Transforms an image by a prompt. @example const edit = useImageToImage(); edit.mutate({ inputs: file, parameters: { prompt } }); */
export const useImageToImage = /* @__PURE__ */ mutationHook(imageToImage);
/** Mutation options of {@link useImageToImage}. @example useMutation(imageToImageOptions(client)); */
export const imageToImageOptions = /* @__PURE__ */ mutationFactory(imageToImage);
/** {@link useImageToImage} as a cached query. @example const { data: image } = useImageToImageQuery({ inputs: file, parameters: { prompt } }, { enabled: confirmed }); */
export const useImageToImageQuery = /* @__PURE__ */ queryHook(imageToImage);
/** Query options of {@link useImageToImageQuery}. @example await queryClient.fetchQuery(imageToImageQueryOptions(client, { inputs: file, parameters: { prompt } })); */
export const imageToImageQueryOptions = /* @__PURE__ */ queryFactory(imageToImage);

/** A caption for an image. @example const { data } = useImageToText({ inputs: file }); data?.generatedText; */
export const useImageToText = /* @__PURE__ */ queryHook(imageToText);
/** Query options of {@link useImageToText}. @example const { generatedText } = await queryClient.fetchQuery(imageToTextOptions(client, { inputs: file })); */
export const imageToTextOptions = /* @__PURE__ */ queryFactory(imageToText);

/** Animates an image into a video. @example const animate = useImageToVideo(); animate.mutate({ inputs: file }); */
export const useImageToVideo = /* @__PURE__ */ mutationHook(imageToVideo);
/** Mutation options of {@link useImageToVideo}. @example useMutation(imageToVideoOptions(client)); */
export const imageToVideoOptions = /* @__PURE__ */ mutationFactory(imageToVideo);
/** {@link useImageToVideo} as a cached query. @example const { data } = useImageToVideoQuery({ inputs: file }, { enabled: submitted }); */
export const useImageToVideoQuery = /* @__PURE__ */ queryHook(imageToVideo);
/** Query options of {@link useImageToVideoQuery}. @example queryClient.fetchQuery(imageToVideoQueryOptions(client, { inputs: file })); */
export const imageToVideoQueryOptions = /* @__PURE__ */ queryFactory(imageToVideo);

/** Objects and their boxes in an image. @example const { data: objects } = useObjectDetection({ inputs: file, parameters: { threshold: 0.9 } }); */
export const useObjectDetection = /* @__PURE__ */ queryHook(objectDetection);
/** Query options of {@link useObjectDetection}. @example await queryClient.prefetchQuery(objectDetectionOptions(client, { inputs: file })); */
export const objectDetectionOptions = /* @__PURE__ */ queryFactory(objectDetection);

/** Extracts the answer to a question from a context. @example const { data } = useQuestionAnswering({ inputs: { question, context } }, { debounceMs: 300 }); */
export const useQuestionAnswering = /* @__PURE__ */ queryHook(questionAnswering);
/** Query options of {@link useQuestionAnswering}. @example await queryClient.prefetchQuery(questionAnsweringOptions(client, { inputs: { question, context } })); */
export const questionAnsweringOptions = /* @__PURE__ */ queryFactory(questionAnswering);

/** Similarity of sentences to a source sentence. @example const { data: scores } = useSentenceSimilarity({ inputs: { sourceSentence, sentences } }); */
export const useSentenceSimilarity = /* @__PURE__ */ queryHook(sentenceSimilarity);
/** Query options of {@link useSentenceSimilarity}. @example await queryClient.prefetchQuery(sentenceSimilarityOptions(client, { inputs: { sourceSentence, sentences } })); */
export const sentenceSimilarityOptions = /* @__PURE__ */ queryFactory(sentenceSimilarity);

/**
 * Summarizes a text on demand.
 * @example
 * const summarize = useSummarization({ onSuccess: ({ summaryText }) => setSummary(summaryText) });
 * <button disabled={summarize.isPending} onClick={() => summarize.mutate({ inputs: article })}>Summarize</button>
 */
export const useSummarization = /* @__PURE__ */ mutationHook(summarization);
/** Mutation options of {@link useSummarization}. @example useMutation(summarizationOptions(client)); */
export const summarizationOptions = /* @__PURE__ */ mutationFactory(summarization);
/**
 * {@link useSummarization} as a cached query: asks when enabled, once per distinct input.
 * @example
 * const { data } = useSummarizationQuery({ inputs: article }, { enabled: expanded });
 */
export const useSummarizationQuery = /* @__PURE__ */ queryHook(summarization);
/** Query options of {@link useSummarizationQuery}. @example const { summaryText } = await queryClient.fetchQuery(summarizationQueryOptions(client, { inputs: article })); */
export const summarizationQueryOptions = /* @__PURE__ */ queryFactory(summarization);

/** Answers a question about a table. @example const { data } = useTableQuestionAnswering({ inputs: { query, table } }); */
export const useTableQuestionAnswering = /* @__PURE__ */ queryHook(tableQuestionAnswering);
/** Query options of {@link useTableQuestionAnswering}. @example await queryClient.prefetchQuery(tableQuestionAnsweringOptions(client, { inputs: { query, table } })); */
export const tableQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(tableQuestionAnswering);

/** Classifies table rows. @example const { data: labels } = useTabularClassification({ model, inputs: { data: columns } }); */
export const useTabularClassification = /* @__PURE__ */ queryHook(tabularClassification);
/** Query options of {@link useTabularClassification}. @example await queryClient.prefetchQuery(tabularClassificationOptions(client, { inputs: { data } })); */
export const tabularClassificationOptions = /* @__PURE__ */ queryFactory(tabularClassification);

/** Predicts a number per table row. @example const { data: values } = useTabularRegression({ model, inputs: { data: columns } }); */
export const useTabularRegression = /* @__PURE__ */ queryHook(tabularRegression);
/** Query options of {@link useTabularRegression}. @example await queryClient.prefetchQuery(tabularRegressionOptions(client, { inputs: { data } })); */
export const tabularRegressionOptions = /* @__PURE__ */ queryFactory(tabularRegression);

/** Labels for a text (sentiment, topic, ...). @example const { data } = useTextClassification({ inputs: draft }, { debounceMs: 300 }); */
export const useTextClassification = /* @__PURE__ */ queryHook(textClassification);
/** Query options of {@link useTextClassification}. @example await queryClient.prefetchQuery(textClassificationOptions(client, { inputs: 'I love you' })); */
export const textClassificationOptions = /* @__PURE__ */ queryFactory(textClassification);

/** Generates music or sound from a prompt. @example const compose = useTextToAudio(); compose.mutate({ inputs: 'calm piano over rain' }); compose.data; // Blob */
export const useTextToAudio = /* @__PURE__ */ mutationHook(textToAudio);
/** Mutation options of {@link useTextToAudio}. @example useMutation(textToAudioOptions(client)); */
export const textToAudioOptions = /* @__PURE__ */ mutationFactory(textToAudio);
/** {@link useTextToAudio} as a cached query. @example const { data: clip } = useTextToAudioQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToAudioQuery = /* @__PURE__ */ queryHook(textToAudio);
/** Query options of {@link useTextToAudioQuery}. @example const clip = await queryClient.fetchQuery(textToAudioQueryOptions(client, { inputs: 'a drum loop' })); */
export const textToAudioQueryOptions = /* @__PURE__ */ queryFactory(textToAudio);

/** Generates an image from a prompt. @example const draw = useTextToImage(); draw.mutate({ inputs: prompt }); draw.data; // Blob */
export const useTextToImage = /* @__PURE__ */ mutationHook(textToImage);
/** Mutation options of {@link useTextToImage}. @example useMutation(textToImageOptions(client)); */
export const textToImageOptions = /* @__PURE__ */ mutationFactory(textToImage);
/** {@link useTextToImage} as a cached query. @example const { data: image } = useTextToImageQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToImageQuery = /* @__PURE__ */ queryHook(textToImage);
/** Query options of {@link useTextToImageQuery}. @example const image = await queryClient.fetchQuery(textToImageQueryOptions(client, { inputs: 'An astronaut riding a horse' })); */
export const textToImageQueryOptions = /* @__PURE__ */ queryFactory(textToImage);

/** Speaks a text. @example const speak = useTextToSpeech(); speak.mutate({ inputs: 'Hello world' }); */
export const useTextToSpeech = /* @__PURE__ */ mutationHook(textToSpeech);
/** Mutation options of {@link useTextToSpeech}. @example useMutation(textToSpeechOptions(client)); */
export const textToSpeechOptions = /* @__PURE__ */ mutationFactory(textToSpeech);
/** {@link useTextToSpeech} as a cached query. @example const { data: speech } = useTextToSpeechQuery({ inputs: sentence }); */
export const useTextToSpeechQuery = /* @__PURE__ */ queryHook(textToSpeech);
/** Query options of {@link useTextToSpeechQuery}. @example const speech = await queryClient.fetchQuery(textToSpeechQueryOptions(client, { inputs: 'Hello world' })); */
export const textToSpeechQueryOptions = /* @__PURE__ */ queryFactory(textToSpeech);

/** Generates a video from a prompt, waiting out the provider's queue. @example const film = useTextToVideo(); film.mutate({ inputs: prompt }); film.data; // Blob */
export const useTextToVideo = /* @__PURE__ */ mutationHook(textToVideo);
/** Mutation options of {@link useTextToVideo}. @example useMutation(textToVideoOptions(client)); */
export const textToVideoOptions = /* @__PURE__ */ mutationFactory(textToVideo);
/** {@link useTextToVideo} as a cached query. @example const { data } = useTextToVideoQuery({ inputs: prompt }, { enabled: submitted }); */
export const useTextToVideoQuery = /* @__PURE__ */ queryHook(textToVideo);
/** Query options of {@link useTextToVideoQuery}. @example queryClient.fetchQuery(textToVideoQueryOptions(client, { inputs: prompt })); */
export const textToVideoQueryOptions = /* @__PURE__ */ queryFactory(textToVideo);

/** Named entities in a text. @example const { data: entities } = useTokenClassification({ inputs: text, parameters: { aggregationStrategy: 'simple' } }); */
export const useTokenClassification = /* @__PURE__ */ queryHook(tokenClassification);
/** Query options of {@link useTokenClassification}. @example await queryClient.prefetchQuery(tokenClassificationOptions(client, { inputs: 'My name is Sarah' })); */
export const tokenClassificationOptions = /* @__PURE__ */ queryFactory(tokenClassification);

/** Translates a text on demand. @example const translate = useTranslation(); translate.mutate({ inputs: text, parameters: { srcLang, tgtLang } }); */
export const useTranslation = /* @__PURE__ */ mutationHook(translation);
/** Mutation options of {@link useTranslation}. @example useMutation(translationOptions(client)); */
export const translationOptions = /* @__PURE__ */ mutationFactory(translation);
/** {@link useTranslation} as a cached query. @example const { data } = useTranslationQuery({ inputs: text, parameters: { srcLang, tgtLang } }, { debounceMs: 500 }); */
export const useTranslationQuery = /* @__PURE__ */ queryHook(translation);
/** Query options of {@link useTranslationQuery}. @example const { translationText } = await queryClient.fetchQuery(translationQueryOptions(client, { inputs: 'Hello' })); */
export const translationQueryOptions = /* @__PURE__ */ queryFactory(translation);

/** Answers a question about an image. @example const { data } = useVisualQuestionAnswering({ inputs: { image: file, question } }); */
export const useVisualQuestionAnswering = /* @__PURE__ */ queryHook(visualQuestionAnswering);
/** Query options of {@link useVisualQuestionAnswering}. @example await queryClient.prefetchQuery(visualQuestionAnsweringOptions(client, { inputs: { image, question } })); */
export const visualQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(visualQuestionAnswering);

/**
 * Classifies a text into labels of your choice, as you type.
 * @example
 * const { data, isPlaceholderData, modelLoading } = useZeroShotClassification(
 *   { inputs: text, parameters: { candidateLabels: ['refund', 'legal', 'faq'] } },
 *   { debounceMs: 300 },
 * );
 */
export const useZeroShotClassification = /* @__PURE__ */ queryHook(zeroShotClassification);
/** Query options of {@link useZeroShotClassification}. @example await queryClient.prefetchQuery(zeroShotClassificationOptions(client, { inputs: 'I want my money back', parameters: { candidateLabels: ['refund', 'faq'] } })); */
export const zeroShotClassificationOptions = /* @__PURE__ */ queryFactory(zeroShotClassification);

/** Classifies an image into labels of your choice. @example const { data } = useZeroShotImageClassification({ inputs: file, parameters: { candidateLabels: ['cat', 'dog'] } }); */
export const useZeroShotImageClassification = /* @__PURE__ */ queryHook(zeroShotImageClassification);
/** Query options of {@link useZeroShotImageClassification}. @example await queryClient.prefetchQuery(zeroShotImageClassificationOptions(client, { inputs: file, parameters: { candidateLabels: ['cat', 'dog'] } })); */
export const zeroShotImageClassificationOptions = /* @__PURE__ */ queryFactory(zeroShotImageClassification);
