/**
 * Reading requests for the emulator's engines: JSON `inputs`/`parameters` with API-like 400s, the
 * typed parameter readers, binary inputs (raw bytes, or base64 in JSON), and sniffing of image and
 * audio formats so garbage is refused. Browser-safe.
 */
import { EngineInputError, type EngineContext } from './types';
import { isWav } from './wav';

// ---------------------------------------------------------------------------------------------
// JSON bodies and parameters

/** A plain object (not an array, not null): a JSON body or a parameter block. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The JSON body as an object. A raw text body is read as `{ inputs: text }`, as the API does. */
export function jsonBody(ctx: EngineContext): Record<string, unknown> {
  if (isObject(ctx.body)) return ctx.body;
  if (ctx.body === undefined && ctx.bytes && ctx.bytes.length > 0) {
    const text = new TextDecoder().decode(ctx.bytes);
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) return parsed;
    } catch {
      // not JSON: a bare text input
    }
    return { inputs: text };
  }
  if (ctx.body === undefined || ctx.body === null) throw new EngineInputError('Error in `inputs`: field required');
  throw new EngineInputError('The request body must be a JSON object with `inputs`');
}

/** `inputs` of the JSON body, required. */
export function inputsOf(ctx: EngineContext): unknown {
  const body = jsonBody(ctx);
  if (!('inputs' in body) || body.inputs === undefined || body.inputs === null)
    throw new EngineInputError('Error in `inputs`: field required');
  return body.inputs;
}

/** `parameters` of the JSON body (`{}` when absent or when the body was raw bytes). */
export function paramsOf(ctx: EngineContext): Record<string, unknown> {
  if (!isObject(ctx.body)) return {};
  const params = ctx.body.parameters;
  if (params === undefined || params === null) return {};
  if (!isObject(params)) throw new EngineInputError('Error in `parameters`: value is not a valid dict');
  return params;
}

/** A required non-empty string. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new EngineInputError(`Error in \`${name}\`: ${value === undefined ? 'field required' : 'str type expected'}`);
  if (value.trim() === '') throw new EngineInputError(`Error in \`${name}\`: must not be empty`);
  return value;
}

/** A string or a non-empty list of strings (batched inputs). */
export function stringOrList(value: unknown, name = 'inputs'): { list: string[]; batched: boolean } {
  if (typeof value === 'string') return { list: [value], batched: false };
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
    return { list: value as string[], batched: true };
  throw new EngineInputError(`Error in \`${name}\`: expected a string or a list of strings`);
}

/** An optional integer parameter within bounds. */
export function intParam(
  params: Record<string, unknown>,
  name: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new EngineInputError(`Error in \`parameters.${name}\`: value is not a valid integer`);
  if (value < min)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is greater than or equal to ${min}`);
  if (value > max)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is less than or equal to ${max}`);
  return value;
}

/** An optional number parameter within bounds. */
export function numParam(
  params: Record<string, unknown>,
  name: string,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new EngineInputError(`Error in \`parameters.${name}\`: value is not a valid float`);
  if (value < min)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is greater than or equal to ${min}`);
  if (value > max)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is less than or equal to ${max}`);
  return value;
}

/** An optional boolean parameter. */
export function boolParam(params: Record<string, unknown>, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new EngineInputError(`Error in \`parameters.${name}\`: value could not be parsed to a boolean`);
  return value;
}

/** An optional string parameter. */
export function strParam(
  params: Record<string, unknown>,
  name: string,
  allowed?: readonly string[],
): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new EngineInputError(`Error in \`parameters.${name}\`: str type expected`);
  if (allowed && !allowed.includes(value)) {
    throw new EngineInputError(
      `Error in \`parameters.${name}\`: value is not a valid enumeration member; permitted: ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value;
}

/**
 * The nested generation settings: `generation_parameters` (the spec's name for media tasks) or
 * `generate_parameters` (summarisation/translation), with top-level `max_new_tokens`/`max_length`
 * as fallbacks. Returns the token limit they imply, if any.
 */
export function generationLimit(params: Record<string, unknown>): { maxTokens?: number; minTokens?: number } {
  const nested = params.generation_parameters ?? params.generate_parameters;
  if (nested !== undefined && !isObject(nested))
    throw new EngineInputError('Error in `parameters.generation_parameters`: value is not a valid dict');
  const g = (nested ?? {}) as Record<string, unknown>;
  const pick = (name: string, min: number) => intParam(g, name, min) ?? intParam(params, name, min);
  const maxTokens = pick('max_new_tokens', 1) ?? pick('max_length', 1);
  const minTokens = pick('min_new_tokens', 0) ?? pick('min_length', 0);
  const out: { maxTokens?: number; minTokens?: number } = {};
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  if (minTokens !== undefined) out.minTokens = minTokens;
  return out;
}

/** `top_k`, validated (positive integer) or the default. */
export const topKParam = (params: Record<string, unknown>, fallback: number): number =>
  intParam(params, 'top_k', 1) ?? fallback;

// ---------------------------------------------------------------------------------------------
// Binary inputs

const DATA_URL = /^data:[^,]*;base64,/i;

/** Bytes of a base64 string, or a 400 naming the field. */
export function decodeBase64(value: string, field = 'inputs'): Uint8Array {
  if (/^https?:\/\//i.test(value.trim())) {
    throw new EngineInputError(
      `Error in \`${field}\`: the emulator does not fetch URLs; send the file bytes (raw, or base64 in JSON)`,
    );
  }
  const data = value.replace(DATA_URL, '').replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (data.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
    throw new EngineInputError(`Error in \`${field}\`: expected base64-encoded file bytes`);
  }
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    throw new EngineInputError(`Error in \`${field}\`: expected base64-encoded file bytes`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Standard base64 of bytes (chunked, so large files do not overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(s);
}

/** A binary task's input: the bytes and the parameters that came with them. */
export interface BinaryRequest {
  bytes: Uint8Array;
  parameters: Record<string, unknown>;
}

/**
 * The file bytes of a binary task: the raw body, or base64 `inputs` of a JSON body (then with its
 * `parameters`). Empty input is a 400.
 */
export function readBinary(ctx: EngineContext): BinaryRequest {
  if (isObject(ctx.body)) {
    const inputs = ctx.body.inputs;
    if (inputs === undefined || inputs === null) throw new EngineInputError('Error in `inputs`: field required');
    if (typeof inputs !== 'string')
      throw new EngineInputError(
        'Error in `inputs`: expected the file as a base64 string (or send the raw bytes as the body)',
      );
    return { bytes: decodeBase64(inputs), parameters: paramsOf(ctx) };
  }
  if (typeof ctx.body === 'string') return { bytes: decodeBase64(ctx.body), parameters: {} };
  if (!ctx.bytes || ctx.bytes.length === 0)
    throw new EngineInputError('Error in `inputs`: field required (the request body is empty)');
  return { bytes: ctx.bytes, parameters: {} };
}

/** `{ inputs: { image: base64, question }, parameters }` of the image+question tasks. */
export function readImageQuestion(ctx: EngineContext): {
  bytes: Uint8Array;
  question: string;
  parameters: Record<string, unknown>;
} {
  const inputs = inputsOf(ctx);
  if (!isObject(inputs)) throw new EngineInputError('Error in `inputs`: expected an object { image, question }');
  const image = inputs.image;
  if (typeof image !== 'string')
    throw new EngineInputError(
      `Error in \`inputs.image\`: ${image === undefined ? 'field required' : 'expected a base64 string'}`,
    );
  const question = requireString(inputs.question, 'inputs.question');
  return { bytes: decodeBase64(image, 'inputs.image'), question, parameters: paramsOf(ctx) };
}

/** Whether `bytes` has the signature `sig` at `at`. */
const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
/** `n` bytes at `at` as ASCII text (format magic). */
export const ascii = (bytes: Uint8Array, at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg' | 'webm' | 'm4a';

/** The image format from magic bytes, if any. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return 'bmp';
  return undefined;
}

/** The audio format from magic bytes, if any. */
export function sniffAudio(bytes: Uint8Array): AudioFormat | undefined {
  if (isWav(bytes)) return 'wav';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'flac';
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (ascii(bytes, 4, 4) === 'ftyp') return 'm4a';
  return undefined;
}
