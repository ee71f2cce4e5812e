/**
 * The OpenAI-compatible and other non-chat providers (together, nscale, deepinfra, zai-org, novita,
 * scaleway, featherless-ai, ovhcloud, groq) through the task functions: the exact request each
 * sends below `{root}/{provider}` (method, URL, headers, body: what @huggingface/inference 4.13
 * sends, but for text-generation at a chat route, where it sends a body the route rejects: there
 * groq and novita send a chat body), and the reading of the
 * providers' documented answers (base64 / URL images, OpenAI completions and stream chunks,
 * embeddings, transcriptions, async video jobs), malformed ones failing as `InferenceResponseError`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceJobError, InferenceResponseError, InferenceStreamError, InferenceValidationError } from '../errors';
import { clearProviderMappingCache } from '../hub';
import { automaticSpeechRecognition } from '../tasks/automatic-speech-recognition';
import { featureExtraction } from '../tasks/feature-extraction';
import { imageTextToVideo } from '../tasks/image-text-to-video';
import { imageToImage } from '../tasks/image-to-image';
import { imageToText } from '../tasks/image-to-text';
import { imageToVideo } from '../tasks/image-to-video';
import { textGeneration, textGenerationStream } from '../tasks/text-generation';
import { textToImage } from '../tasks/text-to-image';
import { textToSpeech } from '../tasks/text-to-speech';
import { textToVideo } from '../tasks/text-to-video';

const ROOT = 'https://router.huggingface.co';
const TOKEN = 'hf_sync_provider_token';
const HUB_LOOKUP = /\/api\/models\/.+\?expand(?:%5B%5D|\[\])=inferenceProviderMapping$/;

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  bytes: Uint8Array;
}
type Step = Response | ((request: Sent) => Response | unknown) | object | string;

/**
 * A fetch that answers the Hub lookup with one provider mapping, then plays `script` in order (the
 * last step repeats), recording every other request.
 */
function providerFetch(provider: string, providerId: string, task: string, ...script: Step[]) {
  const calls: Sent[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (HUB_LOOKUP.test(request.url)) {
      return Response.json({
        _id: 'x',
        id: 'm',
        inferenceProviderMapping: [{ provider, providerId, status: 'live', task }],
      });
    }
    const bytes = new Uint8Array(await request.arrayBuffer());
    const sent: Sent = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: new TextDecoder().decode(bytes),
      bytes,
    };
    calls.push(sent);
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    const value = typeof step === 'function' ? await step(sent) : step;
    return value instanceof Response ? value.clone() : Response.json(value);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const pngB64 = Buffer.from(png).toString('base64');
const pngDataUrl = `data:image/png;base64,${pngB64}`;
const pngBlob = new Blob([png], { type: 'image/png' });
const bytes = (type: string, data = png) => new Response(data, { headers: { 'content-type': type } });
const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const jsonOf = (sent: Sent | undefined) => JSON.parse(sent!.body) as unknown;
const formOf = (sent: Sent) =>
  new Response(sent.bytes as Uint8Array<ArrayBuffer>, {
    headers: { 'content-type': sent.headers['content-type']! },
  }).formData();

/** Runs every timer until the call settles; resolves with its value or rejects with its error. */
async function settle<T>(promise: Promise<T>): Promise<T> {
  const outcome = promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await vi.runAllTimersAsync();
  const result = await outcome;
  if ('error' in result) throw result.error;
  return result.value;
}

/** The error the call fails with (running every timer). */
async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await settle(promise);
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

/** A POST of JSON to `url` with the call's token, and its body. */
const expectPost = (sent: Sent | undefined, url: string, body: unknown) => {
  expect(sent).toMatchObject({ method: 'POST', url });
  expect(sent!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
  expect(jsonOf(sent)).toEqual(body);
};

/** A follow-up GET through the router root with the token. */
const expectPoll = (sent: Sent | undefined, url: string) => {
  expect(sent).toMatchObject({ method: 'GET', url });
  expect(sent!.headers.authorization).toBe(`Bearer ${TOKEN}`);
};

/** A media download from a provider's CDN: a GET without the token. */
const expectDownload = (sent: Sent | undefined, url: string) => {
  expect(sent).toMatchObject({ method: 'GET', url });
  expect(JSON.stringify(sent!.headers)).not.toContain(TOKEN);
};

const sseBody = (...events: (string | object)[]) =>
  new Response(events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join(''), {
    headers: { 'content-type': 'text/event-stream' },
  });

const collect = async <T>(stream: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
};

const completion = (text: unknown, extra: object = {}) => ({
  id: 'cmpl-1',
  object: 'text_completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, text, finish_reason: 'length', logprobs: null, ...extra }],
  usage: { prompt_tokens: 2, completion_tokens: 3, total_tokens: 5 },
});

/** OpenAI completion chunks: one with `object`, one without, the last with a finish reason, a usage-only one, `[DONE]`. */
const completionChunks = () =>
  sseBody(
    {
      id: 'c',
      object: 'text_completion',
      created: 1,
      model: 'm',
      choices: [{ index: 0, text: 'Once', finish_reason: null }],
    },
    { id: 'c', created: 1, model: 'm', choices: [{ index: 0, text: ' upon', finish_reason: null }] },
    { id: 'c', created: 1, model: 'm', choices: [{ index: 0, text: '', finish_reason: 'length', seed: 7 }] },
    {
      id: 'c',
      created: 1,
      model: 'm',
      choices: [],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    },
    '[DONE]',
  );

const chatAnswer = (content: unknown) => ({
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 2, completion_tokens: 1, total_tokens: 3 },
});

/** OpenAI chat chunks: the role first, two pieces, the finish reason, a usage-only chunk, `[DONE]`. */
const chatChunks = () =>
  sseBody(
    { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { role: 'assistant', content: '' } }] },
    {
      id: 'c',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: 'Once' }, finish_reason: null }],
    },
    {
      id: 'c',
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta: { content: ' upon' }, finish_reason: null }],
    },
    { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: 'length' }] },
    { id: 'c', object: 'chat.completion.chunk', choices: [], usage: { completion_tokens: 2 } },
    '[DONE]',
  );

/** The TGI chunks of {@link chatChunks}. */
const chatTgiChunks = [
  { token: { id: 0, text: '', logprob: null, special: false }, generatedText: null, details: null },
  { token: { id: 0, text: 'Once', logprob: null, special: false }, generatedText: null, details: null },
  { token: { id: 0, text: ' upon', logprob: null, special: false }, generatedText: null, details: null },
  {
    token: { id: 0, text: '', logprob: null, special: false },
    generatedText: 'Once upon',
    details: { finishReason: 'length', generatedTokens: 2, seed: null },
  },
  { token: { id: 0, text: '', logprob: null, special: true }, generatedText: null, details: null },
];

const embeddingAnswer = {
  object: 'list',
  model: 'm',
  data: [
    { object: 'embedding', index: 0, embedding: [0.1, 0.2] },
    { object: 'embedding', index: 1, embedding: [0.3, 0.4] },
  ],
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  clearProviderMappingCache();
});
afterEach(() => {
  vi.useRealTimers();
});

const base = { accessToken: TOKEN, model: 'org/model' };

describe('together', () => {
  const T = `${ROOT}/together`;

  it('text-to-image: { ...parameters, steps, prompt, response_format: base64, model } → b64_json image typed by its bytes', async () => {
    const { fetch, calls } = providerFetch('together', 'black-forest-labs/FLUX.1-schnell', 'text-to-image', {
      data: [{ b64_json: pngB64 }],
    });
    const image = await textToImage({
      ...base,
      fetch,
      provider: 'together',
      inputs: 'a cat',
      parameters: { numInferenceSteps: 4, guidanceScale: 3, width: 256, seed: 1 },
    });
    expect(calls).toHaveLength(1);
    expectPost(calls[0], `${T}/v1/images/generations`, {
      guidance_scale: 3,
      width: 256,
      seed: 1,
      steps: 4,
      prompt: 'a cat',
      response_format: 'base64',
      model: 'black-forest-labs/FLUX.1-schnell',
    });
    expect(image.type).toBe('image/png');
    expect(await blobBytes(image)).toEqual(png);
  });

  it('text-to-image: a URL answer is downloaded without the token', async () => {
    const CDN = 'https://api.together.ai/shrt/abc.png';
    const { fetch, calls } = providerFetch(
      'together',
      'f/x',
      'text-to-image',
      { data: [{ url: CDN }] },
      bytes('image/png'),
    );
    const image = await textToImage({ ...base, fetch, inputs: 'a cat' });
    expectDownload(calls[1], CDN);
    expect(await blobBytes(image)).toEqual(png);
  });

  it.each([{}, { data: [] }, { data: [{ b64_json: 5 }] }, [1]])(
    'text-to-image: %j → InferenceResponseError',
    async (answer) => {
      const { fetch } = providerFetch('together', 'f/x', 'text-to-image', answer);
      await expect(textToImage({ ...base, fetch, inputs: 'a cat' })).rejects.toBeInstanceOf(InferenceResponseError);
    },
  );

  it('image-to-image: FLUX.1 Kontext takes the image as image_url, the others as reference_images; prompt defaults to ""', async () => {
    const kontext = providerFetch('together', 'black-forest-labs/FLUX.1-kontext-dev', 'image-to-image', {
      data: [{ b64_json: pngB64 }],
    });
    const image = await imageToImage({
      ...base,
      fetch: kontext.fetch,
      inputs: pngBlob,
      parameters: { prompt: 'watercolour', numInferenceSteps: 5 },
    });
    expect(image.type).toBe('image/png');
    expectPost(kontext.calls[0], `${T}/v1/images/generations`, {
      prompt: 'watercolour',
      image_url: pngDataUrl,
      steps: 5,
      response_format: 'base64',
      model: 'black-forest-labs/FLUX.1-kontext-dev',
    });
    clearProviderMappingCache();
    const other = providerFetch('together', 'google/gemini-image', 'image-to-image', { data: [{ b64_json: pngB64 }] });
    await imageToImage({ ...base, fetch: other.fetch, inputs: pngBlob });
    expect(jsonOf(other.calls[0])).toEqual({
      prompt: '',
      reference_images: [pngDataUrl],
      response_format: 'base64',
      model: 'google/gemini-image',
    });
  });

  const CDN = 'https://cdn.together.ai/videos/v1.mp4';

  it('text-to-video: submits to /v2/videos, polls /v2/videos/{id} through the router, downloads the video without the token', async () => {
    const { fetch, calls } = providerFetch(
      'together',
      'Wan-AI/Wan2.2-T2V-A14B',
      'text-to-video',
      { id: 'vid 1', status: 'queued' },
      { id: 'vid 1', status: 'in_progress' },
      { id: 'vid 1', status: 'completed', outputs: { video_url: CDN } },
      bytes('video/mp4'),
    );
    const video = await settle(
      textToVideo({ ...base, fetch, inputs: 'a cat', parameters: { numInferenceSteps: 3, seed: 2 } }),
    );
    expectPost(calls[0], `${T}/v2/videos`, { seed: 2, steps: 3, prompt: 'a cat', model: 'Wan-AI/Wan2.2-T2V-A14B' });
    expectPoll(calls[1], `${T}/v2/videos/vid%201`);
    expectPoll(calls[2], `${T}/v2/videos/vid%201`);
    expectDownload(calls[3], CDN);
    expect(calls).toHaveLength(4);
    expect(video.type).toBe('video/mp4');
  });

  it('text-to-video: a failed job → InferenceJobError with together’s message; no id → InferenceResponseError', async () => {
    const failed = providerFetch(
      'together',
      'w/x',
      'text-to-video',
      { id: 'v', status: 'queued' },
      {
        id: 'v',
        status: 'failed',
        error: { message: 'nsfw' },
      },
    );
    const error = await failure(textToVideo({ ...base, fetch: failed.fetch, inputs: 'a cat' }));
    expect(error).toBeInstanceOf(InferenceJobError);
    expect((error as InferenceJobError).serverMessage).toBe('nsfw');
    clearProviderMappingCache();
    const malformed = providerFetch('together', 'w/x', 'text-to-video', { status: 'queued' });
    expect(await failure(textToVideo({ ...base, fetch: malformed.fetch, inputs: 'a cat' }))).toBeInstanceOf(
      InferenceResponseError,
    );
  });

  it('image-to-video: the image as the first of frame_images, target_size as width/height, prompt apart', async () => {
    const { fetch, calls } = providerFetch(
      'together',
      'Wan-AI/Wan2.2-I2V-A14B',
      'image-to-video',
      { id: 'v', status: 'completed', outputs: { video_url: CDN } },
      bytes('video/mp4'),
    );
    await settle(
      imageToVideo({
        ...base,
        fetch,
        inputs: pngBlob,
        parameters: { prompt: 'it turns', targetSize: { width: 640, height: 480 }, numInferenceSteps: 9 },
      }),
    );
    expectPost(calls[0], `${T}/v2/videos`, {
      steps: 9,
      width: 640,
      height: 480,
      frame_images: [{ input_image: pngDataUrl, frame: 'first' }],
      model: 'Wan-AI/Wan2.2-I2V-A14B',
      prompt: 'it turns',
    });
    expectDownload(calls[1], CDN);
  });

  it('text-generation: { model, inputs, parameters, prompt } at /v1/completions → choices[0].text', async () => {
    const { fetch, calls } = providerFetch('together', 'Qwen/Qwen2.5-7B', 'text-generation', completion(' world'));
    const out = await textGeneration({
      ...base,
      fetch,
      inputs: 'Hello',
      parameters: { maxNewTokens: 5, temperature: 0.5 },
    });
    expect(out).toEqual({ generatedText: ' world' });
    expectPost(calls[0], `${T}/v1/completions`, {
      model: 'Qwen/Qwen2.5-7B',
      inputs: 'Hello',
      parameters: { max_new_tokens: 5, temperature: 0.5 },
      prompt: 'Hello',
    });
  });

  it.each([{ choices: [] }, { choices: [{ text: 1 }] }, { id: 'x' }, 'oops'])(
    'text-generation: %j → InferenceResponseError',
    async (answer) => {
      const { fetch } = providerFetch('together', 'q/q', 'text-generation', answer);
      await expect(textGeneration({ ...base, fetch, inputs: 'Hello' })).rejects.toBeInstanceOf(InferenceResponseError);
    },
  );

  it('textGenerationStream: stream: true; completion chunks (with or without `object`) become TGI chunks, the last with the whole text', async () => {
    const { fetch, calls } = providerFetch('together', 'Qwen/Qwen2.5-7B', 'text-generation', completionChunks());
    const chunks = await collect(
      textGenerationStream({ ...base, fetch, inputs: 'Tell', parameters: { maxNewTokens: 2 } }),
    );
    expectPost(calls[0], `${T}/v1/completions`, {
      model: 'Qwen/Qwen2.5-7B',
      inputs: 'Tell',
      parameters: { max_new_tokens: 2 },
      stream: true,
      prompt: 'Tell',
    });
    expect(chunks).toEqual([
      { token: { id: 0, text: 'Once', logprob: null, special: false }, generatedText: null, details: null },
      { token: { id: 0, text: ' upon', logprob: null, special: false }, generatedText: null, details: null },
      {
        token: { id: 0, text: '', logprob: null, special: false },
        generatedText: 'Once upon',
        details: { finishReason: 'length', generatedTokens: 2, seed: 7 },
      },
      // The usage-only chunk: an empty special token.
      { token: { id: 0, text: '', logprob: null, special: true }, generatedText: null, details: null },
    ]);
  });

  it('textGenerationStream: each call adds up its own text', async () => {
    const one = providerFetch('together', 'q/q', 'text-generation', completionChunks());
    const first = await collect(textGenerationStream({ ...base, fetch: one.fetch, inputs: 'a' }));
    const second = await collect(textGenerationStream({ ...base, fetch: one.fetch, inputs: 'b' }));
    expect(first[2]!.generatedText).toBe('Once upon');
    expect(second[2]!.generatedText).toBe('Once upon');
  });

  it('textGenerationStream: a malformed chunk → InferenceResponseError; no finish reason → InferenceStreamError', async () => {
    const bad = providerFetch('together', 'q/q', 'text-generation', sseBody({ nope: 1 }, '[DONE]'));
    await expect(collect(textGenerationStream({ ...base, fetch: bad.fetch, inputs: 'a' }))).rejects.toBeInstanceOf(
      InferenceResponseError,
    );
    const cut = providerFetch(
      'together',
      'q/q',
      'text-generation',
      sseBody({ choices: [{ index: 0, text: 'x', finish_reason: null }] }, '[DONE]'),
    );
    await expect(collect(textGenerationStream({ ...base, fetch: cut.fetch, inputs: 'a' }))).rejects.toBeInstanceOf(
      InferenceStreamError,
    );
  });

  it('feature-extraction: { ...parameters, input, model } at /v1/embeddings → one vector per input', async () => {
    const { fetch, calls } = providerFetch('together', 'BAAI/bge-base', 'feature-extraction', embeddingAnswer);
    const out = await featureExtraction({ ...base, fetch, inputs: ['a', 'b'], parameters: { normalize: true } });
    expect(out).toEqual([
      [0.1, 0.2],
      [0.3, 0.4],
    ]);
    expectPost(calls[0], `${T}/v1/embeddings`, { normalize: true, input: ['a', 'b'], model: 'BAAI/bge-base' });
  });

  it.each([{ data: [] }, { data: [{ embedding: 'x' }] }, [[1, 2]]])(
    'feature-extraction: %j → InferenceResponseError',
    async (answer) => {
      const { fetch } = providerFetch('together', 'b/b', 'feature-extraction', answer);
      await expect(featureExtraction({ ...base, fetch, inputs: 'a' })).rejects.toBeInstanceOf(InferenceResponseError);
    },
  );

  it('text-to-speech: { voice, input, model } at /v1/audio/speech, af_alloy for Kokoro → the audio bytes', async () => {
    const { fetch, calls } = providerFetch('together', 'hexgrad/Kokoro-82M', 'text-to-speech', bytes('audio/mpeg'));
    const audio = await textToSpeech({ ...base, fetch, inputs: 'Hi' });
    expect(audio.type).toBe('audio/mpeg');
    expectPost(calls[0], `${T}/v1/audio/speech`, { voice: 'af_alloy', input: 'Hi', model: 'hexgrad/Kokoro-82M' });
    clearProviderMappingCache();
    const other = providerFetch('together', 'canopylabs/orpheus', 'text-to-speech', { error: 'x' });
    await expect(textToSpeech({ ...base, fetch: other.fetch, inputs: 'Hi' })).rejects.toBeInstanceOf(
      InferenceResponseError,
    );
    expect(jsonOf(other.calls[0])).toEqual({ input: 'Hi', model: 'canopylabs/orpheus' });
  });

  it('automatic-speech-recognition: a multipart form (file audio.{ext}, parameters, model) → { text, chunks } from segments', async () => {
    const { fetch, calls } = providerFetch('together', 'openai/whisper-large-v3', 'automatic-speech-recognition', {
      text: 'Hello world',
      segments: [
        { id: 0, start: 0, end: 1.5, text: 'Hello' },
        { id: 1, start: 1.5, end: 2, text: ' world' },
      ],
    });
    const out = await automaticSpeechRecognition({
      ...base,
      fetch,
      inputs: new Blob([png], { type: 'audio/mpeg' }),
    });
    expect(out).toEqual({
      text: 'Hello world',
      chunks: [
        { text: 'Hello', timestamp: [0, 1.5] },
        { text: ' world', timestamp: [1.5, 2] },
      ],
    });
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${T}/v1/audio/transcriptions` });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[0]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formOf(calls[0]!);
    const file = form.get('file') as File;
    expect([file.name, file.type, await blobBytes(file)]).toEqual(['audio.mp3', 'audio/mpeg', png]);
    expect([...form.keys()]).toEqual(['file', 'model']);
    expect(form.get('model')).toBe('openai/whisper-large-v3');
  });

  it('automatic-speech-recognition: parameters go as form fields (objects as JSON); untyped audio is audio.wav; { segments } alone is malformed', async () => {
    const { fetch, calls } = providerFetch('together', 'w/w', 'automatic-speech-recognition', { text: 'Hi' });
    const out = await automaticSpeechRecognition({
      ...base,
      fetch,
      inputs: png,
      parameters: { returnTimestamps: true, generationParameters: { temperature: 0.2 } },
    });
    expect(out).toEqual({ text: 'Hi' });
    const form = await formOf(calls[0]!);
    expect((form.get('file') as File).name).toBe('audio.wav');
    expect(await blobBytes(form.get('file') as File)).toEqual(png);
    expect(form.get('return_timestamps')).toBe('true');
    expect(form.get('generation_parameters')).toBe('{"temperature":0.2}');
    clearProviderMappingCache();
    const bad = providerFetch('together', 'w/w', 'automatic-speech-recognition', { segments: [] });
    await expect(automaticSpeechRecognition({ ...base, fetch: bad.fetch, inputs: png })).rejects.toBeInstanceOf(
      InferenceResponseError,
    );
  });
});

describe('nscale', () => {
  it('text-to-image: { ...parameters, response_format: b64_json, prompt, model } → b64_json', async () => {
    const { fetch, calls } = providerFetch('nscale', 'stabilityai/sdxl', 'text-to-image', {
      data: [{ b64_json: pngB64 }],
    });
    const image = await textToImage({ ...base, fetch, inputs: 'a cat', parameters: { numInferenceSteps: 4 } });
    expect(await blobBytes(image)).toEqual(png);
    expectPost(calls[0], `${ROOT}/nscale/v1/images/generations`, {
      num_inference_steps: 4,
      response_format: 'b64_json',
      prompt: 'a cat',
      model: 'stabilityai/sdxl',
    });
  });
});

describe('deepinfra', () => {
  const D = `${ROOT}/deepinfra/v1/openai`;

  it('text-generation: { model, prompt, max_tokens, ...parameters } at /v1/openai/completions; the stream adds stream: true', async () => {
    const { fetch, calls } = providerFetch(
      'deepinfra',
      'meta/llama',
      'text-generation',
      completion('!'),
      completionChunks(),
    );
    expect(await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { maxNewTokens: 5, topP: 0.9 } })).toEqual({
      generatedText: '!',
    });
    expectPost(calls[0], `${D}/completions`, { model: 'meta/llama', prompt: 'Hi', max_tokens: 5, top_p: 0.9 });
    const chunks = await collect(textGenerationStream({ ...base, fetch, inputs: 'Hi' }));
    expectPost(calls[1], `${D}/completions`, { model: 'meta/llama', prompt: 'Hi', stream: true });
    expect(chunks.at(-2)!.generatedText).toBe('Once upon');
  });

  it('feature-extraction: { ...parameters, input, model } at /v1/openai/embeddings', async () => {
    const { fetch, calls } = providerFetch('deepinfra', 'BAAI/bge', 'feature-extraction', embeddingAnswer);
    expect(await featureExtraction({ ...base, fetch, inputs: 'a', parameters: { truncate: true } })).toHaveLength(2);
    expectPost(calls[0], `${D}/embeddings`, { truncate: true, input: 'a', model: 'BAAI/bge' });
  });

  it('text-to-image: { ...parameters, response_format: b64_json, prompt, model } → b64_json or URL', async () => {
    const { fetch, calls } = providerFetch('deepinfra', 'black-forest-labs/FLUX-1-schnell', 'text-to-image', {
      data: [{ b64_json: pngB64 }],
    });
    await textToImage({ ...base, fetch, inputs: 'a cat', parameters: { seed: 3 } });
    expectPost(calls[0], `${D}/images/generations`, {
      seed: 3,
      response_format: 'b64_json',
      prompt: 'a cat',
      model: 'black-forest-labs/FLUX-1-schnell',
    });
  });

  it('text-to-speech: { ...parameters, input, model } at /v1/openai/audio/speech, no default voice', async () => {
    const { fetch, calls } = providerFetch('deepinfra', 'hexgrad/Kokoro-82M', 'text-to-speech', bytes('audio/wav'));
    expect((await textToSpeech({ ...base, fetch, inputs: 'Hi' })).type).toBe('audio/wav');
    expectPost(calls[0], `${D}/audio/speech`, { input: 'Hi', model: 'hexgrad/Kokoro-82M' });
  });

  it('automatic-speech-recognition: multipart at /v1/openai/audio/transcriptions → { text }', async () => {
    const { fetch, calls } = providerFetch('deepinfra', 'openai/whisper', 'automatic-speech-recognition', {
      text: 'Hi',
    });
    expect(
      await automaticSpeechRecognition({ ...base, fetch, inputs: new Blob([png], { type: 'audio/webm;codecs=opus' }) }),
    ).toEqual({ text: 'Hi' });
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${D}/audio/transcriptions` });
    const form = await formOf(calls[0]!);
    expect((form.get('file') as File).name).toBe('audio.webm');
    expect(form.get('model')).toBe('openai/whisper');
  });
});

describe('zai-org', () => {
  const Z = `${ROOT}/zai-org/api/paas/v4`;
  const zaiHeaders = { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' };

  it('text-to-image: submits with Z.ai’s headers, polls /async-result/{id} with them, downloads the image without the token', async () => {
    const CDN = 'https://aigc-files.bigmodel.cn/api/cogview/x.png';
    const { fetch, calls } = providerFetch(
      'zai-org',
      'glm-image',
      'text-to-image',
      { id: 't1', request_id: 'r', model: 'glm-image', task_status: 'PROCESSING' },
      { id: 't1', task_status: 'PROCESSING' },
      { id: 't1', task_status: 'SUCCESS', image_result: [{ url: CDN }] },
      bytes('image/png'),
    );
    const image = await settle(textToImage({ ...base, fetch, inputs: 'a cat', parameters: { width: 256 } }));
    expectPost(calls[0], `${Z}/async/images/generations`, { width: 256, model: 'glm-image', prompt: 'a cat' });
    expect(calls[0]!.headers).toMatchObject(zaiHeaders);
    expectPoll(calls[1], `${Z}/async-result/t1`);
    expect(calls[1]!.headers).toMatchObject({ ...zaiHeaders, 'content-type': 'application/json' });
    expectPoll(calls[2], `${Z}/async-result/t1`);
    expectDownload(calls[3], CDN);
    expect(calls[3]!.headers['x-source-channel']).toBeUndefined();
    expect(await blobBytes(image)).toEqual(png);
  });

  it('text-to-image: FAIL → InferenceJobError; an answer without id → InferenceResponseError', async () => {
    const failed = providerFetch(
      'zai-org',
      'g',
      'text-to-image',
      { id: 't1', task_status: 'PROCESSING' },
      {
        id: 't1',
        task_status: 'FAIL',
      },
    );
    expect(await failure(textToImage({ ...base, fetch: failed.fetch, inputs: 'a cat' }))).toBeInstanceOf(
      InferenceJobError,
    );
    clearProviderMappingCache();
    const malformed = providerFetch('zai-org', 'g', 'text-to-image', { task_status: 'PROCESSING' });
    expect(await failure(textToImage({ ...base, fetch: malformed.fetch, inputs: 'a cat' }))).toBeInstanceOf(
      InferenceResponseError,
    );
  });

  it('image-to-text: { model, file: data URL } at /layout_parsing with Z.ai’s headers → md_results', async () => {
    const { fetch, calls } = providerFetch('zai-org', 'glm-ocr', 'image-to-text', { md_results: '# Title' });
    expect(await imageToText({ ...base, fetch, inputs: pngBlob })).toEqual({ generatedText: '# Title' });
    expectPost(calls[0], `${Z}/layout_parsing`, { model: 'glm-ocr', file: pngDataUrl });
    expect(calls[0]!.headers).toMatchObject(zaiHeaders);
    clearProviderMappingCache();
    const bad = providerFetch('zai-org', 'glm-ocr', 'image-to-text', { layout: [] });
    await expect(imageToText({ ...base, fetch: bad.fetch, inputs: pngBlob })).rejects.toBeInstanceOf(
      InferenceResponseError,
    );
  });
});

describe('novita', () => {
  const N = `${ROOT}/novita/v3`;
  const CDN = 'https://faas-output-video.s3.ap-southeast-1.amazonaws.com/v.mp4';

  it('text-generation: a chat body at /v3/openai/chat/completions (not the reference’s unmapped one); the message read', async () => {
    const { fetch, calls } = providerFetch('novita', 'meta/llama', 'text-generation', chatAnswer('Hey'));
    expect(
      await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { maxNewTokens: 3, topK: 5, seed: 2 } }),
    ).toEqual({ generatedText: 'Hey' });
    expectPost(calls[0], `${N}/openai/chat/completions`, {
      model: 'meta/llama',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 3,
      seed: 2,
    });
  });

  it('textGenerationStream: stream: true at the chat route; chat chunks become TGI chunks', async () => {
    const { fetch, calls } = providerFetch('novita', 'meta/llama', 'text-generation', chatChunks());
    expect(await collect(textGenerationStream({ ...base, fetch, inputs: 'Tell' }))).toEqual(chatTgiChunks);
    expectPost(calls[0], `${N}/openai/chat/completions`, {
      model: 'meta/llama',
      messages: [{ role: 'user', content: 'Tell' }],
      stream: true,
    });
  });

  it('text-to-video: { ...parameters, steps, prompt } at /v3/async/{model}, polled at task-result, video downloaded', async () => {
    const { fetch, calls } = providerFetch(
      'novita',
      'wan-t2v',
      'text-to-video',
      { task_id: 'n1' },
      { task: { task_id: 'n1', status: 'TASK_STATUS_QUEUED' } },
      { task: { task_id: 'n1', status: 'TASK_STATUS_SUCCEED' }, videos: [{ video_url: CDN }] },
      bytes('video/mp4'),
    );
    const video = await settle(
      textToVideo({ ...base, fetch, inputs: 'a cat', parameters: { numInferenceSteps: 3, seed: 2 } }),
    );
    expectPost(calls[0], `${N}/async/wan-t2v`, { seed: 2, steps: 3, prompt: 'a cat' });
    expectPoll(calls[1], `${N}/async/task-result?task_id=n1`);
    expectPoll(calls[2], `${N}/async/task-result?task_id=n1`);
    expectDownload(calls[3], CDN);
    expect(video.type).toBe('video/mp4');
  });

  it('text-to-video: TASK_STATUS_FAILED → InferenceJobError; a result without status → InferenceResponseError', async () => {
    const failed = providerFetch(
      'novita',
      'w',
      'text-to-video',
      { task_id: 'n1' },
      {
        task: { task_id: 'n1', status: 'TASK_STATUS_FAILED', reason: 'quota' },
      },
    );
    const error = await failure(textToVideo({ ...base, fetch: failed.fetch, inputs: 'a cat' }));
    expect(error).toBeInstanceOf(InferenceJobError);
    expect((error as InferenceJobError).serverMessage).toBe('quota');
    clearProviderMappingCache();
    const malformed = providerFetch('novita', 'w', 'text-to-video', { task_id: 'n1' }, { videos: [] });
    expect(await failure(textToVideo({ ...base, fetch: malformed.fetch, inputs: 'a cat' }))).toBeInstanceOf(
      InferenceResponseError,
    );
  });

  it('image-text-to-video (MiniMax H3): content, resolution, duration and ratio from the parameters; polled until succeeded', async () => {
    const { fetch, calls } = providerFetch(
      'novita',
      'MiniMax-H3',
      'image-text-to-video',
      { task_id: 'm 1' },
      { task: { status: 'running' } },
      { task: { status: 'succeeded', content: { url: CDN } } },
      bytes('video/mp4'),
    );
    await settle(
      imageTextToVideo({
        ...base,
        fetch,
        inputs: pngBlob,
        parameters: { prompt: 'waves', numFrames: 200, seed: 3, targetSize: { width: 1920, height: 1440 } },
      }),
    );
    expectPost(calls[0], `${N}/minimax/v2/video_generation`, {
      model: 'MiniMax-H3',
      content: [
        { type: 'text', text: 'waves' },
        { type: 'image_url', image_url: { url: pngDataUrl }, role: 'first_frame' },
      ],
      resolution: '2K',
      duration: 8,
      ratio: 'adaptive',
    });
    expectPoll(calls[1], `${N}/minimax/v2/query/video_generation/m%201`);
    expectDownload(calls[3], CDN);
  });

  it('image-text-to-video: without an image the ratio nearest the target size; another model → InferenceValidationError', async () => {
    const { fetch, calls } = providerFetch(
      'novita',
      'MiniMax-H3',
      'image-text-to-video',
      { task_id: 'm' },
      {
        task: { status: 'succeeded', content: { url: CDN } },
      },
      bytes('video/mp4'),
    );
    await settle(
      imageTextToVideo({ ...base, fetch, parameters: { prompt: 'waves', targetSize: { width: 900, height: 1600 } } }),
    );
    expect(jsonOf(calls[0])).toEqual({
      model: 'MiniMax-H3',
      content: [{ type: 'text', text: 'waves' }],
      resolution: '768P',
      duration: 4,
      ratio: '9:16',
    });
    clearProviderMappingCache();
    const other = providerFetch('novita', 'kling-v2', 'image-text-to-video', { task_id: 'm' });
    await expect(imageTextToVideo({ ...base, fetch: other.fetch, parameters: { prompt: 'x' } })).rejects.toBeInstanceOf(
      InferenceValidationError,
    );
    expect(other.calls).toHaveLength(0);
  });
});

describe('scaleway', () => {
  it('text-generation: { model, inputs, parameters, prompt } at /v1/completions; feature-extraction: { input, model } only', async () => {
    const { fetch, calls } = providerFetch('scaleway', 'qwen', 'text-generation', completion('ok'));
    expect(await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { seed: 1 } })).toEqual({
      generatedText: 'ok',
    });
    expectPost(calls[0], `${ROOT}/scaleway/v1/completions`, {
      model: 'qwen',
      inputs: 'Hi',
      parameters: { seed: 1 },
      prompt: 'Hi',
    });
    clearProviderMappingCache();
    const fe = providerFetch('scaleway', 'bge', 'feature-extraction', embeddingAnswer);
    await featureExtraction({ ...base, fetch: fe.fetch, inputs: 'a', parameters: { normalize: true } });
    expectPost(fe.calls[0], `${ROOT}/scaleway/v1/embeddings`, { input: 'a', model: 'bge' });
  });
});

describe('featherless-ai', () => {
  it('text-generation: { model, max_tokens, ...parameters, prompt } at /v1/completions', async () => {
    const { fetch, calls } = providerFetch('featherless-ai', 'mistral', 'text-generation', completion('ok'));
    await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { maxNewTokens: 9, stop: ['\n'] } });
    expectPost(calls[0], `${ROOT}/featherless-ai/v1/completions`, {
      model: 'mistral',
      max_tokens: 9,
      stop: ['\n'],
      prompt: 'Hi',
    });
  });
});

describe('ovhcloud', () => {
  const O = `${ROOT}/ovhcloud/v1/completions`;

  it('text-generation: { model, max_tokens, ...other parameters, prompt } at /v1/completions → choices[0].text', async () => {
    const { fetch, calls } = providerFetch('ovhcloud', 'Meta-Llama-3_1-8B', 'text-generation', completion('ok'));
    expect(
      await textGeneration({
        ...base,
        fetch,
        inputs: 'Hi',
        parameters: { maxNewTokens: 9, temperature: 0.5, stop: ['\n'] },
      }),
    ).toEqual({ generatedText: 'ok' });
    expectPost(calls[0], O, {
      model: 'Meta-Llama-3_1-8B',
      max_tokens: 9,
      temperature: 0.5,
      stop: ['\n'],
      prompt: 'Hi',
    });
    // No parameters: none sent, not even max_tokens.
    clearProviderMappingCache();
    const bare = providerFetch('ovhcloud', 'Meta-Llama-3_1-8B', 'text-generation', completion('ok'));
    await textGeneration({ ...base, fetch: bare.fetch, inputs: 'Hi' });
    expectPost(bare.calls[0], O, { model: 'Meta-Llama-3_1-8B', prompt: 'Hi' });
  });

  it('textGenerationStream: stream: true; completion chunks become TGI chunks', async () => {
    const { fetch, calls } = providerFetch('ovhcloud', 'q', 'text-generation', completionChunks());
    const chunks = await collect(
      textGenerationStream({ ...base, fetch, inputs: 'Tell', parameters: { maxNewTokens: 2 } }),
    );
    expectPost(calls[0], O, { model: 'q', stream: true, max_tokens: 2, prompt: 'Tell' });
    expect(chunks.map((c) => c.token.text)).toEqual(['Once', ' upon', '', '']);
    expect(chunks[2]).toMatchObject({
      generatedText: 'Once upon',
      details: { finishReason: 'length', generatedTokens: 2, seed: 7 },
    });
  });

  it.each([{ choices: [] }, { choices: [{ text: 1 }] }, { id: 'x' }, 'oops'])(
    'text-generation: %j → InferenceResponseError',
    async (answer) => {
      const { fetch } = providerFetch('ovhcloud', 'q', 'text-generation', answer);
      await expect(textGeneration({ ...base, fetch, inputs: 'Hello' })).rejects.toBeInstanceOf(InferenceResponseError);
    },
  );
});

describe('groq', () => {
  const G = `${ROOT}/groq/openai/v1/chat/completions`;

  it('text-generation: a chat body (the prompt as one user message) at the chat route → choices[0].message.content', async () => {
    const { fetch, calls } = providerFetch('groq', 'llama-3.1-8b-instant', 'text-generation', chatAnswer('Hello!'));
    const out = await textGeneration({
      ...base,
      fetch,
      inputs: 'Say hello',
      parameters: {
        maxNewTokens: 8,
        temperature: 0.7,
        topP: 0.9,
        stop: ['.'],
        seed: 3,
        // TGI-only settings a chat route has no counterpart for are not sent.
        topK: 5,
        repetitionPenalty: 1.1,
        details: true,
      },
    });
    expect(out).toEqual({ generatedText: 'Hello!' });
    expectPost(calls[0], G, {
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'Say hello' }],
      max_tokens: 8,
      temperature: 0.7,
      top_p: 0.9,
      stop: ['.'],
      seed: 3,
    });
    expect(jsonOf(calls[0])).not.toHaveProperty('inputs');
    expect(jsonOf(calls[0])).not.toHaveProperty('parameters');
  });

  it('textGenerationStream: stream: true; delta pieces become TGI chunks, the last with the whole text', async () => {
    const { fetch, calls } = providerFetch('groq', 'llama-3.1-8b-instant', 'text-generation', chatChunks());
    const chunks = await collect(
      textGenerationStream({ ...base, fetch, inputs: 'Tell', parameters: { maxNewTokens: 2 } }),
    );
    expectPost(calls[0], G, {
      model: 'llama-3.1-8b-instant',
      messages: [{ role: 'user', content: 'Tell' }],
      max_tokens: 2,
      stream: true,
    });
    expect(chunks).toEqual(chatTgiChunks);
  });

  it.each([
    { choices: [] },
    { choices: [{ message: { content: null } }] },
    { choices: [{ message: {} }] },
    { id: 'x' },
  ])('text-generation: %j → InferenceResponseError naming the chat shape', async (answer) => {
    const { fetch } = providerFetch('groq', 'q', 'text-generation', answer);
    const error = await textGeneration({ ...base, fetch, inputs: 'Hello' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(String((error as Error).message)).toContain('message');
  });

  it('bad input fails before any request, naming the field', async () => {
    const { fetch, calls } = providerFetch('groq', 'q', 'text-generation', chatAnswer('x'));
    const error = await textGeneration({ ...base, fetch, inputs: 'Hi', parameters: { maxNewTokens: -1 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect((error as InferenceValidationError).issues.map((i) => i.path)).toEqual(['parameters.maxNewTokens']);
    expect(calls).toHaveLength(0);
  });
});
