/**
 * Lookups on the Hub's API and the router's model list: which providers serve a model, which
 * models a provider serves, what chat models cost, and a recommended model per task. They replace
 * the status and deployed-model utilities of the retired `api-inference.huggingface.co`.
 *
 * Wire shapes: hub-docs `docs/inference-providers/hub-api.md`; the `inferenceProviderMapping`
 * forms as `@huggingface/inference` and huggingface_hub's `ModelInfo` read them.
 */
import { InferenceResponseError, InferenceValidationError } from './errors';
import { getJson, scrub } from './http';
import { assertModelOrEndpoint, hubRoot, routerRoot, type RequestOptions } from './options';
import type { TaskName } from './task-table';
import { hubModelId, hubOptions, requireHubModel, toMappings, whenNotAborted, type ProviderMapping } from './hub';

export type { ProviderMapping };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const bool = (value: unknown) => (typeof value === 'boolean' ? value : undefined);

/**
 * GETs JSON with the call's fetch, headers, signal and timeout. The token goes along only when it
 * is a Hugging Face token (`hf_…`), as in the reference clients: any other value is a provider's
 * key, which the Hub has no use for and must not see. Errors leave scrubbed of the original token.
 */
async function getHubJson(utility: string, url: string, options: RequestOptions, model?: string): Promise<unknown> {
  try {
    return await getJson(utility, url, hubOptions(options), model);
  } catch (error) {
    throw scrub(error, options);
  }
}

// ---------------------------------------------------------------------------------------------
// getModelStatus

/** Whether and where a model is served, as the Hub says. */
export interface ModelInferenceStatus {
  /** `'warm'` when at least one provider serves the model now; `undefined` otherwise. */
  inference: 'warm' | undefined;
  /** The providers mapped to the model, in the Hub's order (`provider: 'auto'` picks the first). */
  providers: ProviderMapping[];
}

/**
 * Tells whether a model is served (`inference: 'warm'`) and by which providers, from the Hub's
 * model info (`GET /api/models/{id}?expand[]=inference&expand[]=inferenceProviderMapping`).
 * @example
 * const { inference, providers } = await getModelStatus({ model: 'google/gemma-3-27b-it' });
 * inference; // 'warm'
 * providers; // [{ provider: 'featherless-ai', providerId: 'google/gemma-3-27b-it', status: 'live', task: 'conversational' }, …]
 */
export async function getModelStatus(args: RequestOptions): Promise<ModelInferenceStatus> {
  assertModelOrEndpoint('getModelStatus', args);
  requireHubModel('getModelStatus', args.model);
  const id = hubModelId('getModelStatus', args.model);
  const body = await getHubJson(
    'getModelStatus',
    `${hubRoot(args)}/api/models/${id}?expand[]=inference&expand[]=inferenceProviderMapping`,
    args,
    id,
  );
  const providers = isObject(body) ? toMappings(body.inferenceProviderMapping) : undefined;
  if (!providers) {
    throw scrub(
      new InferenceResponseError(
        'getModelStatus',
        '{ inference?, inferenceProviderMapping?: { [provider]: { providerId, status, task } } | [{ provider, providerId, status, task }] }',
        body,
        id,
      ),
      args,
    );
  }
  return { inference: (body as Json).inference === 'warm' ? 'warm' : undefined, providers };
}

// ---------------------------------------------------------------------------------------------
// listModels

/** A model of the Hub's model list. */
export interface HubModel {
  /** `owner/name`. */
  id: string;
  /** Its pipeline tag (`text-to-image`), when the Hub knows one. */
  task?: string | undefined;
  likes?: number | undefined;
  /** Downloads over the last 30 days. */
  downloads?: number | undefined;
}

/** Arguments of {@link listModels}. */
export interface ListModelsArgs extends Omit<RequestOptions, 'provider' | 'model'> {
  /**
   * Only models this provider serves (`'fal-ai'`), or any of several (`['nscale', 'novita']`).
   * Default `'all'`: models served by at least one provider.
   */
  provider?: string | readonly string[] | undefined;
  /** Only models of this task: a pipeline tag (`text-to-image`) or a task function's name (`textToImage`). */
  task?: TaskName | (string & {}) | undefined;
  /** Only models whose id contains this text. */
  search?: string | undefined;
  /** At most this many models (the Hub answers one page, at most 1000). */
  limit?: number | undefined;
}

/**
 * Lists models that Inference Providers serve, from the Hub's `GET /api/models`.
 * @example
 * const models = await listModels({ provider: 'fal-ai', task: 'text-to-image', limit: 10 });
 * models[0]; // { id: 'black-forest-labs/FLUX.1-dev', task: 'text-to-image', likes: 11000, downloads: 2000000 }
 */
export async function listModels(args: ListModelsArgs = {}): Promise<HubModel[]> {
  const { provider = 'all', task, search, limit, ...options } = args;
  assertModelOrEndpoint('listModels', options);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new InferenceValidationError('listModels', [{ path: 'limit', message: 'must be a whole number ≥ 1' }]);
  }
  const query = new URLSearchParams({
    inference_provider: typeof provider === 'string' ? provider : provider.join(','),
  });
  if (task) query.set('pipeline_tag', toPipelineTag(task));
  if (search) query.set('search', search);
  if (limit) query.set('limit', String(limit));
  const body = await getHubJson('listModels', `${hubRoot(options)}/api/models?${query}`, options);
  if (!Array.isArray(body)) {
    throw scrub(new InferenceResponseError('listModels', '[{ id, pipeline_tag, likes, downloads }]', body), options);
  }
  const out: HubModel[] = [];
  for (const item of body) {
    const id = isObject(item) ? str(item.id) : undefined;
    if (!id) continue;
    out.push({ id, task: str(item.pipeline_tag), likes: num(item.likes), downloads: num(item.downloads) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// listChatModels

/** One provider serving a chat model, with the router's latest figures. */
export interface ChatModelProvider {
  provider: string;
  /** `live` or `error`. */
  status: string;
  /** Longest context (tokens) this provider takes for the model. */
  contextLength?: number | undefined;
  /** USD per million tokens. */
  pricing?: { input: number; output: number } | undefined;
  /** Free of charge on this provider for now (a promotion). */
  isFree?: boolean | undefined;
  supportsTools?: boolean | undefined;
  supportsStructuredOutput?: boolean | undefined;
  /** Seconds to the first token, from the router's latest probe. */
  latency?: number | undefined;
  /** Output tokens per second, from the router's latest probe. */
  throughput?: number | undefined;
  /** The provider published the model. */
  isModelAuthor?: boolean | undefined;
}

/** A chat model the router serves (`GET /v1/models`). */
export interface ChatModel {
  id: string;
  ownedBy?: string | undefined;
  /** Unix time, seconds. */
  created?: number | undefined;
  providers: ChatModelProvider[];
}

function toChatProvider(entry: unknown): ChatModelProvider | undefined {
  if (!isObject(entry) || !str(entry.provider)) return undefined;
  const pricing = isObject(entry.pricing) ? entry.pricing : {};
  const input = num(pricing.input);
  const output = num(pricing.output);
  const latencyMs = num(entry.first_token_latency_ms);
  return {
    provider: entry.provider as string,
    status: str(entry.status) ?? 'unknown',
    contextLength: num(entry.context_length),
    pricing: input !== undefined && output !== undefined ? { input, output } : undefined,
    isFree: bool(entry.is_free),
    supportsTools: bool(entry.supports_tools),
    supportsStructuredOutput: bool(entry.supports_structured_output),
    latency: latencyMs === undefined ? undefined : latencyMs / 1000,
    throughput: num(entry.throughput),
    isModelAuthor: bool(entry.is_model_author),
  };
}

/**
 * Lists the chat models the router serves, each with its providers' status, context length,
 * price, tool and structured-output support, latency and throughput (`GET {router}/v1/models`).
 * Figures the router lacks for a provider are left out.
 * @example
 * const models = await listChatModels();
 * const cheapest = models[0].providers.toSorted((a, b) => (a.pricing?.output ?? Infinity) - (b.pricing?.output ?? Infinity))[0];
 */
export async function listChatModels(options: RequestOptions = {}): Promise<ChatModel[]> {
  assertModelOrEndpoint('listChatModels', options);
  const body = await getHubJson('listChatModels', `${routerRoot(options)}/v1/models`, options);
  if (!isObject(body) || !Array.isArray(body.data)) {
    throw scrub(
      new InferenceResponseError('listChatModels', "{ object: 'list', data: [{ id, owned_by, providers }] }", body),
      options,
    );
  }
  const out: ChatModel[] = [];
  for (const item of body.data) {
    const id = isObject(item) ? str(item.id) : undefined;
    if (!id) continue;
    const providers: ChatModelProvider[] = [];
    for (const entry of Array.isArray(item.providers) ? (item.providers as unknown[]) : []) {
      const provider = toChatProvider(entry);
      if (provider) providers.push(provider);
    }
    out.push({ id, ownedBy: str(item.owned_by), created: num(item.created), providers });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// getRecommendedModel

/**
 * The model per pipeline tag when the Hub's task list cannot be read: each one a provider serves
 * (hub-docs' task and provider pages, August 2026). Tasks no provider serves have no entry.
 */
export const RECOMMENDED_MODELS: Readonly<Record<string, string>> = {
  'automatic-speech-recognition': 'openai/whisper-large-v3',
  'feature-extraction': 'sentence-transformers/all-MiniLM-L6-v2',
  'fill-mask': 'google-bert/bert-base-uncased',
  'image-classification': 'google/vit-base-patch16-224',
  'image-segmentation': 'nvidia/segformer-b0-finetuned-ade-512-512',
  'image-text-to-text': 'google/gemma-4-31B-it',
  'image-to-image': 'black-forest-labs/FLUX.2-klein-9B',
  'object-detection': 'facebook/detr-resnet-50',
  'question-answering': 'deepset/roberta-base-squad2',
  'sentence-similarity': 'sentence-transformers/all-MiniLM-L6-v2',
  summarization: 'facebook/bart-large-cnn',
  'table-question-answering': 'google/tapas-base-finetuned-wtq',
  'text-classification': 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  'text-generation': 'meta-llama/Llama-3.1-8B-Instruct',
  'text-to-image': 'black-forest-labs/FLUX.1-schnell',
  'text-to-video': 'Wan-AI/Wan2.2-TI2V-5B',
  'token-classification': 'dslim/bert-base-NER',
  translation: 'google-t5/t5-small',
  'zero-shot-classification': 'facebook/bart-large-mnli',
};

/**
 * A task function's name or a pipeline tag → the pipeline tag. Chat is `text-generation`: the Hub
 * has no `conversational` pipeline tag (chat models are `text-generation` or `image-text-to-text`
 * models tagged `conversational`), and its task list recommends chat models under that tag.
 */
function toPipelineTag(task: string): string {
  const tag = task.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/-stream$/, '');
  return tag === 'chat-completion' || tag === 'conversational' ? 'text-generation' : tag;
}

const TASKS_TTL = 10 * 60_000;

interface TasksEntry {
  at: number;
  answer: Promise<Json>;
}

// Keyed by fetch, then Hub root: a custom fetch may reach another backend (a proxy, a mock), whose
// answer must not be served to calls made with another.
const tasksCache = new WeakMap<typeof fetch, Map<string, TasksEntry>>();

/** The Hub's `/api/tasks`, read once per fetch and Hub root every 10 minutes, one request at a time. */
function loadTasks(options: RequestOptions): Promise<Json> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const root = hubRoot(options);
  const byRoot = tasksCache.get(doFetch) ?? new Map<string, TasksEntry>();
  tasksCache.set(doFetch, byRoot);
  const cached = byRoot.get(root);
  if (cached && Date.now() - cached.at < TASKS_TTL) return cached.answer;
  // Without the caller's signal: every concurrent caller waits on this one request, and one
  // caller's abort must not fail the others (each races its own signal in `getRecommendedModel`).
  const answer = getHubJson('getRecommendedModel', `${root}/api/tasks`, { ...options, signal: undefined }).then(
    (body) => {
      if (!isObject(body)) throw new InferenceResponseError('getRecommendedModel', '{ [task]: { models } }', body);
      return body;
    },
  );
  const entry: TasksEntry = { at: Date.now(), answer };
  byRoot.set(root, entry);
  // A failure is not cached: the next call asks again.
  answer.catch(() => {
    if (byRoot.get(root) === entry) byRoot.delete(root);
  });
  return answer;
}

/**
 * The model the Hub recommends for a task (the first of its task page, `GET /api/tasks`), or the
 * entry of {@link RECOMMENDED_MODELS} when the Hub cannot be read or names none. Takes a task
 * function's name (`zeroShotClassification`) or a pipeline tag (`zero-shot-classification`); chat
 * (`chatCompletion`, `conversational`) is looked up as `text-generation`. An abort rejects with the
 * signal's reason; an unknown task throws `InferenceValidationError`.
 * @example
 * await getRecommendedModel('zeroShotClassification'); // 'facebook/bart-large-mnli'
 */
export async function getRecommendedModel(
  task: TaskName | (string & {}),
  options: RequestOptions = {},
): Promise<string> {
  if (!task || typeof task !== 'string') {
    throw new InferenceValidationError('getRecommendedModel', [
      { path: 'task', message: 'is required: a task name or pipeline tag' },
    ]);
  }
  assertModelOrEndpoint('getRecommendedModel', options);
  options.signal?.throwIfAborted();
  const tag = toPipelineTag(task);
  let found: string | undefined;
  try {
    const info = (await whenNotAborted(loadTasks(options), options.signal))[tag];
    if (isObject(info)) {
      // `widgetModels` are those the Hub's own widget runs (what huggingface_hub reads); `models` the
      // task page's recommendations.
      const widget = Array.isArray(info.widgetModels) ? info.widgetModels : [];
      const models = Array.isArray(info.models) ? info.models : [];
      found = str(widget[0]) ?? (isObject(models[0]) ? str(models[0].id) : undefined);
    }
  } catch (error) {
    // An abort is the caller's decision, not a failed lookup: it must not become the fallback.
    if (options.signal?.aborted) throw error;
  }
  found ??= RECOMMENDED_MODELS[tag];
  if (!found) {
    throw new InferenceValidationError('getRecommendedModel', [
      { path: 'task', message: `has no recommended model for "${task}"; pass a model id explicitly` },
    ]);
  }
  return found;
}
