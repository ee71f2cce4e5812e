import {
  InferenceError,
  InferenceHTTPError,
  InferenceResponseError,
  InferenceNetworkError,
  InferenceTimeoutError,
  type RedactedRequest,
} from './errors';
import type { RequestOptions } from './options';

/** What one HTTP exchange needs, after the task has built its body. */
export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | undefined;
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  /** Sent as-is (raw bytes for binary tasks). */
  body?: Blob | ArrayBuffer | Uint8Array | string | undefined;
  contentType?: string | undefined;
  accept?: string | undefined;
  /** Model id or URL, for error messages. */
  model?: string | undefined;
}

const DEFAULT_MODEL_LOADING_TIMEOUT = 120_000;
const MAX_SINGLE_WAIT = 30_000;
const MAX_RETRY_AFTER = 60_000;

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    // No `once` needed: an abort fires one event, and the timer removes the listener otherwise.
    signal?.addEventListener('abort', onAbort);
  });
}

function buildHeaders(req: HttpRequest, options: RequestOptions): Record<string, string> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  if (req.json !== undefined) headers['content-type'] = 'application/json';
  else if (req.contentType) headers['content-type'] = req.contentType;
  if (req.accept) headers.accept = req.accept;
  if (options.useCache === false) headers['x-use-cache'] = 'false';
  if (options.waitForModel) headers['x-wait-for-model'] = 'true';
  if (options.billTo) headers['x-hf-bill-to'] = options.billTo;
  return headers;
}

const CREDENTIAL_HEADER = /^(?:authorization|proxy-authorization|api-key|x-api-key|x-hf-token|cookie)$/i;
// Query parameters whose name says they carry a credential: `api_key`, `token`, `access_token`, `key`, `sig`, `X-Amz-Signature`...
const CREDENTIAL_PARAM = /[?&][^=&#]*(?:key|token|sig|secret|pass|auth|cred)[^=&#]*=([^&#]+)/gi;
const REDACTED = '[redacted]';

const isSecretHeader = (name: string, secretHeaders: readonly string[] = []) =>
  CREDENTIAL_HEADER.test(name) || secretHeaders.some((secret) => secret.toLowerCase() === name.toLowerCase());

/** The request as it may be shown in an error: credential headers (and `secretHeaders`) `[redacted]`. */
export function redact(
  method: string,
  url: string,
  headers: Record<string, string>,
  secretHeaders?: readonly string[],
): RedactedRequest {
  const safe: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) safe[key] = isSecretHeader(key, secretHeaders) ? REDACTED : value;
  return { method, url, headers: safe };
}

/** Where a call's credentials come from: its options, plus the raw `url` of `request`. */
type SecretSource = Pick<
  RequestOptions,
  'accessToken' | 'headers' | 'secretHeaders' | 'endpointUrl' | 'baseUrl' | 'model'
> & {
  url?: string | undefined;
};

/**
 * Removes every credential the call sent from an error of this library, deep: message, stack,
 * body, server message, URL, request, `cause` chain. The credentials: the token, the values of
 * credential headers and `secretHeaders` (and the part after a scheme word: `Bearer xyz` → `xyz`),
 * and credential query parameters of the URLs (as written in the URL); each also JSON-escaped, as a
 * message quoting a body shows it. Values shorter than 4 characters are left: they would garble
 * every message, and are no credentials worth the name.
 * Other values (the caller's abort reason) pass through untouched.
 */
export function scrub(error: unknown, options: SecretSource): unknown {
  if (!(error instanceof InferenceError)) return error;
  const secrets: string[] = [];
  const add = (value: string | undefined) => {
    if (value && value.length > 3) secrets.push(value, JSON.stringify(value).slice(1, -1));
  };
  add(options.accessToken);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // The whole value before the part after its scheme word: replaced in that order, neither is left in halves.
    if (isSecretHeader(name, options.secretHeaders)) {
      add(value);
      add(/\s+(.+)/.exec(value)?.[1]);
    }
  }
  for (const url of [options.endpointUrl, options.baseUrl, options.model, options.url]) {
    for (const match of url?.matchAll(CREDENTIAL_PARAM) ?? []) add(match[1]);
  }
  const seen: unknown[] = [];
  const text = (value: string) => secrets.reduce((out, secret) => out.split(secret).join(REDACTED), value);
  const clean = (value: unknown) => {
    if (!value || typeof value !== 'object' || seen.includes(value)) return;
    seen.push(value);
    const target = value as Record<string, unknown>;
    // Own names, not `Object.keys`: `message`, `stack` and `cause` are not enumerable.
    for (const key of Object.getOwnPropertyNames(target)) {
      try {
        const child = target[key];
        if (typeof child === 'string') target[key] = text(child);
        else clean(child);
        // An echo can be a key too (`{ "Bearer hf_…": … }` in a body).
        const safe = text(key);
        if (safe !== key) {
          target[safe] = target[key];
          delete target[key];
        }
      } catch {
        // a read-only or throwing property of a foreign cause: nothing we can do
      }
    }
  };
  clean(error);
  return error;
}

const links = new WeakMap<Response, () => void>();

/**
 * Ends a call made with `timeout`: removes the listener that linked the caller's `signal` to the
 * request, kept until then so an abort can still cancel the body being read. Call it once the body
 * is read or cancelled; without it, every call would leave a listener on a long-lived signal.
 */
export function release(response: Response | undefined): void {
  // `WeakMap#get` of `undefined` is `undefined`, no throw.
  links.get(response!)?.();
}

/** The body as JSON when it parses, else as text ('' when it cannot be read). */
export async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A message from any shape the router and providers use: a string, or `message` / `msg` of an object. */
const messageOf = (value: unknown): string | undefined =>
  typeof value === 'string'
    ? value
    : value && typeof value === 'object'
      ? messageOf((value as { message?: unknown }).message ?? (value as { msg?: unknown }).msg)
      : undefined;

/**
 * The server's message: `{ error: string }`, `{ error: { message } }`, `{ detail }` (a string, or
 * FastAPI's `[{ msg }]`), `{ message }`, `{ errors: [{ message }] }`, a text body, or else the
 * `X-Error-Message` header.
 */
function serverMessage(body: unknown, header: string | null): string | undefined {
  if (typeof body === 'string') return body.trim().slice(0, 500) || header || undefined;
  const fields = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  for (const value of [fields.error, fields.detail, fields.message, fields.errors]) {
    const list = Array.isArray(value) ? value.map(messageOf).filter(Boolean) : [messageOf(value)];
    if (list[0]) return list.join('; ');
  }
  return header ?? undefined;
}

/**
 * Seconds from a `Retry-After` header: delta-seconds (digits only) or an HTTP date (IMF-fixdate,
 * RFC 850 or asctime). Anything else is absent, not "now": `Date.parse` alone accepts garbage such as
 * `Wed 9`, and `Number` accepts `-5`, `1e400` and `' '`, each of which would make the client retry at once.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (seconds < Infinity) return seconds;
  // `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT`, `Sun Nov  6 08:49:37 1994` (GMT too).
  const date = /^\w{3,9},? [\w -]+ [\d:]{8} (GMT|\d{4})$/.test(value)
    ? Date.parse(value.endsWith('GMT') ? value : `${value} GMT`)
    : NaN;
  return date === date ? Math.max(0, (date - now) / 1000) : undefined;
}

/**
 * Sends one logical request: retries a loading model (503 with `estimated_time`) within
 * `modelLoadingTimeout`, and a 429 with `Retry-After` up to `maxRateLimitRetries` times.
 * Resolves with the successful `Response` (body unread; `release` it once read); throws a typed
 * error otherwise (not yet scrubbed: see `scrub`). `timeout` bounds each attempt until its response
 * headers arrive; a fetch that fails otherwise is an `InferenceNetworkError`.
 */
export async function sendRequest(req: HttpRequest, options: RequestOptions): Promise<Response> {
  const method = req.method ?? 'POST';
  const headers = buildHeaders(req, options);
  const body = req.json !== undefined ? JSON.stringify(req.json) : (req.body as BodyInit | undefined);
  const doFetch = options.fetch ?? globalThis.fetch;
  const loadingBudget = options.modelLoadingTimeout ?? DEFAULT_MODEL_LOADING_TIMEOUT;
  const maxRateLimitRetries = options.maxRateLimitRetries ?? 2;
  const started = Date.now();
  let loadingAttempt = 0;
  let rateLimitAttempt = 0;

  const { signal, timeout } = options;

  for (;;) {
    signal?.throwIfAborted();
    // Without a timeout the caller's signal goes to fetch as it is: no controller, timer or listener
    // per request (the common case). With one, an own controller takes both the timeout and an abort.
    let controller: AbortController | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let unlink: (() => void) | undefined;
    if (timeout) {
      const own = (controller = new AbortController());
      timer = setTimeout(() => own.abort(), timeout);
      const onAbort = () => own.abort(signal!.reason);
      signal?.addEventListener('abort', onAbort);
      unlink = () => signal?.removeEventListener('abort', onAbort);
    }
    let response: Response;
    try {
      response = await doFetch(req.url, { method, headers, body, signal: controller?.signal ?? signal });
    } catch (cause) {
      unlink?.();
      if (signal?.aborted) throw signal.reason;
      const context = { model: req.model, request: redact(method, req.url, headers, options.secretHeaders) };
      if (controller?.signal.aborted) throw new InferenceTimeoutError(timeout!, context);
      throw new InferenceNetworkError(req.url, cause, context);
    } finally {
      // The timeout bounds the wait for the headers only; a slow body (a stream) is not cut.
      clearTimeout(timer);
    }
    // The caller's signal stays linked until the body is read, so an abort can still cancel it (see `release`).
    if (unlink) links.set(response, unlink);
    if (response.ok) return response;

    const parsed = await readBody(response);
    release(response);
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const error = new InferenceHTTPError({
      status: response.status,
      url: req.url,
      model: req.model,
      requestId: response.headers.get('x-request-id') ?? response.headers.get('x-amzn-trace-id') ?? undefined,
      serverMessage: serverMessage(parsed, response.headers.get('x-error-message')),
      body: parsed,
      request: redact(method, req.url, headers, options.secretHeaders),
      retryAfter,
    });

    if (response.status === 503) {
      const given = (parsed as { estimated_time?: unknown } | null)?.estimated_time;
      const elapsed = Date.now() - started;
      // `1e400` parses as Infinity; an estimate that is not a finite number is no estimate: no wait,
      // and nothing unbounded reaches `onModelLoading`. A negative one means "any moment now".
      if (typeof given !== 'number' || !(given < Infinity) || elapsed >= loadingBudget) throw error;
      const estimated = Math.max(0, given);
      loadingAttempt += 1;
      options.onModelLoading?.({ estimatedTime: estimated, attempt: loadingAttempt, elapsed });
      const wait = Math.min(Math.max(estimated * 1000, 1000), MAX_SINGLE_WAIT, loadingBudget - elapsed);
      await sleep(wait, signal);
      continue;
    }
    if (response.status === 429 && retryAfter !== undefined && rateLimitAttempt < maxRateLimitRetries) {
      const wait = retryAfter * 1000;
      if (wait > MAX_RETRY_AFTER) throw error;
      rateLimitAttempt += 1;
      await sleep(wait, signal);
      continue;
    }
    throw error;
  }
}

/**
 * The body's JSON, or an `InferenceResponseError` of `name` that shows the text and says what was
 * `expected`. The caller releases the response.
 */
export async function readJson(
  response: Response,
  name: string,
  expected: string,
  model: string | undefined,
): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new InferenceResponseError(name, expected, text, model);
  }
}

/**
 * GETs JSON: one `sendRequest` without waits for a loading model (a 503 on a lookup is an outage to
 * report), the body read and released, and text that is not JSON an `InferenceResponseError` named
 * after `name`. Errors are not scrubbed yet (see `scrub`).
 */
export async function getJson(name: string, url: string, options: RequestOptions, model?: string): Promise<unknown> {
  const response = await sendRequest({ url, method: 'GET', model }, { ...options, modelLoadingTimeout: 0 });
  try {
    return await readJson(response, name, 'JSON', model);
  } finally {
    release(response);
  }
}
