import { hfInferencePath } from '../options';
import { completions, promptCompletion } from './together';
import type { ProviderTable, ProviderTask } from './types';

/**
 * hf-inference: Hugging Face's own CPU serving for the classic tasks, at
 * `{root}/hf-inference/models/{id}` (`/pipeline/{task}` for embeddings and similarity). The body is
 * the task's own `{ inputs, parameters }`.
 */
export const hfInference: ProviderTask = {
  path: ({ route, model }) => hfInferencePath(route, model),
};

/** The providers of a task only hf-inference serves. */
export const HF_INFERENCE_ONLY: ProviderTable = { 'hf-inference': hfInference };

/**
 * text-generation on hf-inference: the model's OpenAI completions route,
 * `{root}/hf-inference/models/{id}/v1/completions`, with `{ model, stream?, max_tokens (from
 * max_new_tokens), ...other parameters, prompt }`, as @huggingface/inference 4.13 sends it; the answer's
 * `choices[0].text` is the generated text, a stream's completion chunks become TGI chunks. (A
 * dedicated TGI endpoint, `endpointUrl`, still gets TGI's own `{ inputs, parameters }` and `details`.)
 */
export const hfInferenceTextGeneration = /* @__PURE__ */ completions(
  ({ model }) => `/models/${model}/v1/completions`,
  promptCompletion,
  'hf-inference',
);
