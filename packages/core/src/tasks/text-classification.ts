import * as z from 'zod/mini';
import { createTask } from '../task';
import { byScore, intFrom, jsonBody, labelScores, mapped, text } from '../wire';

/** Input of {@link textClassification}. */
export const textClassificationInput = z.object({
  /** The text to classify, or a pair of texts for models that score pairs (NLI, rerankers). */
  inputs: z.union([text, z.strictObject({ text, textPair: text })], {
    error: 'expected a non-empty string, or { text, textPair } for a pair of texts',
  }),
  parameters: z.optional(
    z.strictObject({
      /** How the logits become scores. The model's config decides when omitted. */
      functionToApply: z.optional(z.enum(['sigmoid', 'softmax', 'none'])),
      /** Only return the `topK` most likely labels. */
      topK: z.optional(intFrom(1)),
    }),
  ),
});

/** Output: `[{ label, score }]`, sorted by descending score. */
export const textClassificationOutput = mapped(
  // A single input is sometimes answered as a batch of one: `[[{ label, score }]]`.
  z.union([labelScores, z.tuple([labelScores])]),
  (value) => byScore(value.flat()),
);

export type TextClassificationInput = z.input<typeof textClassificationInput>;
export type TextClassificationOutput = z.output<typeof textClassificationOutput>;

/**
 * Assigns labels (sentiment, topic, language, ...) to a text or to a pair of texts.
 * @example
 * const labels = await textClassification({ inputs: 'I like you. I love you' });
 * labels[0]; // { label: 'POSITIVE', score: 0.9998 }
 */
export const textClassification = /* @__PURE__ */ createTask({
  name: 'textClassification',
  task: 'text-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  input: textClassificationInput,
  toWire: ({ inputs, parameters }) =>
    jsonBody(typeof inputs === 'string' ? inputs : { text: inputs.text, text_pair: inputs.textPair }, parameters),
  output: textClassificationOutput,
  expected: '[{ label, score }]',
});
