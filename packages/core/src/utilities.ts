import { toCamelKey } from './case';
import { InferenceResponseError, InferenceValidationError } from './errors';
import { getJson, release, scrub, sendRequest } from './http';
import { assertModelOrEndpoint, hfInferencePath, routerRoot, type RequestOptions } from './options';
import { eventsOf } from './transport';

const isUrl = (value: string | undefined) => !!value && /^https?:\/\//i.test(value);
const trim = (value: string) => value.replace(/\/+$/, '');

/** Runs a utility so that its errors leave core scrubbed of the call's credentials (see `scrub`). */
async function guarded<T>(options: RawRequestArgs, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw scrub(error, options);
  }
}

function requireModel(utility: string, model: string | undefined): string {
  if (!model)
    throw new InferenceValidationError(utility, [{ path: 'model', message: 'is required: pass a Hub model id' }]);
  return model;
}

function endpointRoot(utility: string, args: RequestOptions): string {
  assertModelOrEndpoint(utility, args);
  const root = args.endpointUrl ?? (isUrl(args.model) ? args.model : undefined);
  if (!root) {
    throw new InferenceValidationError(utility, [
      {
        path: 'endpointUrl',
        message: 'is required: this works on dedicated endpoints (TGI/TEI/Inference Endpoints) only',
      },
    ]);
  }
  return trim(root);
}

/**
 * `true` when a dedicated endpoint answers its `/health` route with 2xx, `false` otherwise.
 * @example
 * if (await healthCheck({ endpointUrl: 'https://my-endpoint.endpoints.huggingface.cloud' })) { ... }
 */
export async function healthCheck(args: RequestOptions): Promise<boolean> {
  const url = `${endpointRoot('healthCheck', args)}/health`;
  try {
    const response = await sendRequest(
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
  assertModelOrEndpoint('getEndpointInfo', args);
  const url =
    args.endpointUrl || isUrl(args.model)
      ? `${endpointRoot('getEndpointInfo', args)}/info`
      : `${routerRoot(args)}/hf-inference${hfInferencePath('model', requireModel('getEndpointInfo', args.model))}/info`;
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
export interface RawRequestArgs extends RequestOptions {
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

function rawUrl(args: RawRequestArgs): string {
  assertModelOrEndpoint('request', args);
  if (args.url) return args.url;
  if (!args.model && !args.endpointUrl) {
    throw new InferenceValidationError('request', [{ path: 'url', message: 'give a url, a model or an endpointUrl' }]);
  }
  const direct = args.endpointUrl ?? (isUrl(args.model) ? args.model : undefined);
  const root = direct ? trim(direct) : `${routerRoot(args)}/hf-inference${hfInferencePath('model', args.model!)}`;
  return root + (args.path ?? '');
}

/**
 * The escape hatch: sends any request with the client's auth, headers, retries and errors, and
 * returns the parsed JSON (or a `Blob` when the answer is not JSON). No validation, no mapping.
 * @example
 * const raw = await request({ model: 'gpt2', json: { inputs: 'Hello' } });
 */
export async function request(args: RawRequestArgs): Promise<unknown> {
  const url = rawUrl(args);
  return guarded(args, async () => {
    const response = await sendRequest(
      {
        url,
        method: args.method ?? (args.json === undefined && args.body === undefined ? 'GET' : 'POST'),
        json: args.json,
        body: args.body,
        contentType: args.contentType,
        model: args.model,
      },
      args,
    );
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
  const url = rawUrl(args);
  const { model } = args;
  return eventsOf(
    'streamRequest',
    async () => ({
      response: await sendRequest(
        {
          url,
          method: args.method ?? 'POST',
          json: args.json,
          body: args.body,
          contentType: args.contentType,
          model,
          accept: 'text/event-stream',
        },
        args,
      ),
      model,
    }),
    args,
  );
}
