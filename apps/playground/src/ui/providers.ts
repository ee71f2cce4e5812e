import { getModelStatus, type InferenceProviderName, type ProviderMapping } from '@inferkit/core';
import { useInferenceClient } from '@inferkit/react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';

/** What a page needs of a task function: its Hub task and the providers core has a route for. */
export interface TaskProviders {
  definition: { task: string; providers?: Readonly<Record<string, unknown>> | undefined };
}

/** `'auto'` (the Hub's first provider that serves the task) or a provider's name. */
export type ProviderOption = 'auto' | InferenceProviderName;

const SENTENCE_TASKS = ['feature-extraction', 'sentence-similarity'];

/** As core's routing reads the Hub's mapping: the same task, or either sentence task for the other. */
const servesTask = (mapped: string, task: string) =>
  mapped === task || (SENTENCE_TASKS.includes(mapped) && SENTENCE_TASKS.includes(task));

/** Providers core can call for every one of `tasks` (no table: hf-inference only). */
const routedBy = (tasks: readonly TaskProviders[], provider: string) =>
  tasks.every(({ definition }) =>
    definition.providers ? Object.hasOwn(definition.providers, provider) : provider === 'hf-inference',
  );

/**
 * The providers a page offers for `model`: those the Hub maps the model to for the page's task
 * (`getModelStatus`, live mappings only) that core also has a route for, in the Hub's order. The
 * same rule core applies when it routes a call, so every provider offered can answer. The choice
 * goes back to `auto` when the model changes.
 */
export function useProviderChoice(tasks: readonly TaskProviders[], model: string) {
  const client = useInferenceClient();
  const status = useQuery({
    // Not under the hooks' `inferkit` key: switching a fault on should not look the model up again.
    queryKey: ['playground', 'modelStatus', model],
    queryFn: ({ signal }) => getModelStatus({ ...client.options, model, signal }),
    enabled: !!model,
    staleTime: 10 * 60_000,
    retry: false,
  });
  const mappings: readonly ProviderMapping[] = status.data?.providers ?? [];
  const providers = [
    ...new Set(
      mappings
        .filter(
          (m) =>
            m.status === 'live' &&
            tasks.every(({ definition }) => servesTask(m.task, definition.task)) &&
            routedBy(tasks, m.provider),
        )
        .map((m) => m.provider as InferenceProviderName),
    ),
  ];
  const [choice, setChoice] = useState<{ model: string; provider: ProviderOption }>({ model, provider: 'auto' });
  const provider =
    choice.model === model && (providers as readonly string[]).includes(choice.provider) ? choice.provider : 'auto';
  const setProvider = (next: ProviderOption) => setChoice({ model, provider: next });
  return { provider, setProvider, providers, loading: status.isPending && !!model, failed: status.isError } as const;
}
