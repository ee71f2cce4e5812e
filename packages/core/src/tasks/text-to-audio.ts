import * as z from 'zod/mini';
import { generationParameters, withGenerationParameters } from '../generation';
import { createBlobTask } from '../task';
import { falAiTextToAudio } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';
import { jsonBody, text } from '../wire';

/** Input of {@link textToAudio}. */
export const textToAudioInput = z.object({
  /** What to generate: a description of the music or sound (`'lo-fi hip hop beat with soft piano'`). */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** How the audio tokens are generated (for generative models such as MusicGen). */
      generationParameters: z.optional(generationParameters),
    }),
  ),
});

export type TextToAudioInput = z.input<typeof textToAudioInput>;
/** The generated audio, typed by its `Content-Type` (`audio/wav`, `audio/flac`, ...). */
export type TextToAudioOutput = Blob;

/**
 * Generates audio (music, sound effects) from a text prompt. The default model,
 * `stabilityai/stable-audio-open-1.0`, is served by fal-ai (its `fal-ai/stable-audio` app, through
 * fal's queue); hf-inference serves the models it hosts at `/models/{id}`.
 * @example
 * const clip = await textToAudio({ inputs: 'Rain on a tin roof, distant thunder' });
 * new Audio(URL.createObjectURL(clip)).play();
 */
export const textToAudio = /* @__PURE__ */ createBlobTask({
  name: 'textToAudio',
  task: 'text-to-audio',
  route: 'model',
  providers: {
    'hf-inference': hfInference,
    'fal-ai': falAiTextToAudio,
  },
  kind: 'mutation',
  defaultModel: 'stabilityai/stable-audio-open-1.0',
  input: textToAudioInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, withGenerationParameters(parameters)),
  expected: 'audio bytes',
});
