/**
 * Which Inference Provider serves a model, as the Hub says: `GET /api/models/{id}?expand[]=inferenceProviderMapping`.
 * Answers are cached per Hub root and model for {@link MAPPING_TTL_MS}, and concurrent lookups of one
 * model share one request, so fifty calls that start together make one lookup.
 */
import { InferenceResponseError, InferenceValidationError } from './errors';
import { getJson } from './http';
import { hubRoot, isUrl, type RequestOptions } from './options';

/** One provider that serves a model, as the Hub maps it. */
export interface ProviderMapping {
  /** The provider's name (`fal-ai`, `hf-inference`, …). */
  provider: string;
  /** The model's id on that provider (`fal-ai/flux/schnell`). */
  providerId: string;
  /** `live`, or `staging` (for the provider's tests only). */
  status: string;
  /** The Hub task the provider serves the model for (`text-to-image`, `conversational`, …). */
  task: string;
  /** `lora` when the model is an adapter the provider applies to its base model (`providerId`). */
  adapter?: string | undefined;
  /** The adapter's weights file in the model's Hub repo (`lora.safetensors`). */
  adapterWeightsPath?: string | undefined;
}

/** How long a model's mapping is reused: 5 minutes, as providers are added or dropped rarely. */
export const MAPPING_TTL_MS = 300_000;

const cache = new Map<string, { at: number; value: Promise<ProviderMapping[]> }>();

/** Forgets every cached mapping (tests, or an app that just changed its provider settings). */
export function clearProviderMappingCache(): void {
  cache.clear();
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);
const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);

// Hub repo ids: `name` or `owner/name`, of letters, digits, `-`, `_` and `.`. Checked rather than
// escaped: a `..` segment would move the request (and its token) to another Hub route.
const MODEL_ID = /^(?:[\w.-]+\/)?[\w.-]+$/;

/** `model` as a Hub repo id (a router suffix dropped), else an `InferenceValidationError` of `utility`. */
export function hubModelId(utility: string, model: string | undefined): string {
  // The router's policy suffixes (`:fastest`, `:together`) are no part of the repo id.
  const id = (model || '').replace(/:[^/]*$/, '');
  if (!MODEL_ID.test(id) || /(^|\/)\.+(\/|$)/.test(id)) {
    throw new InferenceValidationError(utility, [{ path: 'model', message: 'must be a Hub model id (owner/name)' }]);
  }
  return id;
}

/**
 * Refuses a `model` a Hub utility cannot look up: none at all, or a URL (a dedicated endpoint has no
 * Hub entry). The id itself is checked by {@link hubModelId}. Kept out of the tasks' routing, which
 * always has a Hub id by then.
 */
export function requireHubModel(utility: string, model: string | undefined): void {
  if (!model || isUrl(model)) {
    const message = model
      ? 'must be a Hub model id (owner/name), not a URL: a dedicated endpoint has no Hub entry'
      : 'is required: pass a Hub model id';
    throw new InferenceValidationError(utility, [{ path: 'model', message }]);
  }
}

export function toMappings(mapping: unknown): ProviderMapping[] | undefined {
  if (mapping === undefined || mapping === null) return [];
  // Model info has answered an object keyed by provider, the model list an array of entries naming
  // theirs; both reference clients accept either form on either route, and so do we.
  const entries = Array.isArray(mapping)
    ? mapping.map((entry) => [isObject(entry) ? entry.provider : undefined, entry] as const)
    : isObject(mapping)
      ? Object.entries(mapping)
      : undefined;
  const out: ProviderMapping[] = [];
  for (const [provider, entry] of entries ?? []) {
    if (!isObject(entry)) return undefined;
    const providerId = str(entry.providerId);
    const status = str(entry.status);
    const task = str(entry.task);
    if (typeof provider !== 'string' || !providerId || !status || !task) return undefined;
    out.push({
      provider,
      providerId,
      status,
      task,
      adapter: str(entry.adapter),
      adapterWeightsPath: str(entry.adapterWeightsPath),
    });
  }
  return entries && out;
}

/**
 * A call's options as the Hub gets them: the token only when it is a Hugging Face one (a provider's
 * own key means nothing there and must not be shown to it), and no bill-to (that is for inference).
 */
export const hubOptions = (options: RequestOptions): RequestOptions => ({
  ...options,
  accessToken: options.accessToken?.startsWith('hf_') ? options.accessToken : undefined,
  billTo: undefined,
});

async function lookup(model: string, url: string, options: RequestOptions): Promise<ProviderMapping[]> {
  // One lookup serves every waiting call: no single caller's signal may cancel it (see `getProviderMapping`).
  const body = await getJson('inferenceProviderMapping', url, { ...hubOptions(options), signal: undefined }, model);
  const mappings = isObject(body) ? toMappings(body.inferenceProviderMapping) : undefined;
  if (!mappings) {
    throw new InferenceResponseError(
      'inferenceProviderMapping',
      '[{ provider, providerId, status, task }]',
      body,
      model,
    );
  }
  return mappings;
}

/**
 * The providers that serve `model`, in the Hub's order (the token owner's preference order when the
 * lookup carries a token). Cached; a failed lookup is not.
 * @example
 * const [first] = await getProviderMapping('black-forest-labs/FLUX.1-schnell', { accessToken });
 * first.provider; // 'fal-ai'
 */
export function getProviderMapping(model: string, options: RequestOptions = {}): Promise<ProviderMapping[]> {
  try {
    requireHubModel('inferenceProviderMapping', model);
  } catch (error) {
    return Promise.reject(error);
  }
  return providerMapping(model, options);
}

/** {@link getProviderMapping} for a model id a task's routing already holds. */
export function providerMapping(model: string, options: RequestOptions): Promise<ProviderMapping[]> {
  let url: string;
  try {
    url = `${hubRoot(options)}/api/models/${hubModelId('inferenceProviderMapping', model)}?expand[]=inferenceProviderMapping`;
  } catch (error) {
    return Promise.reject(error);
  }
  const key = `${options.accessToken?.startsWith('hf_') ? options.accessToken.slice(-8) : ''} ${url}`;
  const now = Date.now();
  let value = cache.get(key)?.value;
  if (!value || now - cache.get(key)!.at >= MAPPING_TTL_MS) {
    const fresh = (value = lookup(model, url, options));
    cache.set(key, { at: now, value });
    // A failure is not cached: the next call asks again.
    value.catch(() => cache.get(key)?.value === fresh && cache.delete(key));
  }
  return whenNotAborted(value, options.signal);
}

/**
 * `promise`, or the signal's reason as soon as it aborts: a caller stops waiting on a shared
 * request (a cached lookup) while the request goes on for the others.
 */
export function whenNotAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
