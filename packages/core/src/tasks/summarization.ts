import * as z from 'zod/mini';
import { createTask } from '../task';
import { truncationStrategy } from '../task-schemas';
import { generateParameters } from '../generation';
import { jsonBody, mapped, nonEmpty, text, toSnake } from '../wire';

/** Input of {@link summarization}. */
export const summarizationInput = z.object({
  /** The text to summarize. */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** Remove the spaces the tokenizer leaves before punctuation. */
      cleanUpTokenizationSpaces: z.optional(z.boolean()),
      /** How an input longer than the model's limit is cut. */
      truncation: z.optional(truncationStrategy),
      /** Options of the generation itself (beams, lengths, sampling); `generate_parameters` on the wire, as the spec names it for this task. */
      generateParameters: z.optional(generateParameters),
    }),
  ),
});

const summary = z.object({ summary_text: z.string() });

/** Output: `{ summaryText }` (the server's first sequence when it sends a list). */
export const summarizationOutput = mapped(z.union([summary, z.array(summary).check(nonEmpty)]), (value) => ({
  summaryText: (Array.isArray(value) ? value[0]! : value).summary_text,
}));

export type SummarizationInput = z.input<typeof summarizationInput>;
export type SummarizationOutput = z.output<typeof summarizationOutput>;

/**
 * Condenses a long text into a short one.
 * @example
 * const { summaryText } = await summarization({
 *   inputs: longArticle,
 *   parameters: { generateParameters: { maxLength: 60 } },
 * });
 */
export const summarization = /* @__PURE__ */ createTask({
  name: 'summarization',
  task: 'summarization',
  route: 'model',
  kind: 'mutation',
  defaultModel: 'facebook/bart-large-cnn',
  input: summarizationInput,
  // `generateParameters` is an object of its own: its keys need snake_casing too (`jsonBody` maps one level).
  toWire: ({ inputs, parameters }) =>
    jsonBody(inputs, parameters && { ...parameters, generateParameters: toSnake(parameters.generateParameters) }),
  output: summarizationOutput,
  expected: '[{ summary_text }]',
});
