/**
 * Keeps secrets out of what the proxy returns. The upstream should never echo the token, but a
 * misbehaving gateway, an error page quoting the request, or a fetch error naming the URL could;
 * these scrub every body, header and message on the way out as a second line of defence.
 *
 * Bodies are scrubbed as bytes, for each byte form a secret can take in text a client would read
 * (UTF-8, UTF-16LE, UTF-16BE). A replacement next to the text around it can in principle spell a
 * secret again (a secret ending in `[` before `[redacted]`), so a last guard checks what actually
 * leaves and breaks the body rather than let a secret through.
 */

import { concatBytes } from './limit';

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/** Thrown (or errored into a stream) when a secret survived scrubbing: the body must not be sent. */
export class SecretLeakError extends Error {
  override name = 'SecretLeakError';
  constructor() {
    super('The answer still held a secret after scrubbing, so the proxy did not pass it on.');
  }
}

/** One byte form of one secret, and what replaces it (the same form of `[redacted]`). */
export interface Needle {
  bytes: Uint8Array;
  replacement: Uint8Array;
}

const encoder = /* @__PURE__ */ new TextEncoder();

function utf16(text: string, littleEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 * i] = littleEndian ? unit & 0xff : unit >> 8;
    out[2 * i + 1] = littleEndian ? unit >> 8 : unit & 0xff;
  }
  return out;
}

/**
 * The byte forms of each secret a body could carry: UTF-8, UTF-16LE and UTF-16BE, and its form
 * inside a JSON string once escapes are made canonical (see `Unescaper`), when that differs.
 */
export function needlesOf(secrets: readonly string[]): Needle[] {
  const needles: Needle[] = [];
  for (const secret of secrets) {
    if (!secret) continue;
    needles.push(
      { bytes: encoder.encode(secret), replacement: encoder.encode(REDACTED) },
      { bytes: utf16(secret, true), replacement: utf16(REDACTED, true) },
      { bytes: utf16(secret, false), replacement: utf16(REDACTED, false) },
    );
    const escaped = JSON.stringify(secret).slice(1, -1);
    if (escaped !== secret) needles.push({ bytes: encoder.encode(escaped), replacement: encoder.encode(REDACTED) });
  }
  return needles;
}

/**
 * The string forms of each secret a header value or message could carry: the secret itself and
 * its UTF-8 bytes read as Latin-1 (how fetch shows a header's non-ASCII bytes, and how Node writes
 * them back out).
 */
export function headerFormsOf(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(String.fromCharCode(...encoder.encode(secret)));
  }
  return [...forms];
}

/** `text` with every occurrence of each secret replaced by `[redacted]`; all of it when one survives. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret && out.includes(secret)) out = out.split(secret).join(REDACTED);
  return secrets.some((secret) => secret && out.includes(secret)) ? REDACTED : out;
}

/** `true` when `text` holds any of `secrets`. */
export const holdsSecret = (text: string, secrets: readonly string[]): boolean =>
  secrets.some((secret) => secret.length > 0 && text.includes(secret));

/**
 * A parsed JSON value with every string and key scrubbed, and whether anything changed. Scrubbing
 * after parsing catches a secret hidden behind escapes (`"\u0068f_..."`), which the bytes do not show.
 */
export function redactJson(value: unknown, secrets: readonly string[]): { value: unknown; changed: boolean } {
  let changed = false;
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      const out = redactText(node, secrets);
      if (out !== node) changed = true;
      return out;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[walk(key) as string] = walk(child);
      return out;
    }
    return node;
  };
  const out = walk(value);
  return { value: out, changed };
}

function matchesAt(data: Uint8Array, at: number, needle: Uint8Array, length = needle.length): boolean {
  for (let i = 0; i < length; i++) if (data[at + i] !== needle[i]) return false;
  return true;
}

/**
 * Finds needles in a byte stream fed in chunks. At each position it waits while the bytes seen so
 * far could still grow into a needle, so what it decides does not depend on where chunks were cut;
 * everything before such a position is decided at once, which keeps SSE incremental (an event
 * ends in a newline, which starts no needle).
 */
class Scanner {
  private carry: Uint8Array = new Uint8Array(0);
  private readonly firstBytes: number[];

  constructor(
    private readonly needles: readonly Needle[],
    /** Called on a match; returns the bytes to put in its place. */
    private readonly onMatch: (needle: Needle) => Uint8Array,
  ) {
    this.firstBytes = [...new Set(needles.map((needle) => needle.bytes[0]!))];
  }

  /** The bytes that are decided, with matches replaced. */
  push(chunk: Uint8Array, final = false): Uint8Array[] {
    const data = this.carry.length > 0 ? concatBytes([this.carry, chunk]) : chunk;
    const out: Uint8Array[] = [];
    let start = 0;
    let at = 0;
    let held = data.length;
    // The next place each first byte occurs: native `indexOf` skips the rest, which is most of a body.
    const next = this.firstBytes.map((byte) => data.indexOf(byte));
    for (;;) {
      let min = -1;
      for (let i = 0; i < next.length; i++) {
        if (next[i] !== -1 && next[i]! < at) next[i] = data.indexOf(this.firstBytes[i]!, at);
        if (next[i] !== -1 && (min === -1 || next[i]! < min)) min = next[i]!;
      }
      if (min === -1) break;
      at = min;
      let found: Needle | undefined;
      let pending = false;
      for (const needle of this.needles) {
        const length = needle.bytes.length;
        if (at + length <= data.length) {
          if ((!found || length > found.bytes.length) && matchesAt(data, at, needle.bytes)) found = needle;
        } else if (!final && matchesAt(data, at, needle.bytes, data.length - at)) {
          pending = true;
        }
      }
      if (pending) {
        held = at;
        break;
      }
      if (found) {
        if (at > start) out.push(data.subarray(start, at));
        out.push(this.onMatch(found));
        start = at + found.bytes.length;
        at = start;
      } else {
        at++;
      }
    }
    const end = Math.min(held, data.length);
    if (end > start) out.push(data.subarray(start, end));
    this.carry = data.slice(end);
    return out;
  }

  /** The bytes still held back, decided now that no more will come. */
  flush(): Uint8Array[] {
    return this.carry.length > 0 ? this.push(new Uint8Array(0), true) : [];
  }
}

const BACKSLASH = 0x5c;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/**
 * Rewrites every JSON escape into the one form `JSON.stringify` would give (`\u0068` becomes `h`,
 * `\/` becomes `/`, `\u0022` becomes `\"`), so a secret has exactly one form in a JSON string and
 * an escape cannot hide it; what the string means is unchanged. Escapes are consumed whole, so
 * `\\u0068` (a backslash, then text) is left alone; one cut by a chunk boundary waits for the rest.
 */
class Unescaper {
  private carry: Uint8Array = new Uint8Array(0);

  push(chunk: Uint8Array, final = false): Uint8Array[] {
    const data = this.carry.length > 0 ? concatBytes([this.carry, chunk]) : chunk;
    const out: Uint8Array[] = [];
    let start = 0;
    let held = data.length;
    let at = data.indexOf(BACKSLASH);
    while (at !== -1) {
      const kind = data[at + 1];
      const length = kind === 0x75 /* u */ ? 6 : 2;
      if (at + length > data.length) {
        if (!final) held = at;
        break;
      }
      let literal: Uint8Array | undefined;
      let consumed = 2;
      if (kind === 0x2f /* / */) {
        literal = data.subarray(at + 1, at + 2);
      } else if (kind === 0x75) {
        const hex = String.fromCharCode(...data.subarray(at + 2, at + 6));
        // The form `JSON.stringify` gives: the character itself, or `\"`, `\\`, `\n`, `\u001f`, ...
        if (HEX4.test(hex)) {
          literal = encoder.encode(JSON.stringify(String.fromCharCode(parseInt(hex, 16))).slice(1, -1));
          consumed = 6;
        }
      }
      if (literal) {
        if (at > start) out.push(data.subarray(start, at));
        out.push(literal);
        start = at + consumed;
      }
      // A broken `\u` counts as two bytes, as for any other escape, so the pairing stays the parser's.
      at = data.indexOf(BACKSLASH, at + consumed);
    }
    if (held > start) out.push(data.subarray(start, held));
    this.carry = data.slice(Math.max(held, start));
    return out;
  }

  flush(): Uint8Array[] {
    return this.carry.length > 0 ? this.push(new Uint8Array(0), true) : [];
  }
}

const newScrubber = (needles: readonly Needle[]) => new Scanner(needles, (needle) => needle.replacement);
const newGuard = (needles: readonly Needle[]) =>
  new Scanner(needles, () => {
    throw new SecretLeakError();
  });

/**
 * The passes a body goes through. For JSON text: escapes made canonical, secrets replaced, and
 * then both once more, because a replacement can change how the backslashes around it pair up
 * (a secret ending in `\\` before `\\u0041` frees that escape), and finally a guard over the
 * canonical text. For other bodies: replace, then guard.
 */
function passesOf(needles: readonly Needle[], unescapeJson: boolean | undefined): Array<Scanner | Unescaper> {
  return unescapeJson
    ? [new Unescaper(), newScrubber(needles), new Unescaper(), newScrubber(needles), new Unescaper(), newGuard(needles)]
    : [newScrubber(needles), newGuard(needles)];
}

/**
 * `bytes` with every needle replaced; throws {@link SecretLeakError} when a secret would still
 * be in the result.
 */
export function redactBytes(bytes: Uint8Array, needles: readonly Needle[], options: RedactOptions = {}): Uint8Array {
  if (needles.length === 0) return bytes;
  return passesOf(needles, options.unescapeJson).reduce((data, pass) => concatBytes(pass.push(data, true)), bytes);
}

/** How a body is read before it is scrubbed. */
export interface RedactOptions {
  /** Make JSON escapes canonical first (for text bodies; never for binary ones, whose bytes it would change). */
  unescapeJson?: boolean | undefined;
}

function transformOf(scanner: Scanner | Unescaper): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      for (const part of scanner.push(chunk)) if (part.byteLength > 0) controller.enqueue(part);
    },
    flush(controller) {
      for (const part of scanner.flush()) if (part.byteLength > 0) controller.enqueue(part);
    },
  });
}

/**
 * Scrubs a byte stream of every needle, even when one is split across chunks. A secret that
 * would survive errors the stream with {@link SecretLeakError} before any of it is passed on.
 * @example
 * const safe = redactStream(upstream.body, needlesOf([accessToken]));
 */
export function redactStream(
  body: ReadableStream<Uint8Array>,
  needles: readonly Needle[],
  options: RedactOptions = {},
): ReadableStream<Uint8Array> {
  if (needles.length === 0) return body;
  return passesOf(needles, options.unescapeJson).reduce((stream, pass) => stream.pipeThrough(transformOf(pass)), body);
}
