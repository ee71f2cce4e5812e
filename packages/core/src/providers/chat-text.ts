/**
 * text-generation served at a provider's OpenAI chat route (`…/chat/completions`), for groq and
 * novita: the prompt goes as one user message, `{ model, messages: [{ role: 'user', content }],
 * max_tokens, temperature, top_p, stop, seed, stream? }`, and the answer is read from
 * `choices[0].message.content` (a stream's from `choices[0].delta.content`, mapped to TGI chunks).
 *
 * This deliberately differs from @huggingface/inference 4.13, which posts its generic text-generation
 * body `{ inputs, parameters, model }` to these routes: a chat route requires `messages` and rejects
 * that body (OpenAI-compatible servers answer 400/422 "missing field `messages`"), so the reference's
 * calls cannot succeed. Only the parameters a chat route shares with TGI are sent (`max_new_tokens`
 * as `max_tokens`); TGI-only ones (`top_k`, `repetition_penalty`, `grammar`, `details`…) have no
 * chat counterpart and are not sent.
 */
import type { WireBody } from '../task';
import { completionParts, completions } from './together';
import type { ProviderTask } from './types';

/** The chat body of a text-generation call (see the file's comment). */
export function chatTextBody(wire: WireBody, model: string): WireBody {
  const { args, stream } = completionParts(wire);
  const { max_new_tokens, temperature, top_p, stop, seed } = (args.parameters ?? {}) as Record<string, unknown>;
  return {
    json: {
      model,
      messages: [{ role: 'user', content: args.inputs }],
      max_tokens: max_new_tokens,
      temperature,
      top_p,
      stop,
      seed,
      ...stream,
    },
  };
}

/** text-generation at the chat route `route` of provider `name`. */
export const chatTextGeneration = (route: string, name: string): ProviderTask =>
  completions(route, (wire, { model }) => chatTextBody(wire, model), name, '{ choices: [{ message: { content } }] }');
