/**
 * A provider route behind a hostile upstream on 127.0.0.1, over real HTTP: the submit, the polls and
 * the result go through `hooked` providers (fal-ai's queue here), and whatever the upstream echoes of
 * the token (in the body, the status text, a header, a redirect's URL) is in no field of the error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InferenceHTTPError, InferenceResponseError } from '../errors';
import { clearProviderMappingCache } from '../hub';
import { textToImage } from '../tasks/text-to-image';

const TOKEN = 'hf_hostileEchoToken987';
const MODEL = 'black-forest-labs/FLUX.1-schnell';
let server: Server;
let root: string;
/** What the queue's poll does this test. */
let poll: 'redirect' | 'echo-result';

/** Everything of the request, the credential included, as an echoing server would send it back. */
const echo = (req: IncomingMessage) =>
  JSON.stringify({ url: req.url, headers: req.headers, seen: `${req.headers.authorization}` });

function answer(req: IncomingMessage, res: ServerResponse) {
  const url = req.url ?? '';
  const auth = String(req.headers.authorization ?? '');
  if (url.startsWith('/api/models/')) {
    res.setHeader('content-type', 'application/json');
    return res.end(
      JSON.stringify({
        inferenceProviderMapping: {
          'fal-ai': { providerId: 'fal-ai/flux/schnell', status: 'live', task: 'text-to-image' },
        },
      }),
    );
  }
  if (req.method === 'POST' && url === '/fal-ai/fal-ai/flux/schnell?_subdomain=queue') {
    if (req.headers['x-fail-submit']) {
      // The status text, a header and the body all carry the token.
      res.writeHead(500, `Upstream saw ${auth}`, {
        'x-error-message': `bad ${auth}`,
        'content-type': 'application/json',
      });
      return res.end(echo(req));
    }
    res.setHeader('content-type', 'application/json');
    return res.end(
      JSON.stringify({
        request_id: 'r1',
        status: 'COMPLETED',
        response_url: 'https://queue.fal.run/fal-ai/flux/requests/r1',
      }),
    );
  }
  if (url.startsWith('/fal-ai/fal-ai/flux/requests/r1?')) {
    if (poll === 'redirect') {
      // Same origin: fetch follows it with the Authorization header, into a URL naming the token.
      res.writeHead(302, { location: `/leak?token=${encodeURIComponent(auth.slice(7))}` });
      return res.end();
    }
    // A 2xx result whose image is no URL, data URL or base64: the credential it quotes.
    res.setHeader('content-type', 'application/json');
    return res.end(JSON.stringify({ images: [{ url: `echo: ${auth}` }], request: JSON.parse(echo(req)) }));
  }
  if (url.startsWith('/leak')) {
    res.writeHead(403, `Forbidden for ${auth}`, { 'x-error-message': auth, 'content-type': 'application/json' });
    return res.end(echo(req));
  }
  res.writeHead(404).end();
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => clearProviderMappingCache());

const views = (error: Error) => [
  error.message,
  String(error),
  error.stack ?? '',
  JSON.stringify(error),
  inspect(error, { depth: 10 }),
];

const draw = (headers?: Record<string, string>) =>
  textToImage({ model: MODEL, inputs: 'a cat', baseUrl: root, accessToken: TOKEN, headers }).catch((e: Error) => e);

describe('a provider route behind a hostile upstream (127.0.0.1)', () => {
  it('a failed submit echoing the token in status text, header and body: the error holds none of it', async () => {
    const error = await draw({ 'x-fail-submit': '1' });
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error).toMatchObject({ status: 500 });
    // The echo arrived (so the test can fail), and was scrubbed.
    expect(JSON.stringify(error)).toContain('[redacted]');
    for (const view of views(error as Error)) expect(view).not.toContain(TOKEN);
  });

  it('a poll redirected to a URL naming the token, answered 403 with the token: the error holds none of it', async () => {
    poll = 'redirect';
    const error = await draw();
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error).toMatchObject({ status: 403 });
    expect(JSON.stringify(error)).toContain('[redacted]');
    for (const view of views(error as Error)) expect(view).not.toContain(TOKEN);
  });

  it('a 2xx result whose image quotes the token: the InferenceResponseError holds none of it', async () => {
    poll = 'echo-result';
    const error = await draw();
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(JSON.stringify(error)).toContain('[redacted]');
    for (const view of views(error as Error)) expect(view).not.toContain(TOKEN);
  });
});
