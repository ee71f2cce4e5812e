/**
 * What the provider routes share: the job settings, the parsed route, what they need from the
 * handler, and small answer helpers.
 */
import type { Catalogue } from './catalogue';
import type { CatalogueModel, Engine, StreamSettings } from './engines/types';
import type { ActiveFaults } from './faults';

/** How provider jobs progress: status polls spent queued, then running, before the job is done. */
export interface JobSettings {
  /** Polls a job stays `IN_QUEUE` / `starting` (its queue position counts down). Default 1. */
  queuedPolls: number;
  /** Polls it then stays `IN_PROGRESS` / `processing`. Default 1. */
  runningPolls: number;
}

export const DEFAULT_JOB_SETTINGS: Readonly<JobSettings> = { queuedPolls: 1, runningPolls: 1 };

export const OPENAI_OPS = {
  'chat/completions': 'chat',
  completions: 'completions',
  embeddings: 'embeddings',
  'images/generations': 'images',
  'audio/speech': 'speech',
  'audio/transcriptions': 'transcriptions',
} as const;
export type OpenAiOp = (typeof OPENAI_OPS)[keyof typeof OPENAI_OPS];

/**
 * The async job APIs that are a submit and one polled result route, named by their answers' shape:
 * novita's `/v3/async` videos and its MiniMax routes, wavespeed, together's videos, Z.ai's images.
 */
export type JobApi = 'novita' | 'novita-minimax' | 'wavespeed' | 'together' | 'zai-org';

/** An operation of the OpenAI-style routes, or Z.ai's layout parsing (OCR) beside them. */
export type ProviderOp = OpenAiOp | 'ocr';

/** A parsed provider route; `base` is the origin plus the emulator's mount path, for media URLs. */
export type ProviderRoute =
  | { kind: 'media'; file: string }
  | { kind: 'fal-submit'; app: string; queue: boolean; base: string }
  | { kind: 'fal-request'; app: string; rid: string; op: 'status' | 'result' | 'cancel'; base: string }
  | { kind: 'replicate-create'; model: string | undefined; base: string }
  | { kind: 'replicate-get' | 'replicate-cancel'; id: string; base: string }
  /** `model` from the path, or (together's videos, MiniMax, Z.ai) from the body. */
  | { kind: 'job-submit'; provider: string; api: JobApi; model: string | undefined; base: string }
  | { kind: 'job-result'; provider: string; api: JobApi; id: string; base: string }
  | { kind: 'openai'; provider: string; op: ProviderOp; base: string };

/** What the provider routes need from the handler. */
export interface ProviderDeps {
  catalogue: Catalogue;
  engines: Readonly<Record<string, Engine>>;
  jobs: JobSettings;
  /** Whether the request's token passes. */
  authorised(headers: Headers): boolean;
  /** The request-level faults (an error response) and the first-byte latency, or the faults in force. */
  admit(request: Request, model: CatalogueModel): Promise<Response | ActiveFaults>;
  /** Stream pacing and failures, from the faults and the latency settings. */
  streamSettings(faults: ActiveFaults): StreamSettings;
  /** The JSON body (or the raw bytes of another type), or the answer to a body that is too large or bad JSON. */
  readJson(request: Request): Promise<{ body: unknown; bytes?: Uint8Array | undefined } | Response>;
}

/** What a request learnt, for the log entry and the `x-inference-provider` header. */
export interface State {
  model?: string | undefined;
  provider?: string | undefined;
}

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** The `malformed` fault cuts a JSON answer in half, as on the router routes. */
export const reply = (body: unknown, faults: ActiveFaults, status = 200) => {
  if (faults.malformedAfterTokens === undefined) return json(body, status);
  const text = JSON.stringify(body);
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status,
    headers: { 'content-type': 'application/json' },
  });
};

/** The router's answer when the provider does not serve the model (as it answers on provider routes). */
export const notSupported = (provider: string) => json({ error: `Model not supported by provider ${provider}` }, 400);

export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
export const nowSeconds = () => Math.floor(Date.now() / 1000);

let counter = 0;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** A random id: a UUID for fal, 26 lower-case letters and digits for replicate (as theirs look). */
export function newId(style: 'uuid' | 'replicate'): string {
  const c = globalThis.crypto as Crypto | undefined;
  const uuid = c?.randomUUID?.() ?? `${Date.now().toString(16)}-${(counter++).toString(16)}-4000-8000-emulator`;
  if (style === 'uuid') return uuid;
  const hex = uuid.replace(/-/g, '').padEnd(32, '0');
  return Array.from({ length: 26 }, (_, i) => ALPHABET[parseInt(hex.slice(i, i + 2), 16) % 36]).join('');
}
