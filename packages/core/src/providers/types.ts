import type { HttpRequest } from '../http';
import type { RequestOptions, TaskRoute } from '../options';
import type { WireBody } from '../task';

/** What a provider's code gets for one call. */
export interface ProviderCall {
  /** The router root (no trailing slash); the provider's routes are below `{root}/{provider}`. */
  root: string;
  /** The model's id on this provider (from the Hub's mapping). */
  model: string;
  /** The task's Hub tag (`text-to-image`) and hf-inference route. */
  task: string;
  route: TaskRoute;
  /** The call's options: token, signal, `onProgress`… */
  options: RequestOptions;
  /**
   * When the Hub maps the model as a LoRA adapter on the provider's base model: the Hub id of the
   * adapter's repo, and its weights file there.
   */
  lora?: { repo: string; weights?: string | undefined } | undefined;
  /** Sends a follow-up request (polling, a result, a download) with the call's token, headers and errors. */
  send(request: HttpRequest): Promise<Response>;
}

/**
 * How one provider serves one task, declared: its route, and where it differs from posting the task's
 * own body as is. `hooked` turns it into the {@link ProviderTask} a task's `providers` table lists.
 */
export interface ProviderHooks {
  /** The path below `{root}/{provider}`, query included (`/fal-ai/flux/schnell?_subdomain=queue`). */
  path(call: Omit<ProviderCall, 'send'>): string;
  /**
   * Headers the provider's submit request adds (replicate's `Prefer: wait`); the call's own `headers`
   * win. Follow-ups (polls, downloads) do not get them.
   */
  headers?(call: Omit<ProviderCall, 'send'>): Record<string, string>;
  /** Maps the task's hf-inference wire body (`{ inputs, parameters }`) to the provider's. Default: as is. */
  body?(wire: WireBody, call: Omit<ProviderCall, 'send'>): WireBody | Promise<WireBody>;
  /**
   * Reads the provider's answer into what the task's output schema expects (a `Blob` for media),
   * polling and downloading as needed. Default: the task's own reading.
   */
  read?(response: Response, call: ProviderCall): Promise<unknown>;
  /**
   * For a streamed task: makes, once per call, the mapper of each event's JSON to the task's chunk
   * shape (it may keep state, e.g. the text so far). Default: events as they come.
   */
  events?(): (value: unknown) => unknown;
}

/** A provider's call once sent: the response (body unread) and, where the provider has its own, how to read it. */
export interface ProviderSent {
  response: Response;
  /** Reads the answer into what the task's output schema expects (polling, media URLs). */
  read?: (() => Promise<unknown>) | undefined;
  /** Maps each stream event's JSON to the task's chunk shape. */
  event?: ((value: unknown) => unknown) | undefined;
}

/**
 * How one provider serves one task: its route, and, for a provider that needs more than the task's
 * body posted as is, how a call is sent (`hooked` makes it from {@link ProviderHooks}). Apart from
 * the route, so that tasks served by hf-inference alone bundle none of that. A task's file lists
 * these per provider, and each provider's file exports one per task, so a bundle holds only the
 * providers of the tasks it calls.
 */
export interface ProviderTask {
  path: ProviderHooks['path'];
  /** Sends `request` (the task's body, to the provider's route) the provider's way. Default: as is. */
  send?(request: HttpRequest, call: Omit<ProviderCall, 'send'>): Promise<ProviderSent>;
  // Declared hooks belong in `hooked(...)`: here they would be ignored, so the types refuse them.
  body?: never;
  headers?: never;
  read?: never;
  events?: never;
}

/** The providers that serve a task, by name. */
export type ProviderTable = { readonly [name: string]: ProviderTask | undefined };
