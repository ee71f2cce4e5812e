/**
 * Which headers cross the proxy. Both directions are allow-lists: a browser's credentials, billing
 * choices or routing tricks (`x-http-method-override`, `x-original-url`) must never reach Hugging
 * Face, and upstream cookies or transport headers must never reach the browser.
 */
import { holdsSecret, redactText } from './redact';

/**
 * Request headers forwarded as the browser sent them: the body's type, the answer's type, and the
 * Inference API's own switches (`x-inferkit-fault` is the local emulator's fault switch, which the
 * playground uses; Hugging Face ignores it), and `prefer` (replicate's `Prefer: wait`, which asks it to
 * answer when the prediction is done rather than at once). `content-length` and `x-hf-bill-to` are handled by the
 * proxy itself; a route may add its provider's own (see {@link forwardRequestHeaders}); everything else
 * is dropped.
 */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'content-type',
  'accept',
  'x-use-cache',
  'x-wait-for-model',
  'x-inferkit-fault',
  'prefer',
];

/** The header Hugging Face reads to pick who pays for a call (an organization name). */
export const BILL_TO_HEADER = 'x-hf-bill-to';

/** Response headers passed back to the client. */
const PASSED_RESPONSE_HEADER =
  /^(content-type|content-language|cache-control|retry-after|x-request-id|x-compute-.+|x-inferkit-.+|x-ratelimit-.+|ratelimit.*)$/i;

/**
 * The headers a client may send that are worth forwarding: the common ones, and those the route
 * declares for its provider (`routes.ts`: zai-org's `x-source-channel` and `accept-language`, which
 * Z.ai's API expects from Hugging Face and `@inferkit/core` sends on its zai-org calls).
 */
export function forwardRequestHeaders(incoming: Headers, routeHeaders: readonly string[] = []): Headers {
  const out = new Headers();
  for (const name of [...FORWARDED_REQUEST_HEADERS, ...routeHeaders]) {
    const value = incoming.get(name);
    if (value !== null) out.set(name, value);
  }
  return out;
}

/**
 * The upstream headers a client should see. A secret is scrubbed out of values; a header whose
 * name holds a secret is dropped (names cannot be rewritten into something meaningful).
 */
export function passResponseHeaders(upstream: Headers, secrets: readonly string[]): Headers {
  const out = new Headers();
  const lowered = secrets.map((secret) => secret.toLowerCase());
  upstream.forEach((value, name) => {
    if (!PASSED_RESPONSE_HEADER.test(name) || holdsSecret(name, lowered)) return;
    out.set(name, redactText(value, secrets));
  });
  // Reverse proxies such as nginx buffer responses unless told not to, which would stall a stream.
  if ((out.get('content-type') ?? '').includes('text/event-stream')) out.set('x-accel-buffering', 'no');
  return out;
}

/** `true` when a `content-encoding` value means the bytes are as they are (absent or `identity`). */
export const isIdentityCoding = (value: string | null) =>
  value === null || value.split(',').every((coding) => ['', 'identity'].includes(coding.trim().toLowerCase()));
