import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InferenceStreamError } from '../errors';
import { SSEParser, readJsonEvents, type SSEEvent } from '../sse';

const parseAll = (chunks: string[]) => {
  const events: SSEEvent[] = [];
  const parser = new SSEParser((e) => events.push(e));
  for (const chunk of chunks) parser.feed(chunk);
  return events;
};

/** Splits `text` at the given cut points. */
const split = (text: string, cuts: number[]) => {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const out: string[] = [];
  let last = 0;
  for (const p of points) {
    out.push(text.slice(last, p));
    last = p;
  }
  out.push(text.slice(last));
  return out;
};

const bodyFrom = (chunks: Uint8Array[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      controller.close();
    },
  });

const collect = async (stream: ReadableStream<Uint8Array>) => {
  const out: unknown[] = [];
  for await (const e of readJsonEvents(stream, {})) out.push(e);
  return out;
};

describe('SSEParser', () => {
  it('handles LF, CRLF and CR endings, multi-line data, comments, event names and ids', () => {
    const text = ': keep-alive\r\ndata: a\r\ndata: b\r\n\r\nevent: ping\rid: 7\rdata:c\r\rdata\n\ndata: {"x":1}\n\n';
    expect(parseAll([text])).toEqual([
      { event: 'message', data: 'a\nb', id: undefined },
      { event: 'ping', data: 'c', id: '7' },
      { event: 'message', data: '', id: '7' },
      { event: 'message', data: '{"x":1}', id: '7' },
    ]);
  });

  it('ignores blocks without data and unknown fields', () => {
    expect(parseAll(['event: x\n\nretry: 10\nfoo: bar\n\n'])).toEqual([]);
  });

  it('gives identical events for any split of the text (property)', () => {
    const line = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', 'é', '{', '"', '1') }).map((s) => `data: ${s}`),
      fc.constant(': comment'),
      fc.constantFrom('event: delta', 'id: 3', 'data', 'data:[DONE]'),
    );
    const eol = fc.constantFrom('\n', '\r\n', '\r');
    const stream = fc
      .array(fc.tuple(fc.array(fc.tuple(line, eol), { maxLength: 4 }), eol), { maxLength: 8 })
      .map((blocks) => blocks.map(([lines, end]) => lines.map(([l, e]) => l + e).join('') + end).join(''));
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.nat(), { maxLength: 20 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (text, cuts, empties) => {
          // Empty chunks (a decoder that had nothing to give yet) anywhere, even between a CR and its LF.
          const chunks = split(text, cuts);
          for (const at of empties) chunks.splice(at % (chunks.length + 1), 0, '');
          expect(parseAll(chunks)).toEqual(parseAll([text]));
          expect(parseAll([...text].flatMap((c) => [c, '']))).toEqual(parseAll([text]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('an empty chunk between a CR and its LF does not end the event', () => {
    expect(parseAll(['data: a\r', '', '\ndata: b\r', '', '\n\r', '', '\n'])).toEqual([
      { event: 'message', data: 'a\nb', id: undefined },
    ]);
  });
});

describe('readJsonEvents', () => {
  const payload =
    'data: {"t":"héllo 👋"}\r\n\r\n: ping\n\ndata: {"t":\ndata: "two lines"}\n\ndata: [DONE]\n\ndata: {"after":"done"}\n\n';

  it('yields the same JSON for any byte split, even inside multi-byte characters (property)', async () => {
    const bytes = new TextEncoder().encode(payload);
    const whole = await collect(bodyFrom([bytes]));
    expect(whole).toEqual([{ t: 'héllo 👋' }, { t: 'two lines' }]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 30 }), async (cuts) => {
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
        const chunks: Uint8Array[] = [];
        let last = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(last, p));
          last = p;
        }
        chunks.push(bytes.subarray(last));
        expect(await collect(bodyFrom(chunks))).toEqual(whole);
      }),
      { numRuns: 200 },
    );
    const oneByte = Array.from(bytes, (b) => new Uint8Array([b]));
    expect(await collect(bodyFrom(oneByte))).toEqual(whole);
  });

  it('raises InferenceStreamError with errorType for a server error event', async () => {
    const body = bodyFrom([
      new TextEncoder().encode('data: {"x":1}\n\ndata: {"error":"Model is overloaded","error_type":"overloaded"}\n\n'),
    ]);
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const e of readJsonEvents(body, { model: 'm' })) seen.push(e);
    })().catch((e) => e);
    expect(seen).toEqual([{ x: 1 }]);
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error).toMatchObject({ errorType: 'overloaded', model: 'm' });
    expect(error.message).toContain('Model is overloaded');
  });

  it('raises InferenceStreamError for an `event: error`, with the message of its payload', async () => {
    const events = ['event: error\ndata: {"message":"quota exceeded"}\n\n', 'event: error\ndata: upstream gone\n\n'];
    for (const [text, message] of [
      [events[0]!, 'quota exceeded'],
      [events[1]!, 'upstream gone'],
    ] as const) {
      const error = await collect(bodyFrom([new TextEncoder().encode(`data: {"x":1}\n\n${text}`)])).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceStreamError);
      expect(error.message).toContain(message);
    }
  });

  it('delivers a last event the server did not end with a blank line, when its JSON is complete', async () => {
    const encode = (text: string) => bodyFrom([new TextEncoder().encode(text)]);
    expect(await collect(encode('data: {"a":1}\n\ndata: {"b":2}'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await collect(encode('data: {"a":1}\n\ndata: {"b":2}\n'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await collect(encode('data: {"a":1}\n\ndata: {"b":2}\r'))).toEqual([{ a: 1 }, { b: 2 }]);
    expect(await collect(encode('data: {"a":1}\n\ndata: [DONE]'))).toEqual([{ a: 1 }]);
    // Cut off mid-event: not an event, and not a "not JSON" error either; the caller sees the stream end early.
    expect(await collect(encode('data: {"a":1}\n\ndata: {"b":'))).toEqual([{ a: 1 }]);
  });

  it('raises InferenceStreamError for malformed JSON and for a broken connection', async () => {
    await expect(collect(bodyFrom([new TextEncoder().encode('data: {oops\n\n')]))).rejects.toBeInstanceOf(
      InferenceStreamError,
    );
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"a":1}\n\n'));
        controller.error(new TypeError('terminated'));
      },
    });
    const error = await collect(broken).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceStreamError);
    expect(error.cause).toBeInstanceOf(TypeError);
  });
});
