import { InferenceValidationError } from './errors';
import type { InferenceProviderOption } from './providers/names';

/**
 * Default root of the Hugging Face router. Every provider is served below it: `/hf-inference/models/…`,
 * `/v1/chat/completions`, `/fal-ai/…`.
 */
export const DEFAULT_BASE_URL = 'https://router.huggingface.co';

/** Default root of the Hub's API (model → provider mappings, model lists, task pages). */
export const DEFAULT_HUB_URL = 'https://huggingface.co';

/** What `onProgress` receives while an async provider job (fal-ai's queue, replicate's predictions) waits. */
export interface JobProgress {
  /** `queued` while the job waits for a worker, `running` once it runs. */
  status: 'queued' | 'running';
  /** Milliseconds since the job was submitted. */
  elapsed: number;
  /** Jobs ahead of this one, when the provider says. */
  queuePosition?: number | undefined;
}

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
  /**
   * A Hub model id (`facebook/bart-large-mnli`). Chat also takes the router's suffixes:
   * `:fastest`, `:cheapest`, `:preferred` or `:<provider>`.
   */
  model?: string | undefined;
  /**
   * Which Inference Provider serves the call: a name (`'fal-ai'`), `'auto'` (default: the first
   * provider the Hub maps the model to), or names in order of preference.
   */
  provider?: InferenceProviderOption | undefined;
  /**
   * A dedicated endpoint (TGI, TEI, vLLM, llama.cpp, an Inference Endpoint) used as given. With a
   * `model`, an OpenAI-compatible chat server gets that model in the body (else `"tgi"`).
   */
  endpointUrl?: string | undefined;
  /**
   * The router root (default `https://router.huggingface.co`); every route stays below it. Point it
   * at the emulator or your proxy: router calls, Hub lookups, polling and downloads that need the
   * token all go there then.
   */
  baseUrl?: string | undefined;
  /** The Hub's root for lookups (default `https://huggingface.co`, or `baseUrl` when one is set). */
  hubUrl?: string | undefined;
  /** Bills the call to an organization you belong to: sent as `X-HF-Bill-To`. */
  billTo?: string | undefined;
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
  /** Called before each wait while an async provider job (fal-ai's queue, replicate, …) is queued or running. */
  onProgress?: ((progress: JobProgress) => void) | undefined;
}

/**
 * The keys of {@link RequestOptions}, to tell options from task input at run time. Typed against the
 * interfaces, so a key added there and not here (or here and not there) fails to compile.
 */
export const OPTION_KEYS: ReadonlySet<string> = new Set(
  Object.keys({
    model: 1,
    provider: 1,
    endpointUrl: 1,
    baseUrl: 1,
    hubUrl: 1,
    billTo: 1,
    accessToken: 1,
    timeout: 1,
    headers: 1,
    secretHeaders: 1,
    fetch: 1,
    modelLoadingTimeout: 1,
    onModelLoading: 1,
    maxRateLimitRetries: 1,
    signal: 1,
    useCache: 1,
    waitForModel: 1,
    onProgress: 1,
  } satisfies { [K in keyof Required<ClientOptions & CallOptions>]: 1 }),
);

/** Everything a task function accepts besides its own input. */
export type RequestOptions = ClientOptions & CallOptions;

/**
 * Where a task is served on hf-inference: at the model root (`model`), or below it at
 * `/pipeline/{task}` (sentence-transformers models serve both of these).
 */
export type TaskRoute = 'model' | 'feature-extraction' | 'sentence-similarity';

const ROUTE_SUFFIX: { [R in TaskRoute]?: string } = {
  'feature-extraction': '/pipeline/feature-extraction',
  'sentence-similarity': '/pipeline/sentence-similarity',
};

/** Whether a string is an http(s) URL (a model given as an endpoint URL, a provider's polling URL). */
export const isUrl = (value: string): boolean => /^https?:\/\//i.test(value);
/** `value` without its trailing slashes (most URLs have none: checking first skips a regex replace per call). */
export const trimSlash = (value: string) => (value.endsWith('/') ? value.replace(/\/+$/, '') : value);

/**
 * Throws `InferenceValidationError`, before any request, for options that cannot work: a named
 * `provider` with an `endpointUrl` (a dedicated endpoint has no provider), credentials in a URL
 * (`https://user:pass@host`), or a numeric option that is negative, `NaN` or infinite (which would
 * mean an endless wait or retry loop).
 */
export function assertModelOrEndpoint(
  task: string,
  options: Pick<ClientOptions, 'model' | 'endpointUrl' | 'provider'> & { url?: string | undefined },
) {
  const issues: { path: string; message: string }[] = [];
  if (options.endpointUrl && options.provider && options.provider !== 'auto') {
    issues.push({
      path: 'provider',
      message: 'cannot be used with `endpointUrl`: a dedicated endpoint is called as given; drop one of them',
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

/** The router root a call goes to, without a trailing slash. */
export const routerRoot = (options: { baseUrl?: string | undefined }): string =>
  trimSlash(options.baseUrl ?? DEFAULT_BASE_URL);

/**
 * The Hub root a call's lookups go to: `hubUrl`, else the `baseUrl` when one is set (a proxy or the
 * emulator serves both), else `https://huggingface.co`.
 */
export const hubRoot = (options: { baseUrl?: string | undefined; hubUrl?: string | undefined }): string =>
  trimSlash(
    options.hubUrl ??
      (options.baseUrl && trimSlash(options.baseUrl) !== DEFAULT_BASE_URL ? options.baseUrl : DEFAULT_HUB_URL),
  );

/** The path of a task on hf-inference below `{root}/hf-inference`. */
export const hfInferencePath = (route: TaskRoute, model: string): string =>
  `/models/${model}${ROUTE_SUFFIX[route] ?? ''}`;

/** The endpoint a call names directly (`endpointUrl`, or a URL given as `model`), if any. */
export const directEndpoint = (options: { model?: string | undefined; endpointUrl?: string | undefined }) =>
  options.endpointUrl ?? (options.model && isUrl(options.model) ? options.model : undefined);
