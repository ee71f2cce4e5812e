/**
 * Keeps secrets out of what the proxy returns. The upstream should never echo the token, but a
 * misbehaving gateway, an error page quoting the request, or a fetch error naming the URL could;
 * these scrub every body, header and message on the way out as a second line of defence.
 */

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** `text` with every occurrence of each secret replaced by `[redacted]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function matchesAt(data: Uint8Array, at: number, needle: Uint8Array, length = needle.length): boolean {
  for (let i = 0; i < length; i++) if (data[at + i] !== needle[i]) return false;
  return true;
}

/**
 * A byte stream transform that replaces `secret`, even when it is split across chunks. It only
 * holds back a chunk's tail while that tail could be the start of the secret, so an SSE event
 * (which ends in a newline) is passed on at once and streaming stays incremental.
 */
function redactOne(secret: string): TransformStream<Uint8Array, Uint8Array> {
  const needle = encoder.encode(secret);
  const replacement = encoder.encode(REDACTED);
  let carry: Uint8Array = new Uint8Array(0);
  return new TransformStream({
    transform(chunk, controller) {
      const data = concat(carry, chunk);
      const parts: Uint8Array[] = [];
      let start = 0;
      let at = data.indexOf(needle[0]!, 0);
      while (at !== -1 && at + needle.length <= data.length) {
        if (matchesAt(data, at, needle)) {
          parts.push(data.subarray(start, at), replacement);
          start = at + needle.length;
          at = data.indexOf(needle[0]!, start);
        } else {
          at = data.indexOf(needle[0]!, at + 1);
        }
      }
      // The longest tail that is a proper prefix of the secret waits for the next chunk.
      let keep = 0;
      for (let k = Math.min(needle.length - 1, data.length - start); k > 0; k--) {
        if (matchesAt(data, data.length - k, needle, k)) {
          keep = k;
          break;
        }
      }
      const end = data.length - keep;
      if (parts.length === 0 && keep === 0 && carry.length === 0) {
        controller.enqueue(chunk);
      } else {
        parts.push(data.subarray(start, end));
        for (const part of parts) if (part.length > 0) controller.enqueue(part);
      }
      carry = data.slice(end);
    },
    flush(controller) {
      if (carry.length > 0) controller.enqueue(carry);
    },
  });
}

/**
 * Pipes a byte stream through one redacting transform per secret.
 * @example
 * const safe = redactStream(upstream.body, [accessToken]);
 */
export function redactStream(body: ReadableStream<Uint8Array>, secrets: readonly string[]): ReadableStream<Uint8Array> {
  let out = body;
  for (const secret of secrets) if (secret) out = out.pipeThrough(redactOne(secret));
  return out;
}
