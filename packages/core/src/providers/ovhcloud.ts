/**
 * ovhcloud (OVHcloud AI Endpoints): text-generation at its OpenAI completions route,
 * `{root}/ovhcloud/v1/completions`, as @huggingface/inference 4.13 sends it (chat itself goes through
 * the router's `/v1/chat/completions`). The answer's `choices[0].text` is the generated text; a
 * stream's completion chunks are mapped to TGI chunks.
 */
import { completions, promptCompletion } from './together';

/** text-generation: `{ model, stream?, max_tokens (from max_new_tokens), ...other parameters, prompt }`. */
export const ovhcloudTextGeneration = /* @__PURE__ */ completions('/v1/completions', promptCompletion, 'ovhcloud');
