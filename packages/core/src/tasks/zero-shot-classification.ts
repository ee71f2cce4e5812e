import * as z from 'zod/mini';
import { createTask } from '../task';
import { byScore, holds, jsonBody, labelScores, mapped, nonEmpty, text } from '../wire';

/** Input of {@link zeroShotClassification}. */
export const zeroShotClassificationInput = z.object({
  /** The text to classify. */
  inputs: text,
  parameters: z.strictObject({
    /** Labels to choose from; the model need not have been trained on them. */
    candidateLabels: z.array(text).check(nonEmpty),
    /** Sentence with `{}` where each label goes. Default `This example is {}.` */
    hypothesisTemplate: z.optional(
      z
        .string()
        .check(holds((t) => t.includes('{}'), 'must contain "{}" where the label goes, e.g. "This text is about {}."')),
    ),
    /** Score labels independently instead of normalising them to sum to 1. */
    multiLabel: z.optional(z.boolean()),
  }),
});

// The transformers pipeline's shape. Its `sequence` echoes the input and is not read (some servers leave it out).
const legacy = z.object({
  labels: z.array(z.string()),
  scores: z.array(z.number()),
});
type Legacy = z.infer<typeof legacy>;
const fromLegacy = (value: Legacy) => value.labels.map((label, i) => ({ label, score: value.scores[i] ?? 0 }));

/** Output: `[{ label, score }]` sorted by descending score, whatever shape the server used. */
export const zeroShotClassificationOutput = mapped(
  // `[{ sequence, labels, scores }]` (one per input) is read as an array, not a tuple: cheaper in zod.
  z.union([labelScores, legacy, z.array(legacy).check(nonEmpty)]),
  (value) =>
    byScore(
      Array.isArray(value)
        ? 'labels' in (value[0] ?? {})
          ? fromLegacy(value[0] as Legacy)
          : (value as never)
        : fromLegacy(value),
    ),
);

export type ZeroShotClassificationInput = z.input<typeof zeroShotClassificationInput>;
export type ZeroShotClassificationOutput = z.output<typeof zeroShotClassificationOutput>;

/**
 * Classifies text into labels the model was not trained on.
 * @example
 * const labels = await zeroShotClassification({
 *   model: 'facebook/bart-large-mnli',
 *   inputs: 'I want my money back',
 *   parameters: { candidateLabels: ['refund', 'legal', 'faq'] },
 * });
 * labels[0]; // { label: 'refund', score: 0.93 }
 */
export const zeroShotClassification = /* @__PURE__ */ createTask({
  name: 'zeroShotClassification',
  task: 'zero-shot-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'facebook/bart-large-mnli',
  input: zeroShotClassificationInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  output: zeroShotClassificationOutput,
  expected: '[{ label, score }] or { sequence, labels, scores }',
});
