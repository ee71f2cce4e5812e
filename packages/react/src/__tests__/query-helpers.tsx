import { InferenceClient } from '@inferkit/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach } from 'vitest';
import { hfInferenceMapping } from '../../../core/src/__tests__/fetch-mock';
import { InferenceProvider } from '../provider';

// Vitest runs without globals here, so Testing Library cannot register its own cleanup.
afterEach(() => cleanup());

/** One request the fake server received; answer it with `respond`, or let `autoRespond` do it. */
export interface PendingCall {
  url: string;
  body: unknown;
  headers: Record<string, string>;
  signal: AbortSignal | undefined;
  respond(response: Response): void;
  /** Fails the request like a dropped connection. */
  fail(error?: unknown): void;
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

export const labels = (...pairs: [string, number][]) => pairs.map(([label, score]) => ({ label, score }));

/**
 * A controllable `fetch`: each call is recorded and stays pending until the test answers it,
 * unless `autoRespond` answers it. Aborting the signal rejects it, as a real fetch does.
 */
export function controlledFetch(autoRespond?: (call: PendingCall, index: number) => Response | undefined) {
  const calls: PendingCall[] = [];
  const fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    // The Hub lookup each call with the default provider makes first: answered, not recorded.
    const hub = /\/api\/models\/(.+)\?expand\[\]=inferenceProviderMapping$/.exec(String(input));
    if (hub) return Promise.resolve(Response.json(hfInferenceMapping(hub[1]!)));
    return new Promise<Response>((resolve, reject) => {
      const signal = init.signal ?? undefined;
      let body: unknown = init.body;
      if (typeof init.body === 'string') {
        try {
          body = JSON.parse(init.body);
        } catch {
          // raw text
        }
      }
      const call: PendingCall = {
        url: String(input),
        body,
        headers: { ...(init.headers as Record<string, string>) },
        signal,
        respond: resolve,
        fail: (error = new TypeError('Failed to fetch')) => reject(error),
      };
      calls.push(call);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      const auto = autoRespond?.(call, calls.length - 1);
      if (auto) resolve(auto);
    });
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

/** A QueryClient as tests want it: no retry waits, nothing collected mid-test. */
export const testQueryClient = () =>
  new QueryClient({
    defaultOptions: { queries: { retryDelay: 0, gcTime: Infinity }, mutations: { retryDelay: 0 } },
  });

/** Providers for `render`/`renderHook`, around a client that talks to `fetch`. */
export function setup(
  fetch: typeof globalThis.fetch,
  clientOptions: ConstructorParameters<typeof InferenceClient>[0] = {},
) {
  const queryClient = testQueryClient();
  const client = new InferenceClient({ baseUrl: 'http://emu.test', fetch, ...clientOptions });
  const wrapper = ({ children }: { children?: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <InferenceProvider client={client}>{children}</InferenceProvider>
    </QueryClientProvider>
  );
  return { queryClient, client, wrapper };
}

export const zeroShotArgs = (inputs: string, candidateLabels = ['refund', 'faq']) => ({
  inputs,
  parameters: { candidateLabels },
});
