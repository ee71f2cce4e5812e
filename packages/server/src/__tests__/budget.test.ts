import { InferenceClient, InferenceHTTPError } from '@inferkit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createInferenceProxy } from '../proxy';
import type { UsageReport } from '../ratelimit';
import {
  BASE,
  LLAMA,
  TOKEN,
  ZERO_SHOT,
  chatBody,
  expectNoTokenAnywhere,
  httpError,
  setup,
  sseData,
} from './proxy-test-utils';

afterAll(async () => {
  // Every answer, header and log line of this file, refusals included, is free of the token.
  await expectNoTokenAnywhere();
});

/** An `authorize` that takes the user from a `user` cookie, and answers 401 without one. */
const cookieUser = (request: Request) => {
  const user = /(?:^|;\s*)user=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return user ? { user } : new Response(JSON.stringify({ error: 'Sign in first.' }), { status: 401 });
};
const as = (user: string) => ({ cookie: `user=${user}` });
const labels = { inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } };

/** Reads an SSE body event by event, recording when each arrived. */
async function readTimed(response: Response) {
  const started = performance.now();
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals: number[] = [];
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    arrivals.push(performance.now() - started);
    text += decoder.decode(value, { stream: true });
  }
  return { arrivals, text };
}

describe('authorize', () => {
  it('sees the request before anything is forwarded: its 401 reaches the client and the upstream sees nothing', async () => {
    const seenByAuthorize: string[] = [];
    const { post, upstream, logs } = setup({
      allowModels: [LLAMA],
      authorize: (request) => {
        seenByAuthorize.push(`${request.method} ${new URL(request.url).pathname}`);
        return cookieUser(request);
      },
    });
    const res = await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('Hi'));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Sign in first.' });
    // A model off the allow-list gets the same 401: the allow-list is not told to strangers.
    const other = await post(`/hf-inference/models/${ZERO_SHOT}`, labels);
    expect(other.status).toBe(401);
    expect(upstream).toHaveLength(0);
    expect(seenByAuthorize).toEqual([
      `POST /api/inference/hf-inference/models/${LLAMA}/v1/chat/completions`,
      `POST /api/inference/hf-inference/models/${ZERO_SHOT}`,
    ]);
    expect(logs.map((entry) => entry.status)).toEqual([401, 401]);
  });

  it('lets a signed-in user through, with the server token upstream', async () => {
    const { post, upstream } = setup({ authorize: cookieUser });
    const res = await post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'));
    expect(res.status).toBe(200);
    expect(upstream[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // The app's cookie is the app's business; it does not travel to Hugging Face.
    expect(upstream[0]!.headers.cookie).toBeUndefined();
  });

  it('accepts a user object with an id, such as a session user', async () => {
    const usage: UsageReport[] = [];
    const { post } = setup({
      authorize: () => ({ user: { id: 42, name: 'Ada' } as { id: number } }),
      limits: { completionTokens: { limit: 1000, windowSeconds: 60 }, onUsage: (u) => usage.push(u) },
    });
    const res = await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('Hi'));
    await res.text();
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]).toMatchObject({ user: '42', key: 'user:42' });
  });

  it('a throwing authorize gives a 500 that quotes neither the exception nor the token', async () => {
    const { post, upstream, logs } = setup({
      authorize: () => {
        throw new Error(`session store down at redis://:${TOKEN}@db.internal`);
      },
    });
    const res = await post(`/hf-inference/models/${ZERO_SHOT}`, labels);
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error).toMatch(/could not check who is calling/);
    expect(JSON.stringify(body)).not.toMatch(/session store|db\.internal/);
    expect(JSON.stringify(logs)).not.toMatch(/session store|db\.internal/);
    expect(upstream).toHaveLength(0);
  });

  it('an authorize that returns nothing is a 500, never a pass', async () => {
    const { post, upstream } = setup({ authorize: (() => undefined) as never });
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels)).status).toBe(500);
    expect(upstream).toHaveLength(0);
  });

  it('an authorize that reads the body is refused rather than forwarding an empty one', async () => {
    const { post, upstream } = setup({
      authorize: async (request) => {
        await request.text();
        return { user: 'ada' };
      },
    });
    const res = await post(`/hf-inference/models/${ZERO_SHOT}`, labels);
    expect(res.status).toBe(500);
    expect((await res.json()).error).toMatch(/read the request body/);
    expect(upstream).toHaveLength(0);
  });

  it("adds CORS headers to authorize's own response, so the browser can read its 401", async () => {
    const { post } = setup({ cors: { origin: 'https://app.example' }, authorize: cookieUser });
    const res = await post(`/hf-inference/models/${ZERO_SHOT}`, labels);
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});

describe('request limits', () => {
  it('counts each user apart; over the limit, 429 with Retry-After and an error naming the limit', async () => {
    const { post, upstream } = setup({
      authorize: cookieUser,
      limits: { requests: { limit: 2, windowSeconds: 60 } },
    });
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'))).status).toBe(200);
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'))).status).toBe(200);
    const refused = await post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('ada'));
    expect(refused.status).toBe(429);
    const retryAfter = refused.headers.get('retry-after')!;
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(refused.headers.get('content-type')).toBe('application/json');
    expect((await refused.json()).error).toBe(
      `Rate limit reached: this proxy allows 2 requests per minute for this user. It resets in ${retryAfter} s.`,
    );
    // Another user has a count of their own.
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, as('grace'))).status).toBe(200);
    expect(upstream).toHaveLength(3);
  });

  it("core's client gets a 429 InferenceHTTPError with retryAfter when it does not retry", async () => {
    const { fetchProxy, post } = setup({ limits: { requests: { limit: 1, windowSeconds: 60 } } });
    // The window's one request, spent; whatever core sends first (a Hub lookup or the call) is refused.
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels)).status).toBe(200);
    const client = new InferenceClient({
      baseUrl: BASE,
      provider: 'hf-inference',
      fetch: fetchProxy as typeof fetch,
      maxRateLimitRetries: 0,
    });
    const error = await httpError(
      client.zeroShotClassification({ model: ZERO_SHOT, inputs: 'Hi', parameters: { candidateLabels: ['a', 'b'] } }),
    );
    expect(error).toBeInstanceOf(InferenceHTTPError);
    expect(error.status).toBe(429);
    expect(error.retryAfter).toBeGreaterThanOrEqual(1);
    expect(error.retryAfter).toBeLessThanOrEqual(60);
    expect(error.message).toMatch(/1 requests per minute/);
  });

  it("core's client waits out Retry-After and then succeeds", async () => {
    const { fetchProxy, post, upstream } = setup({ limits: { requests: { limit: 1, windowSeconds: 1 } } });
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels)).status).toBe(200);
    const client = new InferenceClient({ baseUrl: BASE, provider: 'hf-inference', fetch: fetchProxy as typeof fetch });
    const started = performance.now();
    await client.zeroShotClassification({
      model: ZERO_SHOT,
      inputs: 'Hi',
      parameters: { candidateLabels: ['a', 'b'] },
    });
    expect(performance.now() - started).toBeGreaterThan(500);
    expect(upstream.filter((call) => call.url.includes('/hf-inference/models/'))).toHaveLength(2);
  });

  it('without authorize on a bare fetch handler, callers it cannot tell apart share one count', async () => {
    const { post } = setup({ limits: { requests: { limit: 1, windowSeconds: 60 } } });
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels)).status).toBe(200);
    const refused = await post(`/hf-inference/models/${ZERO_SHOT}`, labels, { 'x-forwarded-for': '198.51.100.7' });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toMatch(/for callers the proxy cannot tell apart/);
  });

  it('clientKey picks the key when there is no authorize', async () => {
    const { post } = setup({
      clientKey: (request) => request.headers.get('x-app-client') ?? undefined,
      limits: { requests: { limit: 1, windowSeconds: 60 } },
    });
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, { 'x-app-client': 'a' })).status).toBe(200);
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, { 'x-app-client': 'b' })).status).toBe(200);
    expect((await post(`/hf-inference/models/${ZERO_SHOT}`, labels, { 'x-app-client': 'a' })).status).toBe(429);
  });

  it('refuses bad limits when the proxy is created, naming the option', () => {
    const make = (limits: unknown) => () => createInferenceProxy({ limits: limits as never });
    expect(make({ requests: { limit: 0, windowSeconds: 60 } })).toThrow(
      /`limits\.requests\.limit` must be a positive whole number; got 0/,
    );
    expect(make({ requests: { limit: 1.5, windowSeconds: 60 } })).toThrow(/limits\.requests\.limit/);
    expect(make({ completionTokens: { limit: 10, windowSeconds: Number.NaN } })).toThrow(
      /`limits\.completionTokens\.windowSeconds` must be a positive whole number; got NaN/,
    );
    expect(make({ completionTokens: { limit: '10', windowSeconds: 60 } })).toThrow(/limits\.completionTokens\.limit/);
    expect(make({ requests: { limit: Infinity, windowSeconds: 60 } })).toThrow(/limits\.requests\.limit/);
    expect(make({ requests: 60 })).toThrow(/`limits\.requests` must be \{ limit, windowSeconds \}/);
    expect(make({ store: { redis: {} } })).toThrow(/`limits\.store\.redis` must be an ioredis or redis/);
    expect(() => createInferenceProxy({ authorize: 'yes' as never })).toThrow(/`authorize` must be a function/);
  });
});

describe('completion-token budget', () => {
  const budgetProxy = (limit: number) => {
    const usage: UsageReport[] = [];
    const proxy = setup({
      authorize: cookieUser,
      limits: { completionTokens: { limit, windowSeconds: 3600 }, onUsage: (u) => usage.push(u) },
    });
    return { ...proxy, usage };
  };

  it("is charged from a whole chat answer's usage, and refuses once spent", async () => {
    const { post, usage } = budgetProxy(12);
    const first = await (
      await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('Tell me a story'), as('ada'))
    ).json();
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]).toMatchObject({
      key: 'user:ada',
      completionTokens: first.usage.completion_tokens,
      source: 'usage',
      complete: true,
    });
    // The second answer takes the budget past 12: it was not spent when it started (documented overshoot).
    const second = await post(
      `/hf-inference/models/${LLAMA}/v1/chat/completions`,
      chatBody('Another one', { max_tokens: 8 }),
      as('ada'),
    );
    expect(second.status).toBe(200);
    await second.text();
    await expect.poll(() => usage.length).toBe(2);
    expect(usage[0]!.completionTokens + usage[1]!.completionTokens).toBeGreaterThanOrEqual(12);
    const refused = await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('More'), as('ada'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3500);
    expect((await refused.json()).error).toMatch(
      /^Completion token budget spent: this proxy allows 12 completion tokens per hour for this user\. It resets in \d+ s\.$/,
    );
    // Another user's budget is untouched.
    expect((await post(`/hf-inference/models/${LLAMA}/v1/chat/completions`, chatBody('Hi'), as('grace'))).status).toBe(
      200,
    );
  });

  it("is charged from a streamed chat answer's usage chunk", async () => {
    const { post, usage } = budgetProxy(1000);
    const res = await post(
      `/hf-inference/models/${LLAMA}/v1/chat/completions`,
      chatBody('Tell me a story', { stream: true, max_tokens: 12, stream_options: { include_usage: true } }),
      as('ada'),
    );
    const events = sseData(await res.text());
    const reported = JSON.parse(events.at(-2)!).usage.completion_tokens;
    expect(reported).toBeGreaterThan(0);
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]).toMatchObject({ completionTokens: reported, source: 'usage', complete: true });
  });

  it('a stream without usage is still charged: one token per content event', async () => {
    const { post, usage } = budgetProxy(1000);
    const res = await post(
      `/hf-inference/models/${LLAMA}/v1/chat/completions`,
      chatBody('Tell me a story', { stream: true, max_tokens: 12 }),
      as('ada'),
    );
    const contentEvents = sseData(await res.text())
      .filter((data) => data !== '[DONE]')
      .filter((data) => JSON.parse(data).choices[0]?.delta?.content);
    expect(contentEvents.length).toBeGreaterThan(0);
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]).toMatchObject({ completionTokens: contentEvents.length, source: 'counted' });
  });

  it("charges text generation from TGI's details.generated_tokens, whole and streamed", async () => {
    const { post, usage } = budgetProxy(1000);
    const whole = await (
      await post(
        `/hf-inference/models/${LLAMA}`,
        { inputs: 'Once upon a time', parameters: { max_new_tokens: 9, details: true } },
        as('ada'),
      )
    ).json();
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]).toMatchObject({ completionTokens: whole[0].details.generated_tokens, source: 'usage' });
    const streamed = sseData(
      await (
        await post(
          `/hf-inference/models/${LLAMA}`,
          { inputs: 'Once upon a time', parameters: { max_new_tokens: 7, details: true }, stream: true },
          as('ada'),
        )
      ).text(),
    );
    const last = JSON.parse(streamed.at(-1)!);
    await expect.poll(() => usage.length).toBe(2);
    expect(usage[1]).toMatchObject({ completionTokens: last.details.generated_tokens, source: 'usage' });
  });

  it('charges a client that stops reading mid-stream for what it received', async () => {
    const { proxy, usage } = budgetProxy(1000);
    // Straight to the proxy: the leak check's observer would read a copy of the stream to its end.
    const res = await proxy(
      new Request(`${BASE}/hf-inference/models/${LLAMA}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...as('ada'), 'x-inferkit-fault': 'token-rate=200' },
        body: JSON.stringify(chatBody('Tell me a long story', { stream: true, max_tokens: 40 })),
      }),
    );
    const reader = res.body!.getReader();
    let text = '';
    while (sseData(text).length < 3) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    await expect.poll(() => usage.length).toBe(1);
    expect(usage[0]!.complete).toBe(false);
    expect(usage[0]!.completionTokens).toBeGreaterThanOrEqual(3);
    expect(usage[0]!.completionTokens).toBeLessThan(40);
  });

  it('a metered stream still arrives event by event, not at the end', async () => {
    const { post, usage } = budgetProxy(1000);
    const res = await post(
      `/hf-inference/models/${LLAMA}/v1/chat/completions`,
      chatBody('Tell me a long story', { stream: true, max_tokens: 24 }),
      { ...as('ada'), 'x-inferkit-fault': 'token-rate=80' },
    );
    const { arrivals, text } = await readTimed(res);
    const events = sseData(text).length;
    console.log(
      `metered SSE at 80 tokens/s: ${events} events in ${arrivals.length} chunks; first after ` +
        `${arrivals[0]!.toFixed(1)} ms, last after ${arrivals.at(-1)!.toFixed(0)} ms`,
    );
    expect(arrivals.length).toBeGreaterThan(10);
    expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(150);
    await expect.poll(() => usage.length).toBe(1);
  });
});
