/** scaleway: OpenAI-compatible completions and embeddings below `{root}/scaleway/v1`, as @huggingface/inference 4.13 sends them. */
import { completionParts, completions, embeddings } from './together';

const NAME = 'scaleway';

/** text-generation: `{ model, inputs, parameters, prompt }`, as together's (scaleway reads `prompt`). */
export const scalewayTextGeneration = /* @__PURE__ */ completions(
  '/v1/completions',
  (wire, { model }) => {
    const { args, stream } = completionParts(wire);
    return { json: { model, ...args, ...stream, prompt: args.inputs } };
  },
  NAME,
);

/** feature-extraction: `{ input, model }` (no parameters). */
export const scalewayFeatureExtraction = /* @__PURE__ */ embeddings(
  '/v1/embeddings',
  (wire, { model }) => ({ json: { input: (wire.json as { inputs?: unknown } | undefined)?.inputs, model } }),
  NAME,
);
