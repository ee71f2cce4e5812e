/**
 * The providers' own routes, one row each, as `@inferkit/core` sends them below
 * `https://router.huggingface.co/{provider}`. `routes.ts` matches paths against them.
 */
import type { QuerySpec, RouteMethod } from './routes';

/** The task name the proxy gives every chat route, for `allowTasks`. */
export const CHAT_TASK = 'chat-completion';

/** Placeholders in a route pattern: one segment, a provider model id of 1+ segments, or `owner/name`. */
export const ID = '{id}';
export const MODEL = '{model}';
export const OWNER_NAME = '{owner}/{name}';
/** A provider model id is at most this many segments (fal's are `fal-ai/flux/dev/image-to-image`). */
export const MAX_MODEL_SEGMENTS = 6;

export interface ProviderRoute {
  method: RouteMethod;
  pattern: readonly string[];
  kind: 'chat' | 'task' | 'poll';
  task?: string;
  /** Other tasks the route serves, which `taskOf` may name (see {@link ProxyRoute.otherTasks}). */
  otherTasks?: readonly string[];
  bodyModel?: 'model' | 'version';
  /** The body is a multipart form (its `model` field names the model), not JSON. */
  form?: boolean;
  query?: QuerySpec;
  /** Segments a `{model}` may not contain, so a model path cannot pose as a polling path. */
  reserved?: readonly string[];
  /** Request headers forwarded on the route besides the common ones. */
  headers?: readonly string[];
}

/** An OpenAI-style chat route; `otherTasks`: what else core sends there (text-generation as one user message). */
const chat = (route: string, ...otherTasks: string[]): ProviderRoute => ({
  method: 'POST',
  pattern: route.split('/'),
  kind: 'chat',
  task: CHAT_TASK,
  bodyModel: 'model',
  ...(otherTasks.length ? { otherTasks } : {}),
});
/** A route that names its model in the body's `model` and serves `task` (and `extra.otherTasks`). */
const openAiTask = (route: string, task: string, extra: Partial<ProviderRoute> = {}): ProviderRoute => ({
  method: 'POST',
  pattern: route.split('/'),
  kind: 'task',
  task,
  bodyModel: 'model',
  ...extra,
});
/** A job's status, result or cancel, by its id: no model, so only `allowProviders` applies. */
const poll = (method: RouteMethod, pattern: readonly string[], query?: QuerySpec): ProviderRoute => ({
  method,
  pattern,
  kind: 'poll',
  ...(query ? { query } : {}),
});
/** fal is reached through its queue (`?_subdomain=queue`) for media jobs, directly for speech. */
const FAL_QUERY: QuerySpec = { _subdomain: ['queue'] };
/** The headers Z.ai's API expects from Hugging Face, which core sends on every zai-org request. */
const ZAI_HEADERS = ['x-source-channel', 'accept-language'];
/** zai-org's routes, below `/zai-org/api/paas/v4`, each forwarding {@link ZAI_HEADERS}. */
const zai = (route: ProviderRoute): ProviderRoute => ({
  ...route,
  pattern: ['api', 'paas', 'v4', ...route.pattern],
  headers: ZAI_HEADERS,
});

/**
 * Every provider route, one row each, as `@inferkit/core` sends them below
 * `https://router.huggingface.co/{provider}` (each provider's `path()` in core's `providers/`, its
 * polls and its cancels), and chat on every provider the router serves. The tests check that every
 * provider × task pair core has reaches one of these (`provider-routes-coverage.test.ts`).
 */
export const PROVIDER_ROUTES: Readonly<Record<string, readonly ProviderRoute[]>> = {
  baseten: [chat('v1/chat/completions')],
  cerebras: [chat('v1/chat/completions')],
  cohere: [chat('compatibility/v1/chat/completions')],
  deepinfra: [
    chat('v1/openai/chat/completions'),
    openAiTask('v1/openai/completions', 'text-generation'),
    openAiTask('v1/openai/embeddings', 'feature-extraction'),
    openAiTask('v1/openai/images/generations', 'text-to-image'),
    openAiTask('v1/openai/audio/speech', 'text-to-speech'),
    openAiTask('v1/openai/audio/transcriptions', 'automatic-speech-recognition', { form: true }),
  ],
  'fal-ai': [
    // Polling: fal's `response_url` names the app (`fal-ai/flux`), not always the model submitted to.
    poll('GET', [MODEL, 'requests', ID, 'status'], FAL_QUERY),
    poll('GET', [MODEL, 'requests', ID], FAL_QUERY),
    // Core cancels a job its call gave up on (an abort, a timeout) with fal's `PUT …/cancel`.
    poll('PUT', [MODEL, 'requests', ID, 'cancel'], FAL_QUERY),
    { method: 'POST', pattern: [MODEL], kind: 'task', query: FAL_QUERY, reserved: ['requests'] },
  ],
  'featherless-ai': [chat('v1/chat/completions'), openAiTask('v1/completions', 'text-generation')],
  'fireworks-ai': [chat('inference/v1/chat/completions')],
  // groq serves text-generation at its chat route (core sends the prompt as one user message).
  groq: [chat('openai/v1/chat/completions', 'text-generation')],
  novita: [
    chat('v3/openai/chat/completions', 'text-generation'),
    // Videos: `/v3/async/{model}`, polled at `/v3/async/task-result?task_id=…`.
    poll('GET', ['v3', 'async', 'task-result'], { task_id: true }),
    { method: 'POST', pattern: ['v3', 'async', MODEL], kind: 'task', task: 'text-to-video', reserved: ['task-result'] },
    // MiniMax: `/v3/minimax/v2/video_generation`, polled at `/v3/minimax/v2/query/video_generation/{id}`.
    openAiTask('v3/minimax/v2/video_generation', 'image-text-to-video'),
    poll('GET', ['v3', 'minimax', 'v2', 'query', 'video_generation', ID]),
  ],
  nscale: [chat('v1/chat/completions'), openAiTask('v1/images/generations', 'text-to-image')],
  ovhcloud: [chat('v1/chat/completions'), openAiTask('v1/completions', 'text-generation')],
  publicai: [chat('v1/chat/completions')],
  replicate: [
    { method: 'POST', pattern: ['v1', 'models', OWNER_NAME, 'predictions'], kind: 'task' },
    // A version-pinned model (`owner/name:version`) is sent by version, in the body.
    { method: 'POST', pattern: ['v1', 'predictions'], kind: 'task', bodyModel: 'version' },
    poll('GET', ['v1', 'predictions', ID]),
    poll('POST', ['v1', 'predictions', ID, 'cancel']),
  ],
  scaleway: [
    chat('v1/chat/completions'),
    openAiTask('v1/completions', 'text-generation'),
    openAiTask('v1/embeddings', 'feature-extraction'),
  ],
  together: [
    chat('v1/chat/completions'),
    openAiTask('v1/completions', 'text-generation'),
    openAiTask('v1/embeddings', 'feature-extraction'),
    openAiTask('v1/images/generations', 'text-to-image', { otherTasks: ['image-to-image'] }),
    openAiTask('v1/audio/speech', 'text-to-speech'),
    openAiTask('v1/audio/transcriptions', 'automatic-speech-recognition', { form: true }),
    // Videos: `/v2/videos`, polled at `/v2/videos/{id}`.
    openAiTask('v2/videos', 'text-to-video', { otherTasks: ['image-to-video'] }),
    poll('GET', ['v2', 'videos', ID]),
  ],
  wavespeed: [
    poll('GET', ['api', 'v3', 'predictions', ID, 'result']),
    { method: 'POST', pattern: ['api', 'v3', MODEL], kind: 'task', reserved: ['predictions'] },
  ],
  'zai-org': [
    zai(chat('chat/completions')),
    // Images are async: submitted here, polled at `/async-result/{id}`.
    zai(openAiTask('async/images/generations', 'text-to-image')),
    zai(poll('GET', ['async-result', ID])),
    zai(openAiTask('layout_parsing', 'image-to-text')),
  ],
};
