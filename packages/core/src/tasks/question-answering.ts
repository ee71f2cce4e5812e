import * as z from 'zod/mini';
import { createTask } from '../task';
import { byScore, int, intFrom, jsonBody, mapped, text } from '../wire';

const count = /* @__PURE__ */ intFrom(1);

/** Input of {@link questionAnswering}. */
export const questionAnsweringInput = z.object({
  inputs: z.strictObject({
    /** The question. */
    question: text,
    /** The text that holds the answer. */
    context: text,
  }),
  parameters: z.optional(
    z.strictObject({
      /** How many answers to return, best first (fewer if the context has fewer candidates). */
      topK: z.optional(count),
      /** Overlap, in tokens, between the chunks a long context is split into. */
      docStride: z.optional(intFrom(0)),
      /** Longest answer considered, in tokens. */
      maxAnswerLen: z.optional(count),
      /** Length of each chunk (question + context), in tokens. */
      maxSeqLen: z.optional(count),
      /** The question is truncated to this many tokens. */
      maxQuestionLen: z.optional(count),
      /** Allow "no answer" (an empty `answer`), for SQuAD 2-style models. */
      handleImpossibleAnswer: z.optional(z.boolean()),
      /** Snap answers to word boundaries; may hurt languages without spaces. */
      alignToWords: z.optional(z.boolean()),
    }),
  ),
});

const answer = z.object({ answer: z.string(), score: z.number(), start: int(), end: int() });

/**
 * Output: `[{ answer, score, start, end }]`, best first, always an array (the server sends a bare
 * object when `topK` is 1). `start`/`end` are offsets in `context` in Unicode code points.
 */
export const questionAnsweringOutput = mapped(z.union([answer, z.array(answer)]), (value) =>
  byScore(Array.isArray(value) ? value : [value]),
);

export type QuestionAnsweringInput = z.input<typeof questionAnsweringInput>;
export type QuestionAnsweringOutput = z.output<typeof questionAnsweringOutput>;

/**
 * Extracts the answer to a question from a context text.
 * @example
 * const [best] = await questionAnswering({
 *   inputs: { question: "What's my name?", context: 'My name is Clara and I live in Berkeley.' },
 * });
 * best; // { answer: 'Clara', score: 0.98, start: 11, end: 16 }
 */
export const questionAnswering = /* @__PURE__ */ createTask({
  name: 'questionAnswering',
  task: 'question-answering',
  route: 'model',
  kind: 'query',
  defaultModel: 'deepset/roberta-base-squad2',
  input: questionAnsweringInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  output: questionAnsweringOutput,
  expected: '{ answer, score, start, end } or an array of them',
});
