/**
 * A fetch-style handler behind Node's `http`, shared by the proxy (`@inferkit/server/node`) and the
 * emulator's server (`@inferkit/emulator/node`, which bundles this file). Bodies stream both ways
 * with backpressure: an upload is read only as fast as the handler takes it, and a response is
 * written only as fast as the client reads it. A client that disconnects aborts the request's
 * signal, so the work behind it stops. It imports nothing but `node:http`, so both packages can
 * carry it without depending on each other.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fetch-style request handler. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** A Node `http` request listener. */
export type NodeListener = (req: IncomingMessage, res: ServerResponse) => void;

/** How {@link adaptFetchHandler} builds requests and answers failures. */
export interface NodeAdapterOptions {
  /** The request as the handler gets it, from the one the adapter built (to attach what only Node knows). */
  prepare?: ((request: Request, req: IncomingMessage) => Request) | undefined;
  /** The `error` of the 500 when the handler throws. Default: no details, as the error could quote anything. */
  internalError?: ((error: unknown) => string) | undefined;
  /**
   * Bytes of an upload the handler left unread (a 413) that are read and dropped once the answer is
   * out, so the client gets to read it; past them, or past five seconds, the connection is cut.
   * Default: the rest is read, however long.
   */
  drainBytes?: number | undefined;
}

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

/** How long the rest of an unread upload may take to arrive before the connection is cut. */
const DRAIN_MS = 5_000;

/** Reads and drops the rest of an upload, up to `budget` bytes and DRAIN_MS when bounded; then cuts the connection. */
function discard(req: IncomingMessage, budget: number): void {
  req.removeAllListeners('data');
  if (Number.isFinite(budget)) {
    let seen = 0;
    const cut = () => req.socket.destroy();
    const timer = setTimeout(cut, DRAIN_MS);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      seen += chunk.byteLength;
      if (seen > budget) {
        clearTimeout(timer);
        cut();
      }
    });
    req.once('end', () => clearTimeout(timer));
    req.once('close', () => clearTimeout(timer));
  }
  req.resume();
}

/** The request body as a web stream that pauses the socket while the reader is not keeping up. */
function bodyStream(req: IncomingMessage, res: ServerResponse, drainBytes: number): ReadableStream<Uint8Array> {
  let open = true;
  // What the handler did not read is discarded after the response, so the client can read it.
  res.once('finish', () => {
    if (!req.complete) discard(req, drainBytes);
  });
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (!open) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
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
        // Reading stops here; the rest is dropped once the answer is out (see `discard`).
        open = false;
        req.pause();
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

function toRequest(req: IncomingMessage, res: ServerResponse, signal: AbortSignal, drainBytes: number): Request {
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
    init.body = bodyStream(req, res, drainBytes);
    // Node's fetch needs this for a streamed request body.
    init.duplex = 'half';
  }
  return new Request(url, init);
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

/** Breaks the connection once what was already written has left (`destroy()` would discard it). */
function breakAfterWritten(res: ServerResponse) {
  const socket = res.socket;
  if (socket && !socket.destroyed) socket.destroySoon();
  else res.destroy();
}

async function serve(
  handler: FetchHandler,
  options: NodeAdapterOptions,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  let request: Request;
  try {
    request = toRequest(req, res, controller.signal, options.drainBytes ?? Infinity);
    if (options.prepare) request = options.prepare(request, req);
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
  } catch (error) {
    answer(res, 500, options.internalError?.(error) ?? 'Internal error in the request handler.');
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
    // The body failed mid-way (an upstream dropped, a drop-after fault): break the connection so
    // the client sees it, but only once the text it had been promised has left.
    breakAfterWritten(res);
  } finally {
    controller.signal.removeEventListener('abort', cancel);
  }
}

/**
 * Adapts a fetch-style handler to Node's `http` (and Express, Connect, Fastify's raw handler).
 * @example
 * createServer(adaptFetchHandler((request) => new Response('hi'))).listen(3001);
 */
export function adaptFetchHandler(handler: FetchHandler, options: NodeAdapterOptions = {}): NodeListener {
  return (req, res) => {
    void serve(handler, options, req, res);
  };
}

/** A listening server: its URL (`http://host:port`, a wildcard host shown as 127.0.0.1), port, and `close`. */
export interface Listening {
  server: Server;
  url: string;
  port: number;
  /** Stops listening and closes open connections, streams included. */
  close(): Promise<void>;
}

/** Starts an HTTP server for `listener` on `host:port` (0 picks a free port); resolves once it listens. */
export async function listen(
  listener: NodeListener,
  { port, host, keepAliveTimeout }: { port: number; host: string; keepAliveTimeout?: number | undefined },
): Promise<Listening> {
  const server = createServer(
    { noDelay: true, ...(keepAliveTimeout === undefined ? {} : { keepAliveTimeout }) },
    listener,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    server,
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
