'use client';
import { InferenceClient, type ClientOptions } from '@inferkit/core';
import { QueryClientContext, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

const InferenceClientContext = createContext<InferenceClient | undefined>(undefined);

/** Props of {@link InferenceProvider}: a ready client, or the options to build one. */
export type InferenceProviderProps = { children?: ReactNode } & (
  { client: InferenceClient } | (ClientOptions & { client?: undefined })
);

// Every ClientOptions key, in a fixed order, so the memo below has a dependency list of constant length.
const CLIENT_OPTION_KEYS = [
  'model',
  'endpointUrl',
  'baseUrl',
  'accessToken',
  'timeout',
  'fetch',
  'modelLoadingTimeout',
  'onModelLoading',
  'maxRateLimitRetries',
] as const satisfies readonly (keyof ClientOptions)[];

const QUERY_CLIENT_FIX =
  'Render it inside the QueryClientProvider of @tanstack/react-query:\n' +
  '  const queryClient = new QueryClient();\n' +
  '  <QueryClientProvider client={queryClient}>\n' +
  '    <InferenceProvider client={client}>...</InferenceProvider>\n' +
  '  </QueryClientProvider>';

/**
 * Makes an `InferenceClient` available to the hooks below it. Give it a `client`, or the client
 * options (`accessToken`, `baseUrl`, `model`, ...) to build one. It must sit inside the app's own
 * `QueryClientProvider`: queries and mutations live in that `QueryClient`.
 * @example
 * const queryClient = new QueryClient();
 * const client = new InferenceClient({ accessToken: 'hf_...' });
 * root.render(
 *   <QueryClientProvider client={queryClient}>
 *     <InferenceProvider client={client}>
 *       <App />
 *     </InferenceProvider>
 *   </QueryClientProvider>,
 * );
 */
export function InferenceProvider(props: InferenceProviderProps) {
  if (!useContext(QueryClientContext)) {
    throw new Error(`<InferenceProvider> found no QueryClient above it. ${QUERY_CLIENT_FIX}`);
  }
  const given = props.client;
  const options = props as ClientOptions;
  const headers = options.headers ? JSON.stringify(options.headers) : undefined;
  const client = useMemo(
    () => {
      if (given) return given;
      const built: ClientOptions = {};
      for (const key of CLIENT_OPTION_KEYS)
        if (options[key] !== undefined) Object.assign(built, { [key]: options[key] });
      if (options.headers) built.headers = options.headers;
      return new InferenceClient(built);
    },
    // A new client only when an option really changed (inline `headers` objects compare by content).
    [given, headers, ...CLIENT_OPTION_KEYS.map((key) => options[key])],
  );
  return <InferenceClientContext.Provider value={client}>{props.children}</InferenceClientContext.Provider>;
}

/**
 * The `InferenceClient` of the nearest {@link InferenceProvider}, or `client` when given.
 * @example
 * const client = useInferenceClient();
 * const onHover = () => queryClient.prefetchQuery(fillMaskOptions(client, { inputs: 'Paris is the [MASK] of France.' }));
 */
export function useInferenceClient(client?: InferenceClient): InferenceClient {
  const provided = useContext(InferenceClientContext);
  const found = client ?? provided;
  if (!found) {
    throw new Error(
      'No InferenceClient: wrap the component in <InferenceProvider client={new InferenceClient({ ... })}> ' +
        '(inside your <QueryClientProvider>), or pass `client` in the hook options.',
    );
  }
  return found;
}

/** The app's QueryClient, with an error that says how to provide one when it is missing. */
export function useInferenceQueryClient(): QueryClient {
  const queryClient = useContext(QueryClientContext);
  if (!queryClient) {
    throw new Error(`The @inferkit/react hooks found no QueryClient above them. ${QUERY_CLIENT_FIX}`);
  }
  return queryClient;
}
