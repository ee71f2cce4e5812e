/**
 * The proxy's options, and what they resolve to once, at creation: checked values, the secrets to
 * scrub, the allow-lists as sets. A bad option throws here, not on every request.
 */
import type { Authorize } from './authorize';
import { createGuard, type ClientKey, type Guard } from './guard';
import { BILL_TO_HEADER, FORWARDED_REQUEST_HEADERS } from './headers';
import type { ProxyLimits } from './ratelimit';
import { headerFormsOf, needlesOf, type Needle } from './redact';

/** The Hugging Face router root, as `@inferkit/core` uses it: `/hf-inference/...`, `/v1/...`, `/{provider}/...`. */
export const DEFAULT_UPSTREAM = 'https://router.huggingface.co';

/** Where the Hub lookups (`/api/models`, `/api/tasks`) live: the Hub, not the router. */
export const DEFAULT_HUB_UPSTREAM = 'https://huggingface.co';

/** Default `maxBodyBytes`: 10 MB, enough for a photo or a minute of audio. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Default `bodyTimeoutMs`: 30 s without a byte of the request body ends the request with 408. */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/** One line of the proxy's structured log. It never holds the access token. */
export interface ProxyLogEntry {
  method: string;
  /** The request path, below the base path. */
  path: string;
  /** The model the request was for, when known: a Hub id without its `:provider` suffix, or a provider's own id. */
  model: string | undefined;
  /** The provider the request was for, when known (from the path, or the chat model's suffix). */
  provider: string | undefined;
  /** The task the request was for, when known (from the route or `taskOf`). */
  task: string | undefined;
  /** Status sent to the client (499 when the client went away first). */
  status: number;
  /** Milliseconds until the response headers were ready (a stream may go on after that). */
  ms: number;
  /** The upstream's `x-request-id`, when it sent one. */
  requestId: string | undefined;
  /** Why the proxy answered by itself, when it did. */
  error: string | undefined;
}

/** A fetch-style function: the global `fetch`, or any `(Request) => Promise<Response>` handler. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Options of {@link createInferenceProxy}. */
export interface InferenceProxyOptions {
  /** Hugging Face token sent upstream as `Authorization: Bearer`. Never read from the environment here. */
  accessToken?: string | undefined;
  /** Root that router routes are forwarded below. Default the router root; point it at the emulator in tests. */
  upstream?: string | undefined;
  /**
   * Root for the Hub lookups (`GET /api/models/{model}`, `GET /api/models`, `GET /api/tasks`).
   * Default `https://huggingface.co`, whatever `upstream` is: the router does not serve them.
   */
  hubUpstream?: string | undefined;
  /** Path the proxy is mounted at (e.g. `/api/inference`); stripped before forwarding. Default `''`. */
  basePath?: string | undefined;
  /**
   * Hub models that may be called (ids compared case-insensitively, as the Hub does), or a predicate.
   * Checked on `/hf-inference/...`, on `/v1/chat/completions` (the body's model without its
   * `:provider` suffix) and on `GET /api/models/{model}`. Provider routes carry the provider's own
   * id instead: while this is set they are refused unless `allowProviderModels` lists that id.
   */
  allowModels?: readonly string[] | ((model: string) => boolean | Promise<boolean>) | undefined;
  /**
   * Providers that may be called (exact names, e.g. `hf-inference`, `groq`, `fal-ai`). The provider
   * is the first path segment, or on `/v1/chat/completions` the body model's suffix: there a model
   * without a suffix or with a policy (`:fastest`, `:cheapest`, `:preferred`) lets the router pick,
   * so it is refused while this is set.
   */
  allowProviders?: readonly string[] | undefined;
  /**
   * The provider's own model ids that may be called on its `/{provider}/...` routes (exact match),
   * e.g. `{ 'fal-ai': ['fal-ai/flux/schnell'], together: ['meta-llama/Llama-3.3-70B-Instruct-Turbo'] }`.
   * When this or `allowModels` is set, a provider route whose model is not listed here gets 403.
   */
  allowProviderModels?: Readonly<Record<string, readonly string[]>> | undefined;
  /** Tasks that may be run. Chat routes are `chat-completion`; other routes need the task from the route or `taskOf`. */
  allowTasks?: readonly string[] | undefined;
  /**
   * Tells a model's task when the route does not (`POST /hf-inference/models/{model}`, fal,
   * replicate, wavespeed), or which of the tasks a route serves a call is when its first is not
   * allowed (together's `/v1/images/generations` edits images too, `/v2/videos` animates images,
   * groq's and novita's chat routes serve text-generation). `provider` is `hf-inference` for a Hub
   * id, else the provider whose own id `model` is (on replicate's version route, the
   * `allowProviderModels` entry `owner/name:version` the version matched, or the bare version
   * without that option). Cache it yourself if it calls the Hub.
   */
  taskOf?: ((model: string, provider: string) => string | undefined | Promise<string | undefined>) | undefined;
  /** Largest request body accepted, in bytes; larger ones get 413. A positive number; default 10 MB. */
  maxBodyBytes?: number | undefined;
  /**
   * Milliseconds a request body may go without sending a byte before the request is cut with 408
   * and the upstream request aborted. A positive number; default 30000.
   */
  bodyTimeoutMs?: number | undefined;
  /** `fetch` used to reach the upstream; tests pass the emulator's handler. Default the global `fetch`. */
  fetch?: FetchLike | undefined;
  /**
   * Extra headers sent upstream with every request. Every value (and its part after a scheme word
   * such as `Bearer`) of 8 characters or more is treated as a secret and scrubbed from answers,
   * whatever the header's name; shorter values cannot be told apart from ordinary text.
   */
  headers?: Record<string, string> | undefined;
  /** Organization billed for every call, sent upstream as `X-HF-Bill-To`. */
  billTo?: string | undefined;
  /**
   * Organizations a browser may choose to bill with its own `X-HF-Bill-To` header (compared
   * exactly, case included). Its choice then replaces `billTo`. Any other value gets 403; without
   * this option a browser cannot choose at all.
   */
  allowBillTo?: readonly string[] | undefined;
  /** Called once per request with a structured entry (after the response headers are ready). */
  onLog?: ((entry: ProxyLogEntry) => void) | undefined;
  /** Answer CORS preflights and add CORS headers: `true` for any origin, or one origin. Off by default. */
  cors?: boolean | { origin: string } | undefined;
  /**
   * Who is calling: run before the proxy reads the body, answers from its allow-lists or forwards
   * anything. Return `{ user }` to let the request through (the limits count per user), or a
   * `Response` (a 401) to send instead. See {@link Authorize} for a cookie-session and a JWT example.
   */
  authorize?: Authorize | undefined;
  /**
   * The key limits count under when there is no `authorize`. Default: the client's socket address,
   * which `@inferkit/server/node` and the Vite plugin record; never a client-sent `X-Forwarded-For`.
   * Behind your own load balancer, return the address it appends, as only it can be trusted.
   */
  clientKey?: ClientKey | undefined;
  /** Requests and completion tokens per window, per user (or per client): see {@link ProxyLimits}. */
  limits?: ProxyLimits | undefined;
}

/** The proxy: a fetch-style handler. */
export type InferenceProxy = (request: Request) => Promise<Response>;

/** Shorter configured header values are not treated as secrets: scrubbing `1.2` would garble answers. */
const MIN_HEADER_SECRET_LENGTH = 8;

const trimSlash = (value: string) => value.replace(/\/+$/, '');

function normaliseBasePath(basePath: string | undefined): string {
  if (!basePath) return '';
  const trimmed = trimSlash(basePath);
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** A list option of non-empty names, checked once at creation; `undefined` when not given. */
function nameList(name: string, value: unknown): Set<string> | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((item: unknown) => typeof item === 'string' && item !== '')) {
    throw new TypeError(`createInferenceProxy: option \`${name}\` must be a list of non-empty names.`);
  }
  return new Set(value as string[]);
}

/** A numeric option, checked once at creation: `NaN` or `Infinity` would silently turn a limit off. */
function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') {
    throw new TypeError(`createInferenceProxy: option \`${name}\` must be a number, got ${typeof value}.`);
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`createInferenceProxy: option \`${name}\` must be a positive finite number, got ${value}.`);
  }
  return value;
}

/** The options as the proxy uses them on every request. */
export interface ProxyConfig {
  upstream: string;
  hubUpstream: string;
  basePath: string;
  maxBodyBytes: number;
  bodyTimeoutMs: number;
  billTo: string | undefined;
  allowBillTo: ReadonlySet<string>;
  doFetch: FetchLike;
  token: string | undefined;
  /** Configured headers sent upstream with every request. */
  headers: Readonly<Record<string, string>>;
  /** The token and every configured header value long enough to be one: scrubbed from every answer. */
  secrets: readonly string[];
  needles: readonly Needle[];
  /** The secrets in the forms a header or a path can show them. */
  headerSecrets: readonly string[];
  longestNeedle: number;
  corsAllowedHeaders: string;
  cors: { origin: string } | undefined;
  guard: Guard | undefined;
  allowedModels: ReadonlySet<string> | undefined;
  allowModels: InferenceProxyOptions['allowModels'];
  allowedTasks: ReadonlySet<string> | undefined;
  allowedProviders: ReadonlySet<string> | undefined;
  providerModels: InferenceProxyOptions['allowProviderModels'];
  /** With either model list set, a provider route's own model id must be listed: `allowModels` cannot check it. */
  checkProviderModels: boolean;
  taskOf: InferenceProxyOptions['taskOf'];
  onLog: InferenceProxyOptions['onLog'];
}

/** Checks the options and resolves them; throws a `TypeError` or `RangeError` naming a bad one. */
export function resolveProxyOptions(options: InferenceProxyOptions): ProxyConfig {
  const upstream = trimSlash(options.upstream ?? DEFAULT_UPSTREAM);
  const hubUpstream = trimSlash(options.hubUpstream ?? DEFAULT_HUB_UPSTREAM);
  const billTo = options.billTo;
  if (billTo !== undefined && (typeof billTo !== 'string' || billTo === '')) {
    throw new TypeError('createInferenceProxy: option `billTo` must be a non-empty organization name.');
  }
  if (
    options.allowBillTo !== undefined &&
    (!Array.isArray(options.allowBillTo) ||
      !options.allowBillTo.every((org: unknown) => typeof org === 'string' && org !== ''))
  ) {
    throw new TypeError('createInferenceProxy: option `allowBillTo` must be a list of organization names.');
  }
  const allowBillTo = new Set(options.allowBillTo ?? []);
  // A bad root would otherwise surface as a throw on every request.
  for (const [name, root] of [
    ['upstream', upstream],
    ['hubUpstream', hubUpstream],
  ] as const) {
    if (!/^https?:$/.test(URL.canParse(root) ? new URL(root).protocol : '')) {
      throw new TypeError(`createInferenceProxy: option \`${name}\` must be an http(s) URL, got "${root}".`);
    }
  }
  const token = options.accessToken || undefined;
  // Everything that may hold a credential is scrubbed from what goes back to the client: the token,
  // and every configured header value whatever its name (`x-custom-auth` is as secret as `x-api-key`).
  const secrets = [
    ...(token ? [token] : []),
    ...Object.values(options.headers ?? {})
      .flatMap((value) => [value, value.replace(/^\S+\s+/, '')])
      .filter((value) => value.length >= MIN_HEADER_SECRET_LENGTH),
  ].filter((secret, index, all) => secret.length > 0 && all.indexOf(secret) === index);
  const needles = needlesOf(secrets);
  const providerModels = options.allowProviderModels;
  if (
    providerModels !== undefined &&
    (!providerModels ||
      typeof providerModels !== 'object' ||
      !Object.values(providerModels).every((ids) => nameList('allowProviderModels', ids)))
  ) {
    throw new TypeError(
      'createInferenceProxy: option `allowProviderModels` must map provider names to lists of model ids.',
    );
  }
  return {
    upstream,
    hubUpstream,
    basePath: normaliseBasePath(options.basePath),
    maxBodyBytes: positiveNumber('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES),
    bodyTimeoutMs: positiveNumber('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS),
    billTo,
    allowBillTo,
    doFetch: options.fetch ?? ((request) => globalThis.fetch(request)),
    token,
    headers: options.headers ?? {},
    secrets,
    needles,
    headerSecrets: headerFormsOf(secrets),
    longestNeedle: Math.max(0, ...needles.map((needle) => needle.bytes.length)),
    corsAllowedHeaders: [...FORWARDED_REQUEST_HEADERS, ...(allowBillTo.size > 0 ? [BILL_TO_HEADER] : [])].join(', '),
    cors: options.cors ? { origin: options.cors === true ? '*' : options.cors.origin } : undefined,
    guard: createGuard(options),
    allowedModels: Array.isArray(options.allowModels)
      ? new Set(options.allowModels.map((model) => model.toLowerCase()))
      : undefined,
    allowModels: options.allowModels,
    allowedTasks: options.allowTasks ? new Set(options.allowTasks) : undefined,
    allowedProviders: nameList('allowProviders', options.allowProviders),
    providerModels,
    checkProviderModels: providerModels !== undefined || options.allowModels !== undefined,
    taskOf: options.taskOf,
    onLog: options.onLog,
  };
}
