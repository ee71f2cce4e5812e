import * as z from 'zod/mini';
import { createTask } from '../task';
import { base64, binary, intFrom, jsonBody, mapped, text, toBytes } from '../wire';

const count = /* @__PURE__ */ intFrom(1);

/** Input of {@link documentQuestionAnswering}. */
export const documentQuestionAnsweringInput = z.object({
  inputs: z.strictObject({
    /** The document page as image bytes (PNG, JPEG, ...). */
    image: binary,
    /** The question to answer from the document. */
    question: text,
  }),
  parameters: z.optional(
    z.strictObject({
      /** Overlap, in tokens, between the chunks a long document is split into. */
      docStride: z.optional(intFrom(0)),
      /** Allow "no answer" as an answer. */
      handleImpossibleAnswer: z.optional(z.boolean()),
      /** Language of the OCR. Default English. */
      lang: z.optional(z.string()),
      /** Longest answer considered, in tokens. */
      maxAnswerLen: z.optional(count),
      /** The question is truncated to this many tokens. */
      maxQuestionLen: z.optional(count),
      /** Tokens per chunk, question and context together. */
      maxSeqLen: z.optional(count),
      /** How many answers to return, best first. */
      topK: z.optional(count),
      /**
       * Words with their boxes (normalised to 0-1000) to use instead of running OCR.
       * Sent as transformers expects them: `[word, [x0, y0, x1, y1]]` pairs.
       */
      wordBoxes: z.optional(z.array(z.tuple([z.string(), z.tuple([z.number(), z.number(), z.number(), z.number()])]))),
    }),
  ),
});

/** One answer; `score` is null for generative models (Donut), which give none. */
export interface DocumentQuestionAnsweringAnswer {
  answer: string;
  score: number | null;
  /** Index of the first word of the answer in the OCR'd words (extractive models only). */
  start?: number;
  /** Index of the last word of the answer. */
  end?: number;
  /** Indices of the words in the answer. */
  words?: number[];
}

const answer = z.object({
  answer: z.string(),
  score: z.optional(z.nullable(z.number())),
  start: z.optional(z.number()),
  end: z.optional(z.number()),
  words: z.optional(z.array(z.number())),
});

/** Output: `[{ answer, score, start?, end?, words? }]` sorted by descending score, a single object wrapped. */
export const documentQuestionAnsweringOutput = mapped(
  z.union([z.array(answer), answer]),
  (value): DocumentQuestionAnsweringAnswer[] =>
    (Array.isArray(value) ? value : [value])
      .map(({ answer, score, start, end, words }) => ({
        answer,
        score: score ?? null,
        ...(start !== undefined && { start }),
        ...(end !== undefined && { end }),
        ...(words !== undefined && { words }),
      }))
      // Stable, so answers without a score keep the server's order after the scored ones.
      .sort((a, b) => (a.score === null ? (b.score === null ? 0 : 1) : b.score === null ? -1 : b.score - a.score)),
);

export type DocumentQuestionAnsweringInput = z.input<typeof documentQuestionAnsweringInput>;
export type DocumentQuestionAnsweringOutput = z.output<typeof documentQuestionAnsweringOutput>;

/**
 * Answers a question about a document image (invoice, form, receipt, ...).
 * @example
 * const [best] = await documentQuestionAnswering({
 *   inputs: { image: file, question: 'What is the invoice number?' },
 * });
 * best; // { answer: 'us-001', score: 0.99, start: 16, end: 16 }
 */
export const documentQuestionAnswering = /* @__PURE__ */ createTask({
  name: 'documentQuestionAnswering',
  task: 'document-question-answering',
  route: 'model',
  kind: 'query',
  defaultModel: 'impira/layoutlm-document-qa',
  input: documentQuestionAnsweringInput,
  // Always JSON: the question has to travel with the image.
  toWire: async ({ inputs, parameters }) =>
    jsonBody({ image: base64(await toBytes(inputs.image)), question: inputs.question }, parameters),
  output: documentQuestionAnsweringOutput,
  expected: '[{ answer, score, start, end }]',
});
