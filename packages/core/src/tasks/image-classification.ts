import * as z from 'zod/mini';
import { createTask } from '../task';
import { binary, binaryBody, byScore, intFrom, type LabelScore, labelScores, mapped } from '../wire';

/** Input of {@link imageClassification}. */
export const imageClassificationInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
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
export const imageClassificationOutput = mapped(labelScores, (items: LabelScore[]) => byScore(items));

export type ImageClassificationInput = z.input<typeof imageClassificationInput>;
export type ImageClassificationOutput = z.output<typeof imageClassificationOutput>;

/**
 * Labels what an image shows.
 * @example
 * const labels = await imageClassification({ inputs: file, parameters: { topK: 3 } });
 * labels[0]; // { label: 'golden retriever', score: 0.92 }
 */
export const imageClassification = /* @__PURE__ */ createTask({
  name: 'imageClassification',
  task: 'image-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'google/vit-base-patch16-224',
  input: imageClassificationInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  output: imageClassificationOutput,
  expected: '[{ label, score }]',
});
