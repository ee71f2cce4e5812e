import {
  InferenceHTTPError,
  InferenceNetworkError,
  InferenceTimeoutError,
  mergeCallOptions,
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
  taskTable,
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
  type InferenceClient,
  type RequestOptions,
  type TaskDefinition,
  type TaskName,
  type TaskTable,
} from '@inferkit/core';
import { hashKey, mutationOptions, queryOptions } from '@tanstack/react-query';
import { modelLoadingStoreFor, trackModelLoading } from './model-loading';
import type { ClientDefaults } from './provider';
import { INFERENCE_KEY_ROOT, taskQueryKey, type InferenceQueryKey } from './query-key';

/** Tasks answered once and treated as analysis: one query hook each (`useZeroShotClassification`, ...). */
export type QueryTaskName =
  | 'audioClassification'
  | 'documentQuestionAnswering'
  | 'featureExtraction'
  | 'fillMask'
  | 'imageClassification'
  | 'imageSegmentation'
  | 'imageToText'
  | 'objectDetection'
  | 'questionAnswering'
  | 'sentenceSimilarity'
  | 'tableQuestionAnswering'
  | 'tabularClassification'
  | 'tabularRegression'
  | 'textClassification'
  | 'tokenClassification'
  | 'visualQuestionAnswering'
  | 'zeroShotClassification'
  | 'zeroShotImageClassification';

/** Generative or costly tasks: a mutation hook each (`useSummarization`), plus a query hook (`useSummarizationQuery`). */
export type MutationTaskName =
  | 'audioToAudio'
  | 'automaticSpeechRecognition'
  | 'imageToImage'
  | 'summarization'
  | 'textToAudio'
  | 'textToImage'
  | 'textToSpeech'
  | 'textToVideo'
  | 'imageToVideo'
  | 'imageTextToImage'
  | 'imageTextToVideo'
  | 'translation';

/** Tasks whose named hooks are the streaming ones (`useChatCompletion`, `useTextGeneration`). */
export type StreamingTaskName = 'chatCompletion' | 'chatCompletionStream' | 'textGeneration' | 'textGenerationStream';

/** Every task that answers once: what the generic factories and hook primitives accept. */
export type InferenceTaskName = Exclude<TaskName, 'chatCompletionStream' | 'textGenerationStream'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A task's full arguments: its input plus request options (as the core function takes them). */
export type TaskArgsOf<TName extends TaskName> = Parameters<TaskTable[TName]>[0];
/** What a task resolves with. */
export type TaskOutputOf<TName extends TaskName> = Awaited<ReturnType<TaskTable[TName]>>;
/** A task's arguments as a query takes them: no `signal`, since the query owns cancellation. */
export type TaskQueryArgs<TName extends TaskName> = DistributiveOmit<TaskArgsOf<TName>, 'signal'>;

type AnyTask = (args: unknown) => Promise<unknown>;
type Issue = { code: string; path: PropertyKey[]; origin?: string; minimum?: unknown; errors?: Issue[][] };
type SafeParse = { safeParse(value: unknown): { success: boolean; error?: { issues: Issue[] } } };

const DEFAULT_INPUT_KEYS = ['inputs', 'parameters'];

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return value;
}

/** An issue that says "nothing typed yet" rather than "typed something wrong". */
function isEmptiness(issue: Issue, root: unknown, base: readonly PropertyKey[] = []): boolean {
  const path = [...base, ...issue.path];
  // An empty item in a list the user filled ("sentences: ['a', '']") is a mistake core should name,
  // not a reason to switch the whole query off without a word.
  if (issue.code === 'too_small' && issue.origin === 'string' && typeof path[path.length - 1] === 'number') {
    return false;
  }
  if (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) {
    return Number(issue.minimum) <= 1;
  }
  if (issue.code === 'invalid_union' && issue.errors) {
    return issue.errors.some((branch) => branch.length > 0 && branch.every((inner) => isEmptiness(inner, root, path)));
  }
  return valueAt(root, path) == null;
}

/**
 * Whether a task's input is not filled in yet: an empty or blank text, an empty list, or a
 * required field (such as `candidateLabels`, or the file of an image task) still missing. Such
 * a query stays disabled instead of failing; any other invalid input is left for core to reject
 * with its `InferenceValidationError`, before any request.
 * @example
 * isEmptyInput('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: [] } }); // true
 */
export function isEmptyInput(taskName: InferenceTaskName, args: object): boolean {
  return isEmptyTaskInput(taskTable[taskName].definition, args);
}

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/** {@link isEmptyInput} from the task's definition, so a hook that knows its task needs no table. */
export function isEmptyTaskInput(definition: Pick<TaskDefinition, 'input' | 'inputKeys'>, args: object): boolean {
  const input: Record<string, unknown> = {};
  for (const key of definition.inputKeys ?? DEFAULT_INPUT_KEYS) {
    const value = (args as Record<string, unknown>)[key];
    if (value !== undefined) input[key] = value;
  }
  if (isBlank(input.inputs)) return true;
  // A blank text field of an object input (a question, a source sentence) is not filled in either.
  const inputs = input.inputs;
  if (inputs && typeof inputs === 'object' && !Array.isArray(inputs) && !(inputs instanceof Blob)) {
    if (Object.values(inputs).some(isBlank)) return true;
  }
  const result = (definition.input as unknown as SafeParse).safeParse(input);
  return !result.success && (result.error?.issues ?? []).every((issue) => isEmptiness(issue, input));
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

const queryFactory =
  <TName extends InferenceTaskName>(taskName: TName, task: TaskTable[TName]): TaskQueryOptionsFactory<TName> =>
  (client, args) =>
    queryOptionsOf(client, taskName, task, args);

const mutationFactory =
  <TName extends InferenceTaskName>(taskName: TName, task: TaskTable[TName]): TaskMutationOptionsFactory<TName> =>
  (client) =>
    mutationOptionsOf(client, taskName, task);

// One options factory per task: `useX` is built on `xOptions`. For generative tasks `xOptions`
// gives mutation options and `xQueryOptions` the cached-query form behind `useXQuery`.
// Each works with any QueryClient method, e.g. `queryClient.prefetchQuery(fillMaskOptions(client, args))`.

/** Query options of {@link useAudioClassification}. @example await queryClient.prefetchQuery(audioClassificationOptions(client, { inputs: file })); */
export const audioClassificationOptions = /* @__PURE__ */ queryFactory('audioClassification', audioClassification);
/** Query options of {@link useDocumentQuestionAnswering}. @example await queryClient.prefetchQuery(documentQuestionAnsweringOptions(client, { inputs: { image, question } })); */
export const documentQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(
  'documentQuestionAnswering',
  documentQuestionAnswering,
);
/** Query options of {@link useFeatureExtraction}. @example const embedding = await queryClient.fetchQuery(featureExtractionOptions(client, { inputs: 'Today is a sunny day' })); */
export const featureExtractionOptions = /* @__PURE__ */ queryFactory('featureExtraction', featureExtraction);
/** Query options of {@link useFillMask}. @example await queryClient.prefetchQuery(fillMaskOptions(client, { inputs: 'The goal of life is [MASK].' })); */
export const fillMaskOptions = /* @__PURE__ */ queryFactory('fillMask', fillMask);
/** Query options of {@link useImageClassification}. @example await queryClient.prefetchQuery(imageClassificationOptions(client, { inputs: file })); */
export const imageClassificationOptions = /* @__PURE__ */ queryFactory('imageClassification', imageClassification);
/** Query options of {@link useImageSegmentation}. @example await queryClient.prefetchQuery(imageSegmentationOptions(client, { inputs: file })); */
export const imageSegmentationOptions = /* @__PURE__ */ queryFactory('imageSegmentation', imageSegmentation);
/** Query options of {@link useImageToText}. @example const { generatedText } = await queryClient.fetchQuery(imageToTextOptions(client, { inputs: file })); */
export const imageToTextOptions = /* @__PURE__ */ queryFactory('imageToText', imageToText);
/** Query options of {@link useObjectDetection}. @example await queryClient.prefetchQuery(objectDetectionOptions(client, { inputs: file })); */
export const objectDetectionOptions = /* @__PURE__ */ queryFactory('objectDetection', objectDetection);
/** Query options of {@link useQuestionAnswering}. @example await queryClient.prefetchQuery(questionAnsweringOptions(client, { inputs: { question, context } })); */
export const questionAnsweringOptions = /* @__PURE__ */ queryFactory('questionAnswering', questionAnswering);
/** Query options of {@link useSentenceSimilarity}. @example await queryClient.prefetchQuery(sentenceSimilarityOptions(client, { inputs: { sourceSentence, sentences } })); */
export const sentenceSimilarityOptions = /* @__PURE__ */ queryFactory('sentenceSimilarity', sentenceSimilarity);
/** Query options of {@link useTableQuestionAnswering}. @example await queryClient.prefetchQuery(tableQuestionAnsweringOptions(client, { inputs: { query, table } })); */
export const tableQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(
  'tableQuestionAnswering',
  tableQuestionAnswering,
);
/** Query options of {@link useTabularClassification}. @example await queryClient.prefetchQuery(tabularClassificationOptions(client, { inputs: { data } })); */
export const tabularClassificationOptions = /* @__PURE__ */ queryFactory(
  'tabularClassification',
  tabularClassification,
);
/** Query options of {@link useTabularRegression}. @example await queryClient.prefetchQuery(tabularRegressionOptions(client, { inputs: { data } })); */
export const tabularRegressionOptions = /* @__PURE__ */ queryFactory('tabularRegression', tabularRegression);
/** Query options of {@link useTextClassification}. @example await queryClient.prefetchQuery(textClassificationOptions(client, { inputs: 'I love you' })); */
export const textClassificationOptions = /* @__PURE__ */ queryFactory('textClassification', textClassification);
/** Query options of {@link useTokenClassification}. @example await queryClient.prefetchQuery(tokenClassificationOptions(client, { inputs: 'My name is Sarah' })); */
export const tokenClassificationOptions = /* @__PURE__ */ queryFactory('tokenClassification', tokenClassification);
/** Query options of {@link useVisualQuestionAnswering}. @example await queryClient.prefetchQuery(visualQuestionAnsweringOptions(client, { inputs: { image, question } })); */
export const visualQuestionAnsweringOptions = /* @__PURE__ */ queryFactory(
  'visualQuestionAnswering',
  visualQuestionAnswering,
);
/** Query options of {@link useZeroShotClassification}. @example await queryClient.prefetchQuery(zeroShotClassificationOptions(client, { inputs: 'I want my money back', parameters: { candidateLabels: ['refund', 'faq'] } })); */
export const zeroShotClassificationOptions = /* @__PURE__ */ queryFactory(
  'zeroShotClassification',
  zeroShotClassification,
);
/** Query options of {@link useZeroShotImageClassification}. @example await queryClient.prefetchQuery(zeroShotImageClassificationOptions(client, { inputs: file, parameters: { candidateLabels: ['cat', 'dog'] } })); */
export const zeroShotImageClassificationOptions = /* @__PURE__ */ queryFactory(
  'zeroShotImageClassification',
  zeroShotImageClassification,
);

/** Mutation options of {@link useAudioToAudio}. @example useMutation(audioToAudioOptions(client)); */
export const audioToAudioOptions = /* @__PURE__ */ mutationFactory('audioToAudio', audioToAudio);
/** Mutation options of {@link useAutomaticSpeechRecognition}. @example useMutation(automaticSpeechRecognitionOptions(client)); */
export const automaticSpeechRecognitionOptions = /* @__PURE__ */ mutationFactory(
  'automaticSpeechRecognition',
  automaticSpeechRecognition,
);
/** Mutation options of {@link useImageToImage}. @example useMutation(imageToImageOptions(client)); */
export const imageToImageOptions = /* @__PURE__ */ mutationFactory('imageToImage', imageToImage);
/** Mutation options of {@link useSummarization}. @example useMutation(summarizationOptions(client)); */
export const summarizationOptions = /* @__PURE__ */ mutationFactory('summarization', summarization);
/** Mutation options of {@link useTextToImage}. @example useMutation(textToImageOptions(client)); */
export const textToImageOptions = /* @__PURE__ */ mutationFactory('textToImage', textToImage);
/** Mutation options of {@link useTextToAudio}. @example useMutation(textToAudioOptions(client)); */
export const textToAudioOptions = /* @__PURE__ */ mutationFactory('textToAudio', textToAudio);
/** Mutation options of {@link useTextToSpeech}. @example useMutation(textToSpeechOptions(client)); */
export const textToSpeechOptions = /* @__PURE__ */ mutationFactory('textToSpeech', textToSpeech);
/** Mutation options of {@link useTextToVideo}. @example useMutation(textToVideoOptions(client)); */
export const textToVideoOptions = /* @__PURE__ */ mutationFactory('textToVideo', textToVideo);
/** Mutation options of {@link useImageToVideo}. @example useMutation(imageToVideoOptions(client)); */
export const imageToVideoOptions = /* @__PURE__ */ mutationFactory('imageToVideo', imageToVideo);
/** Mutation options of {@link useImageTextToImage}. @example useMutation(imageTextToImageOptions(client)); */
export const imageTextToImageOptions = /* @__PURE__ */ mutationFactory('imageTextToImage', imageTextToImage);
/** Mutation options of {@link useImageTextToVideo}. @example useMutation(imageTextToVideoOptions(client)); */
export const imageTextToVideoOptions = /* @__PURE__ */ mutationFactory('imageTextToVideo', imageTextToVideo);
/** Mutation options of {@link useTranslation}. @example useMutation(translationOptions(client)); */
export const translationOptions = /* @__PURE__ */ mutationFactory('translation', translation);

/** Query options of {@link useAudioToAudioQuery}. @example await queryClient.fetchQuery(audioToAudioQueryOptions(client, { inputs: file })); */
export const audioToAudioQueryOptions = /* @__PURE__ */ queryFactory('audioToAudio', audioToAudio);
/** Query options of {@link useAutomaticSpeechRecognitionQuery}. @example const { text } = await queryClient.fetchQuery(automaticSpeechRecognitionQueryOptions(client, { inputs: file })); */
export const automaticSpeechRecognitionQueryOptions = /* @__PURE__ */ queryFactory(
  'automaticSpeechRecognition',
  automaticSpeechRecognition,
);
/** Query options of {@link useImageToImageQuery}. @example await queryClient.fetchQuery(imageToImageQueryOptions(client, { inputs: file, parameters: { prompt } })); */
export const imageToImageQueryOptions = /* @__PURE__ */ queryFactory('imageToImage', imageToImage);
/** Query options of {@link useSummarizationQuery}. @example const { summaryText } = await queryClient.fetchQuery(summarizationQueryOptions(client, { inputs: article })); */
export const summarizationQueryOptions = /* @__PURE__ */ queryFactory('summarization', summarization);
/** Query options of {@link useTextToImageQuery}. @example const image = await queryClient.fetchQuery(textToImageQueryOptions(client, { inputs: 'An astronaut riding a horse' })); */
export const textToImageQueryOptions = /* @__PURE__ */ queryFactory('textToImage', textToImage);
/** Query options of {@link useTextToAudioQuery}. @example const clip = await queryClient.fetchQuery(textToAudioQueryOptions(client, { inputs: 'a drum loop' })); */
export const textToAudioQueryOptions = /* @__PURE__ */ queryFactory('textToAudio', textToAudio);
/** Query options of {@link useTextToSpeechQuery}. @example const speech = await queryClient.fetchQuery(textToSpeechQueryOptions(client, { inputs: 'Hello world' })); */
export const textToSpeechQueryOptions = /* @__PURE__ */ queryFactory('textToSpeech', textToSpeech);
/** Query options of {@link useTextToVideoQuery}. @example queryClient.fetchQuery(textToVideoQueryOptions(client, { inputs: prompt })); */
export const textToVideoQueryOptions = /* @__PURE__ */ queryFactory('textToVideo', textToVideo);
/** Query options of {@link useImageToVideoQuery}. @example queryClient.fetchQuery(imageToVideoQueryOptions(client, { inputs: file })); */
export const imageToVideoQueryOptions = /* @__PURE__ */ queryFactory('imageToVideo', imageToVideo);
/** Query options of {@link useImageTextToImageQuery}. @example queryClient.fetchQuery(imageTextToImageQueryOptions(client, { inputs: photo, parameters: { prompt } })); */
export const imageTextToImageQueryOptions = /* @__PURE__ */ queryFactory('imageTextToImage', imageTextToImage);
/** Query options of {@link useImageTextToVideoQuery}. @example queryClient.fetchQuery(imageTextToVideoQueryOptions(client, { inputs: photo, parameters: { prompt } })); */
export const imageTextToVideoQueryOptions = /* @__PURE__ */ queryFactory('imageTextToVideo', imageTextToVideo);
/** Query options of {@link useTranslationQuery}. @example const { translationText } = await queryClient.fetchQuery(translationQueryOptions(client, { inputs: 'Hello' })); */
export const translationQueryOptions = /* @__PURE__ */ queryFactory('translation', translation);
