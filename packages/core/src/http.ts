import { InferenceHTTPError, InferenceTimeoutError, type RedactedRequest } from './errors';
import type { RequestOptions } from './options';

/** What one HTTP exchange needs, after the task has built its body. */
export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | undefined;
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
    signal?.addEventListener('abort', onAbort, { once: true });
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
  return headers;
}

/** The request as it may be shown in an error: no token. */
export function redact(method: string, url: string, headers: Record<string, string>): RedactedRequest {
  const safe: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    safe[key] = /^(authorization|x-api-key|cookie)$/i.test(key) ? '[redacted]' : value;
  }
  return { method, url, headers: safe };
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function serverMessage(body: unknown): string | undefined {
  if (typeof body === 'string') return body.trim() ? body.trim().slice(0, 500) : undefined;
  if (body && typeof body === 'object') {
    const error = (body as { error?: unknown; message?: unknown }).error ?? (body as { message?: unknown }).message;
    if (typeof error === 'string') return error;
    if (Array.isArray(error)) return error.map(String).join('; ');
    if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
      return (error as { message: string }).message;
    }
  }
  return undefined;
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/**
 * Sends one logical request: retries a loading model (503 with `estimated_time`) within
 * `modelLoadingTimeout`, and a 429 with `Retry-After` up to `maxRateLimitRetries` times.
 * Resolves with the successful `Response` (body unread); throws a typed error otherwise.
 * `timeout` bounds each attempt until its response headers arrive; `readBody` callers extend it.
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

  for (;;) {
    // Without a timeout the fetch is called here directly: no controller, timer or extra async layer
    // per request (the common case; see `fetchWithTimeout`).
    let response: Response;
    if (options.timeout) {
      response = await fetchWithTimeout(doFetch, req, { method, headers, body }, options.timeout, options.signal);
    } else {
      options.signal?.throwIfAborted();
      response = await doFetch(req.url, { method, headers, body, signal: options.signal });
    }
    if (response.ok) return response;

    const parsed = await readBody(response);
    const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
    const error = new InferenceHTTPError({
      status: response.status,
      url: req.url,
      model: req.model,
      requestId: response.headers.get('x-request-id') ?? undefined,
      serverMessage: serverMessage(parsed),
      body: parsed,
      request: redact(method, req.url, headers),
      retryAfter,
    });

    if (response.status === 503) {
      const estimated = (parsed as { estimated_time?: unknown } | null)?.estimated_time;
      const elapsed = Date.now() - started;
      if (typeof estimated !== 'number' || elapsed >= loadingBudget) throw error;
      loadingAttempt += 1;
      options.onModelLoading?.({ estimatedTime: estimated, attempt: loadingAttempt, elapsed });
      const wait = Math.min(Math.max(estimated * 1000, 1000), MAX_SINGLE_WAIT, loadingBudget - elapsed);
      await sleep(wait, options.signal);
      continue;
    }
    if (response.status === 429 && retryAfter !== undefined && rateLimitAttempt < maxRateLimitRetries) {
      const wait = retryAfter * 1000;
      if (wait > MAX_RETRY_AFTER) throw error;
      rateLimitAttempt += 1;
      await sleep(wait, options.signal);
      continue;
    }
    throw error;
  }
}

async function fetchWithTimeout(
  doFetch: typeof fetch,
  req: HttpRequest,
  init: { method: string; headers: Record<string, string>; body: BodyInit | undefined },
  timeout: number,
  signal: AbortSignal | undefined,
): Promise<Response> {
  signal?.throwIfAborted();
  // A controller of our own so both the caller's abort and the timeout cancel the fetch.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort(signal!.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await doFetch(req.url, { ...init, signal: controller.signal });
  } catch (cause) {
    signal?.removeEventListener('abort', onAbort);
    if (timedOut)
      throw new InferenceTimeoutError(timeout, {
        model: req.model,
        request: redact(init.method, req.url, init.headers),
      });
    throw cause;
  } finally {
    // The caller's signal stays linked on success so it can still cancel the body being read.
    clearTimeout(timer);
  }
}
