/**
 * Passing an upstream answer back to the client: refused when it cannot be checked for secrets (a
 * redirect, an encoded body, an odd charset), scrubbed of every secret otherwise; error bodies are
 * read whole, successful ones stream through the scrubber.
 */
import { isIdentityCoding, passResponseHeaders } from './headers';
import { readUpTo } from './limit';
import type { ProxyConfig } from './proxy-options';
import { redactBytes, redactJson, redactStream, type Needle, type RedactOptions } from './redact';

/** Statuses whose response has no body. */
export const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
/** Error and utility bodies are read whole (to scrub them); past this they are cut short. */
const MAX_BUFFERED_RESPONSE = 1024 * 1024;
/** Charsets in which a secret shows as one of the byte forms the scrubber looks for (ASCII-compatible or UTF-16). */
const CHECKABLE_CHARSET = /^(utf-?8|us-ascii|ascii|iso-8859-1|latin1|windows-1252|utf-?16(le|be)?)$/i;

/** Text a client may parse (JSON, SSE, or untyped): not images, audio or other binary answers. */
const isTextual = (contentType: string | null) =>
  !contentType || /^text\/|json|event-stream|xml|javascript/i.test(contentType);

/** The `charset` parameter of a content type, when it names one. */
const charsetOf = (contentType: string | null) => /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];

/** Why an upstream answer cannot be passed on, when it cannot. */
export function refuseAnswer(response: Response): string | undefined {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    return `The Inference API answered with a redirect (${response.status}); this proxy does not follow redirects, as they would carry the server's token elsewhere.`;
  }
  if (NULL_BODY_STATUSES.has(response.status)) return undefined;
  const coding = response.headers.get('content-encoding');
  if (!isIdentityCoding(coding)) {
    return `The Inference API answered with Content-Encoding "${coding}" although the proxy asked for none (Accept-Encoding: identity); an encoded answer cannot be checked for secrets, so it is not passed on.`;
  }
  const charset = charsetOf(response.headers.get('content-type'));
  if (charset !== undefined && !CHECKABLE_CHARSET.test(charset)) {
    return `The Inference API answered in charset "${charset}", which the proxy cannot check for secrets, so it is not passed on.`;
  }
  return undefined;
}

/** The answer for the client: its headers filtered, CORS added by `withCors`, its body scrubbed. */
export async function relay(
  response: Response,
  config: ProxyConfig,
  withCors: (headers: Headers) => void,
): Promise<Response> {
  const { headerSecrets, longestNeedle, secrets, needles } = config;
  const headers = passResponseHeaders(response.headers, headerSecrets);
  withCors(headers);
  // The upstream's reason phrase is dropped, not scrubbed: it is free text the client never needs.
  const init = { status: response.status, headers };
  if (NULL_BODY_STATUSES.has(response.status)) {
    await response.body?.cancel().catch(() => {});
    return new Response(null, init);
  }
  // A JSON escape could hide a secret from the byte scrubber in any text a client may parse.
  const redactOptions = { unescapeJson: isTextual(response.headers.get('content-type')) };
  if (!response.ok) {
    // Error bodies are small; reading them lets a secret be scrubbed whole. Successful answers
    // stream, GETs too: a Hub listing or a job's result can be larger than this buffer.
    const { bytes, truncated } = await readUpTo(response.body, MAX_BUFFERED_RESPONSE);
    // A cut could leave the start of a secret at the end: drop that much more.
    const kept = truncated ? bytes.subarray(0, Math.max(0, bytes.length - longestNeedle)) : bytes;
    return new Response(scrubBuffered(kept, secrets, needles, redactOptions) as BodyInit, init);
  }
  // Success bodies stream through untouched but for the scrubber, so SSE stays incremental.
  const body = response.body ? redactStream(response.body, needles, redactOptions) : response.body;
  return new Response(body, init);
}

/**
 * Scrubs a whole body. JSON is scrubbed after parsing too, so an escaped secret (`\u0068f_...`) is
 * caught; then the bytes, for every form of every secret. Throws {@link SecretLeakError} when a
 * secret would still be sent.
 */
function scrubBuffered(
  bytes: Uint8Array,
  secrets: readonly string[],
  needles: readonly Needle[],
  redactOptions: RedactOptions,
) {
  let out = bytes;
  if (secrets.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch {
      parsed = undefined;
    }
    if (parsed !== undefined) {
      const { value, changed } = redactJson(parsed, secrets);
      if (changed) out = new TextEncoder().encode(JSON.stringify(value));
    }
  }
  return redactBytes(out, needles, redactOptions);
}
