import { z } from 'zod/mini';
import { createTask } from '../task';
import { jsonBody, text, toSnake } from '../wire';

/**
 * `generateParameters` of summarization and translation: the documented subset of transformers'
 * `generate()` options (huggingface.js `GenerationParameters`). Strict, so a misspelt key fails here
 * instead of being silently ignored by the server.
 */
export const generationParameters = z.strictObject({
  temperature: z.optional(z.number().check(z.gt(0))),
  topK: z.optional(z.int().check(z.positive())),
  topP: z.optional(z.number().check(z.gt(0), z.lte(1))),
  typicalP: z.optional(z.number().check(z.gt(0), z.lte(1))),
  epsilonCutoff: z.optional(z.number().check(z.gt(0), z.lt(1))),
  etaCutoff: z.optional(z.number().check(z.gt(0), z.lt(1))),
  /** Maximum length of the output in tokens, including the input (encoder-decoder: the output only). */
  maxLength: z.optional(z.int().check(z.positive())),
  /** Maximum number of generated tokens; takes precedence over `maxLength`. */
  maxNewTokens: z.optional(z.int().check(z.positive())),
  minLength: z.optional(z.int().check(z.nonnegative())),
  minNewTokens: z.optional(z.int().check(z.nonnegative())),
  doSample: z.optional(z.boolean()),
  earlyStopping: z.optional(z.union([z.boolean(), z.literal('never')])),
  numBeams: z.optional(z.int().check(z.positive())),
  numBeamGroups: z.optional(z.int().check(z.positive())),
  penaltyAlpha: z.optional(z.number().check(z.nonnegative())),
  useCache: z.optional(z.boolean()),
});

/** Truncation strategies of text-to-text pipelines (summarization, translation). */
export const truncationStrategy = z.enum(['do_not_truncate', 'longest_first', 'only_first', 'only_second']);

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
      /** Options for the generation itself (beams, lengths, sampling). */
      generateParameters: z.optional(generationParameters),
    }),
  ),
});

const summary = z.object({ summary_text: z.string() });

/** Output: `{ summaryText }` (the server's first sequence when it sends a list). */
export const summarizationOutput = z.pipe(
  z.union([summary, z.array(summary).check(z.minLength(1))]),
  z.transform((value) => ({ summaryText: (Array.isArray(value) ? value[0]! : value).summary_text })),
);

export type SummarizationInput = z.input<typeof summarizationInput>;
export type SummarizationOutput = z.output<typeof summarizationOutput>;

/**
 * Maps text-to-text parameters to the wire: `generateParameters` is an object of its own, so its keys
 * need snake_casing too (`jsonBody` only maps the top level).
 */
export function textToTextParameters<T extends { generateParameters?: object | undefined }>(parameters: T | undefined) {
  return parameters && { ...parameters, generateParameters: toSnake(parameters.generateParameters) };
}

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
  toWire: ({ inputs, parameters }) => jsonBody(inputs, textToTextParameters(parameters)),
  output: summarizationOutput,
  expected: '[{ summary_text }]',
});
