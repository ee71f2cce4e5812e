import { hfInferencePath } from '../options';
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
