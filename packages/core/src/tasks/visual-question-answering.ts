import * as z from 'zod/mini';
import { createTask } from '../task';
import { base64, binary, intFrom, jsonBody, mapped, text, toBytes } from '../wire';

/** Input of {@link visualQuestionAnswering}. */
export const visualQuestionAnsweringInput = z.object({
  inputs: z.strictObject({
    /** The image bytes (PNG, JPEG, ...). */
    image: binary,
    /** The question about the image. */
    question: text,
  }),
  parameters: z.optional(
    z.strictObject({
      /** How many answers to return, best first. */
      topK: z.optional(intFrom(1)),
    }),
  ),
});

/** One answer; `score` is null for generative models (BLIP), which give none. */
export interface VisualQuestionAnsweringAnswer {
  answer: string;
  score: number | null;
}

const answer = z.object({ answer: z.string(), score: z.optional(z.nullable(z.number())) });

/** Output: `[{ answer, score }]` sorted by descending score, a single object wrapped. */
export const visualQuestionAnsweringOutput = mapped(
  z.union([z.array(answer), answer]),
  (value): VisualQuestionAnsweringAnswer[] =>
    (Array.isArray(value) ? value : [value])
      .map(({ answer, score }) => ({ answer, score: score ?? null }))
      // Stable, so answers without a score keep the server's order after the scored ones.
      .sort((a, b) => (a.score === null ? (b.score === null ? 0 : 1) : b.score === null ? -1 : b.score - a.score)),
);

export type VisualQuestionAnsweringInput = z.input<typeof visualQuestionAnsweringInput>;
export type VisualQuestionAnsweringOutput = z.output<typeof visualQuestionAnsweringOutput>;

/**
 * Answers an open question about an image.
 * @example
 * const [best] = await visualQuestionAnswering({
 *   inputs: { image: file, question: 'What is the animal doing?' },
 * });
 * best; // { answer: 'laying down', score: 0.48 }
 */
export const visualQuestionAnswering = /* @__PURE__ */ createTask({
  name: 'visualQuestionAnswering',
  task: 'visual-question-answering',
  route: 'model',
  kind: 'query',
  defaultModel: 'dandelin/vilt-b32-finetuned-vqa',
  input: visualQuestionAnsweringInput,
  // Always JSON: the question has to travel with the image.
  toWire: async ({ inputs, parameters }) =>
    jsonBody({ image: base64(await toBytes(inputs.image)), question: inputs.question }, parameters),
  output: visualQuestionAnsweringOutput,
  expected: '[{ answer, score }]',
});
