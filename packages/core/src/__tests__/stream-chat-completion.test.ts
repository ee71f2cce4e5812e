import { describe, expect, it } from 'vitest';
import { streamChatCompletion } from '../chat-store';
import { InferenceHTTPError, InferenceValidationError } from '../errors';
import { chatCompletionStream } from '../tasks/chat-completion';
import { controlledStream, json, mockFetch, sse } from './fetch-mock';

// `streamChatCompletion` is the lean default `run` of the chat store: the same request as
// `chatCompletionStream` without its zod schemas. Its generator contract is pinned here: lazy,
// closable, errors on the first `next()`, done after an error.

const model = 'meta-llama/Llama-3.1-8B-Instruct';
const baseUrl = 'http://emu.test';
const chunk = (content: string, finish: string | null = null) => ({
  id: 'c1',
  object: 'chat.completion.chunk',
  created: 1,
  model,
  choices: [{ index: 0, delta: { role: 'assistant', content }, finish_reason: finish }],
});
const messages = [{ role: 'user' as const, content: 'Hi' }];
/** What the chat store passes to its run besides the chat. */
const control = () => ({ signal: new AbortController().signal, onModelLoading: () => {} });

describe('streamChatCompletion (the chat store default run)', () => {
  it('sends nothing before the first next(), then yields every chunk up to [DONE]', async () => {
    const { fetch, calls } = mockFetch(new Response(sse(chunk('a'), chunk('b'), chunk('', 'stop'), '[DONE]')));
    const stream = streamChatCompletion({ ...control(), model, baseUrl, fetch, messages, maxTokens: 8 });
    await Promise.resolve();
    expect(calls).toHaveLength(0);
    const seen: unknown[] = [];
    for await (const c of stream) seen.push(c);
    expect(seen).toEqual([chunk('a'), chunk('b'), chunk('', 'stop')]);
    expect(calls).toHaveLength(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('sends the request chatCompletionStream sends, byte for byte', async () => {
    const answer = () => new Response(sse(chunk('a'), chunk('', 'stop'), '[DONE]'));
    const lean = mockFetch(answer);
    const validated = mockFetch(answer);
    const args = {
      ...control(),
      model,
      baseUrl,
      messages,
      maxTokens: 8,
      streamOptions: { includeUsage: true },
      useCache: false,
    };
    for await (const _ of streamChatCompletion({ ...args, fetch: lean.fetch }));
    for await (const _ of chatCompletionStream({ ...args, fetch: validated.fetch }));
    const strip = ({ signal: _signal, ...call }: (typeof lean.calls)[number]) => call;
    expect(lean.calls.map(strip)).toEqual(validated.calls.map(strip));
    expect(JSON.parse(lean.calls[0]!.body)).toMatchObject({ stream_options: { include_usage: true }, stream: true });
  });

  it('return() before the first next() sends nothing and ends it', async () => {
    const { fetch, calls } = mockFetch(new Response(sse(chunk('a'), '[DONE]')));
    const stream = streamChatCompletion({ ...control(), model, baseUrl, fetch, messages });
    expect(await stream.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect(calls).toHaveLength(0);
  });

  it('breaking out of the loop mid-stream cancels the body at once', async () => {
    const body = controlledStream();
    const { fetch } = mockFetch(() => body.response);
    const stream = streamChatCompletion({ ...control(), model, baseUrl, fetch, messages });
    body.push(sse(chunk('a')));
    for await (const c of stream) {
      expect(c).toEqual(chunk('a'));
      break;
    }
    expect(body.cancelled).not.toBe(false);
  });

  it('an HTTP error rejects the first next() with the typed error, and the stream is done after it', async () => {
    const { fetch } = mockFetch(json({ error: 'Authorization header is invalid' }, 401));
    const stream = streamChatCompletion({ ...control(), model, baseUrl, fetch, messages });
    await expect(stream.next()).rejects.toBeInstanceOf(InferenceHTTPError);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('no model and no endpoint: a validation error naming `model`, and no request', async () => {
    const { fetch, calls } = mockFetch(new Response(sse('[DONE]')));
    const stream = streamChatCompletion({ ...control(), baseUrl, fetch, messages });
    const error = await stream.next().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(String(error)).toMatch(/model/);
    expect(calls).toHaveLength(0);
  });
});
