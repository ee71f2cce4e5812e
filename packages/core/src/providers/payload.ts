/**
 * Provider bodies are built from a task's hf-inference wire body (`{ inputs, parameters }` JSON, or
 * raw bytes), as both reference clients build them from the same arguments.
 */
import { sniffImageType } from '../media';
import type { WireBody } from '../task';
import { base64, toBytes, type BinaryInput } from '../wire';

/** The `{ inputs, parameters }` of a JSON wire body (parameters already snake_case). */
export function partsOf(wire: WireBody): { inputs: unknown; parameters: Record<string, unknown> } {
  const json = (wire.json ?? {}) as { inputs?: unknown; parameters?: Record<string, unknown> };
  return { inputs: json.inputs, parameters: json.parameters ?? {} };
}

/** `{ ...parameters, [key]: inputs }`: the prompt-style body most media providers take. */
export function promptBody(wire: WireBody, key = 'prompt', extra?: Record<string, unknown>): WireBody {
  const { inputs, parameters } = partsOf(wire);
  return { json: { ...parameters, ...extra, [key]: inputs } };
}

/**
 * The binary input of a wire body as base64 with its MIME type: raw bytes carry their own type,
 * base64 JSON (a call with parameters) is typed by its first bytes, else `fallback`.
 */
export async function binaryOf(wire: WireBody, fallback: string): Promise<{ base64: string; type: string }> {
  if (wire.body !== undefined) {
    const bytes = await toBytes(wire.body as BinaryInput);
    const given = wire.contentType && wire.contentType !== 'application/octet-stream' ? wire.contentType : undefined;
    return { base64: base64(bytes), type: given ?? sniffImageType(bytes) ?? fallback };
  }
  const encoded = String(partsOf(wire).inputs ?? '');
  const head = Uint8Array.from(atob(encoded.slice(0, 24)), (c) => c.charCodeAt(0));
  return { base64: encoded, type: sniffImageType(head) ?? fallback };
}

/** The binary input as a `data:` URL. */
export async function dataUrlOf(wire: WireBody, fallback: string): Promise<string> {
  const { base64: b64, type } = await binaryOf(wire, fallback);
  return `data:${type};base64,${b64}`;
}
