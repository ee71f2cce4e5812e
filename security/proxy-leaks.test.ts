/**
 * The proxy in front of a hostile upstream that tries to hand the server's secrets back to the
 * browser: in the reason phrase, in bodies the scrubber cannot read (compressed, UTF-16, JSON
 * escapes), and through configured headers whose names do not look secret. The proxy reaches the
 * upstream with the global fetch, the real network path.
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toNodeListener } from '../packages/server/src/node';
import { createInferenceProxy, type InferenceProxyOptions, type ProxyLogEntry } from '../packages/server/src/index';
import { everyString, startHostileUpstream, startRawUpstream, type HostileUpstream } from './hostile-upstream';

const TOKEN = 'hf_HostileLeak0123456789abcdefghijKLMN';
const APP = 'http://app.test';
const MODEL = 'facebook/bart-large-mnli';
const CHAT = 'meta-llama/Llama-3.1-8B-Instruct';

let upstream: HostileUpstream;
beforeAll(async () => {
  upstream = await startHostileUpstream();
});
afterAll(() => upstream.close());
beforeEach(() =>
  upstream.answer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{}');
  }),
);

const utf16 = (text: string, littleEndian: boolean) => {
  const out = Buffer.alloc(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    if (littleEndian) out.writeUInt16LE(text.charCodeAt(i), 2 * i);
    else out.writeUInt16BE(text.charCodeAt(i), 2 * i);
  }
  return out;
};

/** Every byte form of `secret` a client could decode back to it. */
const formsOf = (secret: string) => [Buffer.from(secret), utf16(secret, true), utf16(secret, false)];

/** Fails when any form of a secret is in any of the bytes. */
function expectFree(bytes: Buffer, secrets: readonly string[] = [TOKEN]) {
  for (const secret of secrets) {
    for (const form of formsOf(secret))
      expect(bytes.includes(form), `${secret} in ${bytes.toString('latin1')}`).toBe(false);
  }
}

function proxyFor(options: InferenceProxyOptions = {}) {
  const logs: ProxyLogEntry[] = [];
  const proxy = createInferenceProxy({
    accessToken: TOKEN,
    upstream: upstream.url,
    onLog: (entry) => logs.push(entry),
    ...options,
  });
  return { proxy, logs };
}

/** Everything a client gets from the proxy: status line parts, headers and body bytes. */
async function everythingOf(response: Response): Promise<Buffer> {
  const body = Buffer.from(await response.arrayBuffer().catch(() => new ArrayBuffer(0)));
  return Buffer.concat([
    Buffer.from(`${response.status} ${response.statusText}\n${JSON.stringify([...response.headers])}\n`, 'latin1'),
    body,
  ]);
}

const post = (proxy: (request: Request) => Promise<Response>, path: string, body = '{"inputs":"x"}') =>
  proxy(new Request(`${APP}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }));

/** Sends raw bytes to a server and returns every byte it answers, until it closes. */
function rawExchange(url: string, head: string): Promise<Buffer> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the upstream's reason phrase", () => {
  it('never reaches the client, from the fetch handler or on the wire from the Node adapter', async () => {
    const raw = await startRawUpstream((_head, socket) => {
      socket.end(
        `HTTP/1.1 401 Bad credentials Bearer ${TOKEN}\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
      );
    });
    try {
      const { proxy, logs } = proxyFor({ upstream: raw.url });
      const response = await post(proxy, `/hf-inference/models/${MODEL}`);
      expect(response.status).toBe(401);
      expect(response.statusText).not.toContain(TOKEN);
      expectFree(await everythingOf(response));
      expect(everyString(logs).join('\n')).not.toContain(TOKEN);

      const server = createServer(toNodeListener(proxy));
      const url = await listen(server);
      try {
        const wire = await rawExchange(
          url,
          `POST /hf-inference/models/${MODEL} HTTP/1.1\r\nhost: app.test\r\ncontent-type: application/json\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`,
        );
        expect(wire.toString('latin1')).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
        expectFree(wire);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    } finally {
      await raw.close();
    }
  });

  it("the Node adapter writes Node's own reason phrase, whatever statusText a handler sets", async () => {
    const server = createServer(
      toNodeListener(async () => new Response('{}', { status: 403, statusText: `Forbidden ${TOKEN}` })),
    );
    const url = await listen(server);
    try {
      const wire = await rawExchange(url, 'GET / HTTP/1.1\r\nhost: app.test\r\nconnection: close\r\n\r\n');
      expect(wire.toString('latin1')).toMatch(/^HTTP\/1\.1 403 Forbidden\r\n/);
      expectFree(wire);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('bodies the scrubber could not read', () => {
  const body = Buffer.from(JSON.stringify({ error: `Bad credentials: Bearer ${TOKEN}` }));
  // What the upstream claims and sends: the claim decides what fetch does with the bytes.
  const codings: [string, Buffer][] = [
    ['gzip', gzipSync(body)],
    ['x-gzip', gzipSync(body)],
    ['deflate', deflateSync(body)],
    ['br', brotliCompressSync(body)],
    ['zstd', gzipSync(body)],
    ['gzip, identity', gzipSync(body)],
    ['identity, gzip', gzipSync(body)],
    ['compress', gzipSync(body)],
    ['x-unknown', gzipSync(body)],
  ];

  it('asks the upstream for unencoded answers', async () => {
    const { proxy } = proxyFor();
    await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(upstream.received.at(-1)!.headers['accept-encoding']).toBe('identity');
  });

  for (const status of [401, 200]) {
    it(`refuses an encoded ${status === 200 ? 'streamed success' : 'error'} body with 502, whatever the coding`, async () => {
      for (const [coding, bytes] of codings) {
        upstream.answer((_request, response) => {
          response.writeHead(status, { 'content-type': 'application/json', 'content-encoding': coding });
          response.end(bytes);
        });
        const { proxy, logs } = proxyFor();
        const response = await post(proxy, `/hf-inference/models/${CHAT}/v1/chat/completions`);
        const everything = await everythingOf(response);
        expect(response.status, coding).toBe(502);
        expect(everything.toString(), coding).toMatch(/Content-Encoding .* cannot be checked for secrets/);
        expectFree(everything);
        // Had the proxy relayed compressed bytes, they would hold the token once decoded.
        const start = everything.indexOf(Buffer.from([0x1f, 0x8b]));
        if (start !== -1) expectFree(gunzipSync(everything.subarray(start)));
        expect(everyString(logs).join('\n')).not.toContain(TOKEN);
      }
    });
  }

  it('refuses an encoded answer from a `fetch` option that leaves it encoded', async () => {
    const { proxy } = proxyFor({
      fetch: async () => new Response(gzipSync(body), { status: 401, headers: { 'content-encoding': 'gzip' } }),
    });
    const response = await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(response.status).toBe(502);
    expectFree(await everythingOf(response));
  });

  it('passes an identity-coded answer on', async () => {
    upstream.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'identity' });
      response.end('[{"label":"a","score":1}]');
    });
    const { proxy } = proxyFor();
    const response = await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ label: 'a', score: 1 }]);
  });

  for (const littleEndian of [true, false]) {
    const name = littleEndian ? 'UTF-16LE' : 'UTF-16BE';
    it(`scrubs the token written in ${name}, in error bodies and split across chunks of a stream`, async () => {
      const text = `data: {"error":"Bearer ${TOKEN}"}\n\n`;
      const encoded = utf16(text, littleEndian);
      for (const status of [401, 200]) {
        upstream.answer(async (_request, response) => {
          response.writeHead(status, { 'content-type': `text/event-stream; charset=${name.toLowerCase()}` });
          // Cut inside the token, at an odd byte, so neither half is a whole form of it.
          const cut = encoded.indexOf(utf16(TOKEN, littleEndian)) + 11;
          response.write(encoded.subarray(0, cut));
          await new Promise((resolve) => setTimeout(resolve, 20));
          response.end(encoded.subarray(cut));
        });
        const { proxy } = proxyFor();
        const response = await post(proxy, `/hf-inference/models/${CHAT}/v1/chat/completions`);
        expect(response.status).toBe(status);
        const everything = await everythingOf(response);
        expectFree(everything);
        expect(everything.includes(utf16('[redacted]', littleEndian))).toBe(true);
      }
    });
  }

  it('scrubs a token hidden behind JSON escapes in an error body', async () => {
    const escaped = [...TOKEN].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    upstream.answer((_request, response) => {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(`{"error":"Bad credentials: ${escaped}","${escaped}":1}`);
    });
    const { proxy } = proxyFor();
    const response = await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(response.status).toBe(401);
    const parsed: unknown = await response.clone().json();
    expect(everyString(parsed).join('\n')).not.toContain(TOKEN);
    expect(parsed).toEqual({ error: 'Bad credentials: [redacted]', '[redacted]': 1 });
  });

  it('scrubs a token hidden behind JSON escapes in a streamed answer, event by event', async () => {
    // Escapes of every kind, cut mid-escape across writes: `\u0068`, `\/`, upper-case hex.
    const escaped = [...TOKEN]
      .map((c, i) => (i % 2 ? c : `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`))
      .join('');
    const events = [`data: {"delta":"${escaped}"}\n\n`, 'data: {"delta":"a\\/b \\\\u0068"}\n\n', 'data: [DONE]\n\n'];
    upstream.answer(async (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const all = events.join('');
      const cuts = [0, 20, 23, 41, 69, all.length];
      for (let i = 1; i < cuts.length; i++) {
        response.write(all.slice(cuts[i - 1], cuts[i]));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      response.end();
    });
    const { proxy } = proxyFor();
    const response = await post(proxy, `/hf-inference/models/${CHAT}/v1/chat/completions`);
    const text = await response.text();
    const deltas = text
      .split('\n\n')
      .filter((event) => event.startsWith('data: {'))
      .map((event) => (JSON.parse(event.slice(6)) as { delta: string }).delta);
    expect(deltas).toEqual(['[redacted]', 'a/b \\u0068']);
  });

  it('refuses an answer in a charset whose bytes the scrubber does not look for (UTF-32)', async () => {
    upstream.answer((_request, response) => {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-32' });
      response.end(Buffer.from([...TOKEN].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])));
    });
    const { proxy } = proxyFor();
    const response = await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(response.status).toBe(502);
    expect((await response.clone().json()).error).toMatch(/charset "utf-32"/);
    const everything = await everythingOf(response);
    expect(everything.includes(Buffer.from([...TOKEN].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])))).toBe(false);
  });
});

describe('configured header secrets', () => {
  const CUSTOM = 'cfg_CustomAuth_0123456789';
  const ORG_KEY = 'OrgPartnerKey98765432';
  const options = {
    // Names that do not say key, token or secret: the values are secrets all the same.
    headers: { 'x-custom-auth': `Basic ${CUSTOM}`, 'x-partner': ORG_KEY },
  };

  it('scrubs every configured header value, whatever its name, and the part after a scheme word', async () => {
    upstream.answer((request, response) => {
      response.writeHead(401, {
        'content-type': 'application/json',
        'x-request-id': `${request.headers['x-custom-auth']} ${request.headers['x-partner']}`,
      });
      response.end(JSON.stringify({ error: `echo ${JSON.stringify(request.headers)} ${CUSTOM}` }));
    });
    const { proxy, logs } = proxyFor(options);
    const response = await post(proxy, `/hf-inference/models/${MODEL}`);
    expect(upstream.received.at(-1)!.headers['x-partner']).toBe(ORG_KEY);
    expect(response.status).toBe(401);
    expectFree(await everythingOf(response), [TOKEN, CUSTOM, `Basic ${CUSTOM}`, ORG_KEY]);
    expect(everyString(logs).join('\n')).not.toMatch(new RegExp(`${CUSTOM}|${ORG_KEY}`));

    upstream.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`data: {"a":"${ORG_KEY}"}\n\ndata: {"b":"${CUSTOM}"}\n\n`);
    });
    const streamed = await post(proxyFor(options).proxy, `/hf-inference/models/${CHAT}/v1/chat/completions`);
    expectFree(await everythingOf(streamed), [CUSTOM, ORG_KEY]);
  });

  it('drops a response header whose name holds a secret', async () => {
    upstream.answer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'application/json',
        [`x-compute-${ORG_KEY.toLowerCase()}`]: '1',
        [`x-compute-${CUSTOM.toLowerCase()}`]: '1',
        'x-compute-type': 'gpu',
      });
      response.end('{}');
    });
    const response = await post(proxyFor(options).proxy, `/hf-inference/models/${MODEL}`);
    expect(response.status).toBe(200);
    expect([...response.headers.keys()].filter((name) => name.startsWith('x-compute-'))).toEqual(['x-compute-type']);
    const names = [...response.headers.keys()].join('\n');
    expect(names).not.toContain(ORG_KEY.toLowerCase());
    expect(names).not.toContain(CUSTOM.toLowerCase());
  });
});

describe('the Node adapter end to end', () => {
  it('a leaking upstream behind the Node adapter leaves no token in anything the client reads', async () => {
    upstream.answer((request, response) => {
      response.writeHead(500, { 'content-type': 'application/json', 'x-request-id': TOKEN });
      response.end(JSON.stringify({ error: request.headers.authorization }));
    });
    const server = createServer(toNodeListener(proxyFor().proxy));
    const url = await listen(server);
    try {
      const received = await new Promise<Buffer>((resolve, reject) => {
        const req = httpRequest(`${url}/hf-inference/models/${MODEL}`, { method: 'POST' }, (res) => {
          const chunks: Buffer[] = [Buffer.from(`${res.statusMessage}\n${JSON.stringify(res.rawHeaders)}\n`)];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        });
        req.on('error', reject);
        req.end('{"inputs":"x"}');
      });
      expect(received.toString()).toContain('[redacted]');
      expectFree(received);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
