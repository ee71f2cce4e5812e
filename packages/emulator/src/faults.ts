/**
 * Faults on demand, and latency. A fault list is a string of comma- (or semicolon-) separated
 * items, the same syntax in the `x-inferkit-fault` header, the per-model config and the run-wide
 * config / CLI flag:
 *
 *   cold-start[=seconds]        503 "Model X is currently loading" until N s after the model's first request with
 *                               the fault (default 20); a request without it ends the episode, so the next one with
 *                               it starts a new cold start
 *   rate-limit[=seconds]        429 with Retry-After (default 1)
 *   server-error[=status]       500 (or another 5xx)
 *   bad-request[=message]       400 {"error": message}
 *   unauthorized                401 {"error": "Invalid credentials in Authorization header"}
 *   payment-required            402 with the router's "monthly included credits" message (credits exhausted)
 *   slow-first-byte=ms          hold the response this long before the first byte
 *   token-rate=tokens/s         pace streamed tokens
 *   drop-after=N                close a stream after N tokens, without the final chunk
 *   stream-error[=type][@N]     TGI error event after N tokens (type default generation, N default 2), HTTP 200
 *   malformed[=N]               a non-JSON body, or a broken event after N tokens in a stream
 *   slow-queue[=polls]          a provider job (fal-ai queue, replicate, novita) stays queued N more status polls
 *                               (default 5), and replicate's `Prefer: wait` answers `starting`
 *   failed-job[=message]        a provider job fails: fal answers its result with 500 {"detail": message},
 *                               replicate and novita report the job failed with the message
 *
 * Any item may end with `*N` to apply only to its first N requests (per model): `rate-limit=1*2`
 * fails twice, then lets requests through, which is how retrying clients are tested.
 */
import { sleep } from './engines/sse';
import type { StreamSettings } from './engines/types';

/** The kinds of fault the emulator can inject. */
export type FaultKind =
  | 'cold-start'
  | 'rate-limit'
  | 'server-error'
  | 'bad-request'
  | 'unauthorized'
  | 'payment-required'
  | 'slow-first-byte'
  | 'token-rate'
  | 'drop-after'
  | 'stream-error'
  | 'malformed'
  | 'slow-queue'
  | 'failed-job';

const KINDS: ReadonlySet<string> = new Set<FaultKind>([
  'cold-start',
  'rate-limit',
  'server-error',
  'bad-request',
  'unauthorized',
  'payment-required',
  'slow-first-byte',
  'token-rate',
  'drop-after',
  'stream-error',
  'malformed',
  'slow-queue',
  'failed-job',
]);

/** One parsed item of a fault list. */
export interface FaultItem {
  kind: FaultKind;
  value: string | undefined;
  /** Apply to the first `times` requests only. */
  times: number | undefined;
  /** The item as written, which keys its request counter. */
  source: string;
}

/** A fault list that does not parse; the handler answers 400 naming the bad item. */
export class FaultSyntaxError extends Error {
  override name = 'FaultSyntaxError';
}

const NUMERIC: Partial<Record<FaultKind, 'required' | 'optional'>> = {
  'cold-start': 'optional',
  'rate-limit': 'optional',
  'server-error': 'optional',
  'slow-first-byte': 'required',
  'token-rate': 'required',
  'drop-after': 'required',
  malformed: 'optional',
  'slow-queue': 'optional',
};

/** The range of a numeric fault value: what it means, its bounds, and whether it is whole. */
interface Range {
  what: string;
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Every numeric value's range. The upper bounds keep a typo from stalling a run (an hour-long first
 * byte, a timer past 2^31 ms that fires at once, a token every few hours) and stay far above any
 * useful test.
 */
export const FAULT_RANGES: Readonly<Partial<Record<FaultKind, Range>>> = {
  'cold-start': { what: 'seconds', min: 0, max: 3600, integer: false },
  'rate-limit': { what: 'seconds (Retry-After)', min: 0, max: 86_400, integer: true },
  'server-error': { what: 'an HTTP status', min: 500, max: 599, integer: true },
  'slow-first-byte': { what: 'milliseconds', min: 0, max: 300_000, integer: false },
  'token-rate': { what: 'tokens per second (0 = unpaced)', min: 0, max: 100_000, integer: false },
  'drop-after': { what: 'tokens', min: 0, max: 1_000_000, integer: true },
  malformed: { what: 'tokens', min: 0, max: 1_000_000, integer: true },
  'slow-queue': { what: 'status polls', min: 0, max: 10_000, integer: true },
};

/** Slowest pacing `token-rate` accepts besides 0: one token every ten seconds. */
const MIN_TOKEN_RATE = 0.1;
const STREAM_ERROR_AFTER: Range = { what: 'tokens', min: 0, max: 1_000_000, integer: true };
const TIMES: Range = { what: 'requests', min: 1, max: 1_000_000, integer: true };

/** Checks one numeric value, naming the fault and the range it must fall in. */
function checkRange(source: string, name: string, text: string, range: Range): number {
  const trimmed = text.trim();
  const n = trimmed === '' ? NaN : Number(trimmed);
  const whole = range.integer ? 'a whole number of ' : '';
  if (!Number.isFinite(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    throw new FaultSyntaxError(
      `Fault "${source}": ${name} must be ${whole}${range.what} from ${range.min} to ${range.max}, got "${trimmed}".`,
    );
  }
  return n;
}

/**
 * Parses a fault list.
 * @example
 * parseFaults('cold-start=5, stream-error=overloaded@3'); // two items
 */
export function parseFaults(text: string | undefined | null): FaultItem[] {
  if (!text) return [];
  const items: FaultItem[] = [];
  for (const raw of text.split(/[,;]/)) {
    const source = raw.trim();
    if (!source) continue;
    const match = /^([a-z-]+)\s*(?:=\s*([^*]*?))?\s*(?:\*\s*([^*]*))?$/i.exec(source);
    const kind = match?.[1]?.toLowerCase();
    if (!match || !kind || !KINDS.has(kind)) {
      throw new FaultSyntaxError(
        `Unknown fault "${source}". Use one of: ${[...KINDS].join(', ')} (e.g. "cold-start=5, token-rate=20").`,
      );
    }
    const value = match[2] === undefined || match[2] === '' ? undefined : match[2];
    const numeric = NUMERIC[kind as FaultKind];
    if (numeric === 'required' && value === undefined)
      throw new FaultSyntaxError(`Fault "${kind}" needs a value, e.g. "${kind}=10".`);
    const range = FAULT_RANGES[kind as FaultKind];
    if (numeric && range && value !== undefined) {
      const n = checkRange(source, kind, value, range);
      if (kind === 'token-rate' && n > 0 && n < MIN_TOKEN_RATE) {
        throw new FaultSyntaxError(
          `Fault "${source}": token-rate must be 0 (unpaced) or from ${MIN_TOKEN_RATE} to ${range.max} tokens per second, got "${value}".`,
        );
      }
    }
    if (kind === 'stream-error' && value !== undefined) {
      const m = /^([a-z_]*)(?:@(.*))?$/i.exec(value);
      if (!m) {
        throw new FaultSyntaxError(
          `Fault "${source}": expected stream-error=<error_type>@<tokens>, e.g. stream-error=overloaded@3.`,
        );
      }
      if (m[2] !== undefined) checkRange(source, 'stream-error@', m[2], STREAM_ERROR_AFTER);
    }
    items.push({
      kind: kind as FaultKind,
      value,
      times: match[3] === undefined ? undefined : checkRange(source, '*N', match[3], TIMES),
      source,
    });
  }
  return items;
}

/** The faults in force for one request, after merging run-wide, per-model and header lists. */
export interface ActiveFaults {
  coldStartSeconds?: number;
  rateLimitSeconds?: number;
  serverErrorStatus?: number;
  badRequest?: string;
  unauthorized?: boolean;
  paymentRequired?: boolean;
  firstByteDelayMs?: number;
  tokensPerSecond?: number;
  dropAfterTokens?: number;
  streamError?: { type: string; afterTokens: number };
  malformedAfterTokens?: number;
  /** Extra status polls a provider job stays queued. */
  slowQueuePolls?: number;
  /** A provider job fails with this message. */
  failedJob?: string;
}

/** Folds items into settings; later items of the same kind win (header over model over run). */
export function activeFaults(items: readonly FaultItem[]): ActiveFaults {
  const out: ActiveFaults = {};
  for (const { kind, value } of items) {
    const n = value === undefined ? undefined : Number(value);
    switch (kind) {
      case 'cold-start':
        out.coldStartSeconds = n ?? 20;
        break;
      case 'rate-limit':
        out.rateLimitSeconds = n ?? 1;
        break;
      case 'server-error':
        out.serverErrorStatus = n !== undefined && n >= 500 && n <= 599 ? n : 500;
        break;
      case 'bad-request':
        out.badRequest = value ?? 'Bad request (injected by the emulator)';
        break;
      case 'unauthorized':
        out.unauthorized = true;
        break;
      case 'payment-required':
        out.paymentRequired = true;
        break;
      case 'slow-first-byte':
        out.firstByteDelayMs = n;
        break;
      case 'token-rate':
        out.tokensPerSecond = n;
        break;
      case 'drop-after':
        out.dropAfterTokens = n;
        break;
      case 'stream-error': {
        const [type, after] = (value ?? '').split('@');
        out.streamError = { type: type || 'generation', afterTokens: after ? Number(after) : 2 };
        break;
      }
      case 'malformed':
        out.malformedAfterTokens = n ?? 2;
        break;
      case 'slow-queue':
        out.slowQueuePolls = n ?? 5;
        break;
      case 'failed-job':
        out.failedJob = value ?? 'The job failed (injected by the emulator).';
        break;
    }
  }
  return out;
}

/**
 * Where time comes from. Tests inject a fake clock whose `sleep` advances `now`, so a 20-second
 * cold start takes no time at all.
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };

/** How fast the emulator answers when no fault says otherwise. */
export interface LatencySettings {
  /** Milliseconds before the first byte of every answer. */
  firstByteMs: number;
  /** Streamed tokens per second; 0 = as fast as possible. */
  tokensPerSecond: number;
}

/** Latency presets: `none` for tests, `demo` for something that feels like a hosted model. */
export const LATENCY_PRESETS: Readonly<Record<'none' | 'demo', LatencySettings>> = {
  none: { firstByteMs: 0, tokensPerSecond: 0 },
  demo: { firstByteMs: 250, tokensPerSecond: 40 },
};

/** Resolves a latency option to settings. */
export function latencySettings(option: 'none' | 'demo' | LatencySettings | undefined): LatencySettings {
  if (option === undefined) return LATENCY_PRESETS.none;
  if (typeof option === 'string') {
    const preset = LATENCY_PRESETS[option];
    if (!preset)
      throw new RangeError(`latency must be "none", "demo" or { firstByteMs, tokensPerSecond }, got "${option}"`);
    return preset;
  }
  const check = (name: keyof LatencySettings, range: Range) => {
    const n = option[name];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < range.min || n > range.max)
      throw new RangeError(`latency.${name} must be ${range.what} from ${range.min} to ${range.max}, got ${String(n)}`);
  };
  check('firstByteMs', FAULT_RANGES['slow-first-byte']!);
  check('tokensPerSecond', FAULT_RANGES['token-rate']!);
  return option;
}

/** The fault and latency settings of one handler, from its config. */
export interface FaultConfig {
  /** Faults for every request of the run. */
  faults?: string | undefined;
  /** Faults per model id. */
  modelFaults?: Record<string, string> | undefined;
  /** Lower-case header that selects faults per request, or `undefined` to ignore fault headers. */
  faultHeader: string | undefined;
  clock: Clock;
  latency: LatencySettings;
}

/**
 * One handler's fault state: which faults a request gets (with the `*N` counters), when each
 * cold-started model started loading, and the latency the faults leave in force.
 */
export function createFaultState({ faults, modelFaults, faultHeader, clock, latency }: FaultConfig) {
  const runFaults = parseFaults(faults);
  const perModel = new Map(
    Object.entries(modelFaults ?? {}).map(([id, spec]) => [id.toLowerCase(), parseFaults(spec)]),
  );
  // First request time of each cold-started model, and how often each limited fault has fired.
  const coldSince = new Map<string, number>();
  const counts = new Map<string, number>();

  return {
    /** The fault items for a request, in precedence order, with `*N` limits applied (and used up when `consume`). */
    faultsFor(model: { id: string } | undefined, headers: Headers, consume: boolean): ActiveFaults {
      const items = [...runFaults, ...(model ? (perModel.get(model.id.toLowerCase()) ?? []) : [])];
      if (faultHeader) items.push(...parseFaults(headers.get(faultHeader)));
      const live = items.filter((item) => {
        if (item.times === undefined) return true;
        const key = `${model?.id ?? ''}\u0000${item.source}`;
        const used = counts.get(key) ?? 0;
        if (consume) counts.set(key, used + 1);
        return used < item.times;
      });
      return activeFaults(live);
    },

    /** Milliseconds until a cold model is loaded (0 when warm); starts the clock on first sight when `start`. */
    coldRemaining(model: { id: string }, seconds: number | undefined, start: boolean): number {
      if (seconds === undefined) return 0;
      let since = coldSince.get(model.id);
      if (since === undefined) {
        if (!start) return seconds * 1000;
        since = clock.now();
        coldSince.set(model.id, since);
      }
      return Math.max(0, since + seconds * 1000 - clock.now());
    },

    /** Ends a model's cold-start episode, so the fault turned on again starts a new one. */
    endColdStart(model: { id: string }) {
      coldSince.delete(model.id);
    },

    /** How engines pace and break streams: the handler already waited for the first byte. */
    streamSettings(active: ActiveFaults): StreamSettings {
      const tokensPerSecond = active.tokensPerSecond ?? latency.tokensPerSecond;
      return {
        firstByteDelayMs: 0,
        tokenDelayMs: tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0,
        dropAfterTokens: active.dropAfterTokens,
        errorAfterTokens: active.streamError?.afterTokens,
        errorType: active.streamError?.type,
        malformedAfterTokens: active.malformedAfterTokens,
      };
    },

    /** Waits out the first-byte latency (the fault's, or the settings'). */
    async firstByte(active: ActiveFaults, signal: AbortSignal | undefined) {
      const ms = active.firstByteDelayMs ?? latency.firstByteMs;
      if (ms > 0) await clock.sleep(ms, signal);
    },

    /** Forgets cold starts and fault counters. */
    reset() {
      coldSince.clear();
      counts.clear();
    },
  };
}
