import * as z from 'zod/mini';
import { createTask } from '../task';
import { int, intFrom, jsonBody, mapped, nonEmpty, text } from '../wire';

/** Input of {@link fillMask}. */
export const fillMaskInput = z.object({
  /**
   * Text with the model's mask token where the missing word goes (`[MASK]` for BERT, `<mask>` for
   * RoBERTa; see the model card). Not checked here: only the server knows the model's token.
   */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** Only score these candidates instead of the whole vocabulary. */
      targets: z.optional(z.array(text).check(nonEmpty)),
      /** How many candidates to return per mask. */
      topK: z.optional(intFrom(1)),
    }),
  ),
});

const candidate = z.object({ sequence: z.string(), score: z.number(), token: int(), token_str: z.string() });
type Candidate = z.infer<typeof candidate>;

/** Output: `[{ sequence, score, token, tokenStr }]`. */
export const fillMaskOutput = mapped(
  // One list for one mask; one list per mask when the text has several.
  z.union([z.array(candidate), z.array(z.array(candidate))]),
  (value) =>
    (value as (Candidate | Candidate[])[])
      .flat()
      .map(({ sequence, score, token, token_str }) => ({ sequence, score, token, tokenStr: token_str })),
);

export type FillMaskInput = z.input<typeof fillMaskInput>;
export type FillMaskOutput = z.output<typeof fillMaskOutput>;

/**
 * Predicts the word hidden behind the mask token. With several masks, the candidates of each mask
 * are concatenated in mask order (each in the server's order, best first); their `sequence` shows
 * which mask they fill.
 * @example
 * const candidates = await fillMask({ inputs: 'The goal of life is [MASK].' });
 * candidates[0]; // { sequence: 'the goal of life is happiness.', score: 0.07, token: 8404, tokenStr: 'happiness' }
 */
export const fillMask = /* @__PURE__ */ createTask({
  name: 'fillMask',
  task: 'fill-mask',
  route: 'model',
  kind: 'query',
  defaultModel: 'google-bert/bert-base-uncased',
  input: fillMaskInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  output: fillMaskOutput,
  expected: '[{ sequence, score, token, token_str }] (one list per mask)',
});
