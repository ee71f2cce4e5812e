/**
 * deepinfra: OpenAI-compatible routes below `{root}/deepinfra/v1/openai` (completions, embeddings,
 * images, speech, transcriptions). Bodies are what @huggingface/inference 4.13 sends.
 */
import { partsOf } from './payload';
import { completionParts, completions, embeddings, images, maxTokens, transcriptions } from './together';
import { hooked } from './hooked';
import type {} from './types';

const NAME = 'deepinfra';

/** text-generation: `{ model, prompt, ...parameters }`, `max_new_tokens` as `max_tokens`. */
export const deepinfraTextGeneration = /* @__PURE__ */ completions(
  '/v1/openai/completions',
  (wire, { model }) => {
    const { args, stream } = completionParts(wire);
    return { json: { model, prompt: args.inputs, ...stream, ...maxTokens(args.parameters) } };
  },
  NAME,
);

/** feature-extraction: `{ ...parameters, input, model }`. */
export const deepinfraFeatureExtraction = /* @__PURE__ */ embeddings(
  '/v1/openai/embeddings',
  (wire, { model }) => {
    const { inputs, ...rest } = (wire.json ?? {}) as Record<string, unknown>;
    return { json: { ...rest, input: inputs, model } };
  },
  NAME,
);

/** text-to-image: `{ ...parameters, response_format: 'b64_json', prompt, model }`. */
export const deepinfraTextToImage = /* @__PURE__ */ images(
  '/v1/openai/images/generations',
  (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    return { json: { ...parameters, response_format: 'b64_json', prompt: inputs, model } };
  },
  NAME,
);

/** text-to-speech: `{ ...parameters, input, model }` → audio bytes (a voice only when given: it is model-specific). */
export const deepinfraTextToSpeech = /* @__PURE__ */ hooked({
  path: () => '/v1/openai/audio/speech',
  body: (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    return { json: { ...parameters, input: inputs, model } };
  },
});

/** automatic-speech-recognition: multipart `file` + parameters + `model` → `{ text, segments? }`. */
export const deepinfraAutomaticSpeechRecognition = /* @__PURE__ */ transcriptions(
  '/v1/openai/audio/transcriptions',
  NAME,
);
