/**
 * The proxy inside Vite's dev and preview servers, so an app calls `/api/inference` in development
 * exactly as it will in production, and the token stays in the Node process running Vite.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';
import { toNodeListener } from './node';
import { createInferenceProxy, type InferenceProxyOptions } from './proxy';

/** Options of {@link inferenceProxy}: the proxy's options plus where to mount it. */
export interface InferenceProxyPluginOptions extends Omit<InferenceProxyOptions, 'basePath'> {
  /** Path the proxy answers below. Default `/api/inference`. */
  path?: string | undefined;
}

type Middlewares = {
  use(fn: (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void): unknown;
};

/**
 * A Vite plugin that serves the Inference API proxy below `path` in `vite dev` and `vite preview`.
 * `accessToken` defaults to `process.env.HF_TOKEN` (Vite does not put `.env` values there; use
 * `loadEnv(mode, process.cwd(), '')` for those).
 * @example
 * // vite.config.ts
 * export default defineConfig(({ mode }) => ({
 *   plugins: [react(), inferenceProxy({ accessToken: loadEnv(mode, process.cwd(), '').HF_TOKEN })],
 * }));
 * // in the app
 * const client = new InferenceClient({ baseUrl: '/api/inference' });
 */
export function inferenceProxy(options: InferenceProxyPluginOptions = {}): Plugin {
  const { path = '/api/inference', ...proxyOptions } = options;
  const basePath = `/${path.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  if (!('accessToken' in proxyOptions)) proxyOptions.accessToken = process.env.HF_TOKEN;

  const mount = (middlewares: Middlewares) => {
    const listener = toNodeListener(createInferenceProxy({ ...proxyOptions, basePath }));
    // Added directly (not returned as a post hook) so it runs before Vite's own middlewares.
    middlewares.use((req, res, next) => {
      const pathname = (req.url ?? '/').split('?')[0]!;
      if (pathname === basePath || pathname.startsWith(`${basePath}/`)) listener(req, res);
      else next();
    });
  };

  return {
    name: 'inferkit:inference-proxy',
    configureServer(server) {
      if (!proxyOptions.accessToken && !proxyOptions.upstream) {
        server.config.logger.warn(
          '[inferkit] inferenceProxy has no accessToken (set HF_TOKEN or pass accessToken): Hugging Face will answer 401.',
        );
      }
      mount(server.middlewares);
    },
    configurePreviewServer(server) {
      mount(server.middlewares);
    },
  };
}

export type { InferenceProxyOptions, ProxyLogEntry } from './proxy';
