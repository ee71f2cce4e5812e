/**
 * The proxy as a fetch handler: `(request: Request) => Promise<Response>`. It uses only web APIs
 * (no Node modules, no `process.env`), so the same function runs in a Next.js route handler, a
 * Cloudflare Worker, Deno, Bun, behind Node's `http` (see `./node`) or inside Vite (see `./vite`).
 *
 * A request goes through these steps, each answering by itself when it must: method and CORS
 * preflight; the guard (authorize, limits); the route; the body (size, stall, the model it names);
 * the allow-lists (`allow-lists.ts`); the upstream call; the answer, scrubbed (`relay.ts`).
 */
import { checkAllowLists } from './allow-lists';
import { describeError } from './describe-error';
import { BILL_TO_HEADER, forwardRequestHeaders, isIdentityCoding } from './headers';
import { BodyTimeoutError, BodyTooLargeError, limitStream, readLimited } from './limit';
import {
  resolveProxyOptions,
  type InferenceProxy,
  type InferenceProxyOptions,
  type ProxyLogEntry,
} from './proxy-options';
import { redactText, SecretLeakError } from './redact';
import { refuseAnswer, relay } from './relay';
import { modelOfForm, modelOfJson, subjectOfBody } from './request-body';
import { KNOWN_ROUTES, matchRoute } from './routes';

export {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_HUB_UPSTREAM,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_UPSTREAM,
  type FetchLike,
  type InferenceProxy,
  type InferenceProxyOptions,
  type ProxyLogEntry,
} from './proxy-options';

/** Methods the proxy answers; anything else gets 405 with this as `Allow`. */
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/**
 * `PUT` is taken only where a route is declared with it (fal's `PUT …/requests/{id}/cancel`); on any
 * other path it gets the 405 every unknown method gets.
 */
const ROUTE_ONLY_METHODS = ['PUT'];
const CORS_EXPOSED_HEADERS = 'retry-after, x-request-id, x-compute-type, x-compute-time, x-compute-characters';

/** The path below `basePath`, or `undefined` when the request is not under it. */
function stripBasePath(pathname: string, basePath: string): string | undefined {
  if (!basePath) return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : undefined;
}

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
  const config = resolveProxyOptions(options);
  const { basePath, maxBodyBytes, bodyTimeoutMs, billTo, allowBillTo, token, headerSecrets, cors } = config;

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
        config.onLog?.({ ...log });
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
      log.error = redactText(`client closed the request: ${describeError(error)}`, headerSecrets);
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
        'access-control-allow-headers': [config.corsAllowedHeaders, ...(route?.headers ?? [])].join(', '),
        'access-control-max-age': '600',
      });
      withCors(headers);
      return finish(new Response(null, { status: 204, headers }));
    }

    // Before anything that costs or tells: reading the body, the allow-lists' answers, the upstream.
    const admission = config.guard ? await config.guard(request) : undefined;
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
        ? config.checkProviderModels
        : !!config.allowModels || (routerChat && !!config.allowedProviders);
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
      const subject = subjectOfBody(read, route, routerChat, modelChecked);
      if ('reason' in subject) return fail(400, subject.reason);
      ({ model: log.model, provider: log.provider, suffix } = subject);
      if (subject.send) ({ bytes: body, type: bodyType } = subject.send);
    }

    const allowance = await checkAllowLists(config, {
      route,
      routerChat,
      model: log.model,
      provider: log.provider,
      suffix,
    });
    if (!allowance.allowed) {
      // A refused task is logged as the one refused (a route's, or the one `taskOf` told).
      if (allowance.task !== undefined) log.task = allowance.task;
      return fail(allowance.status, allowance.message);
    }
    log.model = allowance.model;
    log.task = allowance.task;

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
    for (const [name, value] of Object.entries(config.headers)) headers.set(name, value);
    if (billTo !== undefined) headers.set(BILL_TO_HEADER, billTo);
    if (requestedBillTo !== null) headers.set(BILL_TO_HEADER, requestedBillTo);
    if (token) headers.set('authorization', `Bearer ${token}`);
    // An encoded answer could not be scrubbed, so none is asked for (and any that comes is refused).
    headers.set('accept-encoding', 'identity');
    const root = route.upstream === 'hub' ? config.hubUpstream : config.upstream;
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
      response = await config.doFetch(new Request(`${root}${route.path}${route.search}`, init));
    } catch (error) {
      if (bodyFailure instanceof BodyTooLargeError) return tooLarge();
      if (bodyFailure instanceof BodyTimeoutError) return tooSlow();
      if (request.signal.aborted) return clientGone(error);
      return fail(502, `The proxy could not reach the Inference API (${new URL(root).host}): ${describeError(error)}`);
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
      const relayed = await relay(response, config, withCors);
      return finish(admission ? admission.meter(relayed, route) : relayed);
    } catch (error) {
      if (request.signal.aborted) return clientGone(error);
      if (error instanceof SecretLeakError) return fail(502, error.message);
      return fail(502, `The Inference API's answer broke off: ${describeError(error)}`);
    }
  };
}
