import * as z from 'zod/mini';
import { generationParameters, withGenerationParameters } from '../generation';
import { createBlobTask } from '../task';
import { falAiTextToSpeech } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';
import { jsonBody, text } from '../wire';
import { replicateTextToSpeech } from '../providers/replicate';
import { togetherTextToSpeech } from '../providers/together';
import { deepinfraTextToSpeech } from '../providers/deepinfra';

/** Input of {@link textToSpeech}. */
export const textToSpeechInput = z.object({
  /** The text to speak. */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** How the speech tokens are generated (for generative models such as Bark). */
      generationParameters: z.optional(generationParameters),
    }),
  ),
});

export type TextToSpeechInput = z.input<typeof textToSpeechInput>;
/** The synthesised audio, typed by its `Content-Type` (`audio/flac`, `audio/wav`, ...). */
export type TextToSpeechOutput = Blob;

/**
 * Synthesises speech from text.
 * @example
 * const speech = await textToSpeech({ inputs: 'Hello world' });
 * new Audio(URL.createObjectURL(speech)).play();
 */
export const textToSpeech = /* @__PURE__ */ createBlobTask({
  name: 'textToSpeech',
  task: 'text-to-speech',
  route: 'model',
  providers: {
    'hf-inference': hfInference,
    'fal-ai': falAiTextToSpeech,
    replicate: replicateTextToSpeech,
    together: togetherTextToSpeech,
    deepinfra: deepinfraTextToSpeech,
  },
  kind: 'mutation',
  defaultModel: 'espnet/kan-bayashi_ljspeech_vits',
  input: textToSpeechInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, withGenerationParameters(parameters)),
  expected: 'audio bytes',
});
