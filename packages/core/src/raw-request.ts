/**
 * Calls without a task: the raw `request` and `streamRequest` escape hatches, and a dedicated
 * endpoint's `/health` and `/info`. Where they go and how they travel is the transport's.
 */
import { toCamelKey } from './case';
import { InferenceResponseError } from './errors';
import { getJson, release, scrub } from './http';
import type { RequestOptions } from './options';
import { endpointRoot, eventsOf, exchangeRaw, invalid, rawUrl, type RawTarget } from './transport';

/** Runs a utility so that its errors leave core scrubbed of the call's credentials (see `scrub`). */
async function guarded<T>(options: RawRequestArgs, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw scrub(error, options);
  }
}

function requireModel(utility: string, model: string | undefined): string {
  if (!model) throw invalid(utility, 'model', 'is required: pass a Hub model id');
  return model;
}

/**
 * `true` when a dedicated endpoint answers its `/health` route with 2xx, `false` otherwise.
 * @example
 * if (await healthCheck({ endpointUrl: 'https://my-endpoint.endpoints.huggingface.cloud' })) { ... }
 */
export async function healthCheck(args: RequestOptions): Promise<boolean> {
  const url = `${endpointRoot('healthCheck', args)}/health`;
  try {
    const { response } = await exchangeRaw(
      { url, method: 'GET' },
      { ...args, modelLoadingTimeout: 0, maxRateLimitRetries: 0 },
    );
    await response.body?.cancel();
    release(response);
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'InferenceHTTPError') return false;
    throw scrub(error, args);
  }
}

/** What a TGI or TEI endpoint says about itself on `/info` (keys camelCased; unknown keys kept). */
export interface EndpointInfo extends Record<string, unknown> {
  modelId?: string;
  maxInputTokens?: number;
  maxTotalTokens?: number;
  version?: string;
}

/**
 * Reads a dedicated endpoint's `/info` (TGI, TEI), or a Hub model's info on the serverless API.
 * @example
 * const { modelId, maxTotalTokens } = await getEndpointInfo({ endpointUrl });
 */
export async function getEndpointInfo(args: RequestOptions): Promise<EndpointInfo> {
  if (!args.endpointUrl) requireModel('getEndpointInfo', args.model);
  const url = rawUrl('getEndpointInfo', { ...args, url: undefined, path: '/info' });
  return guarded(args, async () => {
    const body = await getJson('getEndpointInfo', url, args, args.model);
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new InferenceResponseError('getEndpointInfo', 'an object', body);
    const out: EndpointInfo = {};
    for (const [key, value] of Object.entries(body)) out[toCamelKey(key)] = value;
    return out;
  });
}

/** Arguments of the raw {@link request}. */
export interface RawRequestArgs extends RawTarget {
  /** Full URL; when absent, `endpointUrl` (and `path`), or `model`'s hf-inference route (and `path`) below `baseUrl`. */
  url?: string | undefined;
  /** Appended to the model URL, e.g. `/pipeline/feature-extraction`. */
  path?: string | undefined;
  method?: 'GET' | 'POST' | undefined;
  /** JSON body, sent as-is (no case mapping). */
  json?: unknown;
  /** Raw body. */
  body?: Blob | ArrayBuffer | Uint8Array | string | undefined;
  contentType?: string | undefined;
}

/** The request `request` and `streamRequest` send: the arguments' URL, method and body as given. */
const rawRequest = (args: RawRequestArgs, method: 'GET' | 'POST', accept?: string) => ({
  url: rawUrl('request', args),
  method: args.method ?? method,
  json: args.json,
  body: args.body,
  contentType: args.contentType,
  model: args.model,
  ...(accept ? { accept } : {}),
});

/**
 * The escape hatch: sends any request with the client's auth, headers, retries and errors, and
 * returns the parsed JSON (or a `Blob` when the answer is not JSON). No validation, no mapping.
 * @example
 * const raw = await request({ model: 'gpt2', json: { inputs: 'Hello' } });
 */
export async function request(args: RawRequestArgs): Promise<unknown> {
  const sent = rawRequest(args, args.json === undefined && args.body === undefined ? 'GET' : 'POST');
  return guarded(args, async () => {
    const { response } = await exchangeRaw(sent, args);
    try {
      return (response.headers.get('content-type') ?? '').includes('json')
        ? await response.json()
        : await response.blob();
    } finally {
      release(response);
    }
  });
}

/**
 * Like {@link request} but reads the answer as Server-Sent Events and yields each event's JSON.
 * @example
 * for await (const event of streamRequest({ url, json: { inputs: 'Hi', stream: true } })) console.log(event);
 */
export function streamRequest(args: RawRequestArgs): AsyncGenerator<unknown, void, undefined> {
  const sent = rawRequest(args, 'POST', 'text/event-stream');
  return eventsOf('streamRequest', () => exchangeRaw(sent, args), args);
}
