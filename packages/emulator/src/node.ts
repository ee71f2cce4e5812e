/**
 * The emulator behind a real HTTP server (Node only). Requests become fetch `Request`s for the
 * shared handler; responses are written chunk by chunk as they are produced, so streams arrive
 * incrementally, and a client that disconnects aborts the work behind its request.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { preloadNlp } from './engines/token-classification';
import { createEmulatorHandler, type EmulatorConfig, type EmulatorHandler } from './handler';

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

function toRequest(req: IncomingMessage, body: Buffer, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || SKIPPED_REQUEST_HEADERS.has(key)) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(key, v);
    else headers.set(key, value);
  }
  const method = req.method ?? 'GET';
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  return new Request(url, {
    method,
    headers,
    body: method === 'GET' || method === 'HEAD' ? undefined : new Uint8Array(body),
    signal,
  });
}

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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

async function serve(handler: EmulatorHandler, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort(new Error('The client closed the connection.'));
  });
  try {
    const request = toRequest(req, await readAll(req), controller.signal);
    const response = await handler(request);
    if (controller.signal.aborted) {
      await response.body?.cancel().catch(() => {});
      return;
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
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
  const server = createServer({ noDelay: true, keepAliveTimeout: 5_000 }, (req, res) => {
    void serve(handler, req, res);
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

export { createEmulatorHandler, type EmulatorConfig, type EmulatorHandler, type RequestLogEntry } from './handler';
export { listModels } from './catalogue';
export { parseFaults } from './faults';
