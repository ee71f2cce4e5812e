/**
 * A hostile upstream for the security tests: a real HTTP server on 127.0.0.1 whose every answer a
 * test scripts, down to raw bytes on the socket. It records what it received, so a test can check
 * both directions: what reached the upstream, and what the upstream sent that must not come back.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** What the upstream received. */
export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A scripted answer: given the request, write the response (or leave it hanging). */
export type Script = (request: ReceivedRequest, response: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

/** A hostile upstream: an HTTP server whose answer is set per test. */
export interface HostileUpstream {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request received, in order. */
  received: ReceivedRequest[];
  /** Sets the answer for the requests that follow. */
  answer(script: Script): void;
  close(): Promise<void>;
}

/** Starts an HTTP server on 127.0.0.1 that answers with the current script (default: 200 `{}`). */
export async function startHostileUpstream(): Promise<HostileUpstream> {
  let script: Script = (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  };
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(async (raw, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of raw) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: raw.method ?? '',
      url: raw.url ?? '',
      headers: raw.headers,
      body: Buffer.concat(chunks),
    };
    received.push(request);
    try {
      await script(request, response, raw);
    } catch {
      response.destroy();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(next) {
      script = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A raw TCP upstream for what `node:http` refuses to write (a reason phrase or header with odd
 * bytes, a lying `content-length`): `reply` gets the request head as text and writes bytes.
 */
export async function startRawUpstream(
  reply: (head: string, socket: Socket) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: NetServer = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let head = '';
    socket.on('data', (data) => {
      if (head.includes('\r\n\r\n')) return;
      head += data.toString('latin1');
      if (head.includes('\r\n\r\n')) reply(head, socket);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Every string a value holds, however deep, plus its JSON: for "the secret is nowhere in it" checks. */
export function everyString(value: unknown, seen = new Set<unknown>()): string[] {
  if (typeof value === 'string') return [value];
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const out: string[] = [];
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'string') out.push(key);
    let child: unknown;
    try {
      child = (value as Record<PropertyKey, unknown>)[key];
    } catch {
      continue;
    }
    out.push(...everyString(child, seen));
  }
  // `stack` and `message` are own properties of errors, but `cause` chains and getters are walked above.
  return out;
}
