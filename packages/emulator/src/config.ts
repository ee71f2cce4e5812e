/**
 * The emulator's settings: what `createEmulatorHandler` takes (catalogue, latency, faults, tokens,
 * limits, job pacing), the defaults, and their validation.
 */
import type { Catalogue } from './catalogue';
import type { CatalogueModel, Engine } from './engines/types';
import type { Clock, LatencySettings } from './faults';
import { DEFAULT_JOB_SETTINGS, type JobSettings } from './provider-shared';

/** How an emulator behaves. Everything is optional; the defaults answer at once with no faults. */
export interface EmulatorConfig {
  /** Extra models, merged over the default catalogue (same id replaces). */
  models?: CatalogueModel[] | undefined;
  /** Replace the catalogue entirely. */
  catalogue?: Catalogue | undefined;
  /** Extra or replacement engines, keyed by pipeline tag (`conversational` for chat). */
  engines?: Record<string, Engine> | undefined;
  /** `none` (default), `demo` (feels like a hosted model), or explicit settings. */
  latency?: 'none' | 'demo' | LatencySettings | undefined;
  /** Faults for every request of the run (see faults.ts for the syntax). */
  faults?: string | undefined;
  /** Faults per model id. */
  modelFaults?: Record<string, string> | undefined;
  /** Header that selects faults per request; `false` ignores fault headers. Default `x-inferkit-fault`. */
  faultHeader?: string | false | undefined;
  /** Require `Authorization: Bearer <token>`; 401 when missing or wrong. */
  tokenMode?: boolean | undefined;
  /** Valid tokens; listing any turns token mode on. In token mode without a list, any `hf_...` token passes. */
  tokens?: string[] | undefined;
  /** Answer zero-shot classification in the legacy `{ sequence, labels, scores }` form. */
  legacyZeroShot?: boolean | undefined;
  /** Time source for cold starts and waits; tests inject a fake one. */
  clock?: Clock | undefined;
  /** Called once per answered request (the CLI logs with it). */
  onRequest?: ((entry: RequestLogEntry) => void) | undefined;
  /** Size limits on what one request may ask for (see {@link DEFAULT_LIMITS}). */
  limits?: EmulatorLimits | undefined;
  /**
   * How provider jobs (fal-ai's queue, replicate, novita) progress: status polls spent queued, then
   * running. Default one of each; `{ queuedPolls: 0, runningPolls: 0 }` finishes jobs at submission.
   */
  jobs?: Partial<JobSettings> | undefined;
}

/**
 * How much one request may ask of the emulator, so that no input can hold its event loop or its
 * memory: bigger bodies get 413, longer texts 422, both in the API's words.
 */
export interface EmulatorLimits {
  /** Largest request body in bytes, read no further than this; more gets 413. */
  maxBodyBytes?: number | undefined;
  /**
   * Longest input of the classic text tasks (classification, NER, fill-mask, QA, summarisation,
   * translation, embeddings, zero-shot, tables, text-to-image/speech prompts), in UTF-16 characters
   * summed over every string of `inputs` and `parameters`; more gets TEI's 422. Text generation and
   * chat are bounded by each model's `max_input_tokens` / `max_total_tokens` instead, as TGI does.
   */
  maxInputChars?: number | undefined;
}

/**
 * The default limits. 8 MiB holds a sizeable image or four minutes of 16 kHz WAV; 32,000 characters
 * is about 8,000 tokens, far beyond what the real encoders take (512),
 * and keeps the slowest engine (NER) around a second on a busy 2-core machine
 * (`bench/emulator-stall.mjs`).
 */
export const DEFAULT_LIMITS: Readonly<Required<EmulatorLimits>> = {
  maxBodyBytes: 8 * 1024 * 1024,
  maxInputChars: 32_000,
};

/** What `onRequest` receives. */
export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  model: string | undefined;
  requestId: string;
  /** Milliseconds until the response headers were ready. */
  ms: number;
}

/** The handler, plus a way to forget cold-start and fault-counter state between tests. */
export type EmulatorHandler = ((request: Request) => Promise<Response>) & {
  reset(): void;
  readonly catalogue: Catalogue;
};

export const FAULT_HEADER = 'x-inferkit-fault';

/** Asks the Hub routes for the older object form of `inferenceProviderMapping` (see hub.ts). */
export const MAPPING_FORM_HEADER = 'x-inferkit-mapping-form';

/** The job settings in force: the defaults, overridden by any whole number from 0 to 1000 the config gives. */
export function resolveJobSettings(jobs: Partial<JobSettings> | undefined): JobSettings {
  const pick = (key: keyof JobSettings) => {
    const value = jobs?.[key];
    if (value === undefined) return DEFAULT_JOB_SETTINGS[key];
    if (!Number.isInteger(value) || value < 0 || value > 1000)
      throw new RangeError(`jobs.${key} must be a whole number of polls from 0 to 1000, got ${String(value)}`);
    return value;
  };
  return { queuedPolls: pick('queuedPolls'), runningPolls: pick('runningPolls') };
}

/** The limits in force: the defaults, overridden by any positive number the config gives. */
export function resolveLimits(limits: EmulatorLimits | undefined): Required<EmulatorLimits> {
  const pick = (key: keyof EmulatorLimits) => {
    const value = limits?.[key];
    if (value === undefined) return DEFAULT_LIMITS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 1)
      throw new RangeError(`limits.${key} must be a positive number, got ${String(value)}`);
    return Math.floor(value);
  };
  return { maxBodyBytes: pick('maxBodyBytes'), maxInputChars: pick('maxInputChars') };
}
