/**
 * What the proxy sends upstream, and what it refuses to: no redirect followed, no compressed or
 * stalled upload, no header outside its allow-list, no client error turned into a 500. The proxy
 * reaches the hostile upstream with the global fetch, the real network path.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toNodeListener } from '../packages/server/src/node';
import { createInferenceProxy, type InferenceProxyOptions } from '../packages/server/src/index';
import { startHostileUpstream, startRawUpstream, type HostileUpstream } from './hostile-upstream';

const TOKEN = 'hf_HostileRequests0123456789abcdefghij';
const APP = 'http://app.test';
const MODEL = 'facebook/bart-large-mnli';
const OTHER = 'evil/not-allowed';

let upstream: HostileUpstream;
let elsewhere: HostileUpstream;
beforeAll(async () => {
  [upstream, elsewhere] = await Promise.all([startHostileUpstream(), startHostileUpstream()]);
});
afterAll(() => Promise.all([upstream.close(), elsewhere.close()]));
beforeEach(() =>
  upstream.answer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('[{"label":"a","score":1}]');
  }),
);

const proxyFor = (options: InferenceProxyOptions = {}) =>
  createInferenceProxy({ accessToken: TOKEN, upstream: upstream.url, ...options });

const post = (
  proxy: (request: Request) => Promise<Response>,
  path: string,
  headers: Record<string, string> = {},
  body: BodyInit = '{"inputs":"x"}',
) =>
  proxy(
    new Request(`${APP}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }),
  );

const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Sends raw bytes to a server; resolves with what it answered once `until` matches it (or it closes). */
function rawExchange(url: string, head: string, until = /\r\n\r\n[\s\S]*\}/): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (until.test(text)) {
        socket.destroy();
        resolve(text);
      }
    });
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('redirects', () => {
  for (const status of [301, 302, 303, 307, 308]) {
    it(`turns an upstream ${status} into a 502 and never reaches where it points`, async () => {
      const before = elsewhere.received.length;
      const upstreamBefore = upstream.received.length;
      for (const location of [`${elsewhere.url}/steal`, `/hf-inference/models/${OTHER}`]) {
        upstream.answer((_request, response) => {
          response.writeHead(status, { location, 'content-type': 'application/json' });
          response.end('{}');
        });
        const proxy = proxyFor({ allowModels: [MODEL], headers: { 'x-partner-key': 'PartnerKey_0123456789' } });
        const response = await post(proxy, `/hf-inference/models/${MODEL}`);
        expect(response.status).toBe(502);
        expect(await errorOf(response)).toMatch(/redirect.*does not follow redirects/);
      }
      // The other host saw nothing, and the same-host redirect to a model outside allowModels was not taken.
      expect(elsewhere.received.length).toBe(before);
      expect(upstream.received.slice(upstreamBefore).map((r) => r.url)).toEqual([
        `/hf-inference/models/${MODEL}`,
        `/hf-inference/models/${MODEL}`,
      ]);
    });
  }
});

describe('numeric options', () => {
  for (const option of ['maxBodyBytes', 'bodyTimeoutMs'] as const) {
    it(`${option} must be a positive finite number: NaN, 0, negative, Infinity and non-numbers throw`, () => {
      for (const value of [Number.NaN, 0, -1, Infinity, -Infinity]) {
        expect(() => createInferenceProxy({ [option]: value })).toThrow(RangeError);
        expect(() => createInferenceProxy({ [option]: value })).toThrow(new RegExp(`\`${option}\``));
      }
      for (const value of ['1000', null, {}]) {
        expect(() => createInferenceProxy({ [option]: value as unknown as number })).toThrow(TypeError);
        expect(() => createInferenceProxy({ [option]: value as unknown as number })).toThrow(new RegExp(option));
      }
      expect(() => createInferenceProxy({ [option]: 1000 })).not.toThrow();
    });
  }

  it('maxBodyBytes still holds with a declared and an undeclared length', async () => {
    const proxy = proxyFor({ maxBodyBytes: 10 });
    const before = upstream.received.length;
    expect((await post(proxy, `/hf-inference/models/${MODEL}`, {}, 'x'.repeat(11))).status).toBe(413);
    expect(upstream.received.length).toBe(before);
  });
});

describe('encoded uploads', () => {
  it('refuses a request body with a Content-Encoding with 415, before anything goes upstream', async () => {
    const before = upstream.received.length;
    const proxy = proxyFor({ maxBodyBytes: 1000 });
    // 1 kB of gzip that would be 1 MB upstream.
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 'a'));
    for (const coding of ['gzip', 'deflate', 'br', 'identity, gzip', 'x-custom']) {
      const response = await post(proxy, `/hf-inference/models/${MODEL}`, { 'content-encoding': coding }, bomb);
      expect(response.status, coding).toBe(415);
      expect(await errorOf(response)).toMatch(/encoded .*only accepts unencoded bodies/);
    }
    expect(upstream.received.length).toBe(before);
    expect((await post(proxy, `/hf-inference/models/${MODEL}`, { 'content-encoding': 'identity' })).status).toBe(200);
  });
});

describe('wrong client input gets a 4xx, never a 500', () => {
  it('answers methods other than GET, POST and OPTIONS with 405 and Allow', async () => {
    const proxy = proxyFor();
    const before = upstream.received.length;
    for (const method of ['PUT', 'DELETE', 'PATCH', 'HEAD', 'PROPFIND']) {
      const response = await proxy(new Request(`${APP}/hf-inference/models/${MODEL}`, { method }));
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, POST, OPTIONS');
    }
    expect(upstream.received.length).toBe(before);
  });

  it('the Node adapter answers a malformed Host with 400 and TRACE with 405, not 500', async () => {
    const server = createServer(toNodeListener(proxyFor()));
    const url = await listen(server);
    try {
      for (const host of ['evil.test/models/x?', 'a@b', '[::1', 'bad host']) {
        const answer = await rawExchange(
          url,
          `GET /status/${MODEL} HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`,
        );
        expect(answer, host).toMatch(/^HTTP\/1\.1 400 /);
        expect(answer).toContain('Host header is malformed');
      }
      // (Node's own parser already answers TRACK and unknown methods with 400.)
      for (const method of ['TRACE']) {
        const answer = await rawExchange(url, `${method} / HTTP/1.1\r\nhost: app.test\r\nconnection: close\r\n\r\n`);
        expect(answer, method).toMatch(/^HTTP\/1\.1 405 /);
        expect(answer.toLowerCase()).toMatch(/\r\nallow: [a-z, ]+\r\n/);
      }
      const put = await rawExchange(
        url,
        `PUT /hf-inference/models/${MODEL} HTTP/1.1\r\nhost: app.test\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`,
      );
      expect(put).toMatch(/^HTTP\/1\.1 405 /);
      expect(put.toLowerCase()).toContain('allow: get, post, options');
      // An origin-form path that looks like a host stays a path.
      const slashes = await rawExchange(
        url,
        `GET //evil.test/status/x HTTP/1.1\r\nhost: app.test\r\nconnection: close\r\n\r\n`,
      );
      expect(slashes).toMatch(/^HTTP\/1\.1 404 /);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('chat bodies', () => {
  it('sends the body of /v1/chat/completions as checked: a second "model" key cannot name another model', async () => {
    const proxy = proxyFor({ allowModels: [MODEL] });
    const response = await post(
      proxy,
      '/v1/chat/completions',
      {},
      `{"model":"${OTHER}","model":"${MODEL}","messages":[]}`,
    );
    expect(response.status).toBe(200);
    const sent = upstream.received.at(-1)!.body.toString();
    expect(sent).not.toContain(OTHER);
    expect(JSON.parse(sent)).toEqual({ model: MODEL, messages: [] });
  });
});

describe('request headers', () => {
  const hostile = {
    'x-http-method-override': 'DELETE',
    'x-original-url': '/admin',
    'x-rewrite-url': '/admin',
    'x-forwarded-host': 'evil.test',
    'x-custom-thing': '1',
    'accept-encoding': 'gzip',
    'accept-language': 'de',
    origin: 'https://evil.test',
    referer: 'https://evil.test/page',
  };

  it('forwards only content-type, accept and the API switches', async () => {
    const response = await post(proxyFor(), `/hf-inference/models/${MODEL}`, {
      ...hostile,
      accept: 'application/json',
      'x-use-cache': 'false',
      'x-wait-for-model': 'true',
      'x-inferkit-fault': 'cold-start=1',
    });
    expect(response.status).toBe(200);
    const headers = upstream.received.at(-1)!.headers;
    // (fetch adds its own accept-language; what matters is that the browser's value is not it.)
    for (const [name, value] of Object.entries(hostile)) expect(headers[name], name).not.toBe(value);
    expect(headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-use-cache': 'false',
      'x-wait-for-model': 'true',
      'x-inferkit-fault': 'cold-start=1',
      'accept-encoding': 'identity',
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('refuses a browser-chosen X-HF-Bill-To with 403 unless allowBillTo lists it', async () => {
    const before = upstream.received.length;
    for (const proxy of [proxyFor(), proxyFor({ billTo: 'my-org' }), proxyFor({ allowBillTo: ['partner-org'] })]) {
      for (const value of ['someone-else', 'Partner-Org', '']) {
        const response = await post(proxy, `/hf-inference/models/${MODEL}`, { 'x-hf-bill-to': value });
        expect(response.status).toBe(403);
        expect(await errorOf(response)).toMatch(/`allowBillTo`/);
      }
    }
    expect(upstream.received.length).toBe(before);
  });

  it('sends billTo upstream, and a listed browser choice in its place', async () => {
    await post(proxyFor({ billTo: 'my-org' }), `/hf-inference/models/${MODEL}`);
    expect(upstream.received.at(-1)!.headers['x-hf-bill-to']).toBe('my-org');
    await post(proxyFor(), `/hf-inference/models/${MODEL}`);
    expect(upstream.received.at(-1)!.headers).not.toHaveProperty('x-hf-bill-to');
    const allowing = proxyFor({ billTo: 'my-org', allowBillTo: ['partner-org'] });
    await post(allowing, `/hf-inference/models/${MODEL}`, { 'x-hf-bill-to': 'partner-org' });
    expect(upstream.received.at(-1)!.headers['x-hf-bill-to']).toBe('partner-org');
    await post(allowing, `/hf-inference/models/${MODEL}`);
    expect(upstream.received.at(-1)!.headers['x-hf-bill-to']).toBe('my-org');
  });

  it('CORS preflights list the forwarded headers, X-HF-Bill-To only when a browser may set it', async () => {
    const preflight = (options: InferenceProxyOptions) =>
      proxyFor({ cors: true, ...options })(
        new Request(`${APP}/hf-inference/models/${MODEL}`, {
          method: 'OPTIONS',
          headers: { 'access-control-request-headers': 'x-http-method-override, x-hf-bill-to' },
        }),
      );
    const plain = await preflight({});
    expect(plain.headers.get('access-control-allow-headers')).toBe(
      'content-type, accept, x-use-cache, x-wait-for-model, x-inferkit-fault, prefer',
    );
    const billing = await preflight({ allowBillTo: ['partner-org'] });
    expect(billing.headers.get('access-control-allow-headers')).toContain('x-hf-bill-to');
  });
});

describe('slow uploads', () => {
  /** A raw upstream that records whether each request's body ever completed, and when its socket closed. */
  async function watchingUpstream() {
    const seen: { head: string; body: string; closed: boolean }[] = [];
    const raw = await startRawUpstream((head, socket: Socket) => {
      const entry = { head, body: head.slice(head.indexOf('\r\n\r\n') + 4), closed: false };
      seen.push(entry);
      socket.on('data', (data) => (entry.body += data.toString('latin1')));
      socket.on('close', () => (entry.closed = true));
    });
    return { seen, raw };
  }

  /** A body that sends one chunk and then nothing. */
  const stalled = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"inputs":"'));
      },
    });

  for (const [name, path] of [
    ['a streamed body', `/hf-inference/models/${MODEL}`],
    ['the buffered chat body', '/v1/chat/completions'],
  ] as const) {
    it(`cuts ${name} that stops sending with 408, and the upstream never gets a whole request`, async () => {
      const { seen, raw } = await watchingUpstream();
      try {
        const proxy = proxyFor({ upstream: raw.url, bodyTimeoutMs: 200 });
        const started = performance.now();
        const response = await proxy(
          new Request(`${APP}${path}`, { method: 'POST', body: stalled(), duplex: 'half' } as RequestInit),
        );
        expect(response.status).toBe(408);
        expect(await errorOf(response)).toMatch(/no byte arrived for 200 ms .*`bodyTimeoutMs`/);
        expect(performance.now() - started).toBeLessThan(5000);
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Either no request at all (chat reads its body first) or one whose upload was aborted mid-way.
        for (const entry of seen) {
          expect(entry.closed).toBe(true);
          expect(entry.body).not.toMatch(/\r\n0\r\n\r\n$/);
        }
        if (path === '/v1/chat/completions') expect(seen).toHaveLength(0);
        else expect(seen).toHaveLength(1);
      } finally {
        await raw.close();
      }
    });
  }

  it('through the Node adapter, a client that stalls mid-upload gets 408', async () => {
    const { seen, raw } = await watchingUpstream();
    const server = createServer(toNodeListener(proxyFor({ upstream: raw.url, bodyTimeoutMs: 200 })));
    const url = await listen(server);
    try {
      const answer = await rawExchange(
        url,
        `POST /hf-inference/models/${MODEL} HTTP/1.1\r\nhost: app.test\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"inputs":`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(seen.every((entry) => entry.closed)).toBe(true);
    } finally {
      server.closeAllConnections();
      server.close();
      await raw.close();
    }
  });

  it('a slow but steady upload is not cut', async () => {
    const proxy = proxyFor({ bodyTimeoutMs: 200 });
    let sent = 0;
    const steady = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (sent++ === 5) controller.close();
        else controller.enqueue(new TextEncoder().encode(sent === 1 ? '{"inputs":"' : sent === 5 ? 'x"}' : 'x'));
      },
    });
    const response = await proxy(
      new Request(`${APP}/hf-inference/models/${MODEL}`, {
        method: 'POST',
        body: steady,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(200);
    expect(upstream.received.at(-1)!.body.toString()).toBe('{"inputs":"xxxx"}');
  });
});
