/**
 * The router's answers that are not an engine's: its error bodies (the API's `{ error }`, the
 * OpenAI-shaped "model not supported"), the request-level faults' errors, the `malformed` fault's
 * cut JSON, and a model's `/info` (TGI's for LLMs, TEI-like for the encoders).
 */
import { frameworkOf, servesChat } from './catalogue';
import { MAX_BEST_OF } from './engines/text-generation';
import type { CatalogueModel } from './engines/types';
import type { ActiveFaults } from './faults';

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** The API's error body. */
export const apiError = (
  status: number,
  error: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) => json({ error, ...extra }, status, headers);

export const notFound = (id: string) => apiError(404, `Model ${id} does not exist`);

/** The router's answer for a model no (enabled, or named) provider serves, in the OpenAI error shape. */
export const modelNotSupported = (model: string, provider?: string) =>
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
export function faultResponse(faults: ActiveFaults): Response | undefined {
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
export function truncatedJson(body: unknown, headers: Record<string, string> = {}): Response {
  const text = JSON.stringify(body);
  return new Response(text.slice(0, Math.max(1, Math.floor(text.length / 2))), {
    status: 200,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

export const computeType = (model: CatalogueModel) =>
  ['text-generation-inference', 'diffusers'].includes(frameworkOf(model)) ? 'gpu' : 'cpu';

/** TGI's `/info` for LLMs; a TEI-like description for the encoders. */
export function info(model: CatalogueModel): Record<string, unknown> {
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

const EXPOSED_HEADERS =
  'x-request-id, retry-after, x-compute-type, x-compute-time, x-inferkit-model, x-inference-provider, x-error-code, allow';
const DEFAULT_ALLOWED_HEADERS =
  'authorization, content-type, accept, prefer, x-use-cache, x-wait-for-model, x-inferkit-fault, x-inferkit-mapping-form';

/** The answer to a CORS preflight: any origin, the methods and headers the API takes. */
export const preflight = (request: Request) =>
  new Response(null, {
    status: 204,
    headers: {
      'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
      'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? DEFAULT_ALLOWED_HEADERS,
      'access-control-max-age': '86400',
    },
  });

/**
 * An answer with the headers every answer carries: CORS for the request's origin, its request id,
 * and (as the router does on its chat route) the provider the call went to, errors included.
 * Re-wrapped rather than mutated: an engine may hand back a Response with immutable headers.
 */
export function withApiHeaders(response: Response, request: Request, requestId: string, provider?: string) {
  const headers = new Headers(response.headers);
  headers.set('access-control-allow-origin', request.headers.get('origin') ?? '*');
  headers.set('access-control-expose-headers', EXPOSED_HEADERS);
  headers.set('vary', 'origin');
  headers.set('x-request-id', requestId);
  if (provider) headers.set('x-inference-provider', provider);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
