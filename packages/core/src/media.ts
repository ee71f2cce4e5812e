import * as z from 'zod/mini';
import { toCamelKey } from './case';
import { int, toSnake } from './wire';

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
export function base64ToBlob(value: string, type: string | ((bytes: Uint8Array) => string)): Blob | undefined {
  const bytes = decodeBase64(value);
  if (!bytes) return undefined;
  // decodeBase64 allocates a fresh, exactly sized buffer, so it holds just these bytes.
  return new Blob([bytes.buffer as ArrayBuffer], {
    type: dataUrlType(value) ?? (typeof type === 'string' ? type : type(bytes)),
  });
}

/** The image type of `bytes` from their first bytes (PNG, JPEG, GIF, WebP), or `undefined`. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}

/**
 * The image of an OpenAI-style images answer, `{ data: [{ b64_json }] }` (what OpenAI-compatible
 * image endpoints send, and what @huggingface/inference also accepts from hf-inference), typed by
 * its first bytes; `undefined` for any other JSON or invalid base64.
 */
export function imageFromB64Json(value: unknown): Blob | undefined {
  const first = (value as { data?: unknown }).data;
  const b64 = Array.isArray(first) ? (first[0] as { b64_json?: unknown } | undefined)?.b64_json : undefined;
  if (typeof b64 !== 'string' || b64 === '') return undefined;
  return base64ToBlob(b64, (bytes) => sniffImageType(bytes) ?? 'image/png');
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

const count = int().check(z.positive());
const nonNegative = int().check(z.nonnegative());

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
