import * as z from 'zod/mini';
import { toSnake } from './wire';

const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*);base64,/i;

/**
 * Bytes of a base64 string, or `undefined` when it is not base64. A `data:` URL prefix is
 * tolerated because some servers answer with one instead of bare base64.
 */
export function decodeBase64(value: string): Uint8Array | undefined {
  let binary: string;
  try {
    // atob skips whitespace and tolerates missing padding, and throws on anything else.
    binary = atob(value.replace(DATA_URL, ''));
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The MIME type of a `data:` URL, if `value` is one and names a type. */
const dataUrlType = (value: string) => DATA_URL.exec(value)?.[1] || undefined;

/**
 * A `Blob` of base64 bytes with the given MIME type (a `data:` URL's own type wins), or
 * `undefined` when the string is not base64.
 */
export function base64ToBlob(value: string, type: string): Blob | undefined {
  const bytes = decodeBase64(value);
  // decodeBase64 allocates a fresh, exactly sized buffer, so it holds just these bytes.
  return bytes && new Blob([bytes.buffer as ArrayBuffer], { type: dataUrlType(value) ?? type });
}

/**
 * Schema for a base64 field of a JSON output, decoded to a `Blob` of `type`. Invalid base64 fails
 * the parse, so it surfaces as `InferenceResponseError` like any other malformed response.
 */
export const base64Blob = (type: string) =>
  z.pipe(
    z.string().check(z.minLength(1)),
    z.transform((value: string, ctx) => {
      const blob = base64ToBlob(value, type);
      if (blob) return blob;
      ctx.issues.push({ code: 'custom', message: 'expected base64', input: value });
      return z.NEVER;
    }),
  );

const count = z.int().check(z.positive());
const nonNegative = z.int().check(z.nonnegative());

/**
 * Ad-hoc text generation settings shared by the generative media tasks (speech recognition,
 * captioning, speech synthesis). Strict, so a snake_case key is caught before it is sent.
 */
export const generationParameters = z.strictObject({
  /** Sample instead of greedy decoding. */
  doSample: z.optional(z.boolean()),
  /** Stopping condition for beam search. */
  earlyStopping: z.optional(z.union([z.boolean(), z.literal('never')])),
  epsilonCutoff: z.optional(z.number().check(z.gt(0), z.lt(1))),
  etaCutoff: z.optional(z.number().check(z.gt(0), z.lt(1))),
  /** Maximum length in tokens, input included. */
  maxLength: z.optional(count),
  /** Maximum number of tokens to generate; wins over `maxLength`. */
  maxNewTokens: z.optional(count),
  minLength: z.optional(nonNegative),
  minNewTokens: z.optional(nonNegative),
  numBeamGroups: z.optional(count),
  numBeams: z.optional(count),
  penaltyAlpha: z.optional(z.number()),
  temperature: z.optional(z.number().check(z.nonnegative())),
  topK: z.optional(count),
  topP: z.optional(z.number().check(z.gt(0), z.lte(1))),
  typicalP: z.optional(z.number().check(z.gt(0), z.lte(1))),
  useCache: z.optional(z.boolean()),
});

export type GenerationParameters = z.input<typeof generationParameters>;

/**
 * Parameters with a nested `generationParameters` object snake-cased too, since `toSnake` is
 * shallow and the server ignores camelCase keys silently.
 */
export function withGenerationParameters<T extends { generationParameters?: object | undefined }>(
  parameters: T | undefined,
): object | undefined {
  return parameters && { ...parameters, generationParameters: toSnake(parameters.generationParameters) };
}
