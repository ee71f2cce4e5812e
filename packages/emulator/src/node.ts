/**
 * The emulator behind a real HTTP server (Node only). Requests become fetch `Request`s for the
 * shared handler; responses are written chunk by chunk as they are produced, so streams arrive
 * incrementally, and a client that disconnects aborts the work behind its request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preloadNlp } from './engines/token-classification';
import { createEmulatorHandler, resolveLimits, type EmulatorConfig, type EmulatorHandler } from './handler';

/** Options of {@link startEmulator}: where to listen, plus the handler's config. */
export interface StartEmulatorOptions extends EmulatorConfig {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string | undefined;
  /** Load the NER library in the background once listening, so the first NER answer is quick (the CLI does). */
  warmUp?: boolean | undefined;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL to give core as `baseUrl`, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  host: string;
  /** The handler behind the server (its `reset()` forgets cold starts and fault counters). */
  handler: EmulatorHandler;
  /** Stops listening and closes open connections, streams included. */
  close(): Promise<void>;
}

// Hop-by-hop and length headers describe the Node connection, not the request.
const SKIPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'expect',
  'upgrade',
]);

/**
 * The request's URL, from its Host header and target, or `undefined` when either is not one a URL
 * can be built from (`Host: a b`, `Host: [::1`, `Host: x/y`): that is the client's 400, not a 500.
 */
export function requestUrl(
  host: string | undefined,
  target: string | undefined,
  fallbackHost: string,
): URL | undefined {
  const authority = host || fallbackHost;
  // Only the characters of a reg-name, an IP literal and a port; no path, query, user info or space.
  if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=%]+|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?$/.test(authority)) return undefined;
  try {
    const base = new URL(`http://${authority}`);
    const path = target ?? '/';
    // Origin form (`/models/x`) is the norm; absolute form (`http://host/models/x`) is allowed by HTTP.
    const url = path.startsWith('/')
      ? new URL(`${base.origin}${path.startsWith('//') ? path.replace(/^\/+/, '/') : path}`)
      : new URL(path);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The request body as a web stream that reads from the socket only as the handler pulls, so the
 * handler's size limit bounds what is buffered. Cancelling (a 413) stops reading without
 * destroying the socket, so the answer can still be written; `serve` then closes the connection.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (!done) controller.close();
          done = true;
        });
        req.once('error', (error) => {
          if (!done) controller.error(error);
          done = true;
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        req.pause();
      },
    },
    { highWaterMark: 4 },
  );
}

function toRequest(req: IncomingMessage, url: URL, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIPPED_REQUEST_HEADERS.has(key)) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  // The declared length lets the handler refuse an oversized body before reading any of it.
  const length = req.headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) headers.set('content-length', length);
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    body: hasBody ? bodyStream(req) : undefined,
    signal,
    // Node's fetch needs this for a streamed request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

/** How long the rest of an unread body may take to arrive before the connection is cut. */
const DRAIN_MS = 5_000;

/** Reads and drops the rest of a request body, up to `budget` bytes and DRAIN_MS; then cuts the connection. */
function discard(req: IncomingMessage, budget: number): void {
  req.removeAllListeners('data');
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
  req.resume();
}

/** Waits until `res` can take more data, or the connection closed. */
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

async function serve(
  handler: EmulatorHandler,
  req: IncomingMessage,
  res: ServerResponse,
  fallbackHost: string,
  drainBytes: number,
): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  try {
    const url = requestUrl(req.headers.host, req.url, fallbackHost);
    if (!url) {
      res.writeHead(400, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: 'Bad Request: the Host header or request target is not a valid URL authority' }));
      return;
    }
    const response = await handler(toRequest(req, url, controller.signal));
    if (controller.signal.aborted) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    // A body the handler did not read to the end (a 413): once the answer is out, the rest is read
    // and dropped, so a client still uploading gets to read the 413 instead of a broken pipe; past
    // a budget of bytes or time (an endless upload) the connection is cut.
    if (req.method !== 'GET' && req.method !== 'HEAD' && !req.complete) {
      res.once('finish', () => discard(req, drainBytes));
    }
    res.writeHead(response.status, headers);
    if (!response.body) {
      res.end();
      return;
    }
    // Send the headers now: a stream's first event may be a while away (slow first token).
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
    } finally {
      controller.signal.removeEventListener('abort', cancel);
    }
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `Internal emulator error: ${(error as Error)?.message ?? String(error)}` }));
    } else {
      // Mid-body failure (or a drop-after fault): break the connection as a crashed server would,
      // but only after what was already written has left, or the tokens before the drop are lost.
      const socket = res.socket;
      if (socket && !socket.destroyed) socket.destroySoon();
      else res.destroy();
    }
  }
}

/**
 * Starts the emulator on a port; resolves once it is listening.
 * @example
 * const emulator = await startEmulator({ port: 0 });
 * await zeroShotClassification({ baseUrl: emulator.url, inputs: 'I want a refund', parameters: { candidateLabels: ['refund', 'faq'] } });
 * await emulator.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 8787, host = '127.0.0.1', warmUp = false, ...config } = options;
  const handler = createEmulatorHandler(config);
  // An oversized body is drained after its 413 up to four times the limit, then cut off.
  const drainBytes = 4 * resolveLimits(config.limits).maxBodyBytes;
  const fallbackHost = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    void serve(handler, req, res, fallbackHost, drainBytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (warmUp) void preloadNlp().catch(() => {});
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    host,
    handler,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

export {
  DEFAULT_LIMITS,
  createEmulatorHandler,
  type EmulatorConfig,
  type EmulatorHandler,
  type EmulatorLimits,
  type RequestLogEntry,
} from './handler';
export { listModels } from './catalogue';
export { parseFaults } from './faults';
