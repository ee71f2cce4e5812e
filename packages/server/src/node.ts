/**
 * Node's `http` for the fetch-style proxy, through the adapter it shares with the emulator
 * (node-adapter.ts): bodies stream both ways with backpressure, and a client that disconnects
 * aborts the request, which cancels the upstream call.
 */
import { rememberClientAddress } from './client-address';
import { adaptFetchHandler, listen, type FetchHandler, type NodeListener } from './node-adapter';
import { createInferenceProxy, type InferenceProxyOptions } from './proxy';

export type { FetchHandler, NodeListener } from './node-adapter';

/**
 * Adapts a fetch-style handler to Node's `http` (and Express, Connect, Fastify's raw handler). Each
 * request carries the client's address for the per-client limits (a fetch handler has no other way to learn it).
 * @example
 * import { createServer } from 'node:http';
 * const proxy = createInferenceProxy({ accessToken: process.env.HF_TOKEN, basePath: '/api/inference' });
 * createServer(toNodeListener(proxy)).listen(3001);
 */
export function toNodeListener(handler: FetchHandler): NodeListener {
  return adaptFetchHandler(handler, {
    prepare: (request, req) => rememberClientAddress(request, req.socket.remoteAddress),
  });
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
  const { url, port: bound, close } = await listen(toNodeListener(createInferenceProxy(proxyOptions)), { port, host });
  const basePath = (proxyOptions.basePath ?? '').replace(/\/+$/, '');
  return { url: `${url}${basePath && !basePath.startsWith('/') ? '/' : ''}${basePath}`, port: bound, close };
}

export { createInferenceProxy, type InferenceProxyOptions, type ProxyLogEntry } from './proxy';
