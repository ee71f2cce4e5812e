/**
 * The emulator as a fetch handler: `(request: Request) => Promise<Response>`, with no Node-only
 * API, so the same code answers inside MSW (tests, Storybook, the browser playground) and behind
 * the Node server. It routes like the router root, checks tokens, injects faults, applies latency
 * and hands the parsed request to the task's engine.
 */
import { createCatalogue, defaultCatalogue, frameworkOf, servesChat, servesTask, type Catalogue } from './catalogue';
import { CHAT_ENGINE, engines as defaultEngines } from './engines/index';
import { MAX_BEST_OF } from './engines/text-generation';
import {
  EngineInputError,
  type CatalogueModel,
  type Engine,
  type EngineRoute,
  type StreamSettings,
} from './engines/types';
import {
  FaultSyntaxError,
  activeFaults,
  latencySettings,
  parseFaults,
  systemClock,
  type ActiveFaults,
  type Clock,
  type LatencySettings,
} from './faults';
import { expandsOf, hubModelInfo, hubModelList, hubTasks, routerModels } from './hub';
import { DEFAULT_JOB_SETTINGS, createProviderRoutes, parseProviderRoute, type JobSettings } from './provider-routes';
import { POLICIES, chooseChatProvider, providersOf, splitModelSuffix } from './providers-catalogue';

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

/** Tasks whose inputs are text, bounded by `maxInputChars`. */
const TEXT_TASKS: ReadonlySet<string> = new Set([
  'text-classification',
  'sentiment-analysis',
  'token-classification',
  'ner',
  'zero-shot-classification',
  'fill-mask',
  'question-answering',
  'summarization',
  'translation',
  'text2text-generation',
  'feature-extraction',
  'sentence-similarity',
  'table-question-answering',
  'tabular-classification',
  'tabular-regression',
  'text-to-audio',
  'text-to-image',
  'text-to-speech',
]);

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

/** What one request learnt on its way, for the log entry and the response headers. */
interface RequestState {
  model?: string | undefined;
  /** The provider a router chat call landed on. */
  provider?: string | undefined;
}

/** The handler, plus a way to forget cold-start and fault-counter state between tests. */
export type EmulatorHandler = ((request: Request) => Promise<Response>) & {
  reset(): void;
  readonly catalogue: Catalogue;
};

export const FAULT_HEADER = 'x-inferkit-fault';

/** Asks the Hub routes for the older object form of `inferenceProviderMapping` (see hub.ts). */
export const MAPPING_FORM_HEADER = 'x-inferkit-mapping-form';

const EXPOSED_HEADERS =
  'x-request-id, retry-after, x-compute-type, x-compute-time, x-inferkit-model, x-inference-provider, x-error-code, allow';
const DEFAULT_ALLOWED_HEADERS =
  'authorization, content-type, accept, prefer, x-use-cache, x-wait-for-model, x-inferkit-fault, x-inferkit-mapping-form';

/** A parsed route. */
type Route =
  | { kind: 'root' }
  | { kind: 'status'; id: string }
  | { kind: 'framework'; framework: string }
  | { kind: 'chat'; id: string | undefined; endpoint: boolean }
  | { kind: 'infer'; id: string; route: EngineRoute; task: string | undefined; endpoint: boolean }
  | { kind: 'info'; id: string }
  | { kind: 'health'; id: string }
  // The Hub's API and the router's model list, served next to the router routes.
  | { kind: 'hub-model'; id: string }
  | { kind: 'hub-models' }
  | { kind: 'hub-tasks' }
  | { kind: 'router-models' };

type HubRoute = Extract<Route, { kind: 'hub-model' | 'hub-models' | 'hub-tasks' | 'router-models' }>;
const HUB_KINDS: ReadonlySet<Route['kind']> = new Set(['hub-model', 'hub-models', 'hub-tasks', 'router-models']);
const isHubRoute = (route: Route): route is HubRoute => HUB_KINDS.has(route.kind);

const ROOTS = ['models', 'status', 'framework', 'endpoints', 'v1'];

/**
 * The Hub's read routes (`/api/models[/{id}]`, `/api/tasks`) and the router's `GET /v1/models`.
 * Only reads count: a POST to `/api/models/{id}` still reaches a router mounted under `/api`.
 */
function parseHubRoute(segments: readonly string[]): Route | undefined {
  const at = segments.findIndex((s, i) => s === 'api' && ['models', 'tasks'].includes(segments[i + 1] ?? ''));
  if (at !== -1) {
    const [, root, ...rest] = segments.slice(at);
    if (root === 'tasks') return rest.length === 0 ? { kind: 'hub-tasks' } : undefined;
    return rest.length === 0 ? { kind: 'hub-models' } : { kind: 'hub-model', id: rest.join('/') };
  }
  return segments.length >= 2 && segments.at(-2) === 'v1' && segments.at(-1) === 'models'
    ? { kind: 'router-models' }
    : undefined;
}

/** Splits a path below the router root, wherever that root is mounted (`/`, `/hf-inference`, ...). */
function parseRoute(pathname: string, method: string): Route | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    path = pathname;
  }
  const segments = path.split('/').filter(Boolean);
  if (method === 'GET' || method === 'HEAD') {
    const hub = parseHubRoute(segments);
    if (hub) return hub;
  }
  // `/v1` only counts when no other root appears, so a router mounted under `/api/v1` still works.
  let at = segments.findIndex((s) => ROOTS.includes(s) && s !== 'v1');
  if (at === -1) at = segments.indexOf('v1');
  if (at === -1)
    return segments.length === 0 || segments[segments.length - 1] === 'health' ? { kind: 'root' } : undefined;
  const [root, ...rest] = segments.slice(at);
  const tail = rest.join('/');
  const suffix = (re: RegExp) => re.exec(tail);
  switch (root) {
    case 'status':
      return tail ? { kind: 'status', id: tail } : undefined;
    case 'framework':
      return rest.length === 1 ? { kind: 'framework', framework: rest[0]! } : undefined;
    case 'v1':
      return tail === 'chat/completions' ? { kind: 'chat', id: undefined, endpoint: false } : undefined;
    case 'models': {
      let m = suffix(/^(.+)\/v1\/chat\/completions$/);
      if (m) return { kind: 'chat', id: m[1]!, endpoint: false };
      m = suffix(/^(.+)\/pipeline\/([^/]+)$/);
      if (m) return { kind: 'infer', id: m[1]!, route: 'pipeline', task: m[2]!, endpoint: false };
      m = suffix(/^(.+)\/info$/);
      if (m) return { kind: 'info', id: m[1]! };
      return tail ? { kind: 'infer', id: tail, route: 'model', task: undefined, endpoint: false } : undefined;
    }
    case 'endpoints': {
      let m = suffix(/^(.+)\/v1\/chat\/completions$/);
      if (m) return { kind: 'chat', id: m[1]!, endpoint: true };
      m = suffix(/^(.+)\/(generate|generate_stream)$/);
      if (m) return { kind: 'infer', id: m[1]!, route: m[2] as EngineRoute, task: 'text-generation', endpoint: true };
      m = suffix(/^(.+)\/info$/);
      if (m) return { kind: 'info', id: m[1]! };
      m = suffix(/^(.+)\/health$/);
      if (m) return { kind: 'health', id: m[1]! };
      return tail ? { kind: 'infer', id: tail, route: 'model', task: undefined, endpoint: true } : undefined;
    }
  }
  return undefined;
}

let fallbackCounter = 0;
function newRequestId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  fallbackCounter += 1;
  return `emu-${Date.now().toString(36)}-${fallbackCounter.toString(36)}`;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

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

/** The API's error body. */
const apiError = (
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => json({ error, ...extra }, status, headers);

const notFound = (id: string) => apiError(404, `Model ${id} does not exist`);

/** The router's answer for a model no (enabled, or named) provider serves, in the OpenAI error shape. */
const modelNotSupported = (model: string, provider?: string) =>
  json(
    {
      error: {
        message: provider
          ? `The requested model '${model}' is not supported by provider '${provider}'.`
          : `The requested model '${model}' is not supported by any provider you have enabled.`,
        type: 'invalid_request_error',
        param: 'model',
        code: 'model_not_supported',
      },
    },
    400,
  );

/** The router's 402 when the account's credits are spent (the `payment-required` fault). */
const CREDITS_EXHAUSTED =
  'You have exceeded your monthly included credits for Inference Providers. Subscribe to PRO to get 20x more monthly included credits.';

/** The error response of a request-level fault, if one is in force (stream faults act later). */
function faultResponse(faults: ActiveFaults): Response | undefined {
  if (faults.unauthorized) return apiError(401, 'Invalid credentials in Authorization header');
  if (faults.paymentRequired) return apiError(402, CREDITS_EXHAUSTED);
  if (faults.rateLimitSeconds !== undefined) {
    return apiError(
      429,
      // Simulated, and it says so: no real plan or quota is involved.
      `Rate limit reached (simulated by the emulator's rate-limit fault). Retry after ${faults.rateLimitSeconds} s.`,
      {},
      { 'retry-after': String(faults.rateLimitSeconds) },
    );
  }
  if (faults.serverErrorStatus !== undefined) return apiError(faults.serverErrorStatus, 'Internal Server Error');
  if (faults.badRequest !== undefined) return apiError(400, faults.badRequest);
  return undefined;
}

/** A JSON answer cut in half, as a proxy that dropped the connection would deliver (the `malformed` fault). */
function truncatedJson(body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

const computeType = (model: CatalogueModel) =>
  ['text-generation-inference', 'diffusers'].includes(frameworkOf(model)) ? 'gpu' : 'cpu';

/** TGI's `/info` for LLMs; a TEI-like description for the encoders. */
function info(model: CatalogueModel): Record<string, unknown> {
  const o = model.options ?? {};
  const sha = Array.from({ length: 5 }, (_, i) =>
    ((model.id.length * 2654435761 + i * 40503) >>> 0).toString(16).padStart(8, '0'),
  ).join('');
  if (model.task === 'text-generation' || servesChat(model)) {
    return {
      model_id: model.id,
      model_sha: sha,
      model_pipeline_tag: model.task,
      max_concurrent_requests: 128,
      max_best_of: MAX_BEST_OF,
      max_stop_sequences: 4,
      max_input_tokens: (o.maxInputTokens as number | undefined) ?? 4095,
      max_total_tokens: (o.maxTotalTokens as number | undefined) ?? 4096,
      validation_workers: 2,
      max_client_batch_size: 4,
      router: 'text-generation-router',
      version: '3.3.4',
      sha: null,
      docker_label: null,
    };
  }
  const labels = o.labels as string[] | undefined;
  const modelType = ['feature-extraction', 'sentence-similarity'].includes(model.task)
    ? { embedding: { pooling: 'mean' } }
    : labels
      ? {
          classifier: {
            id2label: Object.fromEntries(labels.map((l, i) => [String(i), l])),
            label2id: Object.fromEntries(labels.map((l, i) => [l, i])),
          },
        }
      : { [model.task]: {} };
  return {
    model_id: model.id,
    model_sha: sha,
    model_dtype: 'float32',
    model_type: modelType,
    model_pipeline_tag: model.task,
    max_concurrent_requests: 512,
    max_input_length: 512,
    max_batch_tokens: 16384,
    max_client_batch_size: 32,
    tokenization_workers: 2,
    version: '1.6.0',
    sha: null,
    docker_label: null,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The methods each route answers; anything else is 405 with `Allow`. */
const allowedMethods = (route: Route): readonly string[] =>
  route.kind === 'chat' || route.kind === 'infer' ? ['POST'] : ['GET', 'HEAD'];

/** The body's bytes, read no further than `limit`: `undefined` when it is longer. */
async function readBytes(request: Request, limit: number): Promise<Uint8Array | undefined> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return undefined;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Stop reading: the rest is never buffered (the Node server closes the connection after the 413).
      void reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Characters of every string in `value`, counted until past `limit` (no recursion: any depth is safe). */
function textLength(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && total <= limit) {
    const item = stack.pop();
    if (typeof item === 'string') total += item.length;
    else if (Array.isArray(item)) for (const v of item) stack.push(v);
    else if (isObject(item)) for (const [k, v] of Object.entries(item)) stack.push(k, v);
  }
  return total;
}

/** JSON body, raw bytes, or a parse error to report after the faults had their say. */
async function readBody(
  request: Request,
  maxBytes: number,
): Promise<{ body: unknown; bytes: Uint8Array | undefined; error: string | undefined; tooLarge?: true }> {
  if (request.method === 'GET' || request.method === 'HEAD')
    return { body: undefined, bytes: undefined, error: undefined };
  const bytes = await readBytes(request, maxBytes);
  if (!bytes) return { body: undefined, bytes: undefined, error: undefined, tooLarge: true };
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  const first = bytes.find((b) => b > 0x20);
  const looksJson = first === 0x7b || first === 0x5b || first === 0x22;
  if (type.includes('json') || ((type === '' || type.startsWith('text/')) && looksJson)) {
    const text = new TextDecoder().decode(bytes);
    try {
      return { body: JSON.parse(text), bytes: undefined, error: undefined };
    } catch (cause) {
      return {
        body: undefined,
        bytes: undefined,
        error: `Failed to parse the request body as JSON: ${(cause as Error).message}`,
      };
    }
  }
  return { body: undefined, bytes: bytes.length > 0 ? bytes : undefined, error: undefined };
}

/**
 * Creates the emulator's request handler.
 * @example
 * const handle = createEmulatorHandler({ latency: 'none' });
 * const res = await handle(new Request('http://emu/models/facebook/bart-large-mnli', {
 *   method: 'POST',
 *   body: JSON.stringify({ inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } }),
 * }));
 */
export function createEmulatorHandler(config: EmulatorConfig = {}): EmulatorHandler {
  const catalogue =
    config.catalogue ??
    (config.models?.length ? createCatalogue([...defaultCatalogue.models, ...config.models]) : defaultCatalogue);
  const engines: Record<string, Engine> = { ...defaultEngines, ...config.engines };
  const clock = config.clock ?? systemClock;
  const limits = resolveLimits(config.limits);
  const latency = latencySettings(config.latency);
  const faultHeader = config.faultHeader === false ? undefined : (config.faultHeader ?? FAULT_HEADER).toLowerCase();
  const runFaults = parseFaults(config.faults);
  const modelFaults = new Map(
    Object.entries(config.modelFaults ?? {}).map(([id, spec]) => [id.toLowerCase(), parseFaults(spec)]),
  );
  // First request time of each cold-started model, and how often each limited fault has fired.
  const coldSince = new Map<string, number>();
  const counts = new Map<string, number>();

  /** The fault items for a request, in precedence order, with `*N` limits applied. */
  function faultsFor(model: CatalogueModel | undefined, headers: Headers, consume: boolean): ActiveFaults {
    const items = [...runFaults, ...(model ? (modelFaults.get(model.id.toLowerCase()) ?? []) : [])];
    if (faultHeader) items.push(...parseFaults(headers.get(faultHeader)));
    const live = items.filter((item) => {
      if (item.times === undefined) return true;
      const key = `${model?.id ?? ''}\u0000${item.source}`;
      const used = counts.get(key) ?? 0;
      if (consume) counts.set(key, used + 1);
      return used < item.times;
    });
    return activeFaults(live);
  }

  /** Milliseconds until a cold model is loaded (0 when warm); starts the clock on first sight. */
  function coldRemaining(model: CatalogueModel, seconds: number | undefined, start: boolean): number {
    if (seconds === undefined) return 0;
    let since = coldSince.get(model.id);
    if (since === undefined) {
      if (!start) return seconds * 1000;
      since = clock.now();
      coldSince.set(model.id, since);
    }
    return Math.max(0, since + seconds * 1000 - clock.now());
  }

  /** How engines pace and break streams: the handler already waited for the first byte. */
  function streamSettings(faults: ActiveFaults): StreamSettings {
    const tokensPerSecond = faults.tokensPerSecond ?? latency.tokensPerSecond;
    return {
      firstByteDelayMs: 0,
      tokenDelayMs: tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0,
      dropAfterTokens: faults.dropAfterTokens,
      errorAfterTokens: faults.streamError?.afterTokens,
      errorType: faults.streamError?.type,
      malformedAfterTokens: faults.malformedAfterTokens,
    };
  }

  function authorised(headers: Headers): boolean {
    if (!config.tokenMode && !config.tokens?.length) return true;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
    if (!token) return false;
    return config.tokens?.length ? config.tokens.includes(token) : /^hf_[A-Za-z0-9]{6,}$/.test(token);
  }

  /**
   * The Hub's read routes and the router's `/v1/models`. They need no token, as on the Hub, but a
   * token that is sent must be valid; faults and latency apply as on the inference routes.
   */
  async function answerHub(request: Request, route: HubRoute, state: RequestState): Promise<Response> {
    const { headers, signal } = request;
    if (headers.has('authorization') && !authorised(headers))
      return apiError(401, 'Invalid credentials in Authorization header');
    const model = route.kind === 'hub-model' ? catalogue.find(route.id) : undefined;
    if (route.kind === 'hub-model' && !model)
      return apiError(404, 'Repository not found', {}, { 'x-error-code': 'RepoNotFound' });
    state.model = model?.id;
    const faults = faultsFor(model, headers, true);
    const failed = faultResponse(faults);
    if (failed) return failed;
    const firstByte = faults.firstByteDelayMs ?? latency.firstByteMs;
    if (firstByte > 0) await clock.sleep(firstByte, signal);

    const url = new URL(request.url);
    const form = headers.get(MAPPING_FORM_HEADER)?.toLowerCase() === 'object' ? 'object' : 'array';
    const body =
      route.kind === 'hub-model'
        ? // A model under the cold-start fault is not warm, so clients can test the "not served" answer.
          hubModelInfo(model!, expandsOf(url.searchParams), form, catalogue, faults.coldStartSeconds !== undefined)
        : route.kind === 'hub-models'
          ? hubModelList(catalogue, url.searchParams, form)
          : route.kind === 'hub-tasks'
            ? hubTasks(catalogue)
            : routerModels(catalogue);
    return faults.malformedAfterTokens !== undefined ? truncatedJson(body) : json(body);
  }

  /** The providers' own routes (`/fal-ai/…`, `/replicate/…`, `/together/v1/…`) and their media. */
  const providerRoutes = createProviderRoutes({
    catalogue,
    engines,
    jobs: resolveJobSettings(config.jobs),
    authorised,
    async admit(request, model) {
      const faults = faultsFor(model, request.headers, true);
      const failed = faultResponse(faults);
      if (failed) return failed;
      const firstByte = faults.firstByteDelayMs ?? latency.firstByteMs;
      if (firstByte > 0) await clock.sleep(firstByte, request.signal);
      return faults;
    },
    streamSettings,
    async readJson(request) {
      const parsed = await readBody(request, limits.maxBodyBytes);
      if (parsed.tooLarge)
        return apiError(
          413,
          `Failed to buffer the request body: length limit exceeded (${limits.maxBodyBytes} bytes).`,
        );
      if (parsed.error) return apiError(400, parsed.error);
      return { body: parsed.body, bytes: parsed.bytes };
    },
  });

  async function answer(request: Request, route: Route, state: RequestState): Promise<Response> {
    const { headers, signal } = request;
    if (route.kind === 'root') {
      return json({
        name: '@inferkit/emulator',
        models: catalogue.models.length,
        docs: 'POST /models/{id}, /models/{id}/v1/chat/completions, /v1/chat/completions, /fal-ai/{app}?_subdomain=queue, /replicate/v1/models/{owner}/{name}/predictions, /{provider}/v1/chat/completions; GET /status/{id}, /v1/models, /api/models/{id}?expand[]=inferenceProviderMapping, /api/models, /api/tasks',
      });
    }
    if (isHubRoute(route)) return answerHub(request, route, state);
    if (!authorised(headers)) return apiError(401, 'Invalid credentials in Authorization header');
    if (route.kind === 'framework') {
      const list = catalogue.models.filter((m) => route.framework === 'all' || frameworkOf(m) === route.framework);
      return json(
        list.map((m) => ({ model_id: m.id, task: m.task, compute_type: computeType(m), framework: frameworkOf(m) })),
      );
    }

    const parsed = await readBody(request, limits.maxBodyBytes);
    if (parsed.tooLarge) {
      return apiError(
        413,
        `Failed to buffer the request body: length limit exceeded. The emulator reads bodies up to ${limits.maxBodyBytes} bytes (limits.maxBodyBytes).`,
      );
    }
    let id = route.id;
    // The router's own chat route: the body names the Hub id, maybe with a policy or provider suffix.
    let served: { provider: string; providerId: string } | undefined;
    if (route.kind === 'chat' && id === undefined) {
      const requested = isObject(parsed.body) ? parsed.body.model : undefined;
      if (typeof requested !== 'string' || !requested) {
        return parsed.error
          ? apiError(400, parsed.error)
          : apiError(422, 'Failed to deserialize the JSON body into the target type: missing field `model`', {
              error_type: 'validation',
            });
      }
      const { id: hubId, suffix } = splitModelSuffix(requested);
      const named = suffix && !(POLICIES as readonly string[]).includes(suffix) ? suffix : undefined;
      const entries = providersOf(hubId, catalogue);
      const chosen = entries && chooseChatProvider(entries, suffix);
      if (!chosen) return modelNotSupported(hubId, named);
      served = { provider: chosen.provider, providerId: chosen.providerId };
      state.provider = chosen.provider;
      id = hubId;
    }
    const model = catalogue.find(id!);
    if (!model) return notFound(id!);
    state.model = model.id;

    if (route.kind === 'health') return new Response(null, { status: 200 });
    const faults = faultsFor(model, headers, route.kind !== 'status');
    const failed = faultResponse(faults);
    if (failed) return failed;

    if (route.kind === 'status') {
      const cold = coldRemaining(model, faults.coldStartSeconds, false) > 0;
      return json({
        loaded: !cold,
        state: cold ? 'Loadable' : 'Loaded',
        compute_type: computeType(model),
        framework: frameworkOf(model),
      });
    }
    if (route.kind === 'info') return json(info(model));

    // Which engine, and whether this model serves it on this route.
    let task: string;
    if (route.kind === 'chat') {
      if (!servesChat(model))
        return apiError(400, `Model not supported for task conversational. Supported task: ${model.task}.`);
      task = CHAT_ENGINE;
    } else {
      task = route.task ?? model.task;
      if (!servesTask(model, task))
        return apiError(400, `Model not supported for task ${task}. Supported task: ${model.task}.`);
    }

    // A request without the fault ends the model's cold-start episode, so turning the fault on again
    // (the playground's switch, a test) starts a new cold start instead of finding the model warm.
    if (faults.coldStartSeconds === undefined) coldSince.delete(model.id);
    const remaining = coldRemaining(model, faults.coldStartSeconds, true);
    if (remaining > 0) {
      const wait =
        headers.get('x-wait-for-model') === 'true' ||
        (isObject(parsed.body) && isObject(parsed.body.options) && parsed.body.options.wait_for_model === true);
      if (!wait)
        return apiError(503, `Model ${model.id} is currently loading`, {
          estimated_time: Math.max(0.1, Math.round(remaining / 100) / 10),
        });
      await clock.sleep(remaining, signal);
    }

    if (parsed.error)
      return route.kind === 'chat'
        ? apiError(400, parsed.error, { error_type: 'validation' })
        : apiError(400, parsed.error);
    if (route.kind === 'infer' && parsed.body !== undefined && (!isObject(parsed.body) || !('inputs' in parsed.body))) {
      return apiError(400, 'Error in `inputs`: field required');
    }
    if (route.kind === 'infer' && parsed.body === undefined && parsed.bytes === undefined)
      return apiError(400, 'Error in `inputs`: field required');

    if (TEXT_TASKS.has(task)) {
      const text =
        parsed.bytes !== undefined
          ? new TextDecoder().decode(parsed.bytes).length
          : textLength(
              isObject(parsed.body) ? [parsed.body.inputs, parsed.body.parameters] : parsed.body,
              limits.maxInputChars,
            );
      if (text > limits.maxInputChars) {
        return apiError(
          422,
          `Input validation error: \`inputs\` must have less than ${limits.maxInputChars} characters. Given: ${text}`,
          { error_type: 'validation' },
        );
      }
    }

    const engine = engines[task];
    if (!engine) return apiError(501, `The emulator does not implement the task ${task} yet.`);

    const firstByte = faults.firstByteDelayMs ?? latency.firstByteMs;
    if (firstByte > 0) await clock.sleep(firstByte, signal);
    const stream = streamSettings(faults);
    const started = Date.now();
    let result: unknown;
    try {
      result = await engine({
        model,
        body: parsed.body,
        bytes: parsed.bytes,
        contentType: headers.get('content-type') ?? '',
        headers,
        signal,
        stream,
        route: route.kind === 'chat' ? 'chat' : route.route,
        compat: { legacyZeroShot: config.legacyZeroShot },
        // Providers echo their own model id, so a router answer names the provider's.
        responseModel: served?.providerId,
      });
    } catch (error) {
      if (error instanceof EngineInputError) {
        return apiError(error.status, error.message, error.errorType ? { error_type: error.errorType } : {});
      }
      throw error;
    }
    const timing = {
      'x-compute-type': computeType(model),
      'x-compute-time': ((Date.now() - started) / 1000).toFixed(3),
      'x-inferkit-model': model.id,
    };
    if (result instanceof Response) {
      const withTiming = new Headers(result.headers);
      for (const [key, value] of Object.entries(timing)) withTiming.set(key, value);
      return new Response(result.body, { status: result.status, statusText: result.statusText, headers: withTiming });
    }
    if (faults.malformedAfterTokens !== undefined) return truncatedJson(result, timing);
    return json(result, 200, timing);
  }

  const handler = async (request: Request): Promise<Response> => {
    const requestId = newRequestId();
    const origin = request.headers.get('origin');
    const cors: Record<string, string> = {
      'access-control-allow-origin': origin ?? '*',
      'access-control-expose-headers': EXPOSED_HEADERS,
      vary: 'origin',
    };
    const started = Date.now();
    const url = new URL(request.url);
    const state: RequestState = {};
    let response: Response;
    if (request.method === 'OPTIONS') {
      response = new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
          'access-control-allow-headers':
            request.headers.get('access-control-request-headers') ?? DEFAULT_ALLOWED_HEADERS,
          'access-control-max-age': '86400',
        },
      });
    } else {
      const provided = parseProviderRoute(url, request.method);
      const route = provided ? undefined : parseRoute(url.pathname, request.method);
      const allowed = route ? allowedMethods(route) : [];
      try {
        response = provided
          ? await providerRoutes.answer(request, provided, state)
          : !route
            ? apiError(404, 'Not Found')
            : !allowed.includes(request.method)
              ? apiError(405, 'Method Not Allowed', {}, { allow: [...allowed, 'OPTIONS'].join(', ') })
              : await answer(request, route, state);
      } catch (error) {
        if (request.signal?.aborted) {
          // The client went away while we waited: nobody reads this, it only ends the work.
          response = new Response(null, { status: 499 });
        } else if (error instanceof FaultSyntaxError) {
          response = apiError(400, `Invalid ${faultHeader ?? 'fault'} header: ${error.message}`);
        } else {
          response = apiError(500, `Internal emulator error: ${(error as Error)?.message ?? String(error)}`);
        }
      }
    }
    // Re-wrapped rather than mutated: an engine may hand back a Response with immutable headers.
    const outHeaders = new Headers(response.headers);
    for (const [key, value] of Object.entries(cors)) outHeaders.set(key, value);
    outHeaders.set('x-request-id', requestId);
    // As the router does on its chat route: which provider the call went to (errors included).
    if (state.provider) outHeaders.set('x-inference-provider', state.provider);
    response = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: outHeaders,
    });
    config.onRequest?.({
      method: request.method,
      path: url.pathname,
      status: response.status,
      model: state.model,
      requestId,
      ms: Date.now() - started,
    });
    return response;
  };

  return Object.assign(handler, {
    reset() {
      coldSince.clear();
      counts.clear();
      providerRoutes.reset();
    },
    catalogue,
  });
}
