/**
 * The chat wire body, built once for `chatCompletion`, `chatCompletionStream` and the chat store.
 * Apart from the task's file so the store (which skips zod to stay small) shares it.
 */
import { toSnake } from './case';
import { trimSlash } from './options';
import type { WireBody } from './task';
import { invalid, type CallSpec, type Picker } from './transport';

/** A dedicated endpoint's chat route: its OpenAI-style `/v1/chat/completions`, whether its root ends in `/v1` or names the route already. */
export const chatEndpoint = (endpoint: string): string => {
  const root = trimSlash(endpoint);
  return root.endsWith('/v1/chat/completions') ? root : `${root.replace(/\/v1$/, '')}/v1/chat/completions`;
};

/**
 * What every chat call is to the transport: the router's `/v1/chat/completions`, or an endpoint's.
 * Its `route` is never used: chat never reaches hf-inference's per-model route.
 */
export const CHAT_CALL = { task: 'conversational', route: 'model', endpoint: chatEndpoint } as const;

/** The chat call of function `name`, for the stores (the tasks spread {@link CHAT_CALL} into their definitions). */
export const chatSpec = (name: string): CallSpec => ({ name, ...CHAT_CALL });

/**
 * Where a chat call goes: the router's OpenAI-compatible route, which picks the provider itself (by
 * the model's suffix or the account's order), so no Hub lookup is needed. A named provider travels
 * as the suffix the router understands (`model:provider`).
 */
export const viaRouter: Picker = ({ name }, model, root, wanted) => {
  if (wanted.length && model.includes(':')) {
    throw invalid(name, 'provider', `cannot be combined with the suffix of "${model}"; give one of them`);
  }
  const wireModel = wanted.length ? `${model}:${wanted[0]}` : model;
  return { url: `${root}/v1/chat/completions`, shown: wireModel, wireModel };
};

/**
 * `{ model, messages, ...snake_case parameters, stream_options?, stream? }`. Without a model (a
 * dedicated TGI endpoint) the body says `"tgi"`, as TGI's own clients do.
 */
export function chatWire(input: Record<string, unknown>, stream: boolean, model: string | undefined): WireBody {
  const { messages, streamOptions, ...rest } = input;
  return {
    json: {
      model: model ?? 'tgi',
      messages,
      ...toSnake(rest),
      ...(streamOptions ? { stream_options: toSnake(streamOptions as object) } : {}),
      // `stream: false` is every server's default: left out, as @huggingface/inference leaves it.
      ...(stream ? { stream } : {}),
    },
  };
}
