'use client';
import {
  listChatModels,
  listModels,
  type ChatModel,
  type HubModel,
  type InferenceClient,
  type ListModelsArgs,
} from '@inferkit/core';
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useClientDefaults, useInferenceQueryClient } from './provider';
import { INFERENCE_KEY_ROOT } from './query-key';
import { retryInference } from './task-options';

const MINUTE = 60_000;

/** Options of the model-list hooks. */
export interface ModelListHookOptions {
  /** A client to use instead of the one from `InferenceProvider`. */
  client?: InferenceClient | undefined;
  /** `false` keeps the query idle. Default `true`. */
  enabled?: boolean | undefined;
  /** How long a list stays fresh. Default 10 minutes: the router's catalogue changes over hours, not seconds. */
  staleTime?: number | undefined;
}

/** Where a list comes from, for the key: lists from another router or Hub are other lists. */
const sourceOf = ({ baseUrl, hubUrl }: { baseUrl?: string | undefined; hubUrl?: string | undefined }) => ({
  baseUrl: baseUrl ?? null,
  hubUrl: hubUrl ?? null,
});

/**
 * The chat models the router serves, with each provider's price, context length, latency,
 * throughput, and tools / structured-output support (core's `listChatModels`, `GET /v1/models`).
 * Cached for minutes and shared by every component that asks. Feed it to `<ModelPicker>`.
 * @example
 * const { data: models = [] } = useChatModels();
 * <ModelPicker models={models} value={model} onChange={setModel} />
 */
export function useChatModels(options: ModelListHookOptions = {}): UseQueryResult<ChatModel[], Error> {
  const client = useClientDefaults(options.client);
  return useQuery<ChatModel[], Error>(
    {
      queryKey: [INFERENCE_KEY_ROOT, 'listChatModels', sourceOf(client.options)],
      queryFn: ({ signal }) => listChatModels({ ...client.options, signal }),
      staleTime: options.staleTime ?? 10 * MINUTE,
      gcTime: 30 * MINUTE,
      enabled: options.enabled ?? true,
      retry: retryInference,
    },
    useInferenceQueryClient(),
  );
}

/** Arguments of {@link useModels}: the filters of core's `listModels`. */
export type UseModelsArgs = Pick<ListModelsArgs, 'task' | 'provider' | 'search' | 'limit'>;

/**
 * Models the Inference Providers serve, from the Hub (core's `listModels`): by task, by provider
 * (one or several), by text in the id. Cached for minutes per filter.
 * @example
 * const { data: models } = useModels({ task: 'textToImage', provider: 'fal-ai', limit: 20 });
 */
export function useModels(
  args: UseModelsArgs = {},
  options: ModelListHookOptions = {},
): UseQueryResult<HubModel[], Error> {
  const client = useClientDefaults(options.client);
  const { task, provider, search, limit } = args;
  return useQuery<HubModel[], Error>(
    {
      queryKey: [
        INFERENCE_KEY_ROOT,
        'listModels',
        sourceOf(client.options),
        {
          task: task ?? null,
          provider: typeof provider === 'string' || provider === undefined ? (provider ?? null) : [...provider],
          search: search ?? null,
          limit: limit ?? null,
        },
      ],
      queryFn: ({ signal }) => listModels({ ...client.options, task, provider, search, limit, signal }),
      staleTime: options.staleTime ?? 10 * MINUTE,
      gcTime: 30 * MINUTE,
      enabled: options.enabled ?? true,
      retry: retryInference,
    },
    useInferenceQueryClient(),
  );
}
