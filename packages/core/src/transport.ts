/**
 * The one way a call travels: where it goes (a dedicated endpoint, the router's chat route, or a
 * provider's route found through the Hub's mapping), what body the provider wants, sending with
 * waits, retries and typed errors, and reading Server-Sent Events. Tasks, stream stores and
 * `request` all go through here, so provider routing is written once.
 */
import { InferenceResponseError, InferenceValidationError } from './errors';
import { release, scrub, sendRequest, type HttpRequest } from './http';
import {
  assertModelOrEndpoint,
  directEndpoint,
  hfInferencePath,
  routerRoot,
  trimSlash,
  type RequestOptions,
  type TaskRoute,
} from './options';
import type { ProviderCall, ProviderTable, ProviderTask } from './providers/types';
import { readJsonEvents } from './sse';
import type { WireBody } from './task';

/** What the transport needs to know of a task (a `TaskDefinition` is one). */
export interface CallSpec {
  /** camelCase function name, e.g. `zeroShotClassification`, for errors. */
  name: string;
  /** Hub pipeline tag, e.g. `zero-shot-classification` (`conversational` for chat). */
  task: string;
  /** Where the task is served on hf-inference: at the model root, or below it (see {@link TaskRoute}). */
  route: TaskRoute;
  /** The model used when none is given (see `getRecommendedModel`). */
  defaultModel?: string | undefined;
  /**
   * The Inference Providers that serve the task, by name, each a `ProviderTask` (most made by
   * `hooked`). Absent: hf-inference only. Chat needs none: the router's `/v1/chat/completions` serves
   * every provider.
   */
  providers?: ProviderTable | undefined;
  /** The task's URL on a dedicated endpoint with root `root` (chat: its OpenAI-style route). Default: the root. */
  endpoint?: ((root: string) => string) | undefined;
}

/** A sent call: the response (body unread) and what reading it needs. */
export interface Exchange {
  response: Response;
  /** The model as errors show it (Hub id or endpoint URL). */
  model: string | undefined;
  /** The provider's reader, when it has its own (polling, media URLs). */
  read?: (() => Promise<unknown>) | undefined;
  /** The provider's mapping of stream events, when it has one. */
  event?: ((value: unknown) => unknown) | undefined;
}

/**
 * Finds where a call that names no endpoint goes, given the Hub id, the router root and the
 * providers the call wants in order (none: `auto`): `viaHub` (`routing.ts`) for the provider-routed
 * tasks, `viaRouter` (`chat-wire.ts`) for chat, which the router routes itself.
 */
export type Picker = (
  spec: CallSpec,
  model: string,
  root: string,
  wanted: string[],
  options: RequestOptions,
) => Target | Promise<Target>;

/** Where a call goes. */
export interface Target {
  url: string;
  /** Shown in errors. */
  shown: string | undefined;
  /** The model the body names (`undefined`: none, e.g. a dedicated TGI endpoint → `"tgi"`). */
  wireModel: string | undefined;
  provider?: ProviderTask | undefined;
  call?: Omit<ProviderCall, 'send'> | undefined;
}

export const invalid = (name: string, path: string, message: string) =>
  new InferenceValidationError(name, [{ path, message }]);

/** Resolves where a call goes. Synchronous unless a Hub lookup is needed. */
function target(spec: CallSpec, options: RequestOptions, pick: Picker): Target | Promise<Target> {
  const { name } = spec;
  assertModelOrEndpoint(name, options);
  const direct = directEndpoint(options);
  if (direct) {
    // `model` with an `endpointUrl` names the model an OpenAI-compatible server should run.
    const wireModel = options.endpointUrl && options.model && options.model !== direct ? options.model : undefined;
    return { url: spec.endpoint?.(direct) ?? trimSlash(direct), shown: wireModel ?? direct, wireModel };
  }
  const model = options.model ?? spec.defaultModel;
  if (!model) throw invalid(name, 'model', `is required for ${name}: pass a Hub model id or an endpointUrl`);
  const { provider } = options;
  const wanted =
    provider === undefined || provider === 'auto' ? [] : typeof provider === 'string' ? [provider] : [...provider];
  return pick(spec, model, routerRoot(options), wanted, options);
}

/**
 * Resolves, builds the body and sends one call. Throws typed errors, not yet scrubbed (the caller
 * scrubs once, where the error leaves core).
 */
export async function exchange(
  spec: CallSpec,
  wire: (model: string | undefined) => WireBody | Promise<WireBody>,
  options: RequestOptions,
  pick: Picker,
): Promise<Exchange> {
  let found = target(spec, options, pick);
  if (found instanceof Promise) found = await found;
  const { url, shown, provider, call } = found;
  let body = wire(found.wireModel);
  if (body instanceof Promise) body = await body;
  // No `accept: text/event-stream` on streams: `stream: true` in the body is what servers go by,
  // and the request stays byte for byte the one @huggingface/inference sends.
  const request: HttpRequest = { url, model: shown, ...body };
  const sent =
    provider?.send && call ? await provider.send(request, call) : { response: await sendRequest(request, options) };
  return { model: shown, ...sent };
}

/** What a call without a task names: a full `url`, or a model or endpoint and a `path` below it. */
export interface RawTarget extends RequestOptions {
  url?: string | undefined;
  path?: string | undefined;
}

/**
 * A dedicated endpoint's root, for what only a dedicated endpoint serves (`/health`, `/info`):
 * `endpointUrl`, or a URL given as `model`.
 */
export function endpointRoot(name: string, options: RequestOptions): string {
  assertModelOrEndpoint(name, options);
  const root = directEndpoint(options);
  if (!root) {
    throw invalid(
      name,
      'endpointUrl',
      'is required: this works on dedicated endpoints (TGI/TEI/Inference Endpoints) only',
    );
  }
  return trimSlash(root);
}

/**
 * Where a call without a task goes: its `url`; else its endpoint, or its model's hf-inference
 * route below the router, followed by `path`.
 */
export function rawUrl(name: string, target: RawTarget): string {
  assertModelOrEndpoint(name, target);
  if (target.url) return target.url;
  const direct = directEndpoint(target);
  if (!direct && !target.model) throw invalid(name, 'url', 'give a url, a model or an endpointUrl');
  const root = direct
    ? trimSlash(direct)
    : `${routerRoot(target)}/hf-inference${hfInferencePath('model', target.model!)}`;
  return root + (target.path ?? '');
}

/** Sends a call without a task (`request`, `streamRequest`, the endpoint helpers) as given; see {@link rawUrl}. */
export async function exchangeRaw(request: HttpRequest, options: RequestOptions): Promise<Exchange> {
  return { response: await sendRequest(request, options), model: request.model };
}

/**
 * Sends a call and yields the JSON of each Server-Sent Event: the transport shared by the stream
 * tasks, the stores (without any task's schemas) and `streamRequest`.
 */
export function events(
  spec: CallSpec,
  wire: (model: string | undefined) => WireBody | Promise<WireBody>,
  options: RequestOptions,
  pick: Picker,
): AsyncGenerator<unknown, void, undefined> {
  return eventsOf(spec.name, () => exchange(spec, wire, options, pick), options);
}

/** Yields the JSON events of what `open` sends; errors leave scrubbed, and the body is always released. */
export async function* eventsOf(
  name: string,
  open: () => Promise<Pick<Exchange, 'response' | 'model' | 'event'>>,
  options: RequestOptions,
): AsyncGenerator<unknown, void, undefined> {
  let response: Response | undefined;
  try {
    const sent = await open();
    response = sent.response;
    if (!response.body) throw new InferenceResponseError(name, 'a streamed body', null, sent.model);
    const { event } = sent;
    if (!event) yield* readJsonEvents(response.body, { signal: options.signal, model: sent.model });
    else
      for await (const value of readJsonEvents(response.body, { signal: options.signal, model: sent.model }))
        yield event(value);
  } catch (error) {
    throw scrub(error, options);
  } finally {
    // Also when the consumer breaks out of its loop: the body is cancelled by then.
    release(response);
  }
}
