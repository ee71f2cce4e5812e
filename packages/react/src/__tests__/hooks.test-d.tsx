import type {
  InferenceClient,
  SummarizationOutput,
  TaskName,
  TextToAudioInput,
  TextToAudioOutput,
  TextToImageOutput,
  TokenClassificationOutput,
  ZeroShotClassificationOutput,
} from '@inferkit/core';
import { skipToken, useQuery, type QueryClient } from '@tanstack/react-query';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type inferenceQueryKey,
  summarizationOptions,
  summarizationQueryOptions,
  taskQueryOptions,
  useImageClassification,
  useModelLoading,
  useSummarization,
  useSummarizationQuery,
  useTaskMutation,
  useTaskQuery,
  useTextToAudio,
  useTextToAudioQuery,
  useTextToImage,
  useTokenClassification,
  useZeroShotClassification,
  zeroShotClassificationOptions,
  type ModelLoadingState,
  type MutationTaskName,
  type QueryTaskName,
  type StreamingTaskName,
} from '../index';

declare const client: InferenceClient;
declare const queryClient: QueryClient;
declare const file: File | null;
const args = { inputs: 'I want my money back', parameters: { candidateLabels: ['refund', 'faq'] } };

describe('query hooks', () => {
  it('type data from the task schema', () => {
    const result = useZeroShotClassification(args, { debounceMs: 300 });
    expectTypeOf(result.data).toEqualTypeOf<ZeroShotClassificationOutput | undefined>();
    expectTypeOf(result.error).toEqualTypeOf<Error | null>();
    expectTypeOf(result.modelLoading).toEqualTypeOf<ModelLoadingState | null>();
    expectTypeOf(result.isDebouncing).toEqualTypeOf<boolean>();
    expectTypeOf(useTokenClassification({ inputs: 'x' }).data).toEqualTypeOf<TokenClassificationOutput | undefined>();
  });

  it('narrow data by status, and follow select', () => {
    const result = useZeroShotClassification(args);
    if (result.isSuccess) expectTypeOf(result.data).toEqualTypeOf<ZeroShotClassificationOutput>();
    const top = useZeroShotClassification(args, { select: (labels) => labels[0]?.label });
    expectTypeOf(top.data).toEqualTypeOf<string | undefined>();
  });

  it('take null, undefined or skipToken to stay disabled', () => {
    useImageClassification(file && { inputs: file });
    useImageClassification(file ? { inputs: file } : skipToken);
    useZeroShotClassification(undefined);
  });

  it('reject wrong arguments', () => {
    // @ts-expect-error inputs is required
    useZeroShotClassification({ parameters: { candidateLabels: ['a'] } });
    // @ts-expect-error parameters are camelCase
    useZeroShotClassification({ inputs: 'x', parameters: { candidate_labels: ['a'] } });
    // @ts-expect-error an image task takes bytes
    useImageClassification({ inputs: 42 });
    // @ts-expect-error the query owns cancellation
    useZeroShotClassification({ ...args, signal: new AbortController().signal });
    // @ts-expect-error the key and function come from the task
    useZeroShotClassification(args, { queryFn: () => [] });
    // request options are fine
    useZeroShotClassification({ ...args, model: 'my/model', accessToken: 'hf_x', timeout: 1000 });
  });
});

describe('mutation hooks', () => {
  it('type variables and data', () => {
    const summarize = useSummarization({
      onSuccess: (output) => expectTypeOf(output).toEqualTypeOf<SummarizationOutput>(),
    });
    expectTypeOf(summarize.data).toEqualTypeOf<SummarizationOutput | undefined>();
    expectTypeOf(summarize.mutateAsync).returns.toEqualTypeOf<Promise<SummarizationOutput>>();
    summarize.mutate({ inputs: 'text', parameters: { generateParameters: { maxLength: 20 } } });
    // a mutation may carry its own signal
    summarize.mutate({ inputs: 'text', signal: new AbortController().signal });
    // @ts-expect-error inputs is required
    summarize.mutate({});
    expectTypeOf(useTextToImage().data).toEqualTypeOf<TextToImageOutput | undefined>();
    expectTypeOf(useTextToAudio().data).toEqualTypeOf<TextToAudioOutput | undefined>();
    expectTypeOf(useTextToAudio().mutate).parameter(0).toMatchTypeOf<TextToAudioInput>();
    expectTypeOf(useTextToAudioQuery({ inputs: 'a bell' }).data).toEqualTypeOf<Blob | undefined>();
    // @ts-expect-error parameters take only generationParameters
    useTextToAudio().mutate({ inputs: 'x', parameters: { secondsTotal: 3 } });
    expectTypeOf(summarize.modelLoading).toEqualTypeOf<ModelLoadingState | null>();
  });

  it('have a cached-query form', () => {
    expectTypeOf(useSummarizationQuery({ inputs: 'x' }, { enabled: false }).data).toEqualTypeOf<
      SummarizationOutput | undefined
    >();
  });
});

describe('primitives and factories', () => {
  it('type any task by name', () => {
    expectTypeOf(useTaskQuery('zeroShotClassification', args).data).toEqualTypeOf<
      ZeroShotClassificationOutput | undefined
    >();
    expectTypeOf(useTaskMutation('zeroShotClassification').data).toEqualTypeOf<
      ZeroShotClassificationOutput | undefined
    >();
    // @ts-expect-error streaming tasks belong to the streaming hooks
    useTaskQuery('chatCompletionStream', { messages: [] });
  });

  it('query options tag their key with the data type', () => {
    const options = zeroShotClassificationOptions(client, args);
    expectTypeOf(queryClient.getQueryData(options.queryKey)).toEqualTypeOf<ZeroShotClassificationOutput | undefined>();
    expectTypeOf(useQuery(options).data).toEqualTypeOf<ZeroShotClassificationOutput | undefined>();
    expectTypeOf(
      queryClient.fetchQuery(summarizationQueryOptions(client, { inputs: 'x' })),
    ).resolves.toEqualTypeOf<SummarizationOutput>();
    expectTypeOf(taskQueryOptions(client, 'fillMask', { inputs: 'x' }).queryKey).toExtend<
      ReturnType<typeof inferenceQueryKey>
    >();
    expectTypeOf(useModelLoading(options.queryKey)).toEqualTypeOf<ModelLoadingState | null>();
  });

  it('mutation options type variables', () => {
    const options = summarizationOptions(client);
    expectTypeOf(options.mutationFn).toExtend<
      ((args: { inputs: string }, context: never) => Promise<SummarizationOutput>) | undefined
    >();
  });

  it('every task of the table is a query, mutation or streaming task', () => {
    expectTypeOf<Exclude<TaskName, QueryTaskName | MutationTaskName | StreamingTaskName>>().toBeNever();
    expectTypeOf<QueryTaskName & MutationTaskName>().toBeNever();
  });
});
