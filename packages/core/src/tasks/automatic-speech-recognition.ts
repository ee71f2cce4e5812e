import * as z from 'zod/mini';
import { generationParameters, withGenerationParameters } from '../generation';
import { createTask } from '../task';
import { falAiAutomaticSpeechRecognition } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';
import { binary, binaryBody, mapped } from '../wire';
import { replicateAutomaticSpeechRecognition } from '../providers/replicate';
import { togetherAutomaticSpeechRecognition } from '../providers/together';
import { deepinfraAutomaticSpeechRecognition } from '../providers/deepinfra';

/** Input of {@link automaticSpeechRecognition}. */
export const automaticSpeechRecognitionInput = z.object({
  /** The audio bytes (FLAC, WAV, MP3, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** Also return the text in timed chunks. */
      returnTimestamps: z.optional(z.boolean()),
      /** How the transcript is generated (Whisper-style models). */
      generationParameters: z.optional(generationParameters),
    }),
  ),
});

/** A piece of the transcript with its `[start, end]` in seconds; `end` is null when the audio stops mid-chunk. */
export interface AutomaticSpeechRecognitionChunk {
  text: string;
  timestamp: [start: number, end: number | null];
}

const timestamp = z.tuple([z.number(), z.nullable(z.number())]);
// The spec and transformers call it `timestamp`; a `timestamps` spelling (after the
// `return_timestamps` option) is accepted too, at no cost to the right one.
const chunk = z.union([
  z.object({ text: z.string(), timestamp }),
  z.object({ text: z.string(), timestamps: timestamp }),
]);
const transcript = z.object({ text: z.string(), chunks: z.optional(z.array(chunk)) });

/** Output: `{ text, chunks? }`; `chunks` only when `returnTimestamps` was asked for. */
export const automaticSpeechRecognitionOutput = mapped(
  z.union([transcript, z.tuple([transcript])]),
  (value): { text: string; chunks?: AutomaticSpeechRecognitionChunk[] } => {
    const { text, chunks } = Array.isArray(value) ? value[0] : value;
    if (!chunks) return { text };
    return {
      text,
      chunks: chunks.map((c) => ({ text: c.text, timestamp: 'timestamp' in c ? c.timestamp : c.timestamps })),
    };
  },
);

export type AutomaticSpeechRecognitionInput = z.input<typeof automaticSpeechRecognitionInput>;
export type AutomaticSpeechRecognitionOutput = z.output<typeof automaticSpeechRecognitionOutput>;

/**
 * Transcribes speech to text.
 * @example
 * const { text, chunks } = await automaticSpeechRecognition({
 *   inputs: file,
 *   parameters: { returnTimestamps: true },
 * });
 * chunks?.[0]; // { text: ' Hello world.', timestamp: [0, 1.5] }
 */
export const automaticSpeechRecognition = /* @__PURE__ */ createTask({
  name: 'automaticSpeechRecognition',
  task: 'automatic-speech-recognition',
  route: 'model',
  providers: {
    'hf-inference': hfInference,
    'fal-ai': falAiAutomaticSpeechRecognition,
    replicate: replicateAutomaticSpeechRecognition,
    together: togetherAutomaticSpeechRecognition,
    deepinfra: deepinfraAutomaticSpeechRecognition,
  },
  kind: 'mutation',
  defaultModel: 'openai/whisper-large-v3',
  input: automaticSpeechRecognitionInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, withGenerationParameters(parameters)),
  output: automaticSpeechRecognitionOutput,
  expected: '{ text, chunks?: [{ text, timestamp: [start, end] }] }',
});
