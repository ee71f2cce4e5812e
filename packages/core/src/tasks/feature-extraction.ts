import * as z from 'zod/mini';
import { createTask } from '../task';
import { nonEmpty, text, toSnake } from '../wire';
import { hfInference } from '../providers/hf-inference';
import { togetherFeatureExtraction } from '../providers/together';
import { deepinfraFeatureExtraction } from '../providers/deepinfra';
import { scalewayFeatureExtraction } from '../providers/scaleway';

/** Input of {@link featureExtraction}. */
export const featureExtractionInput = z.object({
  /** One text, or several to embed in one request. */
  inputs: z.union([text, z.array(text).check(nonEmpty)], {
    error: 'expected a non-empty string or a non-empty array of them',
  }),
  parameters: z.optional(
    z.strictObject({
      /** Scale each embedding to unit length (Text Embeddings Inference). */
      normalize: z.optional(z.boolean()),
      /** A key of the model's Sentence Transformers `prompts` (e.g. `query`), whose text is prepended. */
      promptName: z.optional(text),
      /** Cut inputs longer than the model's limit instead of failing (Text Embeddings Inference). */
      truncate: z.optional(z.boolean()),
      /** Which end `truncate` cuts. */
      truncationDirection: z.optional(z.enum(['left', 'right'])),
    }),
  ),
});

const vector = z.array(z.number());

/**
 * Output, as nested arrays of numbers exactly as the server sent them:
 * - `number[]`: one pooled embedding (sentence-embedding models, one input);
 * - `number[][]`: one pooled embedding per input, or one vector per token for one input (models
 *   without pooling);
 * - `number[][][]`: one vector per token per input.
 */
export const featureExtractionOutput = z.union([vector, z.array(vector), z.array(z.array(vector))]);

export type FeatureExtractionInput = z.input<typeof featureExtractionInput>;
export type FeatureExtractionOutput = z.output<typeof featureExtractionOutput>;

/**
 * Turns texts into embeddings (vectors) for search, clustering or similarity.
 * @example
 * const embedding = await featureExtraction({ inputs: 'Today is a sunny day' });
 * embedding.length; // 384
 */
export const featureExtraction = /* @__PURE__ */ createTask({
  name: 'featureExtraction',
  task: 'feature-extraction',
  route: 'feature-extraction',
  providers: {
    'hf-inference': hfInference,
    together: togetherFeatureExtraction,
    deepinfra: deepinfraFeatureExtraction,
    scaleway: scalewayFeatureExtraction,
  },
  kind: 'query',
  defaultModel: 'sentence-transformers/all-MiniLM-L6-v2',
  input: featureExtractionInput,
  // The parameters go at the root of the body, beside `inputs` (the TEI format the spec adopts), and
  // the direction is capitalised as TEI's enum spells it.
  toWire: ({ inputs, parameters }) => {
    const { truncationDirection, ...rest } = parameters ?? {};
    const direction = truncationDirection && (truncationDirection === 'left' ? 'Left' : 'Right');
    return { json: { inputs, ...toSnake({ ...rest, truncationDirection: direction }) } };
  },
  output: featureExtractionOutput,
  expected: 'an array of numbers (or nested arrays of them)',
});
