/**
 * The proxy as a fetch handler: `(request: Request) => Promise<Response>`. It uses only web APIs
 * (no Node modules, no `process.env`), so the same function runs in a Next.js route handler, a
 * Cloudflare Worker, Deno, Bun, behind Node's `http` (see `./node`) or inside Vite (see `./vite`).
 */
import { BILL_TO_HEADER, FORWARDED_REQUEST_HEADERS, forwardRequestHeaders, passResponseHeaders } from './headers';
import { BodyTimeoutError, BodyTooLargeError, limitStream, readLimited, readUpTo } from './limit';
import {
  headerFormsOf,
  needlesOf,
  redactBytes,
  redactJson,
  redactStream,
  redactText,
  SecretLeakError,
  type Needle,
  type RedactOptions,
} from './redact';
import { KNOWN_ROUTES, ROUTER_POLICIES, matchRoute, splitModelSuffix } from './routes';
import type { Authorize } from './authorize';
import { createGuard, type ClientKey } from './guard';
import type { ProxyLimits } from './ratelimit';

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

/** Methods the proxy answers; anything else gets 405 with this as `Allow`. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/**
 * `PUT` is taken only where a route is declared with it (fal's `PUT …/requests/{id}/cancel`); on any
 * other path it gets the 405 every unknown method gets.
 */
const ROUTE_ONLY_METHODS = ['PUT'];
const CORS_EXPOSED_HEADERS = 'retry-after, x-request-id, x-compute-type, x-compute-time, x-compute-characters';
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Error and utility bodies are read whole (to scrub them); past this they are cut short. */
const MAX_BUFFERED_RESPONSE = 1024 * 1024;
/** Shorter configured header values are not treated as secrets: scrubbing `1.2` would garble answers. */
const MIN_HEADER_SECRET_LENGTH = 8;
/** Charsets in which a secret shows as one of the byte forms the scrubber looks for (ASCII-compatible or UTF-16). */
const CHECKABLE_CHARSET = /^(utf-?8|us-ascii|ascii|iso-8859-1|latin1|windows-1252|utf-?16(le|be)?)$/i;

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

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

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

/** `true` when a `content-encoding` value means the bytes are as they are (absent or `identity`). */
const isIdentityCoding = (value: string | null) =>
  value === null || value.split(',').every((coding) => ['', 'identity'].includes(coding.trim().toLowerCase()));

/** Text a client may parse (JSON, SSE, or untyped): not images, audio or other binary answers. */
const isTextual = (contentType: string | null) =>
  !contentType || /^text\/|json|event-stream|xml|javascript/i.test(contentType);

/** The `charset` parameter of a content type, when it names one. */
const charsetOf = (contentType: string | null) => /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];

/**
 * Creates a proxy that forwards Inference API calls from a browser to Hugging Face with the
 * server's token, so the token never reaches the browser. Point `@inferkit/core` at it with
 * `baseUrl`. Only the router's and the Hub's routes in `routes.ts` are forwarded; everything else
 * gets 404.
 * @example
 * // app/api/inference/[...path]/route.ts (Next.js)
 * const proxy = createInferenceProxy({
 *   accessToken: process.env.HF_TOKEN,
 *   basePath: '/api/inference',
 *   allowModels: ['facebook/bart-large-mnli', 'meta-llama/Llama-3.1-8B-Instruct'],
 *   allowProviders: ['hf-inference', 'groq'],
 * });
 * export const POST = proxy;
 * export const GET = proxy;
 * // in the browser:
 * const client = new InferenceClient({ baseUrl: '/api/inference' });
 */
export function createInferenceProxy(options: InferenceProxyOptions = {}): InferenceProxy {
  const upstream = trimSlash(options.upstream ?? DEFAULT_UPSTREAM);
  const hubUpstream = trimSlash(options.hubUpstream ?? DEFAULT_HUB_UPSTREAM);
  const basePath = normaliseBasePath(options.basePath);
  const maxBodyBytes = positiveNumber('maxBodyBytes', options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES);
  const bodyTimeoutMs = positiveNumber('bodyTimeoutMs', options.bodyTimeoutMs, DEFAULT_BODY_TIMEOUT_MS);
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
  const doFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
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
  const headerSecrets = headerFormsOf(secrets);
  const longestNeedle = Math.max(0, ...needles.map((needle) => needle.bytes.length));
  const scrubBuffered = (bytes: Uint8Array, redactOptions: RedactOptions) =>
    scrubBufferedWith(bytes, secrets, needles, redactOptions);
  const corsAllowedHeaders = [...FORWARDED_REQUEST_HEADERS, ...(allowBillTo.size > 0 ? [BILL_TO_HEADER] : [])].join(
    ', ',
  );
  const allowedModels = Array.isArray(options.allowModels)
    ? new Set(options.allowModels.map((model) => model.toLowerCase()))
    : undefined;
  const allowedTasks = options.allowTasks ? new Set(options.allowTasks) : undefined;
  const allowedProviders = nameList('allowProviders', options.allowProviders);
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
  // With either list set, a provider route's own model id must be listed: `allowModels` cannot check it.
  const checkProviderModels = providerModels !== undefined || options.allowModels !== undefined;
  const cors = options.cors ? { origin: options.cors === true ? '*' : options.cors.origin } : undefined;
  const guard = createGuard(options);

  const isModelAllowed = async (model: string): Promise<boolean> => {
    if (allowedModels) return allowedModels.has(model.toLowerCase());
    if (typeof options.allowModels === 'function') return options.allowModels(model);
    return true;
  };
  /**
   * The entry of `allowProviderModels` that lets a provider's own id through, if any; replicate's
   * version route names the version only, which matches an entry `owner/name:version`.
   */
  const listedProviderModel = (provider: string, model: string, field: string | undefined) =>
    (Object.hasOwn(providerModels ?? {}, provider) ? providerModels![provider]! : []).find(
      (listed) => listed === model || (field === 'version' && listed.endsWith(`:${model}`)),
    );

  const withCors = (headers: Headers) => {
    if (!cors) return;
    headers.set('access-control-allow-origin', cors.origin);
    headers.set('access-control-expose-headers', CORS_EXPOSED_HEADERS);
    if (cors.origin !== '*') headers.append('vary', 'origin');
  };

  return async function inferenceProxy(request: Request): Promise<Response> {
    const started = performance.now();
    let url: URL | undefined;
    try {
      url = new URL(request.url);
    } catch {
      // Only a hand-made request can get here; Node's adapter answers a bad Host itself.
    }
    const log: ProxyLogEntry = {
      method: request.method,
      path: url ? redactText(url.pathname, headerSecrets) : '',
      model: undefined,
      provider: undefined,
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
      const error = redactText(message, headerSecrets);
      log.error = error;
      const headers = new Headers({ 'content-type': 'application/json', ...extra });
      withCors(headers);
      return finish(new Response(JSON.stringify({ error }), { status, headers }));
    };

    /** Nobody is left to read an answer; 499 is what the log shows. */
    const clientGone = (error: unknown): Response => {
      log.error = redactText(`client closed the request: ${describe(error)}`, headerSecrets);
      return finish(new Response(null, { status: 499 }));
    };

    if (!url) return fail(400, 'The request URL is malformed.');
    const wrongMethod = () =>
      fail(405, `Method ${request.method} is not allowed by this proxy; use ${ALLOWED_METHODS}.`, {
        allow: ALLOWED_METHODS,
      });
    if (!ALLOWED_METHODS.split(', ').includes(request.method) && !ROUTE_ONLY_METHODS.includes(request.method)) {
      return wrongMethod();
    }
    if (request.method === 'OPTIONS') {
      if (!cors) return fail(405, 'Method OPTIONS is not allowed: CORS is not enabled on this proxy (option `cors`).');
      // The route's own lists, not an echo of what the browser asks for: other headers are dropped anyway.
      const below = stripBasePath(url.pathname, basePath);
      const asked = request.headers.get('access-control-request-method') ?? '';
      const preflighted = below === undefined ? undefined : matchRoute(below, asked.toUpperCase(), url.search);
      const route = preflighted?.status === 200 ? preflighted.route : undefined;
      const headers = new Headers({
        'access-control-allow-methods': route?.method === 'PUT' ? `${route.method}, OPTIONS` : ALLOWED_METHODS,
        'access-control-allow-headers': [corsAllowedHeaders, ...(route?.headers ?? [])].join(', '),
        'access-control-max-age': '600',
      });
      withCors(headers);
      return finish(new Response(null, { status: 204, headers }));
    }

    // Before anything that costs or tells: reading the body, the allow-lists' answers, the upstream.
    const admission = guard ? await guard(request) : undefined;
    if (admission?.kind === 'refuse') return fail(admission.status, admission.message, admission.headers);
    if (admission?.kind === 'respond') {
      withCors(admission.response.headers);
      return finish(admission.response);
    }

    const below = stripBasePath(url.pathname, basePath);
    if (below === undefined)
      return fail(404, `Not Found: ${log.path} is not below this proxy's base path ${basePath}.`);
    log.path = redactText(below, headerSecrets);
    const match = matchRoute(below, request.method, url.search);
    // A method only some routes take is, anywhere else, as unknown as any other.
    if (ROUTE_ONLY_METHODS.includes(request.method) && (match.status === 404 || match.status === 405)) {
      return wrongMethod();
    }
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
    log.provider = route.provider;
    log.task = route.task;

    // The size limit counts the bytes received: a small compressed upload would arrive far larger upstream.
    const contentEncoding = request.headers.get('content-encoding');
    if (!isIdentityCoding(contentEncoding)) {
      return fail(
        415,
        `The request body is encoded (Content-Encoding: ${contentEncoding}); this proxy only accepts unencoded bodies, as its size limit could not hold otherwise.`,
      );
    }
    // Who pays is the server's choice: a browser may only pick an organization the server listed.
    const requestedBillTo = request.headers.get(BILL_TO_HEADER);
    if (requestedBillTo !== null && !allowBillTo.has(requestedBillTo)) {
      return fail(
        403,
        `This proxy does not let the browser choose who is billed (header X-HF-Bill-To: "${requestedBillTo}"); ` +
          'list the organization in the option `allowBillTo` to allow it.',
      );
    }

    // Refuse early from the declared length; the stream is counted as well, as the header can lie or be absent.
    const declared = Number(request.headers.get('content-length') ?? '');
    const tooLarge = () =>
      fail(413, `The request body is larger than this proxy accepts (${maxBodyBytes} bytes, option \`maxBodyBytes\`).`);
    if (route.method === 'POST' && Number.isFinite(declared) && declared > maxBodyBytes) return tooLarge();
    const tooSlow = () =>
      fail(
        408,
        `The request body stalled: no byte arrived for ${bodyTimeoutMs} ms (option \`bodyTimeoutMs\`), so the proxy gave up on it.`,
      );

    let body: ReadableStream<Uint8Array> | Uint8Array | undefined;
    // The content type sent upstream, when the proxy re-encodes the body (a form gets a new boundary).
    let bodyType: string | undefined;
    // Why the upload was cut, when it was: the upstream request is aborted and the client told why.
    let bodyFailure: BodyTooLargeError | BodyTimeoutError | undefined;
    // The router picks the provider of `/v1/chat/completions` from its model's suffix (`x:groq`).
    const routerChat = route.kind === 'chat' && route.provider === undefined;
    // Whether a check needs the model a body names; without one such a body may go on unread.
    const modelChecked =
      route.modelKind === 'provider'
        ? checkProviderModels
        : !!options.allowModels || (routerChat && !!allowedProviders);
    let suffix: string | undefined;
    if (route.method === 'POST' && route.bodyModel) {
      // These routes name their model in the JSON body, so this one body is read whole.
      try {
        body = await readLimited(request.body, maxBodyBytes, bodyTimeoutMs);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return tooLarge();
        if (error instanceof BodyTimeoutError) return tooSlow();
        return clientGone(error);
      }
      const field = route.bodyModel;
      const read =
        route.bodyFormat === 'form'
          ? await modelOfForm(body, request.headers.get('content-type'), field)
          : modelOfJson(body, field);
      if ('reason' in read) return fail(400, read.reason);
      const named = typeof read.named === 'string' ? read.named : undefined;
      // Sent as parsed: with a second "model" key, or bytes another parser reads differently, the
      // upstream could otherwise run a model other than the one checked against the allow-lists.
      if ((named || route.model !== undefined) && read.body) ({ bytes: body, type: bodyType } = read.body);
      if (route.model !== undefined) {
        // The path names the model (hf-inference's `/v1/completions`): the body is sent as parsed,
        // and may only name that model again, as the upstream could run the body's.
        if (!read.body) return fail(400, `The request body must be JSON (it may name the path's model as "${field}").`);
        if (read.named !== undefined && named?.toLowerCase() !== route.model.toLowerCase()) {
          return fail(
            400,
            `The body's "${field}" (${JSON.stringify(read.named)}) is not the model the path names ("${route.model}"); the proxy checks the path's, so they must be the same.`,
          );
        }
      } else if (named && routerChat) {
        ({ model: log.model, suffix } = splitModelSuffix(named));
        log.provider = suffix && !ROUTER_POLICIES.includes(suffix) ? suffix : undefined;
      } else {
        log.model = named || undefined;
      }
      // `":groq"` names no model: with a check on, an empty id must not skip it.
      if (!log.model && modelChecked) {
        const where = route.bodyFormat === 'form' ? 'a multipart form with a' : 'JSON with a';
        return fail(400, `The request body must be ${where} "${field}" field naming the model to run.`);
      }
    }

    let model = log.model;
    const provider = log.provider;
    if (allowedProviders) {
      const list = `Allowed: ${[...allowedProviders].join(', ')}.`;
      if (routerChat && provider === undefined) {
        // Nothing is rewritten: the browser must say which provider, so the router cannot pick another.
        const why = suffix ? `its suffix ":${suffix}" lets the router pick the provider` : 'it names no provider';
        return fail(
          403,
          `This proxy only allows some providers (option \`allowProviders\`), and model "${model}" would not stay with them: ${why}. ` +
            `Name an allowed provider with a suffix, e.g. "${model}:${[...allowedProviders][0]}". ${list}`,
        );
      }
      if (provider !== undefined && !allowedProviders.has(provider)) {
        return fail(403, `Provider "${provider}" is not allowed by this proxy (option \`allowProviders\`). ${list}`);
      }
    }
    if (model && route.modelKind === 'provider') {
      const listed = checkProviderModels ? listedProviderModel(provider!, model, route.bodyModel) : model;
      if (listed === undefined) {
        return fail(
          403,
          `Model "${model}" of provider "${provider}" is not allowed by this proxy: provider routes carry the provider's own model id, ` +
            `so it must be listed in the option \`allowProviderModels\` under "${provider}".`,
        );
      }
      // A version is logged and given to `taskOf` as the `owner/name:version` entry it matched.
      model = log.model = listed;
    } else if (model) {
      let allowed = true;
      try {
        allowed = await isModelAllowed(model);
      } catch (error) {
        return fail(500, `The proxy's allowModels failed for model "${model}": ${describe(error)}`);
      }
      if (!allowed) {
        const list = allowedModels ? ` Allowed: ${[...(options.allowModels as readonly string[])].join(', ')}.` : '';
        return fail(403, `Model "${model}" is not allowed by this proxy (option \`allowModels\`).${list}`);
      }
    }
    // Polling and cancelling a job run no model: what it ran was checked when it was submitted.
    if (allowedTasks && route.method === 'POST' && route.kind !== 'poll') {
      let task = route.task;
      // A route that serves several tasks is taken as its first unless `taskOf` names another it serves.
      const ask = task === undefined || (!allowedTasks.has(task) && route.otherTasks.length > 0);
      if (ask && model && options.taskOf) {
        try {
          const told = await options.taskOf(model, provider ?? 'hf-inference');
          if (task === undefined || (told !== undefined && route.otherTasks.includes(told))) task = told;
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
            'Pass a `taskOf(model, provider)` option to createInferenceProxy, or call a route that names the task (/hf-inference/models/{model}/pipeline/{task}).',
        );
      }
      if (!allowedTasks.has(task)) {
        return fail(
          403,
          `Task "${task}"${model ? ` (model "${model}")` : ''} is not allowed by this proxy (option \`allowTasks\`). Allowed: ${[...allowedTasks].join(', ')}.`,
        );
      }
    }

    // The client's abort (a closed tab, a stop button) cancels the upstream request and its stream.
    const controller = new AbortController();
    const onClientAbort = () => controller.abort(request.signal.reason);
    if (request.signal.aborted) onClientAbort();
    else request.signal.addEventListener('abort', onClientAbort, { once: true });

    if (body === undefined && route.method === 'POST' && request.body) {
      body = limitStream(request.body, {
        maxBytes: maxBodyBytes,
        idleTimeoutMs: bodyTimeoutMs,
        onFail: (error) => {
          bodyFailure = error;
          controller.abort(error);
        },
      });
    }

    const headers = forwardRequestHeaders(request.headers, route.headers);
    if (bodyType !== undefined) headers.set('content-type', bodyType);
    // A streamed upload keeps its declared length (fetch checks the bytes match it); a buffered one gets its own.
    const contentLength = request.headers.get('content-length');
    if (body instanceof ReadableStream && contentLength !== null && /^\d+$/.test(contentLength)) {
      headers.set('content-length', contentLength);
    }
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (billTo !== undefined) headers.set(BILL_TO_HEADER, billTo);
    if (requestedBillTo !== null) headers.set(BILL_TO_HEADER, requestedBillTo);
    if (token) headers.set('authorization', `Bearer ${token}`);
    // An encoded answer could not be scrubbed, so none is asked for (and any that comes is refused).
    headers.set('accept-encoding', 'identity');
    const root = route.upstream === 'hub' ? hubUpstream : upstream;
    const init: RequestInit & { duplex?: 'half' } = {
      method: route.method,
      headers,
      body: body as BodyInit | undefined,
      signal: controller.signal,
      // A redirect would carry the token and configured headers to wherever the upstream points.
      redirect: 'manual',
    };
    // Streaming an upload needs half-duplex; runtimes that predate the option ignore it.
    if (body instanceof ReadableStream) init.duplex = 'half';

    let response: Response;
    try {
      // The rebuilt query: only the parameters the route allows, re-encoded (see routes.ts).
      response = await doFetch(new Request(`${root}${route.path}${route.search}`, init));
    } catch (error) {
      if (bodyFailure instanceof BodyTooLargeError) return tooLarge();
      if (bodyFailure instanceof BodyTimeoutError) return tooSlow();
      if (request.signal.aborted) return clientGone(error);
      return fail(502, `The proxy could not reach the Inference API (${new URL(root).host}): ${describe(error)}`);
    }
    if (bodyFailure) {
      // The upstream saw a truncated body; its answer means nothing to the client.
      await response.body?.cancel().catch(() => {});
      return bodyFailure instanceof BodyTooLargeError ? tooLarge() : tooSlow();
    }
    const refusal = refuseAnswer(response);
    if (refusal) {
      await response.body?.cancel().catch(() => {});
      return fail(502, refusal);
    }
    try {
      const relayed = await relay(response);
      return finish(admission ? admission.meter(relayed, route) : relayed);
    } catch (error) {
      if (request.signal.aborted) return clientGone(error);
      if (error instanceof SecretLeakError) return fail(502, error.message);
      return fail(502, `The Inference API's answer broke off: ${describe(error)}`);
    }
  };

  /** Why an upstream answer cannot be passed on, when it cannot. */
  function refuseAnswer(response: Response): string | undefined {
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      return `The Inference API answered with a redirect (${response.status}); this proxy does not follow redirects, as they would carry the server's token elsewhere.`;
    }
    if (NULL_BODY_STATUSES.has(response.status)) return undefined;
    const coding = response.headers.get('content-encoding');
    if (!isIdentityCoding(coding)) {
      return `The Inference API answered with Content-Encoding "${coding}" although the proxy asked for none (Accept-Encoding: identity); an encoded answer cannot be checked for secrets, so it is not passed on.`;
    }
    const charset = charsetOf(response.headers.get('content-type'));
    if (charset !== undefined && !CHECKABLE_CHARSET.test(charset)) {
      return `The Inference API answered in charset "${charset}", which the proxy cannot check for secrets, so it is not passed on.`;
    }
    return undefined;
  }

  async function relay(response: Response): Promise<Response> {
    const headers = passResponseHeaders(response.headers, headerSecrets);
    withCors(headers);
    // The upstream's reason phrase is dropped, not scrubbed: it is free text the client never needs.
    const init = { status: response.status, headers };
    if (NULL_BODY_STATUSES.has(response.status)) {
      await response.body?.cancel().catch(() => {});
      return new Response(null, init);
    }
    // A JSON escape could hide a secret from the byte scrubber in any text a client may parse.
    const redactOptions = { unescapeJson: isTextual(response.headers.get('content-type')) };
    if (!response.ok) {
      // Error bodies are small; reading them lets a secret be scrubbed whole. Successful answers
      // stream, GETs too: a Hub listing or a job's result can be larger than this buffer.
      const { bytes, truncated } = await readUpTo(response.body, MAX_BUFFERED_RESPONSE);
      // A cut could leave the start of a secret at the end: drop that much more.
      const kept = truncated ? bytes.subarray(0, Math.max(0, bytes.length - longestNeedle)) : bytes;
      return new Response(scrubBuffered(kept, redactOptions) as BodyInit, init);
    }
    // Success bodies stream through untouched but for the scrubber, so SSE stays incremental.
    const body = response.body ? redactStream(response.body, needles, redactOptions) : response.body;
    return new Response(body, init);
  }
}

/**
 * What a route's body names as its model: the field's value (`undefined` when the field is absent),
 * and the body to send, re-encoded from what was parsed (`undefined` when it did not parse); or why
 * the body is refused.
 */
type BodyModel =
  { named: unknown; body: { bytes: Uint8Array; type: string | undefined } | undefined } | { reason: string };

/** A JSON body's model field; sent re-serialised, so a second key or odd bytes cannot name another. */
function modelOfJson(bytes: Uint8Array, field: string): BodyModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { named: undefined, body: undefined };
  }
  if (!isJsonObject(parsed)) return { named: undefined, body: undefined };
  return {
    named: Object.hasOwn(parsed, field) ? parsed[field] : undefined,
    body: { bytes: new TextEncoder().encode(JSON.stringify(parsed)), type: undefined },
  };
}

/**
 * A multipart form's model field (OpenAI's transcriptions routes). The form is sent re-encoded (a new
 * boundary, so a new content type): what another parser would read from the original bytes (a part
 * after the end, a boundary in a value) cannot differ from what was checked. A field given twice is refused.
 */
async function modelOfForm(bytes: Uint8Array, contentType: string | null, field: string): Promise<BodyModel> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return { named: undefined, body: undefined };
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { named: undefined, body: undefined };
  }
  const values = form.getAll(field);
  if (values.length > 1) return { reason: `The form gives "${field}" ${values.length} times; give it once.` };
  const encoded = new Response(form);
  return {
    named: values[0],
    body: {
      bytes: new Uint8Array(await encoded.arrayBuffer()),
      type: encoded.headers.get('content-type') ?? undefined,
    },
  };
}

/**
 * Scrubs a whole body. JSON is scrubbed after parsing too, so an escaped secret (`\u0068f_...`) is
 * caught; then the bytes, for every form of every secret. Throws {@link SecretLeakError} when a
 * secret would still be sent.
 */
function scrubBufferedWith(
  bytes: Uint8Array,
  secrets: readonly string[],
  needles: readonly Needle[],
  redactOptions: RedactOptions,
) {
  let out = bytes;
  if (secrets.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      const { value, changed } = redactJson(parsed, secrets);
      if (changed) out = new TextEncoder().encode(JSON.stringify(value));
    }
  }
  return redactBytes(out, needles, redactOptions);
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
