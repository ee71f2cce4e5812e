import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createChatStore } from '../chat-store';
import {
  InferenceHTTPError,
  InferenceResponseError,
  InferenceStreamError,
  InferenceTimeoutError,
  InferenceValidationError,
} from '../errors';
import { chatCompletionStream } from '../tasks/chat-completion';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { getModelStatus } from '../hub-api';
import { request, streamRequest } from '../raw-request';
import { controlledStream, json, mockFetch, sse, type Recorded } from './fetch-mock';

// A server that echoes the request (a misconfigured proxy, a debug endpoint, a hostile upstream)
// puts the caller's credentials in what it answers. Whatever error core raises from that answer,
// no credential it sent may be in any field a caller could log.

const TOKEN = 'hf_echoedSecretToken0123';
const model = 'facebook/bart-large-mnli';
const baseUrl = 'http://emu.test';
const args = { inputs: 'hello', parameters: { candidateLabels: ['a', 'b'] } };

/** Everything a log line or an error reporter could show of an error. */
const views = (error: Error) => [
  error.message,
  String(error),
  error.stack ?? '',
  JSON.stringify(error),
  inspect(error, { depth: 10 }),
  JSON.stringify((error as { body?: unknown }).body ?? null),
];
const expectClean = (error: unknown, ...secrets: string[]) => {
  expect(error).toBeInstanceOf(Error);
  for (const view of views(error as Error)) for (const secret of secrets) expect(view).not.toContain(secret);
};

describe('credentials echoed by the server', () => {
  it('are scrubbed from an HTTP error: message, server message, body, stack, JSON and inspect', async () => {
    const { fetch } = mockFetch((r: Recorded) =>
      json({ error: `Invalid token ${r.headers.authorization}`, echo: r.headers }, 401),
    );
    const error = await zeroShotClassification({ ...args, model, baseUrl, fetch, accessToken: TOKEN }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error.serverMessage).toBe('Invalid token Bearer [redacted]');
    expect(error.body.echo.authorization).toBe('Bearer [redacted]');
    expect(error.message).toContain('[redacted]');
    expectClean(error, TOKEN);
  });

  it('scrubs credential headers in any case, the part after a scheme word, and headers marked secret', async () => {
    const headers = {
      'X-Api-Key': 'key-aaaa-1111',
      'Proxy-Authorization': 'Basic cHJveHk6c2VjcmV0',
      'api-key': 'azure-key-2222',
      'X-HF-Token': 'hf_otherToken3333',
      Cookie: 'session=cookie-4444',
      'x-gateway-secret': 'gateway-5555',
      'x-trace': 'visible-trace',
    };
    const { fetch } = mockFetch((r: Recorded) =>
      json({ error: `denied: ${Object.values(r.headers).join(' ')}`, bare: 'cHJveHk6c2VjcmV0' }, 403),
    );
    const error = await zeroShotClassification({
      ...args,
      model,
      baseUrl,
      fetch,
      headers,
      secretHeaders: ['X-Gateway-Secret'],
    }).catch((e) => e);
    expectClean(error, ...Object.values(headers).slice(0, 6), 'cHJveHk6c2VjcmV0');
    expect(error.serverMessage).toContain('visible-trace');
    expect(error.request.headers).toMatchObject({
      'X-Api-Key': '[redacted]',
      'Proxy-Authorization': '[redacted]',
      'api-key': '[redacted]',
      'X-HF-Token': '[redacted]',
      Cookie: '[redacted]',
      'x-gateway-secret': '[redacted]',
      'x-trace': 'visible-trace',
    });
  });

  it('scrubs a 2xx answer of unknown shape, even when the echo is JSON-escaped in the message', async () => {
    const token = 'hf_"quoted\\token';
    const { fetch } = mockFetch((r: Recorded) => json({ unexpected: r.headers.authorization }));
    const error = await zeroShotClassification({ ...args, model, baseUrl, fetch, accessToken: token }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expectClean(error, token, JSON.stringify(token).slice(1, -1));
  });

  it('scrubs an SSE error event and a broken stream, from streams and the chat store alike', async () => {
    const echo = (r: { headers: Record<string, string> }) =>
      new Response(`event: error\ndata: ${JSON.stringify({ message: `bad ${r.headers.authorization}` })}\n\n`);
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const streamed = async () => {
      for await (const _ of chatCompletionStream({
        model,
        baseUrl,
        fetch: mockFetch(echo).fetch,
        accessToken: TOKEN,
        messages,
      }));
    };
    const error = await streamed().catch((e) => e);
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.message).toContain('bad Bearer [redacted]');
    expectClean(error, TOKEN);

    const broken = controlledStream();
    const { fetch } = mockFetch(() => broken.response);
    const raw = (async () => {
      for await (const _ of streamRequest({ url: `${baseUrl}/x`, fetch, accessToken: TOKEN, json: {} }));
    })().catch((e) => e);
    broken.push('data: {"partial":');
    broken.fail(new TypeError(`socket closed while sending Bearer ${TOKEN}`));
    const interrupted = await raw;
    expect(interrupted).toBeInstanceOf(InferenceStreamError);
    expectClean(interrupted, TOKEN);

    const store = createChatStore({
      model,
      client: { options: { baseUrl, accessToken: TOKEN, fetch: mockFetch(echo).fetch } },
    });
    await store.send('Hi');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceStreamError);
    expectClean(store.getSnapshot().error, TOKEN);
  });

  it('scrubs a malformed chunk the chat store rejects itself', async () => {
    const fetch = mockFetch(
      (r: Recorded) => new Response(sse({ choices: 'nope', echo: r.headers.authorization })),
    ).fetch;
    const store = createChatStore({ model, client: { options: { baseUrl, accessToken: TOKEN, fetch } } });
    await store.send('Hi');
    expect(store.getSnapshot().error).toBeInstanceOf(InferenceResponseError);
    expectClean(store.getSnapshot().error, TOKEN);
  });

  it('scrubs the errors of the utilities', async () => {
    const echo = (r: { headers: Record<string, string> }) =>
      json({ inferenceProviderMapping: r.headers.authorization });
    const status = await getModelStatus({ model, baseUrl, accessToken: TOKEN, fetch: mockFetch(echo).fetch }).catch(
      (e) => e,
    );
    expect(status).toBeInstanceOf(InferenceResponseError);
    expectClean(status, TOKEN);
    const raw = await request({
      url: `${baseUrl}/x`,
      accessToken: TOKEN,
      fetch: mockFetch((r: Recorded) => json({ error: r.headers.authorization }, 500)).fetch,
    }).catch((e) => e);
    expect(raw).toBeInstanceOf(InferenceHTTPError);
    expectClean(raw, TOKEN);
  });

  it('scrubs a timeout error of a URL that carries its credential', async () => {
    const endpointUrl = 'https://my.endpoint/run?api_key=querySecret987';
    const hanging = (r: { signal: AbortSignal | null }) =>
      new Promise<Response>((_, reject) => r.signal?.addEventListener('abort', () => reject(r.signal!.reason)));
    const error = await zeroShotClassification({
      ...args,
      endpointUrl,
      fetch: mockFetch(hanging).fetch,
      accessToken: TOKEN,
      timeout: 5,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceTimeoutError);
    expect(error.message).toContain('api_key=[redacted]');
    expect(error.request.url).toBe('https://my.endpoint/run?api_key=[redacted]');
    expectClean(error, TOKEN, 'querySecret987');
  });
});

describe('credentials in URLs', () => {
  it('redacts credential query parameters wherever an error holds the URL', async () => {
    const secrets = ['tok-1234abcd', 'sig-5678efgh', 'key-9012ijkl', 'acc-3456mnop'];
    const endpointUrl = `https://my.endpoint/run?token=${secrets[0]}&sig=${secrets[1]}&key=${secrets[2]}&access_token=${secrets[3]}&page=2`;
    const { fetch } = mockFetch((r: Recorded) => json({ error: `no route for ${r.url}` }, 404));
    const error = await zeroShotClassification({ ...args, endpointUrl, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error.url).toBe(
      'https://my.endpoint/run?token=[redacted]&sig=[redacted]&key=[redacted]&access_token=[redacted]&page=2',
    );
    expect(error.request.url).toBe(error.url);
    expectClean(error, ...secrets);
  });

  it.each([
    ['endpointUrl', { endpointUrl: 'https://user:hf_pass1234@my.endpoint' }],
    ['baseUrl', { baseUrl: 'http://user:hf_pass1234@emu.test', model }],
    ['model', { model: 'https://:hf_pass1234@my.endpoint/m' }],
  ])('rejects user:password@ in %s before any request, naming the field and the fix', async (field, options) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await zeroShotClassification({ ...args, ...options, fetch }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues).toEqual([{ path: field, message: expect.stringContaining('header') }]);
    expectClean(error, 'hf_pass1234');
    expect(calls).toHaveLength(0);
  });

  it('rejects user:password@ in the url of request and in a chat stream', async () => {
    const { fetch, calls } = mockFetch(json({}));
    await expect(request({ url: 'http://u:hf_pass1234@emu.test/x', fetch })).rejects.toMatchObject({
      name: 'InferenceValidationError',
      issues: [{ path: 'url' }],
    });
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const stream = chatCompletionStream({ endpointUrl: 'http://u:hf_pass1234@tgi.test', fetch, messages });
    await expect(stream.next()).rejects.toBeInstanceOf(InferenceValidationError);
    expect(calls).toHaveLength(0);
  });
});
