/** featherless-ai: text-generation at `{root}/featherless-ai/v1/completions`, as @huggingface/inference 4.13 sends it. */
import { completionParts, completions, maxTokens } from './together';

/** text-generation: `{ model, ...parameters (max_new_tokens as max_tokens), prompt }`. */
export const featherlessAiTextGeneration = /* @__PURE__ */ completions(
  '/v1/completions',
  (wire, { model }) => {
    const { args, stream } = completionParts(wire);
    return { json: { model, ...stream, ...maxTokens(args.parameters), prompt: args.inputs } };
  },
  'featherless-ai',
);
