/**
 * groq: text-generation at its OpenAI chat route, `{root}/groq/openai/v1/chat/completions` (chat
 * itself goes through the router's `/v1/chat/completions`, like every provider's).
 *
 * Deliberately differs from @huggingface/inference 4.13: the reference posts its generic
 * text-generation body `{ inputs, parameters, model }` to this chat route, which rejects it (a chat
 * route requires `messages`). This sends a working chat body instead, the prompt as one user message
 * (see `chat-text.ts`), and reads `choices[0].message.content` (streamed: `choices[0].delta.content`).
 */
import { chatTextGeneration } from './chat-text';

/** text-generation: `{ model, messages: [{ role: 'user', content: inputs }], max_tokens, temperature, top_p, stop, seed, stream? }`. */
export const groqTextGeneration = /* @__PURE__ */ chatTextGeneration('/openai/v1/chat/completions', 'groq');
