/**
 * Text generation settings of the generative media tasks (speech recognition, captioning, speech
 * synthesis, summarization, translation). Apart from \`media.ts\`, so that a task which only decodes
 * media (text-to-image) does not bundle these schemas.
 */
import * as z from 'zod/mini';
import { toCamelKey } from './case';
import { atLeast0, holds, intFrom, probability, toSnake } from './wire';

const count = intFrom(1);
const openUnit = z.number().check(holds((v) => v > 0 && v < 1, 'must be > 0 and < 1'));
const nonNegative = intFrom(0);

/**
 * Ad-hoc text generation settings shared by the generative media tasks (speech recognition,
 * captioning, speech synthesis). Strict, so a snake_case key is caught before it is sent.
 */
export const generationParameters = z.strictObject({
  /** Sample instead of greedy decoding. */
  doSample: z.optional(z.boolean()),
  /** Stopping condition for beam search. */
  earlyStopping: z.optional(z.union([z.boolean(), z.literal('never')])),
  epsilonCutoff: z.optional(openUnit),
  etaCutoff: z.optional(openUnit),
  /** Maximum length in tokens, input included. */
  maxLength: z.optional(count),
  /** Maximum number of tokens to generate; wins over `maxLength`. */
  maxNewTokens: z.optional(count),
  minLength: z.optional(nonNegative),
  minNewTokens: z.optional(nonNegative),
  numBeamGroups: z.optional(count),
  numBeams: z.optional(count),
  penaltyAlpha: z.optional(z.number()),
  temperature: z.optional(atLeast0),
  topK: z.optional(count),
  topP: z.optional(probability),
  typicalP: z.optional(probability),
  useCache: z.optional(z.boolean()),
});

export type GenerationParameters = z.input<typeof generationParameters>;

/**
 * `generateParameters` of summarization and translation, which the spec and the Python client
 * leave open to any keyword of transformers' `generate()`: the known settings typed as above, any
 * other camelCase key (`repetitionPenalty`, `noRepeatNgramSize`, `lengthPenalty`...) passed through
 * snake-cased. A snake_case key is refused, so `max_new_tokens` never goes out beside `maxNewTokens`.
 */
// Typed by hand: zod infers a plain index signature, which would let a snake_case key type-check.
export const generateParameters = z.catchall(z.object(generationParameters.def.shape), z.unknown()).check(
  z.superRefine((value, ctx) => {
    for (const key of Object.keys(value)) {
      if (key.includes('_')) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          input: value,
          message: `is snake_case: write \`${toCamelKey(key)}\``,
        });
      }
    }
  }),
) as unknown as z.ZodMiniType<GenerateParameters, GenerateParameters>;

/** Type of {@link generateParameters}: the known settings, and any other `generate()` keyword in camelCase. */
export type GenerateParameters = GenerationParameters & { [key: string]: unknown } & {
  [key: `${string}_${string}`]: never;
};

/**
 * Parameters with a nested `generationParameters` object snake-cased too, since `toSnake` is
 * shallow and the server ignores camelCase keys silently.
 */
export function withGenerationParameters<T extends { generationParameters?: object | undefined }>(
  parameters: T | undefined,
): object | undefined {
  return parameters && { ...parameters, generationParameters: toSnake(parameters.generationParameters) };
}
