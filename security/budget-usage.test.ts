/**
 * The token meter against a hostile upstream: lying, huge, negative, NaN and string `usage`,
 * garbage SSE, endless lines. The meter must not crash, must not charge less than what it saw pass
 * (one token per content event, one per word), must never let a count refill a budget, and must
 * pass every byte through unchanged.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceProxy, type ProxyLogEntry } from '../packages/server/src/proxy';
import type { UsageReport } from '../packages/server/src/ratelimit';
import { createUsageCounter, tapStream } from '../packages/server/src/usage';
import { startHostileUpstream, type HostileUpstream } from './hostile-upstream';

const TOKEN = 'hf_BudgetSecret0123456789abcdefghijKLMN';
const MODEL = 'meta-llama/Llama-3.1-8B-Instruct';
const encoder = new TextEncoder();

let upstream: HostileUpstream;
const logs: ProxyLogEntry[] = [];
const answers: string[] = [];

beforeAll(async () => {
  upstream = await startHostileUpstream();
});

afterAll(async () => {
  await upstream?.close();
  for (const text of [...answers, ...logs.map((entry) => JSON.stringify(entry))]) expect(text).not.toContain(TOKEN);
});

/** A proxy with a token budget in front of the hostile upstream, and what it charged. */
function meteredProxy(limit = 1_000_000) {
  const usage: UsageReport[] = [];
  const proxy = createInferenceProxy({
    accessToken: TOKEN,
    upstream: upstream.url,
    authorize: () => ({ user: 'mallory' }),
    limits: { completionTokens: { limit, windowSeconds: 3600 }, onUsage: (u) => usage.push(u) },
    onLog: (entry) => logs.push(entry),
  });
  const chat = async (body: unknown = { messages: [{ role: 'user', content: 'Hi' }], stream: true }) => {
    const res = await proxy(
      new Request(`http://app.test/hf-inference/models/${MODEL}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    answers.push(new TextDecoder().decode(bytes));
    return { status: res.status, bytes, text: new TextDecoder().decode(bytes) };
  };
  /** The charge of the answer just read (charging happens right after the body ends). */
  const charged = async (count: number) => {
    await expect.poll(() => usage.length).toBe(count);
    return usage[count - 1]!.completionTokens;
  };
  return { chat, usage, charged };
}

/** Answers every request with these raw chunks, as server-sent events. */
function sse(chunks: (string | Uint8Array)[]) {
  upstream.answer(async (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const chunk of chunks) response.write(chunk);
    response.end();
  });
}

const delta = (content: string) =>
  `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
const usageEvent = (completionTokens: unknown) =>
  `data: {"choices":[],"usage":{"completion_tokens":${completionTokens}}}\n\n`;
const deltas = (n: number) => Array.from({ length: n }, (_, i) => delta(`w${i} `));

describe('the token meter against a hostile upstream', () => {
  it('a usage lower than what passed (0, negative, NaN, a string) is charged what passed', async () => {
    const { chat, charged } = meteredProxy();
    const lies = ['0', '-1000000', 'NaN', '"999999"', 'null', '{"n":5}', '1e-9', '-Infinity'];
    for (const [i, lie] of lies.entries()) {
      sse([...deltas(12), usageEvent(lie), 'data: [DONE]\n\n']);
      const { status } = await chat();
      expect(status).toBe(200);
      // NaN and -Infinity are not JSON: the whole usage event is garbage, charged as one event.
      const floor = lie === 'NaN' || lie === '-Infinity' ? 13 : 12;
      expect(await charged(i + 1), `usage ${lie}`).toBe(floor);
    }
  });

  it('a negative usage never refills the budget', async () => {
    const { chat, charged } = meteredProxy(20);
    sse([...deltas(15), usageEvent(-1e9), 'data: [DONE]\n\n']);
    expect((await chat()).status).toBe(200);
    expect(await charged(1)).toBe(15);
    sse([...deltas(5), usageEvent(-1e9), 'data: [DONE]\n\n']);
    expect((await chat()).status).toBe(200);
    expect(await charged(2)).toBe(5);
    // 15 + 5 spent the 20: had either negative count been added, this would pass.
    const before = upstream.received.length;
    expect((await chat()).status).toBe(429);
    expect(upstream.received).toHaveLength(before);
  });

  it('a huge usage (1e308, or 1e400 read as Infinity) spends the window without overflowing the count', async () => {
    for (const huge of ['1e308', '1e400', '9007199254740993']) {
      const { chat, charged } = meteredProxy(500);
      sse([...deltas(2), usageEvent(huge), 'data: [DONE]\n\n']);
      expect((await chat()).status).toBe(200);
      expect(await charged(1)).toBe(500);
      expect((await chat()).status).toBe(429);
    }
  });

  it('a whole JSON answer with a lying usage is charged at least one token per word', async () => {
    const { chat, charged } = meteredProxy();
    const content = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    for (const [i, lie] of ['0', '-5', '"100"'].entries()) {
      upstream.answer((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          `{"object":"chat.completion","choices":[{"message":{"role":"assistant","content":${JSON.stringify(content)}}}],"usage":{"completion_tokens":${lie}}}`,
        );
      });
      await chat({ messages: [{ role: 'user', content: 'Hi' }] });
      expect(await charged(i + 1), `usage ${lie}`).toBeGreaterThanOrEqual(100);
    }
  });

  it('garbage passes through byte for byte, and is charged, not free', async () => {
    const { chat, charged } = meteredProxy();
    const garbage = [
      'data: not json\n\n',
      encoder.encode('data: \xff\xfe\n\n'),
      new Uint8Array([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xc3]), // "data: " and half a UTF-8 character…
      new Uint8Array([0xa9, 0x0a, 0x0a]), // …and its end: "é"
      'event: ping\n: a comment\n\n',
      'data: {"choices": "nope", "token": 5}\n\n',
      'data: {"choices": [null, 1, {"delta": null}, {"delta": {"content": ["x"]}}]}\n\n',
      `data: ${'x'.repeat(2 * 1024 * 1024)}`, // one 2 MB line, no newline until…
      '\n\n',
      delta('real'),
      'data: {"choices":[{"delta":{"content":"cr"}}]}\r\r',
      'data: {"choices":[{"delta":{"content":"crlf"}}]}\r',
      '\n\r\n',
      'data: [DONE]\n\n',
      'data: {"unterminated": ',
    ];
    sse(garbage);
    const { status, bytes } = await chat();
    expect(status).toBe(200);
    const sent = Buffer.concat(garbage.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
    expect(Buffer.from(bytes).equals(sent)).toBe(true);
    // not json, \xff\xfe, é, the 2 MB line, three real deltas, and the unterminated event at the end.
    expect(await charged(1)).toBe(8);
  });

  it('a chat answer that is not JSON at all is charged by its size', async () => {
    const { chat, charged } = meteredProxy();
    const page = `<html>${'lorem ipsum '.repeat(1000)}</html>`;
    upstream.answer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(page);
    });
    expect((await chat({ messages: [] })).status).toBe(200);
    expect(await charged(1)).toBe(Math.ceil(page.length / 4));
  });
});

describe('the meter as a property', () => {
  /** One SSE event the upstream may send, and how many content pieces it carries. */
  const eventArb = fc.oneof(
    fc.string({ minLength: 1, maxLength: 20 }).map((text) => ({ wire: delta(text), pieces: 1 })),
    fc
      .oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double(), fc.string(), fc.constant(null), fc.boolean())
      .map((value) => ({ wire: usageEvent(JSON.stringify(value) ?? 'null'), pieces: 0 })),
    fc.string({ maxLength: 50 }).map((text) => ({ wire: `: ${text.replace(/[\r\n]/g, '')}\n`, pieces: 0 })),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => ({ wire: bytes, pieces: -1 })),
  );

  it('never throws, charges a whole number no lower than the content events seen, and changes no byte', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { maxLength: 40 }), fc.integer({ min: 1, max: 97 }), async (events, cut) => {
        const wire = Buffer.concat(
          events.map(({ wire: part }) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))),
        );
        // Random bytes may glue onto their neighbours; count only the deltas that stay whole.
        const floor = events.every((event) => event.pieces >= 0)
          ? events.reduce((sum, event) => sum + event.pieces, 0)
          : 0;
        const counter = createUsageCounter('text/event-stream', { chat: true });
        let ended: boolean | undefined;
        const source = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < wire.length; at += cut)
              controller.enqueue(new Uint8Array(wire.subarray(at, at + cut)));
            controller.close();
          },
        });
        const out = new Uint8Array(
          await new Response(
            tapStream(
              source,
              (chunk) => counter.push(chunk),
              (complete) => (ended = complete),
            ),
          ).arrayBuffer(),
        );
        expect(Buffer.from(out).equals(wire)).toBe(true);
        expect(ended).toBe(true);
        const { completionTokens } = counter.result();
        expect(Number.isSafeInteger(completionTokens)).toBe(true);
        expect(completionTokens).toBeGreaterThanOrEqual(floor);
      }),
      { numRuns: 300 },
    );
  });
});
