/**
 * The scrubbing property: whatever the token (any printable string of 8 characters or more) and
 * however the upstream cuts a body that quotes it (several times, across chunk boundaries, next
 * to text that looks like the replacement, in UTF-8 or UTF-16), the token never reaches the client,
 * in streamed success bodies or buffered error bodies.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceProxy } from '../packages/server/src/index';
import { startHostileUpstream, type HostileUpstream } from './hostile-upstream';

const APP = 'http://app.test';
const CHAT = 'meta-llama/Llama-3.1-8B-Instruct';
type Encoding = 'utf8' | 'utf16le' | 'utf16be';

const encode = (text: string, encoding: Encoding): Buffer => {
  if (encoding === 'utf8') return Buffer.from(text);
  const le = Buffer.from(text, 'utf16le');
  return encoding === 'utf16le' ? le : Buffer.from(le).swap16();
};

/** Every byte form of the token a client could decode back to it. */
const formsOf = (token: string) => (['utf8', 'utf16le', 'utf16be'] as const).map((e) => encode(token, e));

/** A body quoting the token: pieces are the token, bits of it, filler, or text that looks like the scrubber's own. */
const bodyPiece = (token: string) =>
  fc.oneof(
    fc.constant(token),
    // The token as a JSON string would carry it: some characters as `\uXXXX`, quotes and backslashes escaped.
    fc
      .array(fc.boolean(), { minLength: token.length, maxLength: token.length })
      .map((escape) =>
        [...token]
          .map((char, i) =>
            escape[i] ? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(char).slice(1, -1),
          )
          .join(''),
      ),
    fc.tuple(fc.nat({ max: token.length }), fc.nat({ max: token.length })).map(([a, b]) => token.slice(a, b)),
    fc.string({ maxLength: 12 }),
    fc.constantFrom('[redacted]', '[redacted', 'redacted]', '\n\n', 'data: ', '"', '\\', '{"error":"'),
  );

/** Any printable token, sometimes one that begins or ends like `[redacted]`, so that a replacement could spell it again. */
const REPLACEMENT = '[redacted]';
const token = fc.oneof(
  fc.string({ minLength: 8, maxLength: 24 }),
  fc
    .tuple(fc.integer({ min: 1, max: REPLACEMENT.length }), fc.string({ minLength: 8, maxLength: 16 }))
    .map(([n, rest]) => REPLACEMENT.slice(-n) + rest),
  fc
    .tuple(fc.string({ minLength: 8, maxLength: 16 }), fc.integer({ min: 1, max: REPLACEMENT.length }))
    .map(([rest, n]) => rest + REPLACEMENT.slice(0, n)),
);

const scenario = token
  .chain((token) =>
    fc.record({
      token: fc.constant(token),
      pieces: fc.array(bodyPiece(token), { minLength: 1, maxLength: 12 }),
      encoding: fc.constantFrom<Encoding>('utf8', 'utf8', 'utf16le', 'utf16be'),
      cuts: fc.array(fc.nat(), { maxLength: 12 }),
      status: fc.constantFrom(200, 401, 500),
    }),
  )
  .map(({ token, pieces, encoding, cuts, status }) => {
    // Always at least one whole quote of the token.
    const body = encode([...pieces, token].join(''), encoding);
    const points = [...new Set(cuts.map((cut) => cut % (body.length + 1)))].sort((a, b) => a - b);
    const chunks = [0, ...points, body.length]
      .slice(1)
      .map((end, i, ends) => body.subarray(i === 0 ? 0 : ends[i - 1], end));
    return { token, body, chunks: chunks.filter((chunk) => chunk.length > 0), encoding, status };
  });

/** Every byte the client gets, including what came before a body broke off. */
async function bytesOf(response: Response): Promise<Buffer> {
  const parts: Buffer[] = [Buffer.from(`${response.statusText}\n${JSON.stringify([...response.headers])}\n`, 'latin1')];
  if (!response.body) return Buffer.concat(parts);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(Buffer.from(value));
    }
  } catch {
    // A body the proxy broke off to keep a secret in: what came before still counts.
  }
  return Buffer.concat(parts);
}

function expectNoToken(bytes: Buffer, token: string) {
  for (const form of formsOf(token)) {
    if (bytes.includes(form))
      throw new Error(`token ${JSON.stringify(token)} reached the client: ${JSON.stringify(bytes.toString('latin1'))}`);
  }
  // And as a JSON reader would see it inside a string, escapes decoded (pairwise, as a parser reads them).
  const decoded = bytes
    .toString('utf8')
    .replace(/\\(u[0-9a-fA-F]{4}|[\s\S])/g, (whole, escape: string) =>
      escape.length === 5
        ? String.fromCharCode(parseInt(escape.slice(1), 16))
        : ['"', '\\', '/'].includes(escape)
          ? escape
          : whole,
    );
  if (decoded.includes(token)) {
    throw new Error(
      `token ${JSON.stringify(token)} reached the client escaped: ${JSON.stringify(bytes.toString('latin1'))}`,
    );
  }
}

const request = () =>
  new Request(`${APP}/hf-inference/models/${CHAT}/v1/chat/completions`, { method: 'POST', body: '{"messages":[]}' });

describe('no token reaches the client, whatever the body and its chunking', () => {
  it('exact chunks from a fetch handler: streamed success bodies and buffered error bodies', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ token, chunks, status }) => {
        const proxy = createInferenceProxy({
          accessToken: token,
          upstream: 'http://upstream.test',
          fetch: async () =>
            new Response(
              new ReadableStream<Uint8Array>({
                start(controller) {
                  for (const chunk of chunks) controller.enqueue(new Uint8Array(chunk));
                  controller.close();
                },
              }),
              { status, headers: { 'content-type': status === 200 ? 'text/event-stream' : 'application/json' } },
            ),
        });
        const response = await proxy(request());
        expect([status, 502]).toContain(response.status);
        expectNoToken(await bytesOf(response), token);
      }),
      { numRuns: 200 },
    );
  });

  describe('over the network from the hostile upstream', () => {
    let upstream: HostileUpstream;
    beforeAll(async () => {
      upstream = await startHostileUpstream();
    });
    afterAll(() => upstream.close());

    it('chunks written one by one, for streamed and buffered bodies', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ token, chunks, status }) => {
          upstream.answer(async (_request, response) => {
            response.writeHead(status, { 'content-type': status === 200 ? 'text/event-stream' : 'application/json' });
            for (const chunk of chunks) {
              response.write(chunk);
              await new Promise((resolve) => setImmediate(resolve));
            }
            response.end();
          });
          const proxy = createInferenceProxy({ accessToken: token, upstream: upstream.url });
          const response = await proxy(request());
          expect([status, 502]).toContain(response.status);
          expectNoToken(await bytesOf(response), token);
        }),
        { numRuns: 60 },
      );
    });
  });
});
