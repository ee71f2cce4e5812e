import * as z from 'zod/mini';
import { createTask } from '../task';
import {
  base64,
  binary,
  byScore,
  holds,
  type LabelScore,
  labelScores,
  mapped,
  nonEmpty,
  text,
  toBytes,
  toSnake,
} from '../wire';

/** Input of {@link zeroShotImageClassification}. */
export const zeroShotImageClassificationInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.strictObject({
    /** Labels to choose from; the model need not have been trained on them. */
    candidateLabels: z.array(text).check(nonEmpty),
    /** Sentence with `{}` where each label goes. Default `This is a photo of {}.` */
    hypothesisTemplate: z.optional(
      z.string().check(holds((t) => t.includes('{}'), 'must contain "{}" where the label goes, e.g. "A photo of {}."')),
    ),
  }),
});

/** Output: `[{ label, score }]` sorted by descending score. */
export const zeroShotImageClassificationOutput = mapped(labelScores, (items: LabelScore[]) => byScore(items));

export type ZeroShotImageClassificationInput = z.input<typeof zeroShotImageClassificationInput>;
export type ZeroShotImageClassificationOutput = z.output<typeof zeroShotImageClassificationOutput>;

/**
 * Classifies an image into labels the model was not trained on (CLIP-style).
 * @example
 * const labels = await zeroShotImageClassification({
 *   inputs: file,
 *   parameters: { candidateLabels: ['cat', 'dog', 'horse'] },
 * });
 * labels[0]; // { label: 'dog', score: 0.96 }
 */
export const zeroShotImageClassification = /* @__PURE__ */ createTask({
  name: 'zeroShotImageClassification',
  task: 'zero-shot-image-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'openai/clip-vit-large-patch14-336',
  input: zeroShotImageClassificationInput,
  // Always JSON: the labels are parameters, and raw bytes cannot carry them.
  toWire: async ({ inputs, parameters }) => ({
    json: { inputs: base64(await toBytes(inputs)), parameters: toSnake(parameters) },
  }),
  output: zeroShotImageClassificationOutput,
  expected: '[{ label, score }]',
});
