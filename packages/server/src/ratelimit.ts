/**
 * Request limits and completion-token budgets, counted by rate-limiter-flexible: in this process's
 * memory by default, or in Redis when several proxy instances must share one count. Both stores
 * update atomically (Redis through one Lua script per update), so concurrent requests are counted
 * exactly; only the token budget can be overshot, as an answer's tokens are known after it passed.
 */
import type { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** A limit over a fixed window that starts at the first request a key makes in it. */
export interface LimitWindow {
  /** How many (requests, or completion tokens) one key may use per window: a positive whole number. */
  limit: number;
  /** The window's length in seconds: a positive whole number (60 a minute, 86400 a day). */
  windowSeconds: number;
}

/**
 * A Redis client to keep the counts in: an `ioredis` client (`new Redis(url)`, or a `Cluster`) or a
 * connected `redis` (node-redis v4+) client (`await createClient({ url }).connect()`). Which one
 * it is is told from the client itself.
 */
export type RedisClientLike =
  { defineCommand(...args: never[]): unknown } | { sendCommand(...args: never[]): unknown; isOpen: boolean };

/** Where the counts are kept when they must be shared by several proxy instances. */
export interface LimitStore {
  /**
   * The shared Redis. Connect it before serving: while it is not ready, the proxy answers 503
   * rather than letting requests through uncounted or queueing them behind the reconnection.
   */
  redis: RedisClientLike;
  /** Prefix of the Redis keys. Default `inferkit`; give each app sharing a Redis its own. */
  keyPrefix?: string | undefined;
}

/** One answer's completion tokens, as charged; given to `limits.onUsage`. */
export interface UsageReport {
  /** The user `authorize` named, when it did. */
  user: string | undefined;
  /** The key the limits count under: `user:{id}`, `ip:{address}`, `key:{clientKey}` or `anonymous`. */
  key: string;
  /** Tokens charged to the key's budget. */
  completionTokens: number;
  /** `usage` when the answer reported its count, `counted` when it was counted as it passed. */
  source: 'usage' | 'counted';
  /** False when the answer was cut short (the client left, the upstream broke off): what passed is charged. */
  complete: boolean;
}

/**
 * The `limits` option. Each key (the user `authorize` names, or else the client's address) gets
 * its own counts. A request is refused with 429 and `Retry-After` when the key used its requests
 * for the window, or when its completion-token budget for the window is already spent.
 *
 * Tokens are charged after the answer passed through, from its `usage` (or TGI's
 * `details.generated_tokens`); when it has none, from what was seen: one token per generated
 * stream event, or about one per 4 characters of a JSON answer's text. So a budget can be
 * overshot: an answer that starts with budget left is never cut short, and may take the budget
 * past its limit by up to its `max_tokens` (which the client picks, up to the model's maximum),
 * times the requests the key has in flight at once. The next request is then refused until the
 * window ends. Pair the budget with `requests` to bound that.
 * @example
 * createInferenceProxy({
 *   authorize,
 *   limits: {
 *     requests: { limit: 30, windowSeconds: 60 },
 *     completionTokens: { limit: 50_000, windowSeconds: 86_400 },
 *     store: { redis: new Redis(process.env.REDIS_URL) }, // shared by every instance
 *   },
 * });
 */
export interface ProxyLimits {
  /** Requests per window, per key. Every request counts, whatever its answer. */
  requests?: LimitWindow | undefined;
  /** Completion tokens per window, per key. */
  completionTokens?: LimitWindow | undefined;
  /** Keep the counts in Redis, shared by every instance using it. Default: this process's memory. */
  store?: LimitStore | undefined;
  /** Called after each answer with the tokens charged (for your own metering or billing). */
  onUsage?: ((usage: UsageReport) => void) | undefined;
}

/** Why the proxy refuses a request by itself: an error in the API's shape. */
export interface Refusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

/** Who the limits count a request against. */
export interface LimitKey {
  /** The store key, namespaced so a user id can never collide with an address. */
  key: string;
  /** How the refusal names it. */
  who: string;
}

/** The limits of one proxy. */
export interface RateLimits {
  /** Counts the request, or says why it is refused (429 over a limit, 503 when the store fails). */
  admit(key: LimitKey): Promise<Refusal | undefined>;
  /** Adds an answer's tokens to the key's budget; returns what was charged (clamped to one window's budget). */
  charge(key: LimitKey, tokens: number): Promise<number>;
  /** Whether answers need counting at all. */
  meters: boolean;
}

const OPTION = 'createInferenceProxy';

function checkWindow(window: unknown, name: string): LimitWindow | undefined {
  if (window === undefined) return undefined;
  if (!window || typeof window !== 'object') {
    throw new TypeError(`${OPTION}: \`${name}\` must be { limit, windowSeconds }.`);
  }
  for (const field of ['limit', 'windowSeconds'] as const) {
    const value = (window as Record<string, unknown>)[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new TypeError(`${OPTION}: \`${name}.${field}\` must be a positive whole number; got ${String(value)}.`);
    }
  }
  return window as LimitWindow;
}

/** Checks `limits` when the proxy is created, so a typo fails at startup rather than at the first request. */
export function validateLimits(limits: ProxyLimits): void {
  checkWindow(limits.requests, 'limits.requests');
  checkWindow(limits.completionTokens, 'limits.completionTokens');
  if (limits.store !== undefined) {
    const redis = limits.store?.redis as Record<string, unknown> | undefined;
    if (!redis || (typeof redis.defineCommand !== 'function' && typeof redis.sendCommand !== 'function')) {
      throw new TypeError(`${OPTION}: \`limits.store.redis\` must be an ioredis or redis (node-redis v4+) client.`);
    }
    const prefix = limits.store.keyPrefix;
    if (prefix !== undefined && (typeof prefix !== 'string' || prefix === '')) {
      throw new TypeError(`${OPTION}: \`limits.store.keyPrefix\` must be a non-empty string.`);
    }
  }
  if (limits.onUsage !== undefined && typeof limits.onUsage !== 'function') {
    throw new TypeError(`${OPTION}: \`limits.onUsage\` must be a function.`);
  }
}

/** "minute", "hour", "day" or "N s", for messages a person reads. */
function describeWindow(seconds: number): string {
  const named: Record<number, string> = { 1: 'second', 60: 'minute', 3600: 'hour', 86_400: 'day', 604_800: 'week' };
  return named[seconds] ?? `${seconds} s`;
}

const secondsUntil = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** A limiter's "over the limit" answer, as opposed to a store failure (an Error). */
const isLimiterRes = (value: unknown): value is RateLimiterRes =>
  !!value &&
  typeof value === 'object' &&
  !(value instanceof Error) &&
  typeof (value as RateLimiterRes).msBeforeNext === 'number';

const unavailable: Refusal = {
  status: 503,
  message: 'The proxy could not check its limits: its limit store did not answer. Try again shortly.',
  headers: {},
};

/**
 * Creates the limiters for `limits` (validated already). The library is loaded on first use, one
 * limiter file at a time, so a proxy without limits never loads it.
 * @example
 * const limits = createRateLimits({ requests: { limit: 60, windowSeconds: 60 } });
 * const refusal = await limits.admit({ key: 'user:42', who: 'this user' });
 */
export function createRateLimits(limits: ProxyLimits): RateLimits {
  const requests = limits.requests;
  const tokens = limits.completionTokens;
  const prefix = limits.store?.keyPrefix ?? 'inferkit';
  let loaded: Promise<{ requests?: RateLimiterAbstract; tokens?: RateLimiterAbstract }> | undefined;

  const load = () =>
    (loaded ??= (async () => {
      const make = await limiterFactory(limits.store);
      return {
        ...(requests ? { requests: make(`${prefix}:requests`, requests) } : {}),
        ...(tokens ? { tokens: make(`${prefix}:completion-tokens`, tokens) } : {}),
      };
    })());

  return {
    meters: tokens !== undefined || limits.onUsage !== undefined,

    async admit({ key, who }) {
      if (!requests && !tokens) return undefined;
      let limiters: Awaited<ReturnType<typeof load>>;
      try {
        limiters = await load();
      } catch {
        loaded = undefined;
        return unavailable;
      }
      try {
        if (limiters.tokens && tokens) {
          const used = await limiters.tokens.get(key);
          if (used && used.consumedPoints >= tokens.limit) {
            const retry = secondsUntil(used);
            return {
              status: 429,
              message:
                `Completion token budget spent: this proxy allows ${tokens.limit} completion tokens per ` +
                `${describeWindow(tokens.windowSeconds)} ${who}. It resets in ${retry} s.`,
              headers: { 'retry-after': String(retry) },
            };
          }
        }
        if (limiters.requests && requests) await limiters.requests.consume(key, 1);
      } catch (error) {
        if (!isLimiterRes(error) || !requests) return unavailable;
        const retry = secondsUntil(error);
        return {
          status: 429,
          message:
            `Rate limit reached: this proxy allows ${requests.limit} requests per ` +
            `${describeWindow(requests.windowSeconds)} ${who}. It resets in ${retry} s.`,
          headers: { 'retry-after': String(retry) },
        };
      }
      return undefined;
    },

    async charge({ key }, count) {
      if (!tokens || !(count > 0)) return 0;
      // One answer can at most spend a whole window's budget; a huge or infinite count from a
      // broken upstream must not overflow the store's integer.
      const points = Math.min(Math.ceil(count), tokens.limit);
      const limiters = await load();
      await limiters.tokens?.penalty(key, points);
      return points;
    },
  };
}

// The limiters are imported one file at a time: the package's index also loads its cluster, Mongo
// and SQL limiters, and with them Node modules that edge runtimes do not have. Those files carry no
// types of their own; the package's types describe the classes they export.
const loadMemoryLimiter = async (): Promise<typeof RateLimiterMemory> =>
  // @ts-expect-error -- an untyped CommonJS file; typed by the return type above.
  (await import('rate-limiter-flexible/lib/RateLimiterMemory.js')).default;
const loadRedisLimiter = async (): Promise<typeof RateLimiterRedis> =>
  // @ts-expect-error -- as above.
  (await import('rate-limiter-flexible/lib/RateLimiterRedis.js')).default;

async function limiterFactory(
  store: LimitStore | undefined,
): Promise<(keyPrefix: string, window: LimitWindow) => RateLimiterAbstract> {
  if (!store) {
    const Memory = await loadMemoryLimiter();
    return (keyPrefix, { limit, windowSeconds }) => new Memory({ keyPrefix, points: limit, duration: windowSeconds });
  }
  const Redis = await loadRedisLimiter();
  // ioredis clients can define commands; node-redis ones cannot, and need the library's other calls.
  const useRedisPackage = typeof (store.redis as { defineCommand?: unknown }).defineCommand !== 'function';
  return (keyPrefix, { limit, windowSeconds }) =>
    new Redis({
      storeClient: store.redis,
      useRedisPackage,
      rejectIfRedisNotReady: true,
      keyPrefix,
      points: limit,
      duration: windowSeconds,
    });
}
