/**
 * What keeps one request from stalling the emulator, as a client sees it: bodies and texts past the
 * limits get the API's 413 and 422, oversized prompts TGI's 422, wrong methods 405 with `Allow`,
 * and fault values out of range 400 naming the fault and its range.
 */
import { describe, expect, it } from 'vitest';
import { crc32 } from '../engines/png';
import { FaultSyntaxError } from '../faults';
import { DEFAULT_LIMITS, createEmulatorHandler } from '../handler';
import { BASE, chatUrl, emulator } from './emu-test-utils';

const NER = '/models/dslim/bert-base-NER';
const BART = '/models/facebook/bart-large-mnli';
const ZS = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };
const errorOf = async (res: Response) => (await res.json()) as { error: string; error_type?: string };

describe('body size (413)', () => {
  it('refuses a body whose declared length is over maxBodyBytes, without reading it', async () => {
    const { post } = emulator({ limits: { maxBodyBytes: 1000 } });
    const res = await post(NER, { inputs: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect((await errorOf(res)).error).toBe(
      'Failed to buffer the request body: length limit exceeded. The emulator reads bodies up to 1000 bytes (limits.maxBodyBytes).',
    );
  });

  it('stops reading a streamed body without a length once it passes the limit', async () => {
    const handler = createEmulatorHandler({ limits: { maxBodyBytes: 1_000_000 } });
    let pulls = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    // 64 MB offered in 64 KB chunks; only what fits under the limit may be pulled.
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls += 1;
        if (pulls > 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await handler(
      new Request(`${BASE}${NER}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    expect(res.status).toBe(413);
    expect(pulls).toBeLessThan(40);
  });

  it('takes a body just under the limit', async () => {
    const { post } = emulator({ limits: { maxBodyBytes: 1000 } });
    expect((await post(BART, ZS)).status).toBe(200);
    expect(DEFAULT_LIMITS.maxBodyBytes).toBe(8 * 1024 * 1024);
  });
});

describe('input length (422)', () => {
  it("refuses text past maxInputChars with TEI's validation wording", async () => {
    const { post } = emulator();
    const res = await post(NER, { inputs: 'Paris is nice. '.repeat(2134) });
    expect(res.status).toBe(422);
    expect(await errorOf(res)).toEqual({
      error: 'Input validation error: `inputs` must have less than 32000 characters. Given: 32010',
      error_type: 'validation',
    });
  });

  it('counts every string of inputs and parameters, and the limit is configurable', async () => {
    const { post } = emulator({ limits: { maxInputChars: 100 } });
    const labels = Array.from({ length: 20 }, (_, i) => `label number ${i}`);
    const res = await post(BART, { inputs: 'short', parameters: { candidate_labels: labels } });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error).toMatch(/must have less than 100 characters/);
    expect((await post(BART, ZS)).status).toBe(200);
  });

  it('applies to raw text bodies too', async () => {
    const { handler } = emulator({ limits: { maxInputChars: 10 } });
    const res = await handler(
      new Request(`${BASE}/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: 'this text is longer than ten characters',
      }),
    );
    expect(res.status).toBe(422);
  });

  it('refuses more than 32 masks in one fill-mask input', async () => {
    const { post } = emulator();
    const res = await post('/models/google-bert/bert-base-uncased', { inputs: 'a [MASK] b. '.repeat(33) });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error).toBe(
      'Input validation error: `inputs` must have at most 32 mask tokens ([MASK]). Given: 33',
    );
  });

  it("refuses a prompt longer than the model's context with TGI's wording, however long it is", async () => {
    const { post } = emulator();
    const gpt2 = '/models/openai-community/gpt2';
    // One 100,000-character "word": the tokenizer used to cost seconds on it.
    const long = await post(gpt2, { inputs: 'a'.repeat(100_000) });
    expect(long.status).toBe(422);
    expect(await errorOf(long)).toMatchObject({
      error: expect.stringMatching(/^Input validation error: `inputs` must have less than 1023 tokens\. Given: \d+$/),
      error_type: 'validation',
    });
    const total = await post(gpt2, { inputs: 'Once upon a time', parameters: { max_new_tokens: 1022 } });
    expect(total.status).toBe(422);
    expect((await errorOf(total)).error).toMatch(
      /^Input validation error: `inputs` tokens \+ `max_new_tokens` must be <= 1024\. Given: \d+ `inputs` tokens and 1022 `max_new_tokens`$/,
    );
    expect((await post(gpt2, { inputs: 'Once upon a time', parameters: { max_new_tokens: 20 } })).status).toBe(200);
  });

  it('answers chat past max_total_tokens with the same 422', async () => {
    const { post } = emulator();
    const res = await post(chatUrl('HuggingFaceH4/zephyr-7b-beta'), {
      model: 'HuggingFaceH4/zephyr-7b-beta',
      messages: [{ role: 'user', content: 'Hello there' }],
      max_tokens: 4090,
    });
    expect(res.status).toBe(422);
    expect((await errorOf(res)).error).toMatch(/`inputs` tokens \+ `max_new_tokens` must be <= 4096/);
  });

  it('refuses a PNG that declares more pixels than it may decode, as Pillow refuses a bomb', async () => {
    const { handler } = emulator();
    const res = await handler(
      new Request(`${BASE}/models/google/vit-base-patch16-224`, {
        method: 'POST',
        headers: { 'content-type': 'image/png' },
        body: pngDeclaring(6000, 6000),
      }),
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).error).toBe(
      'Image size (36000000 pixels) exceeds limit of 16777216 pixels, could be decompression bomb DOS attack.',
    );
  });
});

describe('methods (405)', () => {
  it('answers 405 with Allow for a method the route does not take', async () => {
    const { handler } = emulator();
    const call = (method: string, path: string) => handler(new Request(`${BASE}${path}`, { method }));
    const infer = await call('GET', BART);
    expect(infer.status).toBe(405);
    expect(infer.headers.get('allow')).toBe('POST, OPTIONS');
    expect((await errorOf(infer)).error).toBe('Method Not Allowed');
    for (const path of ['/health', '/status/facebook/bart-large-mnli', '/framework/transformers']) {
      const res = await call('POST', path);
      expect(res.status, path).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
    expect((await call('DELETE', chatUrl('meta-llama/Llama-3.1-8B-Instruct'))).status).toBe(405);
    expect((await call('HEAD', '/health')).status).toBe(200);
  });
});

describe('fault values (400)', () => {
  it('refuses out-of-range values in the header, naming the fault and its range', async () => {
    const { post } = emulator();
    const cases: [string, RegExp][] = [
      ['slow-first-byte=-5', /slow-first-byte must be milliseconds from 0 to 300000, got "-5"/],
      ['slow-first-byte=99999999999', /from 0 to 300000/],
      ['token-rate=NaN', /token-rate must be tokens per second \(0 = unpaced\) from 0 to 100000, got "NaN"/],
      ['token-rate=0.001', /token-rate must be 0 \(unpaced\) or from 0.1 to 100000/],
      ['cold-start=1e9', /cold-start must be seconds from 0 to 3600/],
      ['server-error=200', /server-error must be a whole number of an HTTP status from 500 to 599, got "200"/],
      ['rate-limit=1.5', /rate-limit must be a whole number of seconds \(Retry-After\) from 0 to 86400/],
      ['drop-after=Infinity', /drop-after must be a whole number of tokens from 0 to 1000000/],
      ['malformed=-1', /malformed must be a whole number of tokens/],
      ['stream-error=overloaded@-2', /stream-error@ must be a whole number of tokens from 0 to 1000000, got "-2"/],
      ['rate-limit=1*0', /\*N must be a whole number of requests from 1 to 1000000, got "0"/],
    ];
    for (const [spec, message] of cases) {
      const res = await post(BART, ZS, { 'x-inferkit-fault': spec });
      expect(res.status, spec).toBe(400);
      const { error } = await errorOf(res);
      expect(error, spec).toMatch(/^Invalid x-inferkit-fault header: Fault "/);
      expect(error, spec).toMatch(message);
    }
  });

  it('refuses them in the config at once, and bad latency settings too', () => {
    expect(() => createEmulatorHandler({ faults: 'slow-first-byte=-1' })).toThrow(FaultSyntaxError);
    expect(() => createEmulatorHandler({ modelFaults: { 'facebook/bart-large-mnli': 'cold-start=NaN' } })).toThrow(
      /cold-start must be seconds from 0 to 3600/,
    );
    expect(() => createEmulatorHandler({ latency: { firstByteMs: -1, tokensPerSecond: 0 } })).toThrow(
      /latency.firstByteMs must be milliseconds from 0 to 300000/,
    );
    expect(() => createEmulatorHandler({ latency: { firstByteMs: 0, tokensPerSecond: Number.NaN } })).toThrow(
      /latency.tokensPerSecond/,
    );
    expect(() => createEmulatorHandler({ limits: { maxBodyBytes: 0 } })).toThrow(/limits.maxBodyBytes/);
  });
});

/** A PNG whose header declares `width × height` but whose image data is a few bytes. */
function pngDeclaring(width: number, height: number): Uint8Array<ArrayBuffer> {
  const chunk = (type: string, data: Uint8Array) => {
    const out = new Uint8Array(12 + data.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, data.length);
    const typed = new TextEncoder().encode(type);
    out.set(typed, 4);
    out.set(data, 8);
    const crcInput = new Uint8Array(4 + data.length);
    crcInput.set(typed);
    crcInput.set(data, 4);
    view.setUint32(8 + data.length, crc32(crcInput));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const header = new DataView(ihdr.buffer);
  header.setUint32(0, width);
  header.setUint32(4, height);
  ihdr.set([8, 6, 0, 0, 0], 8);
  // zlib header + an empty final stored block.
  const idat = new Uint8Array([0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01]);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
