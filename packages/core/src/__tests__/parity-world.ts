/**
 * The recording world of `parity-providers.test.ts`: one `fetch` standing for the Hub, the router
 * (every provider's routes below it) and the providers' CDNs. It records every request (method,
 * decoded URL, headers but `user-agent`, body) and answers the Hub lookup with one provider mapping
 * and everything else from a table keyed by `METHOD URL`. Test-only.
 */
import { vi } from 'vitest';

export const ROOT = 'https://router.huggingface.co';
export const TOKEN = 'hf_parityProviders000000000000000000';

/** The global fetch as the file found it: `data:` URLs (decoded locally, no network) go through it. */
const realFetch = globalThis.fetch;

/** One request as sent. Multipart bodies are read into their parts, so random boundaries compare equal. */
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** An answer to one route; called once per request (so each gets a fresh body), with the request as recorded. */
export type Answer = (request: Sent) => Response;
export type Answers = Record<string, Answer>;

export const json =
  (value: unknown): Answer =>
  () =>
    Response.json(value);
export const file =
  (bytes: Uint8Array, type: string): Answer =>
  () =>
    new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } });
/** Server-Sent Events, one `data:` line per value, then `[DONE]`. */
export const sse =
  (...events: unknown[]): Answer =>
  () =>
    new Response(events.map((e) => `data: ${JSON.stringify(e)}\n\n`).join('') + 'data: [DONE]\n\n', {
      headers: { 'content-type': 'text/event-stream' },
    });

export const b64 = (bytes: ArrayBuffer | Uint8Array) =>
  Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('base64');

export const lookupUrl = (model: string) =>
  `https://huggingface.co/api/models/${model}?expand[]=inferenceProviderMapping`;

async function bodyOf(request: Request): Promise<unknown> {
  if (request.headers.get('content-type')?.startsWith('multipart/form-data')) {
    const parts: unknown[] = [];
    for (const [name, value] of await request.formData()) {
      parts.push(
        typeof value === 'string'
          ? [name, value]
          : [name, { filename: value.name, type: value.type, base64: b64(await value.arrayBuffer()) }],
      );
    }
    return { multipart: parts };
  }
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (!bytes.length) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { bytes: b64(bytes) };
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The Hub serving `model` on `provider` as `providerId` for `task`, the routes in `answers`, recording all. */
export function world(
  mapping: { model: string; provider: string; providerId: string; task: string },
  answers: Answers,
) {
  const sent: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    // A data: URL is decoded in memory: no request leaves, so none is recorded.
    if (request.url.startsWith('data:')) return realFetch(request);
    const headers = Object.fromEntries(request.headers);
    delete headers['user-agent'];
    if (headers['content-type']?.startsWith('multipart/form-data')) {
      headers['content-type'] = 'multipart/form-data; boundary=…';
    }
    const url = decodeURI(request.url);
    const entry: Sent = { method: request.method, url, headers, body: await bodyOf(request) };
    sent.push(entry);
    if (url === lookupUrl(mapping.model)) {
      const { provider, providerId, task } = mapping;
      return Response.json({
        _id: '1',
        id: mapping.model,
        inferenceProviderMapping: [{ provider, providerId, status: 'live', task, hfModelId: mapping.model }],
      });
    }
    const answer = answers[`${request.method} ${url}`];
    return answer ? answer(entry) : Response.json({ error: `no route for ${request.method} ${url}` }, { status: 404 });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

/** A global fetch for inferkit's calls: it must use the `fetch` it is given, never this one. */
export const noGlobalFetch = (async (input: RequestInfo | URL) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.startsWith('data:')) return realFetch(url);
  throw new Error(`global fetch used for ${url}`);
}) as typeof globalThis.fetch;

/**
 * Runs every (fake) timer until the call settles, so the poll loops' waits cost no real time.
 * Between rounds a real turn of the event loop lets fetch bodies resolve.
 */
export async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  let done = false;
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.finally(() => (done = true));
  while (!done) {
    await vi.runAllTimersAsync();
    if (!done) await new Promise((resolve) => setImmediate(resolve));
  }
  return outcome;
}

/** Every value of an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

const camel = (key: string) => key.replace(/[_-]([a-z])/g, (_, c: string) => c.toUpperCase());

/** A result as the tests compare it: keys in camelCase, a `Blob` as `{ type, base64 }`. */
export async function view(value: unknown): Promise<unknown> {
  if (value instanceof Blob) return { type: value.type, base64: b64(await value.arrayBuffer()) };
  if (Array.isArray(value)) return Promise.all(value.map(view));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) out[camel(key)] = await view(entry);
    return out;
  }
  return value;
}
