import { describe, expect, it } from 'vitest';
import { FaultSyntaxError, activeFaults, parseFaults, type Clock } from '../faults';
import { chatUrl, emulator, sseData, sseEvents } from './emu-test-utils';

const ZS = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };
const BART = '/models/facebook/bart-large-mnli';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const CHAT = {
  model: LLAMA,
  messages: [{ role: 'user', content: 'Tell me a long story about dragons and castles' }],
  stream: true,
};
const fault = (spec: string) => ({ 'x-inferkit-fault': spec });

/** A clock whose sleeps advance time instantly, so cold starts take no real time. */
function fakeClock(start = 1_000_000) {
  let now = start;
  const slept: number[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
  return { clock, slept, advance: (ms: number) => (now += ms) };
}

async function readChunks(res: Response): Promise<{ chunks: string[]; error: unknown }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { chunks, error: undefined };
      chunks.push(decoder.decode(value));
    }
  } catch (error) {
    return { chunks, error };
  }
}

describe('fault syntax', () => {
  it('parses several comma- or semicolon-separated items with values and *N limits', () => {
    expect(
      parseFaults('cold-start=5, rate-limit=2*1; stream-error=overloaded@3').map((f) => [f.kind, f.value, f.times]),
    ).toEqual([
      ['cold-start', '5', undefined],
      ['rate-limit', '2', 1],
      ['stream-error', 'overloaded@3', undefined],
    ]);
    expect(activeFaults(parseFaults('stream-error=overloaded@3, token-rate=50, drop-after=10, malformed'))).toEqual({
      streamError: { type: 'overloaded', afterTokens: 3 },
      tokensPerSecond: 50,
      dropAfterTokens: 10,
      malformedAfterTokens: 2,
    });
    expect(activeFaults(parseFaults('cold-start, rate-limit, server-error'))).toMatchObject({
      coldStartSeconds: 20,
      rateLimitSeconds: 1,
      serverErrorStatus: 500,
    });
  });

  it('rejects unknown faults and missing values, and the handler answers 400 naming them', async () => {
    expect(() => parseFaults('cold-strat=5')).toThrow(FaultSyntaxError);
    expect(() => parseFaults('token-rate')).toThrow(/needs a value/);
    expect(() => parseFaults('drop-after=abc')).toThrow(
      /drop-after must be a whole number of tokens from 0 to 1000000/,
    );
    const { post } = emulator();
    const res = await post(BART, ZS, fault('explode'));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/Unknown fault "explode"/);
  });

  it('ignores the header when faultHeader is false, and later lists override earlier ones', async () => {
    const { post } = emulator({ faultHeader: false });
    expect((await post(BART, ZS, fault('server-error'))).status).toBe(200);
    const layered = emulator({
      faults: 'server-error=502',
      modelFaults: { 'facebook/bart-large-mnli': 'server-error=503' },
    });
    expect((await layered.post(BART, ZS)).status).toBe(503);
    expect((await layered.post(BART, ZS, fault('server-error=504'))).status).toBe(504);
    expect((await layered.post('/models/ProsusAI/finbert', { inputs: 'x' })).status).toBe(502);
  });
});

describe('cold start', () => {
  it('answers 503 { error: "Model X is currently loading", estimated_time } until the model has loaded', async () => {
    const time = fakeClock();
    const { post, get } = emulator({ clock: time.clock, modelFaults: { 'facebook/bart-large-mnli': 'cold-start=5' } });
    expect(await (await get('/status/facebook/bart-large-mnli')).json()).toMatchObject({
      loaded: false,
      state: 'Loadable',
    });
    const first = await post(BART, ZS);
    expect(first.status).toBe(503);
    expect(await first.json()).toEqual({
      error: 'Model facebook/bart-large-mnli is currently loading',
      estimated_time: 5,
    });
    time.advance(3000);
    expect(await (await post(BART, ZS)).json()).toMatchObject({ estimated_time: 2 });
    time.advance(2000);
    expect((await post(BART, ZS)).status).toBe(200);
    expect(await (await get('/status/facebook/bart-large-mnli')).json()).toMatchObject({
      loaded: true,
      state: 'Loaded',
    });
    // Other models are unaffected.
    expect((await post('/models/ProsusAI/finbert', { inputs: 'x' })).status).toBe(200);
  });

  it('with x-wait-for-model: true holds the request until loaded instead', async () => {
    const time = fakeClock();
    const { post } = emulator({ clock: time.clock });
    const res = await post(BART, ZS, { ...fault('cold-start=20'), 'x-wait-for-model': 'true' });
    expect(res.status).toBe(200);
    expect(time.slept).toEqual([20_000]);
  });

  it('a request without the fault ends the episode: turning it on again starts a new cold start', async () => {
    const time = fakeClock();
    const { post } = emulator({ clock: time.clock });
    expect((await post(BART, ZS, fault('cold-start=2'))).status).toBe(503);
    time.advance(2000);
    expect((await post(BART, ZS, fault('cold-start=2'))).status).toBe(200);
    // Still warm while every request asks for the fault...
    expect((await post(BART, ZS, fault('cold-start=2'))).status).toBe(200);
    // ...until one does not; the next one with the fault finds the model cold again.
    expect((await post(BART, ZS)).status).toBe(200);
    const again = await post(BART, ZS, fault('cold-start=2'));
    expect(again.status).toBe(503);
    expect(await again.json()).toMatchObject({ estimated_time: 2 });
  });

  it('holds for real time by default, and reset() makes the model cold again', async () => {
    const { post, handler } = emulator();
    const started = Date.now();
    expect((await post(BART, ZS, { ...fault('cold-start=0.15'), 'x-wait-for-model': 'true' })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await post(BART, ZS, fault('cold-start=0.15'))).status).toBe(200);
    handler.reset();
    expect((await post(BART, ZS, fault('cold-start=0.15'))).status).toBe(503);
  });
});

describe('HTTP error faults', () => {
  const { post } = emulator();

  it('rate-limit: 429 with Retry-After; *N limits it to the first N requests', async () => {
    const res = await post(BART, ZS, fault('rate-limit=2'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    // It says the limit is simulated, and sends nobody to a pricing page.
    expect(((await res.json()) as { error: string }).error).toBe(
      "Rate limit reached (simulated by the emulator's rate-limit fault). Retry after 2 s.",
    );
    const limited = emulator();
    expect((await limited.post(BART, ZS, fault('rate-limit=1*1'))).status).toBe(429);
    expect((await limited.post(BART, ZS, fault('rate-limit=1*1'))).status).toBe(200);
  });

  it('server-error: 500 (or the given 5xx); bad-request: 400 with the API body', async () => {
    const res = await post(BART, ZS, fault('server-error'));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: 'Internal Server Error' });
    expect((await post(BART, ZS, fault('server-error=502'))).status).toBe(502);
    const bad = await post(BART, ZS, fault('bad-request=Input is too long'));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'Input is too long' });
  });

  it('token mode: 401 when the token is missing or wrong, 200 with a listed token', async () => {
    const { post: postAuth, get } = emulator({ tokenMode: true, tokens: ['hf_valid_token'] });
    const missing = await postAuth(BART, ZS);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: 'Invalid credentials in Authorization header' });
    expect((await postAuth(BART, ZS, { authorization: 'Bearer hf_wrong' })).status).toBe(401);
    expect((await postAuth(BART, ZS, { authorization: 'Bearer hf_valid_token' })).status).toBe(200);
    expect((await get('/status/facebook/bart-large-mnli')).status).toBe(401);
    const anyHf = emulator({ tokenMode: true });
    expect((await anyHf.post(BART, ZS, { authorization: 'Bearer hf_abcdefgh' })).status).toBe(200);
    expect((await anyHf.post(BART, ZS, { authorization: 'Bearer sk-123' })).status).toBe(401);
    // Off by default; the `unauthorized` fault forces a 401 anyway.
    expect((await post(BART, ZS)).status).toBe(200);
    expect((await post(BART, ZS, fault('unauthorized'))).status).toBe(401);
  });

  it('malformed: a non-JSON body with HTTP 200', async () => {
    const res = await post(BART, ZS, fault('malformed'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('timing faults', () => {
  it('slow-first-byte holds the answer, and an abort frees it at once', async () => {
    const { post } = emulator();
    let started = Date.now();
    expect((await post(BART, ZS, fault('slow-first-byte=120'))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    const controller = new AbortController();
    started = Date.now();
    setTimeout(() => controller.abort(), 20);
    const aborted = await post(BART, ZS, fault('slow-first-byte=5000'), controller.signal);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(aborted.status).toBe(499);
  });

  it('token-rate paces streamed tokens', async () => {
    const { post } = emulator();
    const started = Date.now();
    const res = await post(chatUrl(LLAMA), { ...CHAT, max_tokens: 8 }, fault('token-rate=100'));
    expect(sseEvents(await res.text())).toHaveLength(9);
    // 8 tokens at 10 ms apart, and the final chunk one step later.
    expect(Date.now() - started).toBeGreaterThanOrEqual(70);
  });

  it('uses latency settings by default and closing the stream stops it', async () => {
    const { post } = emulator({ latency: { firstByteMs: 30, tokensPerSecond: 50 } });
    const started = Date.now();
    const controller = new AbortController();
    const res = await post(chatUrl(LLAMA), CHAT, {}, controller.signal);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const after = Date.now();
    await expect(reader.read()).rejects.toBeTruthy();
    expect(Date.now() - after).toBeLessThan(100);
  });
});

describe('stream faults', () => {
  const { post } = emulator();

  it('drop-after: the stream breaks after N tokens, without the final chunk or [DONE]', async () => {
    const { chunks, error } = await readChunks(await post(chatUrl(LLAMA), CHAT, fault('drop-after=3')));
    expect(error).toBeInstanceOf(Error);
    const data = sseData(chunks.join(''));
    expect(data).toHaveLength(3);
    expect(data).not.toContain('[DONE]');
    // Past the end of the answer it still cuts off the final chunk.
    const late = await readChunks(await post(chatUrl(LLAMA), { ...CHAT, max_tokens: 4 }, fault('drop-after=1000')));
    expect(sseEvents(late.chunks.join(''))).toHaveLength(4);
    expect(late.error).toBeInstanceOf(Error);
  });

  it('stream-error: a TGI error event mid-stream with HTTP 200, then the stream ends', async () => {
    const res = await post(chatUrl(LLAMA), CHAT, fault('stream-error=overloaded@2'));
    expect(res.status).toBe(200);
    const data = sseData(await res.text());
    expect(data).toHaveLength(3);
    expect(JSON.parse(data[2]!)).toEqual({ error: 'Model is overloaded', error_type: 'overloaded' });
    const tgi = await post('/models/Qwen/Qwen2.5-7B-Instruct', { inputs: 'Hi', stream: true }, fault('stream-error'));
    const events = sseData(await tgi.text()).map((d) => JSON.parse(d));
    expect(events.at(-1)).toMatchObject({ error_type: 'generation' });
    expect(events).toHaveLength(3);
  });

  it('malformed: a broken event in the stream', async () => {
    const res = await post(chatUrl(LLAMA), CHAT, fault('malformed=1'));
    const data = sseData(await res.text());
    expect(() => JSON.parse(data[1]!)).toThrow();
    expect(data.at(-1)).toBe('[DONE]');
  });
});
