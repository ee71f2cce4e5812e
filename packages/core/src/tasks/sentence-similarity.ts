import * as z from 'zod/mini';
import { createTask } from '../task';
import { nonEmpty, text } from '../wire';

/** Input of {@link sentenceSimilarity}. It takes no parameters. */
export const sentenceSimilarityInput = z.object({
  inputs: z.strictObject({
    /** The text the others are compared with. */
    sourceSentence: text,
    /** The texts to score against `sourceSentence`. */
    sentences: z.array(text).check(nonEmpty),
  }),
});

/** Output: one similarity score per sentence, in the order of `sentences`. */
export const sentenceSimilarityOutput = z.array(z.number());

export type SentenceSimilarityInput = z.input<typeof sentenceSimilarityInput>;
export type SentenceSimilarityOutput = z.output<typeof sentenceSimilarityOutput>;

/**
 * Scores how close in meaning each sentence is to a source sentence (cosine similarity of embeddings).
 * @example
 * const scores = await sentenceSimilarity({
 *   inputs: { sourceSentence: 'Machine learning is so easy.', sentences: ['Deep learning is so straightforward.', 'I am hungry.'] },
 * });
 * scores; // [0.78, 0.05]
 */
export const sentenceSimilarity = /* @__PURE__ */ createTask({
  name: 'sentenceSimilarity',
  task: 'sentence-similarity',
  route: 'sentence-similarity',
  kind: 'query',
  defaultModel: 'sentence-transformers/all-MiniLM-L6-v2',
  input: sentenceSimilarityInput,
  inputKeys: ['inputs'],
  toWire: ({ inputs }) => ({
    json: { inputs: { source_sentence: inputs.sourceSentence, sentences: inputs.sentences } },
  }),
  output: sentenceSimilarityOutput,
  expected: 'an array of numbers, one per sentence',
});
