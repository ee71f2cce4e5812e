import { InferenceClient } from '@inferkit/core';
import { FAULT_HEADER } from '@inferkit/emulator';
import { InferenceProvider } from '@inferkit/react';
import type { Decorator } from '@storybook/react-vite';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { INFERENCE_BASE_URL } from './emulator';

/** `parameters.inference` of a hook story. */
export interface InferenceParameters {
  /**
   * Faults the emulator injects, sent as the `x-inferkit-fault` header: `cold-start=1`,
   * `server-error`, `rate-limit=0`, `token-rate=20`, `drop-after=5`, `stream-error`...
   */
  fault?: string;
}

function InferenceStoryProviders({ fault, children }: InferenceParameters & { children: ReactNode }) {
  // A fresh cache per story: no answer from one story shows up in another.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        // The hooks retry 5xx twice; without a delay, so an error story settles at once.
        defaultOptions: { queries: { retryDelay: 0 }, mutations: { retryDelay: 0 } },
      }),
  );
  useEffect(() => () => queryClient.clear(), [queryClient]);
  const client = useMemo(
    () => new InferenceClient({ baseUrl: INFERENCE_BASE_URL, headers: fault ? { [FAULT_HEADER]: fault } : undefined }),
    [fault],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <InferenceProvider client={client}>{children}</InferenceProvider>
    </QueryClientProvider>
  );
}

/**
 * Wraps a hook story in a `QueryClientProvider` (a new `QueryClient` per story) and an
 * `InferenceProvider` whose client talks to `/api/inference`, which MSW hands to the emulator.
 */
export const withInference: Decorator = (Story, context) => {
  const { fault } = (context.parameters.inference ?? {}) as InferenceParameters;
  return (
    <InferenceStoryProviders key={context.id} fault={fault}>
      <Story />
    </InferenceStoryProviders>
  );
};
