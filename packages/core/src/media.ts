import * as z from 'zod/mini';
import { mapped, nonEmpty } from './wire';

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
  const first = (value as { data?: unknown } | null)?.data;
  const b64 = Array.isArray(first) ? (first[0] as { b64_json?: unknown } | undefined)?.b64_json : undefined;
  if (typeof b64 !== 'string' || b64 === '') return undefined;
  return base64ToBlob(b64, (bytes) => sniffImageType(bytes) ?? 'image/png');
}

/**
 * Schema for a base64 field of a JSON output, decoded to a `Blob` of `type`. Invalid base64 fails
 * the parse, so it surfaces as `InferenceResponseError` like any other malformed response.
 */
export const base64Blob = (type: string) =>
  mapped(z.string().check(nonEmpty), (value: string, issues) => {
    const blob = base64ToBlob(value, type);
    if (!blob) issues.push({ code: 'custom', message: 'expected base64', input: value });
    return blob as Blob;
  });
