/**
 * The proxy as a fetch handler: `(request: Request) => Promise<Response>`. It uses only web APIs
 * (no Node modules, no `process.env`), so the same function runs in a Next.js route handler, a
 * Cloudflare Worker, Deno, Bun, behind Node's `http` (see `./node`) or inside Vite (see `./vite`).
 */
import { forwardRequestHeaders, passResponseHeaders } from './headers';
import { BodyTooLargeError, limitStream, readLimited, readUpTo } from './limit';
import { redactStream, redactText } from './redact';
import { KNOWN_ROUTES, matchRoute, type ProxyRoute } from './routes';

/** The Hugging Face router root for the hf-inference provider, as `@inferkit/core` uses it. */
export const DEFAULT_UPSTREAM = 'https://router.huggingface.co/hf-inference';

/** Where model status and deployed-model lists live on Hugging Face (they are not on the router). */
export const DEFAULT_STATUS_UPSTREAM = 'https://api-inference.huggingface.co';

/** Default `maxBodyBytes`: 10 MB, enough for a photo or a minute of audio. */
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** One line of the proxy's structured log. It never holds the access token. */
export interface ProxyLogEntry {
  method: string;
  /** The request path, below the base path. */
  path: string;
  /** The model the request was for, when known. */
  model: string | undefined;
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
  /** Root that routes are forwarded below. Default the router's hf-inference root; point it at the emulator in tests. */
  upstream?: string | undefined;
  /**
   * Root for `GET /status/{model}` and `GET /framework/{framework}`. Defaults to `upstream` when
   * that is given, otherwise to `https://api-inference.huggingface.co`, where Hugging Face serves them.
   */
  statusUpstream?: string | undefined;
  /** Path the proxy is mounted at (e.g. `/api/inference`); stripped before forwarding. Default `''`. */
  basePath?: string | undefined;
  /** Models that may be called (ids compared case-insensitively, as the Hub does), or a predicate. */
  allowModels?: readonly string[] | ((model: string) => boolean | Promise<boolean>) | undefined;
  /** Tasks that may be run. Chat routes are `chat-completion`; other routes need the task from the path or `taskOf`. */
  allowTasks?: readonly string[] | undefined;
  /** Tells a model's task when the route does not (`POST /models/{model}`). Cache it yourself if it calls the Hub. */
  taskOf?: ((model: string) => string | undefined | Promise<string | undefined>) | undefined;
  /** Largest request body accepted, in bytes; larger ones get 413. Default 10 MB. */
  maxBodyBytes?: number | undefined;
  /** `fetch` used to reach the upstream; tests pass the emulator's handler. Default the global `fetch`. */
  fetch?: FetchLike | undefined;
  /** Extra headers sent upstream with every request. */
  headers?: Record<string, string> | undefined;
  /** Called once per request with a structured entry (after the response headers are ready). */
  onLog?: ((entry: ProxyLogEntry) => void) | undefined;
  /** Answer CORS preflights and add CORS headers: `true` for any origin, or one origin. Off by default. */
  cors?: boolean | { origin: string } | undefined;
}

/** The proxy: a fetch-style handler. */
export type InferenceProxy = (request: Request) => Promise<Response>;

const CORS_ALLOWED_HEADERS = 'content-type, accept, x-use-cache, x-wait-for-model, x-inferkit-fault';
const CORS_EXPOSED_HEADERS = 'retry-after, x-request-id, x-compute-type, x-compute-time, x-compute-characters';
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Error and utility bodies are read whole (to scrub them); past this they are cut short. */
const MAX_BUFFERED_RESPONSE = 1024 * 1024;
const SECRET_HEADER = /^(authorization|proxy-authorization|cookie)$|key|token|secret/i;

const trimSlash = (value: string) => value.replace(/\/+$/, '');

function normaliseBasePath(basePath: string | undefined): string {
  if (!basePath) return '';
  const trimmed = trimSlash(basePath);
  return trimmed === '' ? '' : trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** The path below `basePath`, or `undefined` when the request is not under it. */
function stripBasePath(pathname: string, basePath: string): string | undefined {
  if (!basePath) return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

const isChatBody = (value: unknown): value is { model?: unknown } =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * Creates a proxy that forwards Inference API calls from a browser to Hugging Face with the
 * server's token, so the token never reaches the browser. Point `@inferkit/core` at it with
 * `baseUrl`. Only the Inference API's routes are forwarded; everything else gets 404.
 * @example
 * // app/api/inference/[...path]/route.ts (Next.js)
 * const proxy = createInferenceProxy({
 *   accessToken: process.env.HF_TOKEN,
 *   basePath: '/api/inference',
 *   allowModels: ['facebook/bart-large-mnli', 'meta-llama/Llama-3.1-8B-Instruct'],
 * });
 * export const POST = proxy;
 * export const GET = proxy;
 * // in the browser:
 * const client = new InferenceClient({ baseUrl: '/api/inference' });
 */
export function createInferenceProxy(options: InferenceProxyOptions = {}): InferenceProxy {
  const upstream = trimSlash(options.upstream ?? DEFAULT_UPSTREAM);
  const statusUpstream = trimSlash(options.statusUpstream ?? options.upstream ?? DEFAULT_STATUS_UPSTREAM);
  const basePath = normaliseBasePath(options.basePath);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const doFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const token = options.accessToken || undefined;
  // Everything that may hold a credential is scrubbed from what goes back to the client.
  const secrets = [
    ...(token ? [token] : []),
    ...Object.entries(options.headers ?? {})
      .filter(([name, value]) => SECRET_HEADER.test(name) && value.length > 0)
      .flatMap(([, value]) => [value, value.replace(/^\S+\s+/, '')]),
  ].filter((secret, index, all) => secret.length > 0 && all.indexOf(secret) === index);
  const allowedModels = Array.isArray(options.allowModels)
    ? new Set(options.allowModels.map((model) => model.toLowerCase()))
    : undefined;
  const allowedTasks = options.allowTasks ? new Set(options.allowTasks) : undefined;
  const cors = options.cors ? { origin: options.cors === true ? '*' : options.cors.origin } : undefined;

  const isModelAllowed = async (model: string): Promise<boolean> => {
    if (allowedModels) return allowedModels.has(model.toLowerCase());
    if (typeof options.allowModels === 'function') return options.allowModels(model);
    return true;
  };

  const withCors = (headers: Headers) => {
    if (!cors) return;
    headers.set('access-control-allow-origin', cors.origin);
    headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    if (cors.origin !== '*') headers.append('vary', 'origin');
  };

  return async function inferenceProxy(request: Request): Promise<Response> {
    const started = performance.now();
    const url = new URL(request.url);
    const log: ProxyLogEntry = {
      method: request.method,
      path: redactText(url.pathname, secrets),
      model: undefined,
      task: undefined,
      status: 0,
      ms: 0,
      requestId: undefined,
      error: undefined,
    };

    const finish = (response: Response): Response => {
      log.status = response.status;
      log.ms = Math.round(performance.now() - started);
      log.requestId = response.headers.get('x-request-id') ?? undefined;
      try {
        options.onLog?.({ ...log });
      } catch {
        // A failing logger must not fail the request.
      }
      return response;
    };

    /** An error in the API's own shape, so `@inferkit/core` turns it into a typed error. */
    const fail = (status: number, message: string, extra: Record<string, string> = {}): Response => {
      const error = redactText(message, secrets);
      log.error = error;
      const headers = new Headers({ 'content-type': 'application/json', ...extra });
      withCors(headers);
      return finish(new Response(JSON.stringify({ error }), { status, headers }));
    };

    /** Nobody is left to read an answer; 499 is what the log shows. */
    const clientGone = (error: unknown): Response => {
      log.error = redactText(`client closed the request: ${describe(error)}`, secrets);
      return finish(new Response(null, { status: 499 }));
    };

    if (request.method === 'OPTIONS') {
      if (!cors) return fail(405, 'Method OPTIONS is not allowed: CORS is not enabled on this proxy (option `cors`).');
      const headers = new Headers({
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? CORS_ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      withCors(headers);
      return finish(new Response(null, { status: 204, headers }));
    }

    const below = stripBasePath(url.pathname, basePath);
    if (below === undefined)
      return fail(404, `Not Found: ${log.path} is not below this proxy's base path ${basePath}.`);
    log.path = redactText(below, secrets);
    const match = matchRoute(below, request.method);
    if (match.status === 400) return fail(400, match.reason);
    if (match.status === 404) {
      return fail(
        404,
        `Not Found: ${request.method} ${log.path} is not an Inference API route this proxy forwards. Routes: ${KNOWN_ROUTES.join(', ')}.`,
      );
    }
    if (match.status === 405) {
      return fail(405, `Method ${request.method} is not allowed on ${log.path}; use ${match.allow}.`, {
        allow: match.allow,
      });
    }
    const { route } = match;
    log.model = route.model;
    log.task = route.task;

    // Refuse early from the declared length; the stream is counted as well, as the header can lie or be absent.
    const declared = Number(request.headers.get('content-length') ?? '');
    const tooLarge = () =>
      fail(413, `The request body is larger than this proxy accepts (${maxBodyBytes} bytes, option \`maxBodyBytes\`).`);
    if (route.method === 'POST' && Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge();

    let body: ReadableStream<Uint8Array> | Uint8Array | undefined;
    let exceeded = false;
    if (route.method === 'POST' && route.kind === 'chat' && route.model === undefined) {
      // `/v1/chat/completions` names its model in the JSON body, so this one body is read whole.
      try {
        body = await readLimited(request.body, maxBodyBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return tooLarge();
        return clientGone(error);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(new TextDecoder().decode(body));
      } catch {
        parsed = undefined;
      }
      const model = isChatBody(parsed) && typeof parsed.model === 'string' ? parsed.model : undefined;
      if (!model && options.allowModels) {
        return fail(400, 'The request body must be JSON with a "model" field naming the model to chat with.');
      }
      log.model = model;
    }

    const model = log.model;
    if (model && !(await isModelAllowed(model))) {
      const list = allowedModels ? ` Allowed: ${[...(options.allowModels as readonly string[])].join(', ')}.` : '';
      return fail(403, `Model "${model}" is not allowed by this proxy (option \`allowModels\`).${list}`);
    }
    if (allowedTasks && route.method === 'POST') {
      let task = route.task;
      if (task === undefined && model && options.taskOf) {
        try {
          task = await options.taskOf(model);
        } catch (error) {
          return fail(
            500,
            `The proxy's taskOf failed for model "${model}": ${(error as Error)?.message ?? String(error)}`,
          );
        }
      }
      log.task = task;
      if (task === undefined) {
        return fail(
          403,
          `This proxy only allows the tasks ${[...allowedTasks].join(', ')}, and cannot tell the task of model "${model ?? '(none)'}" from the route. ` +
            'Pass a `taskOf(model)` option to createInferenceProxy, or call a route that names the task (/models/{model}/pipeline/{task}).',
        );
      }
      if (!allowedTasks.has(task)) {
        return fail(
          403,
          `Task "${task}"${model ? ` (model "${model}")` : ''} is not allowed by this proxy (option \`allowTasks\`). Allowed: ${[...allowedTasks].join(', ')}.`,
        );
      }
    }

    if (body === undefined && route.method === 'POST' && request.body) {
      body = limitStream(request.body, maxBodyBytes, () => (exceeded = true));
    }

    // The client's abort (a closed tab, a stop button) cancels the upstream request and its stream.
    const controller = new AbortController();
    const onClientAbort = () => controller.abort(request.signal.reason);
    if (request.signal.aborted) onClientAbort();
    else request.signal.addEventListener('abort', onClientAbort, { once: true });

    const headers = forwardRequestHeaders(request.headers);
    if (body instanceof Uint8Array) headers.delete('content-length');
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const root = route.kind === 'status' || route.kind === 'framework' ? statusUpstream : upstream;
    const init: RequestInit & { duplex?: 'half' } = {
      method: route.method,
      headers,
      body: body as BodyInit | undefined,
      signal: controller.signal,
    };
    // Streaming an upload needs half-duplex; runtimes that predate the option ignore it.
    if (body instanceof ReadableStream) init.duplex = 'half';

    let response: Response;
    try {
      response = await doFetch(new Request(`${root}${route.path}${url.search}`, init));
    } catch (error) {
      if (exceeded) return tooLarge();
      if (request.signal.aborted) return clientGone(error);
      return fail(502, `The proxy could not reach the Inference API (${new URL(root).host}): ${describe(error)}`);
    }
    if (exceeded) {
      // The upstream saw a truncated body; its answer means nothing to the client.
      await response.body?.cancel().catch(() => {});
      return tooLarge();
    }
    try {
      return finish(await relay(response, route));
    } catch (error) {
      if (request.signal.aborted) return clientGone(error);
      return fail(502, `The Inference API's answer broke off: ${describe(error)}`);
    }
  };

  async function relay(response: Response, route: ProxyRoute): Promise<Response> {
    const headers = passResponseHeaders(response.headers, secrets);
    withCors(headers);
    const init = { status: response.status, statusText: response.statusText, headers };
    if (NULL_BODY_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      return new Response(null, init);
    }
    if (route.method === 'GET' || !response.ok) {
      // Utility answers and error bodies are small; reading them lets a secret be scrubbed whole.
      const { bytes, truncated } = await readUpTo(response.body, MAX_BUFFERED_RESPONSE);
      let text = new TextDecoder().decode(bytes);
      // A cut could leave the start of a secret at the end: drop that much more.
      if (truncated) text = text.slice(0, Math.max(0, text.length - Math.max(0, ...secrets.map((s) => s.length))));
      return new Response(redactText(text, secrets), init);
    }
    // Success bodies stream through untouched but for the scrubber, so SSE stays incremental.
    const body = response.body && secrets.length > 0 ? redactStream(response.body, secrets) : response.body;
    return new Response(body, init);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail =
    cause instanceof Error
      ? `: ${(cause as { code?: string }).code ?? cause.message}`
      : cause
        ? `: ${String(cause)}`
        : '';
  return `${error.message}${detail}`;
}
