import { describe, expect, it } from 'vitest';
import { needlesOf, redactBytes, redactStream, redactText, SecretLeakError } from '../redact';

const enc = new TextEncoder();
const dec = new TextDecoder();

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(enc.encode(chunk));
      controller.close();
    },
  });
}

async function read(stream: ReadableStream<Uint8Array>): Promise<{ text: string; error: unknown }> {
  const reader = stream.getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, error: undefined };
      text += dec.decode(value);
    }
  } catch (error) {
    return { text, error };
  }
}

describe('scrubbing secrets', () => {
  it('gives the same result however a body is cut into chunks', async () => {
    const secret = 'hf_abcdefgh12345678';
    const body = `a ${secret} b ${secret}${secret} hf_abc c`;
    const expected = 'a [redacted] b [redacted][redacted] hf_abc c';
    for (let cut = 0; cut <= body.length; cut++) {
      const { text } = await read(redactStream(streamOf([body.slice(0, cut), body.slice(cut)]), needlesOf([secret])));
      expect(text, `cut at ${cut}`).toBe(expected);
    }
    expect(dec.decode(redactBytes(enc.encode(body), needlesOf([secret])))).toBe(expected);
  });

  it('passes an SSE event on at once when its end could not start a secret', async () => {
    let enqueue!: (chunk: Uint8Array) => void;
    const source = new ReadableStream<Uint8Array>({
      start(controller) {
        enqueue = (chunk) => controller.enqueue(chunk);
      },
    });
    const reader = redactStream(source, needlesOf(['hf_abcdefgh12345678'])).getReader();
    enqueue(enc.encode('data: {"token":"hi"}\n\n'));
    expect(dec.decode((await reader.read()).value)).toBe('data: {"token":"hi"}\n\n');
  });

  it('breaks the body rather than let a replacement spell the secret again', async () => {
    // `d]abcdefg` after `[redacte` reads as the secret: scrubbing alone would put it back.
    const secret = 'd]abcdefg';
    const body = `${secret}abcdefg`;
    const { text, error } = await read(redactStream(streamOf([body]), needlesOf([secret])));
    expect(error).toBeInstanceOf(SecretLeakError);
    expect(text).not.toContain(secret);
    expect(() => redactBytes(enc.encode(body), needlesOf([secret]))).toThrow(SecretLeakError);
    expect(redactText(body, [secret])).toBe('[redacted]');
  });

  it('finds a secret behind JSON escapes, however they are cut, and keeps what the JSON means', async () => {
    const secret = 'hf_abc"def\\ghi';
    const needles = needlesOf([secret]);
    // `\u0068f_` + `\u0022` for the quote, `\u005C` for the backslash, `\/` for a slash.
    const body = String.raw`{"a":"\u0068f_abc\u0022def\u005Cghi","b":"\/\\u0068\u00e9\n"}`;
    for (let cut = 0; cut <= body.length; cut++) {
      const { text } = await read(
        redactStream(streamOf([body.slice(0, cut), body.slice(cut)]), needles, { unescapeJson: true }),
      );
      expect(JSON.parse(text), `cut at ${cut}`).toEqual({ a: '[redacted]', b: '/\\u0068é\n' });
    }
    // Binary bodies are left as they are.
    expect(dec.decode(redactBytes(enc.encode(String.raw`\u0041`), needles))).toBe(String.raw`\u0041`);
  });

  it('scrubs again when a replacement frees an escape that the secret held', async () => {
    // The secret ends in a backslash that paired with the next one; once it is replaced,
    // `\u0041D\\E[+:\\` reads as the secret itself (fast-check found this one).
    const secret = 'AD\\E[+:\\';
    const body = 'AD\\E[+:\\\\u0041D\\\\E[+:\\\\[redacted]AD\\E[+:\\';
    const needles = needlesOf([secret]);
    const decode = (text: string) =>
      text.replace(/\\u([0-9a-f]{4})|\\(.)/gi, (_, hex, char) => (hex ? String.fromCharCode(parseInt(hex, 16)) : char));
    for (let cut = 0; cut <= body.length; cut++) {
      const { text } = await read(
        redactStream(streamOf([body.slice(0, cut), body.slice(cut)]), needles, { unescapeJson: true }),
      );
      expect(decode(text), `cut at ${cut}`).not.toContain(secret);
    }
    expect(decode(dec.decode(redactBytes(enc.encode(body), needles, { unescapeJson: true })))).not.toContain(secret);
  });
});
