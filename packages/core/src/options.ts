import { InferenceValidationError } from './errors';

/** Default root of the Hugging Face router for the hf-inference provider. */
export const DEFAULT_BASE_URL = 'https://router.huggingface.co/hf-inference';

/** What `onModelLoading` receives while the client waits out a cold model (HTTP 503). */
export interface ModelLoadingInfo {
  /** Seconds the server estimated the model needs to load. */
  estimatedTime: number;
  /** 1 for the first wait, 2 for the second, ... */
  attempt: number;
  /** Milliseconds spent waiting for this model so far. */
  elapsed: number;
}

/** Options shared by the client constructor and every call. */
export interface ClientOptions {
  /** A Hub model id (`facebook/bart-large-mnli`) or a full URL. */
  model?: string | undefined;
  /** A dedicated endpoint (TGI, TEI, Inference Endpoint) used as-is. Excludes `model`. */
  endpointUrl?: string | undefined;
  /** Replaces the router root; routes below it stay. Point it at the emulator or your proxy. */
  baseUrl?: string | undefined;
  /** Hugging Face access token, sent as `Authorization: Bearer`. Never logged. */
  accessToken?: string | undefined;
  /**
   * Milliseconds before one HTTP attempt is abandoned with `InferenceTimeoutError`; it bounds the wait
   * for the response headers. 0 or absent: no timeout. Must be finite and ≥ 0.
   */
  timeout?: number | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /**
   * Names of further headers whose values are credentials (any case): like the token and the
   * `authorization`, `proxy-authorization`, `api-key`, `x-api-key`, `x-hf-token` and `cookie`
   * headers, they show as `[redacted]` in `error.request` and are scrubbed from every error.
   * @example
   * new InferenceClient({ headers: { 'x-my-gateway-key': key }, secretHeaders: ['x-my-gateway-key'] });
   */
  secretHeaders?: readonly string[] | undefined;
  /** A `fetch` implementation; defaults to the global one. */
  fetch?: typeof fetch | undefined;
  /** Total milliseconds to wait out a loading model (503) before giving up. Default 120000; 0 disables. Finite, ≥ 0. */
  modelLoadingTimeout?: number | undefined;
  /** Called before each wait for a loading model. */
  onModelLoading?: ((info: ModelLoadingInfo) => void) | undefined;
  /** How many times a 429 with `Retry-After` is retried. Default 2. Finite, ≥ 0. */
  maxRateLimitRetries?: number | undefined;
}

/** Options that only make sense per call. */
export interface CallOptions {
  /** Aborts the request, any wait and any stream at once. */
  signal?: AbortSignal | undefined;
  /** `false` sends `x-use-cache: false` so the server's cache is bypassed. */
  useCache?: boolean | undefined;
  /** `true` sends `x-wait-for-model: true`: the server holds the request until the model is loaded. */
  waitForModel?: boolean | undefined;
}

/** The keys of {@link RequestOptions}, to tell options from task input at run time. */
export const OPTION_KEYS: ReadonlySet<string> = new Set([
  'model',
  'endpointUrl',
  'baseUrl',
  'accessToken',
  'timeout',
  'headers',
  'secretHeaders',
  'fetch',
  'modelLoadingTimeout',
  'onModelLoading',
  'maxRateLimitRetries',
  'signal',
  'useCache',
  'waitForModel',
]);

/** Everything a task function accepts besides its own input. */
export type RequestOptions = ClientOptions & CallOptions;

/** Where a task is served below the model root. */
export type TaskRoute = 'model' | 'feature-extraction' | 'sentence-similarity' | 'chat';

const ROUTE_SUFFIX: Record<TaskRoute, string> = {
  model: '',
  'feature-extraction': '/pipeline/feature-extraction',
  'sentence-similarity': '/pipeline/sentence-similarity',
  chat: '/v1/chat/completions',
};

const isUrl = (value: string) => /^https?:\/\//i.test(value);
// Most URLs have no trailing slash; checking first skips a regex replace per call.
const trimSlash = (value: string) => (value.endsWith('/') ? value.replace(/\/+$/, '') : value);

/**
 * Throws `InferenceValidationError`, before any request, for options that cannot work: both `model`
 * and `endpointUrl` (as the Python client does), credentials in a URL (`https://user:pass@host`), or a
 * numeric option that is negative, `NaN` or infinite (which would mean an endless wait or retry loop).
 */
export function assertModelOrEndpoint(
  task: string,
  options: Pick<ClientOptions, 'model' | 'endpointUrl'> & { url?: string | undefined },
) {
  const issues = [];
  if (options.model && options.endpointUrl) {
    issues.push({
      path: 'endpointUrl',
      message: 'give either `model` (a Hub id or URL) or `endpointUrl` (a dedicated endpoint), not both',
    });
  }
  for (const [path, value] of Object.entries(options as Record<string, unknown>)) {
    const message = /^(model|url)$|Url$/.test(path)
      ? // fetch refuses a URL with `user:password@`, and logs would show it: the value is not repeated here.
        /^\w+:\/\/[^/?#]*@/.test(value as string) && 'must not contain user:password@; use a header instead'
      : // NaN, a negative or an infinite wait or retry count would mean an endless loop.
        /[tT]imeout$|Retries$/.test(path) &&
        value !== undefined &&
        !((value as number) >= 0 && (value as number) < Infinity) &&
        'must be a finite number ≥ 0';
    if (message) issues.push({ path, message });
  }
  if (issues.length) throw new InferenceValidationError(task, issues);
}

/**
 * A call's arguments over a client's defaults, as `InferenceClient` merges them: a per-call `model`
 * or `endpointUrl` replaces both defaults, `headers` combine (the call's win), and an argument that
 * is `undefined` leaves its default in place.
 * @example
 * const args = mergeCallOptions({ accessToken: 'hf_...', model: 'a/b' }, { inputs: 'Hi', endpointUrl: 'http://tgi' });
 * // → { accessToken: 'hf_...', inputs: 'Hi', endpointUrl: 'http://tgi' }
 */
export function mergeCallOptions<TArgs extends RequestOptions>(defaults: Readonly<ClientOptions>, args: TArgs): TArgs {
  const merged: Record<string, unknown> = { ...defaults };
  if (args.model !== undefined || args.endpointUrl !== undefined) {
    delete merged.model;
    delete merged.endpointUrl;
  }
  // An argument set to `undefined` is not given: it leaves the default in place.
  for (const key in args) if (args[key] !== undefined) merged[key] = args[key];
  if (defaults.headers && args.headers) merged.headers = { ...defaults.headers, ...args.headers };
  // A header the client marks secret stays secret when a call names others.
  if (defaults.secretHeaders && args.secretHeaders)
    merged.secretHeaders = [...defaults.secretHeaders, ...args.secretHeaders];
  return merged as TArgs;
}

/** Resolves the URL a task call goes to. `model` must already be resolved (see `resolveModel`). */
export function resolveUrl(
  route: TaskRoute,
  options: { model?: string | undefined; endpointUrl?: string | undefined; baseUrl?: string | undefined },
): string {
  const direct = options.endpointUrl ?? (options.model && isUrl(options.model) ? options.model : undefined);
  if (direct) {
    // A dedicated endpoint serves the task at its root, except the OpenAI-style chat route.
    const root = trimSlash(direct);
    if (route !== 'chat' || root.endsWith('/v1/chat/completions')) return root;
    return `${root.replace(/\/v1$/, '')}/v1/chat/completions`;
  }
  const base = trimSlash(options.baseUrl ?? DEFAULT_BASE_URL);
  return `${base}/models/${options.model ?? ''}${ROUTE_SUFFIX[route]}`;
}
