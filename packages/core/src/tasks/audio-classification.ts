import * as z from 'zod/mini';
import { createTask } from '../task';
import { binary, binaryBody, byScore, intFrom, type LabelScore, labelScores, mapped } from '../wire';

/** Input of {@link audioClassification}. */
export const audioClassificationInput = z.object({
  /** The audio bytes (FLAC, WAV, MP3, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** How raw logits become scores. Default: the model's own choice. */
      functionToApply: z.optional(z.enum(['sigmoid', 'softmax', 'none'])),
      /** Only the `topK` most probable labels. */
      topK: z.optional(intFrom(1)),
    }),
  ),
});

/** Output: `[{ label, score }]` sorted by descending score. */
export const audioClassificationOutput = mapped(labelScores, (items: LabelScore[]) => byScore(items));

export type AudioClassificationInput = z.input<typeof audioClassificationInput>;
export type AudioClassificationOutput = z.output<typeof audioClassificationOutput>;

/**
 * Labels an audio clip (sound events, emotion, language, ... depending on the model).
 * @example
 * const labels = await audioClassification({ inputs: file, parameters: { topK: 3 } });
 * labels[0]; // { label: 'Speech', score: 0.87 }
 */
export const audioClassification = /* @__PURE__ */ createTask({
  name: 'audioClassification',
  task: 'audio-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'MIT/ast-finetuned-audioset-10-10-0.4593',
  input: audioClassificationInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  output: audioClassificationOutput,
  expected: '[{ label, score }]',
});
