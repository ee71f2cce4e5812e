'use client';
import { assertModelOrEndpoint, InferenceClient, OPTION_KEYS, type ClientOptions } from '@inferkit/core';
import { QueryClientContext, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useMemo, type ReactNode } from 'react';

/**
 * What the hooks need of a client: its defaults. An `InferenceClient` has them, and so does what
 * `InferenceProvider` keeps for plain options, so that an app using one hook never pulls in the
 * client class (and with it every task).
 */
export interface ClientDefaults {
  readonly options: Readonly<ClientOptions>;
}

const InferenceClientContext = createContext<ClientDefaults | undefined>(undefined);

/** Props of {@link InferenceProvider}: a ready client, or its options. */
export type InferenceProviderProps = { children?: ReactNode } & (
  { client: InferenceClient } | (ClientOptions & { client?: undefined })
);

// Core's list of option keys but `headers` (compared by content below), in a fixed order, so the
// memo below has a dependency list of constant length.
const OPTION_KEYS_BUT_HEADERS = /* @__PURE__ */ [...OPTION_KEYS].filter(
  (key) => key !== 'headers',
) as (keyof ClientOptions)[];

const QUERY_CLIENT_FIX =
  'Render it inside the QueryClientProvider of @tanstack/react-query:\n' +
  '  const queryClient = new QueryClient();\n' +
  '  <QueryClientProvider client={queryClient}>\n' +
  '    <InferenceProvider client={client}>...</InferenceProvider>\n' +
  '  </QueryClientProvider>';

/**
 * Makes an `InferenceClient` available to the hooks below it. Give it a `client`, or the client
 * options (`accessToken`, `baseUrl`, `model`, ...) the hooks call their tasks with; a client is only
 * built from those if {@link useInferenceClient} asks for one. It must sit inside the app's own
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
    (): ClientDefaults => {
      if (given) return given;
      const built: ClientOptions = {};
      for (const key of OPTION_KEYS_BUT_HEADERS)
        if (options[key] !== undefined) Object.assign(built, { [key]: options[key] });
      if (options.headers) built.headers = options.headers;
      // The check `new InferenceClient(built)` would make, without the class.
      assertModelOrEndpoint('InferenceClient', built);
      return { options: Object.freeze(built) };
    },
    // New defaults only when an option really changed (inline `headers` objects compare by content).
    // The props object is new on every render, so the dependencies are its option values, one per
    // key of OPTION_KEYS_BUT_HEADERS: a spread the rule cannot check, and no `options` itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
    [given, headers, ...OPTION_KEYS_BUT_HEADERS.map((key) => options[key])],
  );
  return <InferenceClientContext.Provider value={client}>{props.children}</InferenceClientContext.Provider>;
}

const NO_CLIENT =
  'No InferenceClient: wrap the component in <InferenceProvider client={new InferenceClient({ ... })}> ' +
  '(inside your <QueryClientProvider>), or pass `client` in the hook options.';

/**
 * The client defaults of the nearest {@link InferenceProvider}, or of `client` when given: all the
 * task hooks need, without the `InferenceClient` class.
 */
export function useClientDefaults(client?: ClientDefaults): ClientDefaults {
  const provided = useContext(InferenceClientContext);
  const found = client ?? provided;
  if (!found) throw new Error(NO_CLIENT);
  return found;
}

// The client built, on first request, for a provider given plain options; kept while they are.
const builtClients = new WeakMap<ClientDefaults, InferenceClient>();

/**
 * The `InferenceClient` of the nearest {@link InferenceProvider}, or `client` when given. A provider
 * given plain options builds its client here, on first use, and keeps it while the options are equal.
 * @example
 * const client = useInferenceClient();
 * const onHover = () => queryClient.prefetchQuery(fillMaskOptions(client, { inputs: 'Paris is the [MASK] of France.' }));
 */
export function useInferenceClient(client?: InferenceClient): InferenceClient {
  const found = useClientDefaults(client);
  if (found instanceof InferenceClient) return found;
  let built = builtClients.get(found);
  if (!built) builtClients.set(found, (built = new InferenceClient(found.options)));
  return built;
}

/** The app's QueryClient, with an error that says how to provide one when it is missing. */
export function useInferenceQueryClient(): QueryClient {
  const queryClient = useContext(QueryClientContext);
  if (!queryClient) {
    throw new Error(`The @inferkit/react hooks found no QueryClient above them. ${QUERY_CLIENT_FIX}`);
  }
  return queryClient;
}
