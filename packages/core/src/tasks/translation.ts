import * as z from 'zod/mini';
import { createTask } from '../task';
import { generateParameters } from '../generation';
import { jsonBody, mapped, nonEmpty, text, toSnake } from '../wire';
import { truncationStrategy } from '../task-schemas';

/** Input of {@link translation}. */
export const translationInput = z.object({
  /** The text to translate. */
  inputs: text,
  parameters: z.optional(
    z
      .strictObject({
        /** Source language, for multilingual models (code as the model expects, e.g. `en_XX`, `eng_Latn`). */
        srcLang: z.optional(text),
        /** Target language, for multilingual models; give it together with `srcLang`. */
        tgtLang: z.optional(text),
        /** Remove the spaces the tokenizer leaves before punctuation. */
        cleanUpTokenizationSpaces: z.optional(z.boolean()),
        /** How an input longer than the model's limit is cut. */
        truncation: z.optional(truncationStrategy),
        /** Options of the generation itself (beams, lengths, sampling); `generate_parameters` on the wire, as the spec names it for this task. */
        generateParameters: z.optional(generateParameters),
      })
      .check(
        // Multilingual tokenizers need both to build their language tokens; huggingface_hub refuses one alone too.
        z.superRefine((p, ctx) => {
          if ((p.srcLang === undefined) !== (p.tgtLang === undefined)) {
            const [given, missing] = p.srcLang !== undefined ? ['srcLang', 'tgtLang'] : ['tgtLang', 'srcLang'];
            ctx.addIssue({
              code: 'custom',
              path: [missing],
              input: p,
              message: `is required when \`${given}\` is given (give both or neither)`,
            });
          }
        }),
      ),
  ),
});

const translated = z.object({ translation_text: z.string() });

/** Output: `{ translationText }` (the server's first sequence when it sends a list). */
export const translationOutput = mapped(z.union([translated, z.array(translated).check(nonEmpty)]), (value) => ({
  translationText: (Array.isArray(value) ? value[0]! : value).translation_text,
}));

export type TranslationInput = z.input<typeof translationInput>;
export type TranslationOutput = z.output<typeof translationOutput>;

/**
 * Translates a text. Single-pair models (`Helsinki-NLP/opus-mt-en-fr`) need no languages;
 * multilingual ones (mBART, NLLB) need `srcLang` and `tgtLang` in their own codes.
 * @example
 * const { translationText } = await translation({
 *   model: 'facebook/nllb-200-distilled-600M',
 *   inputs: 'My name is Wolfgang and I live in Berlin',
 *   parameters: { srcLang: 'eng_Latn', tgtLang: 'fra_Latn' },
 * });
 */
export const translation = /* @__PURE__ */ createTask({
  name: 'translation',
  task: 'translation',
  route: 'model',
  kind: 'mutation',
  defaultModel: 'google-t5/t5-small',
  input: translationInput,
  // `generateParameters` is an object of its own: its keys need snake_casing too (`jsonBody` maps one level).
  toWire: ({ inputs, parameters }) =>
    jsonBody(inputs, parameters && { ...parameters, generateParameters: toSnake(parameters.generateParameters) }),
  output: translationOutput,
  expected: '[{ translation_text }]',
});
