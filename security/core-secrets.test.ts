/**
 * Properties of `@inferkit/core`: for any token and any way a request can fail, no credential the
 * call sent comes back in the error, in any field, in any way a caller could log it.
 */
import { inspect } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletionStream, InferenceError, zeroShotClassification } from '../packages/core/src/index';
import { everyString, startHostileUpstream, type HostileUpstream } from './hostile-upstream';

/** Printable ASCII, at least 8 characters, with something in it besides blanks (blanks alone are layout). */
const token = fc
  .string({
    unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 8,
    maxLength: 40,
  })
  .filter((t) => /\S{4}/.test(t));

const messages = [{ role: 'user' as const, content: 'Hi' }];
const zsc = { inputs: 'hello', parameters: { candidateLabels: ['a', 'b'] } };

/** Every way a logged error could show its content. */
function views(error: unknown): string[] {
  const e = error as Error;
  return [...everyString(error), JSON.stringify(error), String(error), e.stack ?? '', inspect(error, { depth: 10 })];
}

function expectNoSecret(error: unknown, secrets: string[]) {
  expect(error).toBeInstanceOf(InferenceError);
  for (const view of views(error)) {
    for (const secret of secrets) {
      if (view.includes(secret))
        throw new Error(`credential ${JSON.stringify(secret)} found in ${JSON.stringify(view.slice(0, 300))}`);
    }
  }
}

const drain = async (stream: AsyncIterable<unknown>) => {
  for await (const _ of stream);
};

const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });
const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fetch that answers with what `answer` makes of the request's headers and URL. */
const echoFetch = (
  answer: (seen: {
    authorization: string;
    url: string;
    signal: AbortSignal | undefined;
  }) => Response | Promise<Response>,
) =>
  (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    return answer({
      authorization: headers.get('authorization') ?? '',
      url: String(input),
      signal: init?.signal ?? undefined,
    });
  }) as typeof fetch;

/** Each error path: given the token (sent as `accessToken` and in the URL), the error core raises. */
const paths: Record<string, (tok: string) => Promise<unknown>> = {
  'HTTP error, token echoed in the JSON body': (tok) =>
    zeroShotClassification({
      ...zsc,
      endpointUrl: 'http://up.test/run',
      accessToken: tok,
      fetch: echoFetch(({ authorization }) =>
        jsonResponse({ error: `Invalid token ${authorization}`, nested: { deep: [authorization] } }, 401),
      ),
    }).catch((e) => e),
  'HTTP error, token echoed in a text body, status text and request id': (tok) =>
    zeroShotClassification({
      ...zsc,
      endpointUrl: 'http://up.test/run',
      accessToken: tok,
      fetch: echoFetch(
        ({ authorization }) =>
          new Response(`denied for ${authorization}`, {
            status: 403,
            statusText: `Forbidden ${tok}`,
            headers: { 'x-request-id': authorization },
          }),
      ),
    }).catch((e) => e),
  'SSE error event echoing the token': (tok) =>
    drain(
      chatCompletionStream({
        endpointUrl: 'http://up.test',
        accessToken: tok,
        messages,
        fetch: echoFetch(({ authorization }) =>
          sse(`data: ${JSON.stringify({ error: `bad ${authorization}`, error_type: authorization })}\n\n`),
        ),
      }),
    ).catch((e) => e),
  '`event: error` echoing the token': (tok) =>
    drain(
      chatCompletionStream({
        endpointUrl: 'http://up.test',
        accessToken: tok,
        messages,
        fetch: echoFetch(({ authorization }) =>
          sse(`event: error\ndata: ${JSON.stringify({ message: authorization })}\n\n`),
        ),
      }),
    ).catch((e) => e),
  'broken stream whose cause names the token': (tok) =>
    drain(
      chatCompletionStream({
        endpointUrl: 'http://up.test',
        accessToken: tok,
        messages,
        fetch: echoFetch(
          ({ authorization }) =>
            new Response(
              new ReadableStream({
                start(controller) {
                  controller.enqueue(new TextEncoder().encode('data: {"partial":'));
                  controller.error(new TypeError(`terminated while sending ${authorization}`));
                },
              }),
            ),
        ),
      }),
    ).catch((e) => e),
  '2xx answer of unknown shape echoing the token': (tok) =>
    zeroShotClassification({
      ...zsc,
      endpointUrl: 'http://up.test/run',
      accessToken: tok,
      fetch: echoFetch(({ authorization }) => jsonResponse({ unexpected: authorization, [authorization]: 1 })),
    }).catch((e) => e),
  'network failure whose cause holds the URL with the token': (tok) =>
    zeroShotClassification({
      ...zsc,
      endpointUrl: `http://up.test/run?api_key=${encodeURIComponent(tok)}`,
      accessToken: tok,
      fetch: echoFetch(({ url, authorization }) =>
        Promise.reject(
          new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED ${url} (${authorization})`) }),
        ),
      ),
    }).catch((e) => e),
  'timeout on a URL with the token': (tok) =>
    zeroShotClassification({
      ...zsc,
      model: `http://up.test/run?token=${encodeURIComponent(tok)}`,
      accessToken: tok,
      timeout: 1,
      fetch: echoFetch(
        ({ signal }) =>
          new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason))),
      ),
    }).catch((e) => e),
};

describe('core: no credential in any error (property)', () => {
  it.each(Object.keys(paths))('%s', async (path) => {
    await fc.assert(
      fc.asyncProperty(token, async (tok) => {
        const error = await paths[path]!(tok);
        expectNoSecret(error, [tok, encodeURIComponent(tok)]);
      }),
      { numRuns: 60 },
    );
  });
});

describe('core against the hostile upstream (global fetch)', () => {
  let upstream: HostileUpstream;
  beforeAll(async () => {
    upstream = await startHostileUpstream();
  });
  afterAll(async () => {
    await upstream.close();
  });

  // Node's HTTP server trims blanks around header values, and `fetch` refuses none of these.
  const wireToken = token.map((t) => t.trim()).filter((t) => t.length >= 8 && /\S{4}/.test(t));
  const auth = (request: { headers: Record<string, string | string[] | undefined> }) =>
    String(request.headers.authorization);

  it('an HTTP error echoing the request everywhere it can', async () => {
    await fc.assert(
      fc.asyncProperty(wireToken, async (tok) => {
        upstream.answer((request, response) => {
          response.writeHead(401, `Bad ${auth(request).replace(/[^\x20-\x7e]/g, '')}`, {
            'content-type': 'application/json',
            'x-request-id': auth(request),
          });
          response.end(JSON.stringify({ error: `Invalid token ${auth(request)}`, headers: request.headers }));
        });
        const error = await zeroShotClassification({
          ...zsc,
          endpointUrl: `${upstream.url}/run?api_key=${encodeURIComponent(tok)}`,
          accessToken: tok,
          headers: { 'x-api-key': tok },
        }).catch((e) => e);
        expect(error).toMatchObject({ name: 'InferenceHTTPError', status: 401 });
        expectNoSecret(error, [tok, encodeURIComponent(tok)]);
      }),
      { numRuns: 25 },
    );
  });

  it('an SSE error event echoing the token, then a stream cut mid-way', async () => {
    await fc.assert(
      fc.asyncProperty(wireToken, fc.boolean(), async (tok, cut) => {
        upstream.answer((request, response) => {
          response.writeHead(200, { 'content-type': 'text/event-stream' });
          if (cut) {
            // Headers and a partial event first, so it is the stream that breaks, not the request.
            response.write(`data: {"echo":${JSON.stringify(auth(request))}`);
            setTimeout(() => response.destroy(), 20);
          } else
            response.end(
              `event: error\ndata: ${JSON.stringify({ message: auth(request), request: request.headers })}\n\n`,
            );
        });
        const error = await drain(
          chatCompletionStream({ endpointUrl: upstream.url, accessToken: tok, messages }),
        ).catch((e) => e);
        expect(error).toMatchObject({ name: 'InferenceStreamError' });
        expectNoSecret(error, [tok]);
      }),
      { numRuns: 25 },
    );
  });
});
