/**
 * Which headers cross the proxy. Both directions are allow-lists: a browser's credentials must
 * never reach Hugging Face, and upstream cookies or transport headers must never reach the browser.
 */
import { redactText } from './redact';

/** Request headers forwarded as they are, besides the `x-*` family. */
const FORWARDED_REQUEST_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'accept']);

/** `x-*` request headers that carry credentials, identity or hosting internals are dropped. */
const DROPPED_X_HEADER = /auth|token|key|secret|session|cookie|csrf|xsrf|forwarded|real-ip|middleware/i;

/** Response headers passed back to the client. */
const PASSED_RESPONSE_HEADER =
  /^(content-type|content-language|cache-control|retry-after|x-request-id|x-compute-.+|x-inferkit-.+|x-ratelimit-.+|ratelimit.*)$/i;

/** The headers a client may send that are worth forwarding. */
export function forwardRequestHeaders(incoming: Headers): Headers {
  const out = new Headers();
  incoming.forEach((value, name) => {
    const key = name.toLowerCase();
    if (FORWARDED_REQUEST_HEADERS.has(key) || (key.startsWith('x-') && !DROPPED_X_HEADER.test(key))) {
      out.set(key, value);
    }
  });
  return out;
}

/** The upstream headers a client should see, with any secret scrubbed out of their values. */
export function passResponseHeaders(upstream: Headers, secrets: readonly string[]): Headers {
  const out = new Headers();
  upstream.forEach((value, name) => {
    if (PASSED_RESPONSE_HEADER.test(name)) out.set(name, redactText(value, secrets));
  });
  // Reverse proxies such as nginx buffer responses unless told not to, which would stall a stream.
  if ((out.get('content-type') ?? '').includes('text/event-stream')) out.set('x-accel-buffering', 'no');
  return out;
}
