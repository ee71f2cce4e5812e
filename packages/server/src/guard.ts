/**
 * What stands between a caller and the owner's credits: `authorize` says who is calling, the
 * limits count that caller's requests and completion tokens, and the meter charges each answer's
 * tokens as it passes through. The proxy asks the guard once per request, before it reads the body
 * or forwards anything, and hands it each successful answer to meter.
 */
import { runAuthorize, type Authorize } from './authorize';
import { addressKey, clientAddressOf } from './client-address';
import { createRateLimits, validateLimits, type LimitKey, type ProxyLimits } from './ratelimit';
import { createUsageCounter, tapStream } from './usage';

/**
 * Picks the key per-client limits count under when there is no `authorize`. Gets the socket
 * address the runtime adapter recorded (`@inferkit/server/node` and the Vite plugin do; other
 * runtimes give `undefined`). Return `undefined` to count the request with every other keyless one.
 * @example
 * // Behind one load balancer of yours that appends the caller to X-Forwarded-For: only its last
 * // entry is trustworthy, since a client can send the header with any entries it likes.
 * clientKey: (request) => request.headers.get('x-forwarded-for')?.split(',').at(-1)?.trim(),
 */
export type ClientKey = (
  request: Request,
  address: string | undefined,
) => string | undefined | Promise<string | undefined>;

/** The guard's part of the proxy's options. */
export interface GuardOptions {
  authorize?: Authorize | undefined;
  clientKey?: ClientKey | undefined;
  limits?: ProxyLimits | undefined;
}

/** The guard's verdict on a request. */
export type Admission =
  /** `authorize` answered for itself; send its response. */
  | { kind: 'respond'; response: Response }
  /** Refused by the proxy: 429 over a limit, 500 or 503 when a check itself failed. */
  | { kind: 'refuse'; status: number; message: string; headers: Record<string, string> }
  /** Let through; `meter` wraps the answer so its completion tokens are charged as it passes. */
  | {
      kind: 'pass';
      user: string | undefined;
      meter(response: Response, route: { method: string; kind: string }): Response;
    };

/** The guard of one proxy: its verdict on each request. */
export type Guard = (request: Request) => Promise<Admission>;

/**
 * Creates the guard, validating its options now so a mistake fails at startup; `undefined` when
 * there is neither `authorize` nor `limits`, so such a proxy does no extra work.
 * @example
 * const guard = createGuard({ authorize, limits: { requests: { limit: 60, windowSeconds: 60 } } });
 * const admission = await guard?.(request);
 */
export function createGuard(options: GuardOptions): Guard | undefined {
  const { authorize, clientKey, limits } = options;
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw new TypeError('createInferenceProxy: `authorize` must be a function.');
  }
  if (clientKey !== undefined && typeof clientKey !== 'function') {
    throw new TypeError('createInferenceProxy: `clientKey` must be a function.');
  }
  if (limits !== undefined) {
    if (!limits || typeof limits !== 'object') throw new TypeError('createInferenceProxy: `limits` must be an object.');
    validateLimits(limits);
  }
  if (!authorize && !limits) return undefined;
  const rateLimits = limits ? createRateLimits(limits) : undefined;

  const keyOf = async (request: Request, user: string | undefined): Promise<LimitKey> => {
    if (user !== undefined) return { key: `user:${user}`, who: 'for this user' };
    const address = clientAddressOf(request);
    if (clientKey) {
      const custom = await clientKey(request, address);
      if (typeof custom === 'string' && custom !== '') return { key: `key:${custom}`, who: 'for this client' };
    } else if (address) {
      return { key: `ip:${addressKey(address)}`, who: 'from this address' };
    }
    // Never unlimited: callers the proxy cannot tell apart share one count.
    return { key: 'anonymous', who: 'for callers the proxy cannot tell apart' };
  };

  return async (request) => {
    let user: string | undefined;
    if (authorize) {
      const outcome = await runAuthorize(authorize, request);
      if (outcome.kind === 'respond') return outcome;
      if (outcome.kind === 'error') return { kind: 'refuse', status: 500, message: outcome.message, headers: {} };
      user = outcome.id;
    }
    if (!rateLimits) return { kind: 'pass', user, meter: (response) => response };

    let key: LimitKey;
    try {
      key = await keyOf(request, user);
    } catch {
      return {
        kind: 'refuse',
        status: 500,
        message: 'The proxy could not tell who is calling: its `clientKey` option failed.',
        headers: {},
      };
    }
    const refusal = await rateLimits.admit(key);
    if (refusal) return { kind: 'refuse', ...refusal };

    const meter = (response: Response, route: { method: string; kind: string }): Response => {
      if (!rateLimits.meters || !response.ok || !response.body || route.method !== 'POST') return response;
      const counter = createUsageCounter(response.headers.get('content-type') ?? '', { chat: route.kind === 'chat' });
      const body = tapStream(
        response.body,
        (chunk) => counter.push(chunk),
        (complete) => {
          const count = counter.result();
          void rateLimits
            .charge(key, count.completionTokens)
            .catch(() => count.completionTokens)
            .then((charged) => {
              limits?.onUsage?.({
                user,
                key: key.key,
                completionTokens: charged || count.completionTokens,
                source: count.source,
                complete,
              });
            })
            .catch(() => {
              // A failing onUsage must not surface as an unhandled rejection.
            });
        },
      );
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
    return { kind: 'pass', user, meter };
  };
}
