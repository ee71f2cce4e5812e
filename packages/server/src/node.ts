/**
 * Node's `http` for the fetch-style proxy. Bodies stream both ways with backpressure: an upload is
 * read only as fast as the upstream takes it, and a response is written only as fast as the client
 * reads it. A client that disconnects aborts the request, which cancels the upstream call.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rememberClientAddress } from './client-address';
import { createInferenceProxy, type InferenceProxyOptions } from './proxy';

/** A fetch-style request handler, such as the one {@link createInferenceProxy} returns. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A Node `http` request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

// Hop-by-hop headers describe the Node connection, not the request.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
  'proxy-connection',
  'host',
]);

/** The request body as a web stream that pauses the socket while the reader is not keeping up. */
function bodyStream(req: IncomingMessage, res: ServerResponse): ReadableStream<Uint8Array> {
  let open = true;
  // What the handler did not read is discarded after the response, so the connection stays usable.
  const discard = () => {
    open = false;
    req.resume();
  };
  res.once('finish', () => {
    if (!req.complete) discard();
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(chunk);
          if ((controller.desiredSize ?? 1) <= 0) req.pause();
        });
        req.once('end', () => {
          if (open) controller.close();
          open = false;
        });
        req.once('close', () => {
          if (open && !req.complete) controller.error(new Error('The client closed the connection during the upload.'));
          open = false;
        });
        req.once('error', (error) => {
          if (open) controller.error(error);
          open = false;
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        discard();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}

/** Methods the fetch API cannot carry (`new Request` throws on them), so no fetch handler can answer them. */
const UNSUPPORTED_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** What a fetch handler can be called with, for the `Allow` header of a 405. */
const FETCH_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** A `Host` value: a name, IPv4 or bracketed IPv6 address, and an optional port; nothing that could bend the URL. */
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9._~!$&'()*+,;=%-]+)(:\d{1,5})?$/i;

/** A client error found before the handler runs, answered by the adapter itself. */
class BadRequest extends Error {
  constructor(
    readonly status: 400 | 405,
    message: string,
  ) {
    super(message);
  }
}

/** The request's URL, from its target and `Host`; a malformed one is the client's error (400). */
function urlOf(req: IncomingMessage): URL {
  const protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const host = req.headers.host ?? 'localhost';
  if (!HOST.test(host)) throw new BadRequest(400, 'The Host header is malformed.');
  const target = req.url ?? '/';
  let url: URL;
  try {
    // Origin-form targets are appended, not resolved: `//other/x` is a path here, not another host.
    url = target.startsWith('/') ? new URL(`${protocol}://${host}${target}`) : new URL(target);
  } catch {
    throw new BadRequest(400, 'The request target is malformed.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequest(400, 'The request target is malformed.');
  }
  return url;
}

function toRequest(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Request {
  const method = req.method ?? 'GET';
  if (UNSUPPORTED_METHODS.has(method.toUpperCase())) {
    throw new BadRequest(405, `Method ${method} is not allowed.`);
  }
  const url = urlOf(req);
  const headers = new Headers();
  try {
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      if (Array.isArray(value)) for (const item of value) headers.append(name, item);
      else headers.set(name, value);
    }
  } catch {
    throw new BadRequest(400, 'A request header is malformed.');
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (hasBody) {
    init.body = bodyStream(req, res);
    init.duplex = 'half';
  }
  // Per-client limits key on this address; a fetch handler has no other way to learn it.
  return rememberClientAddress(new Request(url, init), req.socket.remoteAddress);
}

/** Resolves once `res` can take more data, or the connection closed. */
const drained = (res: ServerResponse) =>
  new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });

function writeHead(res: ServerResponse, response: Response) {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  // Node's standard reason phrase, never the handler's: it could carry text from anywhere (an
  // upstream's `401 Bad credentials Bearer hf_...`), and clients do not need it.
  res.writeHead(response.status, headers);
}

function answer(res: ServerResponse, status: number, error: string, extra: Record<string, string> = {}) {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify({ error }));
}

async function serve(handler: FetchHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  let request: Request;
  try {
    request = toRequest(req, res, controller.signal);
  } catch (error) {
    // Wrong client input is the client's error, never a 500.
    if (error instanceof BadRequest) {
      answer(res, error.status, error.message, error.status === 405 ? { allow: FETCH_METHODS } : {});
    } else {
      answer(res, 400, 'The request could not be read.');
    }
    req.resume();
    return;
  }
  let response: Response;
  try {
    response = await handler(request);
  } catch {
    // Details stay on the server: the handler's error could quote anything, secrets included.
    answer(res, 500, 'Internal error in the request handler.');
    return;
  }
  if (controller.signal.aborted || res.destroyed) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  try {
    writeHead(res, response);
  } catch {
    // A header Node will not write (a byte it refuses): nothing of the answer can go out as it is.
    await response.body?.cancel().catch(() => {});
    answer(res, 502, 'The answer had a header that cannot be sent.');
    return;
  }
  if (!response.body) {
    res.end();
    return;
  }
  // Headers go out now: a stream's first event may be a while away (a slow first token).
  res.flushHeaders();
  const reader = response.body.getReader();
  const cancel = () => void reader.cancel(controller.signal.reason).catch(() => {});
  controller.signal.addEventListener('abort', cancel, { once: true });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await drained(res);
      if (controller.signal.aborted) return;
    }
    res.end();
  } catch {
    // The body failed mid-way (the upstream dropped): break the connection so the client sees it,
    // but only once what was already written has left; `destroy()` would discard it, and with it
    // the text the client had been promised.
    const socket = res.socket;
    if (socket && !socket.destroyed) socket.destroySoon();
    else res.destroy();
  } finally {
    controller.signal.removeEventListener('abort', cancel);
  }
}

/**
 * Adapts a fetch-style handler to Node's `http` (and Express, Connect, Fastify's raw handler).
 * @example
 * import { createServer } from 'node:http';
 * const proxy = createInferenceProxy({ accessToken: process.env.HF_TOKEN, basePath: '/api/inference' });
 * createServer(toNodeListener(proxy)).listen(3001);
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return (req, res) => {
    void serve(handler, req, res);
  };
}

/** Options of {@link startInferenceProxy}: where to listen, plus the proxy's options. */
export interface StartInferenceProxyOptions extends InferenceProxyOptions {
  /** Port to listen on; 0 picks a free one. Default 8788. */
  port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string | undefined;
}

/** A running proxy server. */
export interface RunningInferenceProxy {
  /** The proxy's root including `basePath`: give it to `@inferkit/core` as `baseUrl`. */
  url: string;
  port: number;
  /** Stops listening and closes open connections, streams included. */
  close(): Promise<void>;
}

/**
 * Starts the proxy on its own HTTP server. `accessToken` defaults to `process.env.HF_TOKEN`.
 * @example
 * const proxy = await startInferenceProxy({ port: 8788, allowModels: ['facebook/bart-large-mnli'] });
 * const client = new InferenceClient({ baseUrl: proxy.url });
 */
export async function startInferenceProxy(options: StartInferenceProxyOptions = {}): Promise<RunningInferenceProxy> {
  const { port = 8788, host = '127.0.0.1', ...proxyOptions } = options;
  if (!('accessToken' in proxyOptions)) proxyOptions.accessToken = process.env.HF_TOKEN;
  const server = createServer({ noDelay: true }, toNodeListener(createInferenceProxy(proxyOptions)));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const basePath = (proxyOptions.basePath ?? '').replace(/\/+$/, '');
  return {
    url: `http://${shownHost}:${address.port}${basePath && !basePath.startsWith('/') ? '/' : ''}${basePath}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export { createInferenceProxy, type InferenceProxyOptions, type ProxyLogEntry } from './proxy';
