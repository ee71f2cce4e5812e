/**
 * Request parity with @huggingface/inference 4.13: both clients make the same calls with default
 * options against one recording `fetch`, and must send the same requests (method, URL, headers but
 * user-agent, body). The answers are the providers' documented shapes. Where inferkit deliberately
 * differs, the test says so and pins the difference.
 */
import { InferenceClient as ReferenceClient } from '@huggingface/inference';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearProviderMappingCache } from '../hub';
import { chatCompletion, chatCompletionStream } from '../tasks/chat-completion';
import { textToImage } from '../tasks/text-to-image';
import { zeroShotClassification } from '../tasks/zero-shot-classification';

const TOKEN = 'hf_parityToken000000000000000000000';
const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
const FLUX = 'black-forest-labs/FLUX.1-schnell';
const BART = 'facebook/bart-large-mnli';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

const mapping = (provider: string, providerId: string, task: string) => [
  { provider, providerId, status: 'live', task, hfModelId: '', adapterType: null },
];

/** The router, the Hub, fal's queue and its CDN, as one recording fetch. */
function world() {
  const sent: Sent[] = [];
  const chat = {
    id: 'x',
    object: 'chat.completion',
    created: 1,
    model: 'llama-3.1-8b-instant',
    choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
  };
  // Groq-style chunks: no `object` on the last one, as some providers send them.
  const chunks =
    `data: ${JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }] })}\n\n` +
    `data: ${JSON.stringify({ id: 'x', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
    'data: [DONE]\n\n';
  const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = new Request(input, init);
    const text = await request.text();
    const headers = Object.fromEntries(request.headers);
    delete headers['user-agent'];
    let body: unknown = text || undefined;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    sent.push({ method: request.method, url: decodeURI(request.url), headers, body });
    const url = new URL(request.url);
    const path = decodeURIComponent(url.pathname);
    if (url.host === 'huggingface.co') {
      const model = path.replace('/api/models/', '');
      const body =
        model === FLUX
          ? mapping('fal-ai', 'fal-ai/flux/schnell', 'text-to-image').concat(
              mapping('replicate', 'black-forest-labs/flux-schnell', 'text-to-image'),
            )
          : mapping('hf-inference', BART, 'zero-shot-classification');
      return Response.json({ _id: '1', id: model, inferenceProviderMapping: body });
    }
    if (path === '/v1/chat/completions') {
      return (body as { stream?: boolean }).stream
        ? new Response(chunks, { headers: { 'content-type': 'text/event-stream' } })
        : Response.json(chat);
    }
    if (path === '/fal-ai/fal-ai/flux/schnell') {
      return Response.json({
        request_id: 'r1',
        status: 'IN_QUEUE',
        queue_position: 0,
        response_url: 'https://queue.fal.run/fal-ai/flux/requests/r1',
        status_url: 'https://queue.fal.run/fal-ai/flux/requests/r1/status',
      });
    }
    if (path === '/fal-ai/fal-ai/flux/requests/r1/status') return Response.json({ status: 'COMPLETED' });
    if (path === '/fal-ai/fal-ai/flux/requests/r1') {
      return Response.json({ images: [{ url: 'https://v3.fal.media/files/r1.png', content_type: 'image/png' }] });
    }
    if (url.host === 'v3.fal.media') return new Response(PNG, { headers: { 'content-type': 'image/png' } });
    if (path === `/hf-inference/models/${BART}`) {
      return Response.json({ sequence: 'I love it', labels: ['positive', 'negative'], scores: [0.9, 0.1] });
    }
    return Response.json({ error: `unexpected ${request.method} ${request.url}` }, { status: 404 });
  };
  return { sent, fetch: fetch as typeof globalThis.fetch };
}

const reference = (fetch: typeof globalThis.fetch) => new ReferenceClient(TOKEN, { fetch });
const messages = [{ role: 'user' as const, content: 'Hello!' }];

beforeEach(() => clearProviderMappingCache());
afterEach(() => vi.unstubAllGlobals());

describe('requests: inferkit and @huggingface/inference 4.13, default options', () => {
  it('chatCompletion via auto → the router’s /v1/chat/completions, Hub id in the body, no lookup', async () => {
    const theirs = world();
    const ours = world();
    await reference(theirs.fetch).chatCompletion({ model: LLAMA, messages, max_tokens: 50 });
    const answer = await chatCompletion({
      model: LLAMA,
      messages,
      maxTokens: 50,
      accessToken: TOKEN,
      fetch: ours.fetch,
    });
    expect(answer.choices[0]!.message.content).toBe('Hi!');
    expect(ours.sent).toEqual(theirs.sent);
    expect(ours.sent).toEqual([
      expect.objectContaining({ method: 'POST', url: 'https://router.huggingface.co/v1/chat/completions' }),
    ]);
  });

  it('chatCompletionStream via auto → the same route with stream: true; chunks without `object` parse', async () => {
    const theirs = world();
    const ours = world();
    for await (const chunk of reference(theirs.fetch).chatCompletionStream({ model: LLAMA, messages })) void chunk;
    const text: string[] = [];
    for await (const chunk of chatCompletionStream({ model: LLAMA, messages, accessToken: TOKEN, fetch: ours.fetch }))
      text.push(chunk.choices[0]?.delta.content ?? '');
    expect(text.join('')).toBe('Hi');
    expect(ours.sent).toEqual(theirs.sent);
  });

  it('textToImage with FLUX.1-schnell via auto → Hub lookup, fal-ai queue submit, status, result, CDN download', async () => {
    const theirs = world();
    const ours = world();
    // The reference polls and downloads with the global fetch, whatever `fetch` it was given.
    vi.stubGlobal('fetch', theirs.fetch);
    const theirImage = await reference(theirs.fetch).textToImage({ model: FLUX, inputs: 'An astronaut' });
    vi.unstubAllGlobals();
    const progress: string[] = [];
    const image = await textToImage({
      model: FLUX,
      inputs: 'An astronaut',
      accessToken: TOKEN,
      fetch: ours.fetch,
      onProgress: ({ status }) => progress.push(status),
    });
    expect(image.type).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer())).toEqual(
      new Uint8Array(await (theirImage as unknown as Blob).arrayBuffer()),
    );
    expect(progress).toEqual(['queued']);
    expect(ours.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://huggingface.co/api/models/${FLUX}?expand[]=inferenceProviderMapping`,
      'POST https://router.huggingface.co/fal-ai/fal-ai/flux/schnell?_subdomain=queue',
      'GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/r1/status?_subdomain=queue',
      'GET https://router.huggingface.co/fal-ai/fal-ai/flux/requests/r1?_subdomain=queue',
      'GET https://v3.fal.media/files/r1.png',
    ]);
    // The one deliberate difference: inferkit's Hub lookup carries an hf_ token (the reference's
    // `auto` lookup sends none), so the Hub orders providers by the token owner's preferences and
    // a private model's mapping is found.
    expect(ours.sent[0]!.headers).toEqual({ authorization: `Bearer ${TOKEN}` });
    expect(theirs.sent[0]!.headers).toEqual({});
    expect(ours.sent.slice(1)).toEqual(theirs.sent.slice(1));
    // The CDN gets no token.
    expect(ours.sent[4]!.headers.authorization).toBeUndefined();
  });

  it('zeroShotClassification with bart-large-mnli via auto → Hub lookup, then hf-inference', async () => {
    const theirs = world();
    const ours = world();
    await reference(theirs.fetch).zeroShotClassification({
      model: BART,
      inputs: 'I love it',
      parameters: { candidate_labels: ['positive', 'negative'] },
    });
    const labels = await zeroShotClassification({
      model: BART,
      inputs: 'I love it',
      parameters: { candidateLabels: ['positive', 'negative'] },
      accessToken: TOKEN,
      fetch: ours.fetch,
    });
    expect(labels[0]).toEqual({ label: 'positive', score: 0.9 });
    expect(ours.sent.map((r) => `${r.method} ${r.url}`)).toEqual([
      `GET https://huggingface.co/api/models/${BART}?expand[]=inferenceProviderMapping`,
      `POST https://router.huggingface.co/hf-inference/models/${BART}`,
    ]);
    expect(ours.sent.slice(1)).toEqual(theirs.sent.slice(1));
    expect({ ...ours.sent[0], headers: {} }).toEqual(theirs.sent[0]);
  });
});

describe('LoRA adapters: the Hub maps an adapter on a provider’s base model', () => {
  let rows = 0;
  // One adapter repo per row: the reference caches mappings per model for the whole process.
  const lora = (n: number) => `alvdansen/littletinies-${n}`;
  const weights = (n: number) => `https://huggingface.co/${lora(n)}/resolve/main/lora.safetensors`;

  /** The Hub's object form (the reference names `hfModelId` itself there); every provider answers at once. */
  function loraWorld(provider: string, providerId: string, model: string) {
    const sent: Sent[] = [];
    const fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const request = new Request(input, init);
      const text = await request.text();
      const headers = Object.fromEntries(request.headers);
      delete headers['user-agent'];
      sent.push({
        method: request.method,
        url: decodeURI(request.url),
        headers,
        body: text ? JSON.parse(text) : undefined,
      });
      const { host, pathname } = new URL(request.url);
      if (host === 'huggingface.co') {
        return Response.json({
          id: model,
          inferenceProviderMapping: {
            [provider]: {
              providerId,
              status: 'live',
              task: 'text-to-image',
              adapter: 'lora',
              adapterWeightsPath: 'lora.safetensors',
            },
          },
        });
      }
      if (pathname.startsWith('/fal-ai/') && pathname.endsWith('/status'))
        return Response.json({ status: 'COMPLETED' });
      if (pathname.startsWith('/fal-ai/') && pathname.includes('/requests/'))
        return Response.json({ images: [{ url: 'https://v3.fal.media/files/r1.png' }] });
      if (pathname.startsWith('/fal-ai/')) {
        return Response.json({
          request_id: 'r1',
          status: 'IN_QUEUE',
          response_url: `https://queue.fal.run/${providerId}/requests/r1`,
          status_url: `https://queue.fal.run/${providerId}/requests/r1/status`,
        });
      }
      if (pathname.startsWith('/replicate/'))
        return Response.json({ id: 'p1', status: 'succeeded', output: 'https://replicate.delivery/x.png' });
      if (pathname.startsWith('/wavespeed/') && pathname.endsWith('/result'))
        return Response.json({
          code: 200,
          data: { id: 'w1', status: 'completed', outputs: ['https://cdn.wavespeed.ai/x.png'] },
        });
      if (pathname.startsWith('/wavespeed/')) {
        return Response.json({
          code: 200,
          data: { id: 'w1', status: 'created', urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/w1/result' } },
        });
      }
      return new Response(PNG, { headers: { 'content-type': 'image/png' } });
    };
    return { sent, fetch: fetch as typeof globalThis.fetch };
  }

  it.each([
    [
      'fal-ai',
      'fal-ai/lora',
      (n: number) => ({
        loras: [{ path: weights(n), scale: 1 }],
        model_name: 'stabilityai/stable-diffusion-xl-base-1.0',
      }),
    ],
    ['fal-ai', 'fal-ai/flux-lora', (n: number) => ({ loras: [{ path: weights(n), scale: 1 }] })],
    [
      'replicate',
      'black-forest-labs/flux-dev-lora',
      (n: number) => ({ input: { prompt: 'a tiny cat', lora_weights: `https://huggingface.co/${lora(n)}` } }),
    ],
    ['wavespeed', 'wavespeed-ai/flux-dev-lora', (n: number) => ({ loras: [{ path: lora(n), scale: 1 }] })],
  ] as const)(
    '%s (%s): the adapter goes in the body as the reference sends it',
    async (provider, providerId, expected) => {
      const n = ++rows;
      const model = lora(n);
      const theirs = loraWorld(provider, providerId, model);
      const ours = loraWorld(provider, providerId, model);
      vi.stubGlobal('fetch', theirs.fetch);
      await reference(theirs.fetch).textToImage({ model, provider, inputs: 'a tiny cat' } as never);
      vi.unstubAllGlobals();
      await textToImage({ model, provider, inputs: 'a tiny cat', accessToken: TOKEN, fetch: ours.fetch });
      expect(ours.sent[1]!.body).toMatchObject(expected(n));
      // Every request after the lookup the same as the reference's, polls and downloads included.
      expect(ours.sent.slice(1)).toEqual(theirs.sent.slice(1));
    },
  );
});
