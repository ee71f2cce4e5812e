/**
 * @inferkit/server: a proxy for the Hugging Face Inference API that keeps the access token on the
 * server. This entry is a fetch handler with no Node-only API (Next.js, Workers, Deno, Bun); Node's
 * `http` adapter is in `@inferkit/server/node` and the Vite plugin in `@inferkit/server/vite`.
 */
export {
  DEFAULT_BODY_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_HUB_UPSTREAM,
  DEFAULT_UPSTREAM,
  createInferenceProxy,
  type FetchLike,
  type InferenceProxy,
  type InferenceProxyOptions,
  type ProxyLogEntry,
} from './proxy';
export { CHAT_TASK, PROVIDERS, ROUTER_POLICIES } from './routes';
export { FORWARDED_REQUEST_HEADERS } from './headers';
export type { Authorize, AuthorizeResult, ProxyUser } from './authorize';
export { addressKey, clientAddressOf, rememberClientAddress } from './client-address';
export type { ClientKey } from './guard';
export type { LimitStore, LimitWindow, ProxyLimits, RedisClientLike, UsageReport } from './ratelimit';
