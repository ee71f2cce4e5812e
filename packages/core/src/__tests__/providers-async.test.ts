/**
 * The async media providers (replicate, wavespeed, and fal-ai's queue) end to end
 * through the task functions: the exact requests of submit, polls, cancel and download, the answer
 * shapes, progress, abort, timeout and failures. Timers are faked (`setTimeout` and `Date` only, so
 * fetch bodies still resolve), so polling at 500 ms costs no real time.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InferenceJobError, InferenceResponseError, InferenceTimeoutError } from '../errors';
import { clearProviderMappingCache } from '../hub';
import type { JobProgress } from '../options';
import { audioToAudio } from '../tasks/audio-to-audio';
import { automaticSpeechRecognition } from '../tasks/automatic-speech-recognition';
import { imageSegmentation } from '../tasks/image-segmentation';
import { imageTextToImage } from '../tasks/image-text-to-image';
import { imageTextToVideo } from '../tasks/image-text-to-video';
import { imageToImage } from '../tasks/image-to-image';
import { imageToVideo } from '../tasks/image-to-video';
import { textToAudio } from '../tasks/text-to-audio';
import { textToImage } from '../tasks/text-to-image';
import { textToSpeech } from '../tasks/text-to-speech';
import { textToVideo } from '../tasks/text-to-video';

const ROOT = 'https://router.huggingface.co';
const TOKEN = 'hf_async_provider_token';
const HUB_LOOKUP = /\/api\/models\/.+\?expand(?:%5B%5D|\[\])=inferenceProviderMapping$/;

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal | null | undefined;
}
type Step = Response | ((request: Sent) => Response | unknown) | object;

/**
 * A fetch that answers the Hub lookup with one provider mapping, then plays `script` in order (the
 * last step repeats), recording every other request. A request sent with an aborted signal fails as
 * fetch would, so a cancel sent with the call's (aborted) signal would never show up.
 */
function providerFetch(provider: string, providerId: string, task: string, ...script: Step[]) {
  const calls: Sent[] = [];
  const hubCalls: string[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (HUB_LOOKUP.test(request.url)) {
      hubCalls.push(request.url);
      return Response.json({
        _id: 'x',
        id: 'm',
        inferenceProviderMapping: [{ provider, providerId, status: 'live', task }],
      });
    }
    init?.signal?.throwIfAborted();
    const sent: Sent = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
      signal: init?.signal,
    };
    calls.push(sent);
    const step = script[Math.min(calls.length - 1, script.length - 1)];
    const value = typeof step === 'function' ? await step(sent) : step;
    return value instanceof Response ? value.clone() : Response.json(value);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls, hubCalls };
}

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const pngB64 = Buffer.from(png).toString('base64');
const pngDataUrl = `data:image/png;base64,${pngB64}`;
const bytes = (type: string, data = png) => new Response(data, { headers: { 'content-type': type } });
const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());
const jsonOf = (sent: Sent | undefined) => JSON.parse(sent!.body) as unknown;

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

/** The common checks of a follow-up: a GET through the router root with the token, without `prefer`. */
const expectPoll = (sent: Sent | undefined, url: string) => {
  expect(sent).toMatchObject({ method: 'GET', url });
  expect(sent!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(sent!.headers.prefer).toBeUndefined();
};

/** A media download from a provider's CDN: a GET without the token or any header of the call. */
const expectDownload = (sent: Sent | undefined, url: string) => {
  expect(sent).toMatchObject({ method: 'GET', url });
  expect(sent!.headers.authorization).toBeUndefined();
  expect(JSON.stringify(sent!.headers)).not.toContain(TOKEN);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  clearProviderMappingCache();
});
afterEach(() => {
  vi.useRealTimers();
});

const base = { accessToken: TOKEN, model: 'org/model' };

describe('replicate', () => {
  const prediction = (status: string, extra: object = {}) => ({
    id: 'p1',
    status,
    output: null,
    urls: {
      get: 'https://api.replicate.com/v1/predictions/p1',
      cancel: 'https://api.replicate.com/v1/predictions/p1/cancel',
    },
    ...extra,
  });
  const CDN = 'https://replicate.delivery/xezq/out-0.webp';
  const POLL = `${ROOT}/replicate/v1/predictions/p1`;

  it('text-to-image: creates a prediction on the model route with Prefer: wait, and downloads its URL without the token', async () => {
    const { fetch, calls, hubCalls } = providerFetch(
      'replicate',
      'black-forest-labs/flux-schnell',
      'text-to-image',
      prediction('succeeded', { output: CDN }),
      bytes('image/webp'),
    );
    const image = await settle(
      textToImage({
        ...base,
        fetch,
        provider: 'replicate',
        inputs: 'a cat',
        parameters: { numInferenceSteps: 4, seed: 1 },
      }),
    );
    expect(hubCalls).toEqual(['https://huggingface.co/api/models/org/model?expand[]=inferenceProviderMapping']);
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${ROOT}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`,
    });
    expect(calls[0]!.headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      'content-type': 'application/json',
      prefer: 'wait',
    });
    expect(jsonOf(calls[0])).toEqual({ input: { num_inference_steps: 4, seed: 1, prompt: 'a cat' } });
    expectDownload(calls[1], CDN);
    expect(image.type).toBe('image/webp');
    expect(await blobBytes(image)).toEqual(png);
  });

  it('a version-pinned id goes to /v1/predictions with { version }; an output list gives its first URL', async () => {
    const { fetch, calls } = providerFetch(
      'replicate',
      'owner/sdxl:39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b',
      'text-to-image',
      prediction('succeeded', { output: [CDN, 'https://replicate.delivery/xezq/out-1.webp'] }),
      bytes('image/webp'),
    );
    await settle(textToImage({ ...base, fetch, inputs: 'a cat' }));
    expect(calls[0]!.url).toBe(`${ROOT}/replicate/v1/predictions`);
    expect(jsonOf(calls[0])).toEqual({
      input: { prompt: 'a cat' },
      version: '39ed52f2a78e934b3ba6e2a89f5b1c712de7dfea535525255b1aa35c5565e08b',
    });
    expectDownload(calls[1], CDN);
    expect(calls).toHaveLength(2);
  });

  it('the call’s own headers win over Prefer: wait', async () => {
    const { fetch, calls } = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('succeeded', { output: pngDataUrl }),
    );
    await settle(textToImage({ ...base, fetch, inputs: 'a cat', headers: { prefer: 'wait=5' } }));
    expect(calls[0]!.headers.prefer).toBe('wait=5');
  });

  it('polls a prediction still starting through the root (not urls.get’s host), reporting queued then running', async () => {
    const progress: JobProgress[] = [];
    const { fetch, calls } = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('starting'),
      prediction('processing'),
      prediction('succeeded', { output: pngDataUrl }),
    );
    const image = await settle(textToImage({ ...base, fetch, inputs: 'a cat', onProgress: (p) => progress.push(p) }));
    expect(calls).toHaveLength(3);
    expectPoll(calls[1], POLL);
    expectPoll(calls[2], POLL);
    expect(progress).toEqual([
      { status: 'queued', elapsed: 0 },
      { status: 'running', elapsed: 500 },
    ]);
    // A data URL output is decoded: no download.
    expect(image.type).toBe('image/png');
    expect(await blobBytes(image)).toEqual(png);
  });

  it('a failed prediction is an InferenceJobError keeping replicate’s message', async () => {
    const { fetch, calls } = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('processing'),
      prediction('failed', { error: 'NSFW content detected. Try running it again, or try a different prompt.' }),
    );
    const error = (await failure(textToImage({ ...base, fetch, inputs: 'a cat' }))) as InferenceJobError;
    expect(error).toBeInstanceOf(InferenceJobError);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.name).toBe('InferenceJobError');
    expect(error.status).toBe('failed');
    expect(error.jobId).toBe('p1');
    expect(error.serverMessage).toBe('NSFW content detected. Try running it again, or try a different prompt.');
    expect(error.message).toBe(
      'The replicate job p1 for model "o/m" ended "failed": NSFW content detected. Try running it again, or try a different prompt.',
    );
    expect(calls).toHaveLength(2);
  });

  it('a prediction failed at once (and a canceled one) fails without polling', async () => {
    const failed = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('failed', { error: 'CUDA out of memory' }),
    );
    const error = (await failure(textToImage({ ...base, fetch: failed.fetch, inputs: 'a cat' }))) as InferenceJobError;
    expect(error.serverMessage).toBe('CUDA out of memory');
    expect(failed.calls).toHaveLength(1);
    clearProviderMappingCache();
    const canceled = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('processing'),
      prediction('canceled'),
    );
    const stopped = (await failure(
      textToImage({ ...base, fetch: canceled.fetch, inputs: 'a cat' }),
    )) as InferenceJobError;
    expect(stopped).toMatchObject({ status: 'canceled', serverMessage: undefined });
  });

  it('an abort while polling stops at once and cancels the prediction through the root', async () => {
    const controller = new AbortController();
    const { fetch, calls } = providerFetch('replicate', 'o/m', 'text-to-image', prediction('starting'), (sent: Sent) =>
      sent.url.endsWith('/cancel') ? prediction('canceled') : prediction('processing'),
    );
    const outcome = textToImage({ ...base, fetch, inputs: 'a cat', signal: controller.signal }).then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(1200); // submit, polls at 500 and 1000 ms
    expect(calls).toHaveLength(3);
    const reason = new Error('user stopped');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    await vi.waitFor(() => expect(calls).toHaveLength(4));
    expect(calls[3]).toMatchObject({ method: 'POST', url: `${POLL}/cancel`, body: '' });
    expect(calls[3]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(4);
  });

  it('timeout bounds the whole job: InferenceTimeoutError, and the prediction is cancelled', async () => {
    const { fetch, calls } = providerFetch('replicate', 'o/m', 'text-to-image', prediction('starting'), (sent: Sent) =>
      sent.url.endsWith('/cancel') ? prediction('canceled') : prediction('processing'),
    );
    const error = await failure(textToImage({ ...base, fetch, inputs: 'a cat', timeout: 1200 }));
    expect(error).toBeInstanceOf(InferenceTimeoutError);
    expect((error as InferenceTimeoutError).timeout).toBe(1200);
    // Polls at 500 and 1000 ms; the last wait is only the 200 ms left, then the job is given up.
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      `POST ${ROOT}/replicate/v1/models/o/m/predictions`,
      `GET ${POLL}`,
      `GET ${POLL}`,
      `POST ${POLL}/cancel`,
    ]);
  });

  it('an output URL below the router root is fetched with the token; any other host without', async () => {
    const own = `${ROOT}/replicate/files/out.png`;
    const { fetch, calls } = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('succeeded', { output: { url: own } }),
      bytes('image/png'),
    );
    await settle(textToImage({ ...base, fetch, inputs: 'a cat' }));
    expect(calls[1]).toMatchObject({ method: 'GET', url: own });
    expect(calls[1]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a succeeded prediction without output is an InferenceResponseError', async () => {
    const { fetch } = providerFetch('replicate', 'o/m', 'text-to-image', prediction('succeeded', { output: null }));
    expect(await failure(textToImage({ ...base, fetch, inputs: 'a cat' }))).toBeInstanceOf(InferenceResponseError);
    clearProviderMappingCache();
    const bad = providerFetch('replicate', 'o/m', 'text-to-image', { detail: 'nothing' });
    expect(await failure(textToImage({ ...base, fetch: bad.fetch, inputs: 'a cat' }))).toBeInstanceOf(
      InferenceResponseError,
    );
  });

  it('text-to-speech: the text as `text`, the audio URL downloaded', async () => {
    const url = 'https://replicate.delivery/xezq/speech.wav';
    const { fetch, calls } = providerFetch(
      'replicate',
      'jaaari/kokoro-82m',
      'text-to-speech',
      prediction('succeeded', { output: url }),
      bytes('audio/wav'),
    );
    const audio = await settle(textToSpeech({ ...base, fetch, inputs: 'Hello' }));
    expect(calls[0]!.url).toBe(`${ROOT}/replicate/v1/models/jaaari/kokoro-82m/predictions`);
    expect(calls[0]!.headers.prefer).toBe('wait');
    expect(jsonOf(calls[0])).toEqual({ input: { text: 'Hello' } });
    expectDownload(calls[1], url);
    expect(audio.type).toBe('audio/wav');
  });

  it('text-to-video: polled to a video URL', async () => {
    const url = 'https://replicate.delivery/xezq/video.mp4';
    const { fetch, calls } = providerFetch(
      'replicate',
      'tencent/hunyuan-video',
      'text-to-video',
      prediction('starting'),
      prediction('succeeded', { output: url }),
      bytes('video/mp4'),
    );
    const video = await settle(textToVideo({ ...base, fetch, inputs: 'waves', parameters: { numFrames: 49 } }));
    expect(jsonOf(calls[0])).toEqual({ input: { num_frames: 49, prompt: 'waves' } });
    expectPoll(calls[1], POLL);
    expectDownload(calls[2], url);
    expect(video.type).toBe('video/mp4');
  });

  it('image-to-image: the image as a data URL under every key replicate models use', async () => {
    const { fetch, calls } = providerFetch(
      'replicate',
      'owner/edit:v1',
      'image-to-image',
      prediction('succeeded', { output: [CDN] }),
      bytes('image/webp'),
    );
    await settle(
      imageToImage({ ...base, fetch, inputs: new Blob([png], { type: 'image/png' }), parameters: { prompt: 'snow' } }),
    );
    expect(calls[0]!.url).toBe(`${ROOT}/replicate/v1/predictions`);
    expect(jsonOf(calls[0])).toEqual({
      input: {
        prompt: 'snow',
        image: pngDataUrl,
        images: [pngDataUrl],
        input_image: pngDataUrl,
        input_images: [pngDataUrl],
      },
      version: 'v1',
    });
    expectDownload(calls[1], CDN);
  });

  describe('automatic-speech-recognition', () => {
    const flac = new Blob([new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 1])], { type: 'audio/flac' });
    const flacUrl = `data:audio/flac;base64,${Buffer.from([0x66, 0x4c, 0x61, 0x43, 0, 1]).toString('base64')}`;

    it('sends the audio as a data URL and reads a string output', async () => {
      const { fetch, calls } = providerFetch(
        'replicate',
        'openai/whisper:v3',
        'automatic-speech-recognition',
        prediction('succeeded', { output: 'hello world' }),
      );
      const out = await settle(automaticSpeechRecognition({ ...base, fetch, inputs: flac }));
      expect(out).toEqual({ text: 'hello world' });
      expect(calls[0]!.url).toBe(`${ROOT}/replicate/v1/predictions`);
      expect(jsonOf(calls[0])).toEqual({ input: { audio: flacUrl }, version: 'v3' });
    });

    it('with parameters the audio is typed audio/wav by default', async () => {
      const { fetch, calls } = providerFetch(
        'replicate',
        'o/whisper',
        'automatic-speech-recognition',
        prediction('succeeded', { output: ['hi'] }),
      );
      const out = await settle(
        automaticSpeechRecognition({ ...base, fetch, inputs: flac, parameters: { returnTimestamps: true } }),
      );
      expect(out).toEqual({ text: 'hi' });
      expect(jsonOf(calls[0])).toEqual({
        input: { audio: flacUrl.replace('audio/flac', 'audio/wav'), return_timestamps: true },
      });
    });

    it.each([
      [{ transcription: 'bonjour', translation: null, segments: [] }, 'bonjour'],
      [{ transcription: 'bonjour', translation: 'hello' }, 'hello'],
      [[{ transcription: 'salut' }], 'salut'],
    ])('reads Whisper’s object output %j', async (output, text) => {
      const { fetch } = providerFetch(
        'replicate',
        'o/whisper',
        'automatic-speech-recognition',
        prediction('succeeded', { output }),
      );
      expect(await settle(automaticSpeechRecognition({ ...base, fetch, inputs: flac }))).toEqual({ text });
    });

    it('downloads a txt_file without the token', async () => {
      const file = 'https://replicate.delivery/xezq/transcript.txt';
      const { fetch, calls } = providerFetch(
        'replicate',
        'o/whisper',
        'automatic-speech-recognition',
        prediction('succeeded', { output: { txt_file: file } }),
        new Response('from a file', { headers: { 'content-type': 'text/plain' } }),
      );
      expect(await settle(automaticSpeechRecognition({ ...base, fetch, inputs: flac }))).toEqual({
        text: 'from a file',
      });
      expectDownload(calls[1], file);
    });

    it('an output without a transcript is an InferenceResponseError', async () => {
      const { fetch } = providerFetch(
        'replicate',
        'o/whisper',
        'automatic-speech-recognition',
        prediction('succeeded', { output: { srt: 1 } }),
      );
      expect(await failure(automaticSpeechRecognition({ ...base, fetch, inputs: flac }))).toBeInstanceOf(
        InferenceResponseError,
      );
    });
  });

  it('every route, poll and cancel stays below a custom baseUrl', async () => {
    const controller = new AbortController();
    const { fetch, calls, hubCalls } = providerFetch(
      'replicate',
      'o/m',
      'text-to-image',
      prediction('starting'),
      prediction('processing'),
    );
    const outcome = textToImage({
      ...base,
      fetch,
      baseUrl: 'http://proxy.test/hf',
      inputs: 'a cat',
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(600);
    controller.abort();
    await outcome;
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(hubCalls[0]).toBe('http://proxy.test/hf/api/models/org/model?expand[]=inferenceProviderMapping');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST http://proxy.test/hf/replicate/v1/models/o/m/predictions',
      'GET http://proxy.test/hf/replicate/v1/predictions/p1',
      'POST http://proxy.test/hf/replicate/v1/predictions/p1/cancel',
    ]);
  });
});

describe('wavespeed', () => {
  const answer = (status: string, extra: object = {}) => ({
    code: 200,
    message: 'success',
    data: {
      id: 'w1',
      model: 'wavespeed-ai/flux-dev',
      status,
      outputs: [],
      urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/w1/result' },
      error: '',
      ...extra,
    },
  });
  const POLL = `${ROOT}/wavespeed/api/v3/predictions/w1/result`;
  const CDN = 'https://d1q70pf5vjeyhc.cloudfront.net/predictions/w1/1.jpeg';

  it('text-to-image: submits the prompt, polls the result through the root, downloads outputs[0] without the token', async () => {
    const progress: JobProgress[] = [];
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/flux-dev',
      'text-to-image',
      answer('created'),
      answer('processing'),
      answer('completed', { outputs: [CDN] }),
      bytes('image/jpeg'),
    );
    const image = await settle(
      textToImage({ ...base, fetch, inputs: 'a cat', parameters: { width: 512 }, onProgress: (p) => progress.push(p) }),
    );
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${ROOT}/wavespeed/api/v3/wavespeed-ai/flux-dev` });
    expect(calls[0]!.headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' });
    expect(calls[0]!.headers.prefer).toBeUndefined();
    expect(jsonOf(calls[0])).toEqual({ width: 512, prompt: 'a cat' });
    expectPoll(calls[1], POLL);
    expectPoll(calls[2], POLL);
    expectDownload(calls[3], CDN);
    expect(calls).toHaveLength(4);
    expect(progress).toEqual([
      { status: 'queued', elapsed: 0 },
      { status: 'running', elapsed: 500 },
    ]);
    expect(image.type).toBe('image/jpeg');
  });

  it('text-to-video: a base64 output is decoded, no download', async () => {
    const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/wan-2.1/t2v-480p',
      'text-to-video',
      answer('created'),
      answer('completed', { outputs: [Buffer.from(mp4).toString('base64')] }),
    );
    const video = await settle(textToVideo({ ...base, fetch, inputs: 'waves' }));
    expect(calls[0]!.url).toBe(`${ROOT}/wavespeed/api/v3/wavespeed-ai/wan-2.1/t2v-480p`);
    expect(jsonOf(calls[0])).toEqual({ prompt: 'waves' });
    expect(calls).toHaveLength(2);
    expect(video.type).toBe('video/mp4');
    expect(await blobBytes(video)).toEqual(mp4);
  });

  it('image-to-image: the image as `image` and `images` data URLs beside the parameters', async () => {
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/flux-kontext-dev',
      'image-to-image',
      answer('completed', { outputs: [pngDataUrl] }),
    );
    const image = await settle(imageToImage({ ...base, fetch, inputs: png, parameters: { prompt: 'snow' } }));
    expect(jsonOf(calls[0])).toEqual({ prompt: 'snow', image: pngDataUrl, images: [pngDataUrl] });
    // Completed at once: no poll, and a data URL needs no download.
    expect(calls).toHaveLength(1);
    expect(image.type).toBe('image/png');
  });

  it('image-to-video: the raw image (no parameters) typed by its Blob', async () => {
    const url = 'https://d1q70pf5vjeyhc.cloudfront.net/predictions/w1/1.mp4';
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/wan-2.1/i2v-480p',
      'image-to-video',
      answer('created'),
      answer('completed', { outputs: [url] }),
      bytes('video/mp4'),
    );
    await settle(imageToVideo({ ...base, fetch, inputs: new Blob([png], { type: 'image/png' }) }));
    expect(jsonOf(calls[0])).toEqual({ image: pngDataUrl, images: [pngDataUrl] });
    expectPoll(calls[1], POLL);
    expectDownload(calls[2], url);
  });

  it('image-text-to-image: with an image as image-to-image; without one a blank PNG', async () => {
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/qwen-image/edit',
      'image-text-to-image',
      answer('completed', { outputs: [pngDataUrl] }),
    );
    await settle(imageTextToImage({ ...base, fetch, inputs: png, parameters: { prompt: 'snow' } }));
    expect(jsonOf(calls[0])).toEqual({ prompt: 'snow', image: pngDataUrl, images: [pngDataUrl] });
    await settle(imageTextToImage({ ...base, fetch, parameters: { prompt: 'a cat', seed: 3 } }));
    const body = jsonOf(calls[1]) as { image: string; images: string[] };
    expect(body).toMatchObject({ prompt: 'a cat', seed: 3 });
    expect(body.image).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
    expect(body.images).toEqual([body.image]);
  });

  it('image-text-to-video: submits to the model and reads the video', async () => {
    const url = 'https://d1q70pf5vjeyhc.cloudfront.net/predictions/w1/2.mp4';
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/wan-2.2/i2v-5b',
      'image-text-to-video',
      answer('created'),
      answer('completed', { outputs: [url] }),
      bytes('video/mp4'),
    );
    const video = await settle(
      imageTextToVideo({ ...base, fetch, inputs: png, parameters: { prompt: 'waves', numFrames: 81 } }),
    );
    expect(calls[0]!.url).toBe(`${ROOT}/wavespeed/api/v3/wavespeed-ai/wan-2.2/i2v-5b`);
    expect(jsonOf(calls[0])).toEqual({ prompt: 'waves', num_frames: 81, image: pngDataUrl, images: [pngDataUrl] });
    expectDownload(calls[2], url);
    expect(video.type).toBe('video/mp4');
  });

  it('a failed job is an InferenceJobError keeping wavespeed’s error', async () => {
    const { fetch } = providerFetch(
      'wavespeed',
      'wavespeed-ai/flux-dev',
      'text-to-image',
      answer('created'),
      answer('failed', { error: 'prompt rejected by the safety checker' }),
    );
    const error = (await failure(textToImage({ ...base, fetch, inputs: 'a cat' }))) as InferenceJobError;
    expect(error).toBeInstanceOf(InferenceJobError);
    expect(error).toMatchObject({
      status: 'failed',
      jobId: 'w1',
      serverMessage: 'prompt rejected by the safety checker',
    });
  });

  it('an answer without data.id is an InferenceResponseError showing it', async () => {
    const { fetch } = providerFetch('wavespeed', 'wavespeed-ai/flux-dev', 'text-to-image', {
      code: 400,
      message: 'bad size',
      data: null,
    });
    const error = (await failure(textToImage({ ...base, fetch, inputs: 'a cat' }))) as InferenceResponseError;
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('bad size');
  });

  it('an abort while polling stops at once (wavespeed has no cancel route)', async () => {
    const controller = new AbortController();
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/flux-dev',
      'text-to-image',
      answer('created'),
      answer('processing'),
    );
    const outcome = textToImage({ ...base, fetch, inputs: 'a cat', signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(700);
    controller.abort(new Error('stop'));
    expect(await outcome).toEqual(new Error('stop'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(2);
  });

  it('timeout bounds the job', async () => {
    const { fetch, calls } = providerFetch(
      'wavespeed',
      'wavespeed-ai/flux-dev',
      'text-to-image',
      answer('created'),
      answer('processing'),
    );
    expect(await failure(textToImage({ ...base, fetch, inputs: 'a cat', timeout: 900 }))).toBeInstanceOf(
      InferenceTimeoutError,
    );
    expect(calls).toHaveLength(2);
  });
});

describe('fal-ai queue', () => {
  const queue = (status: string, extra: object = {}) => ({
    request_id: 'r1',
    status,
    response_url: 'https://queue.fal.run/fal-ai/app/requests/r1',
    status_url: 'https://queue.fal.run/fal-ai/app/requests/r1/status',
    ...extra,
  });
  const BASE = `${ROOT}/fal-ai/fal-ai/app/requests/r1`;

  it('audio-to-audio: the audio as a fal data URL; queue positions reported; the audio downloaded without the token', async () => {
    const progress: JobProgress[] = [];
    const url = 'https://v3.fal.media/files/out.wav';
    const wav = new Uint8Array([0x52, 0x49, 0x46, 0x46, 1, 2]);
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/deepfilternet3',
      'audio-to-audio',
      queue('IN_QUEUE', { queue_position: 2 }),
      queue('IN_QUEUE', { queue_position: 0 }),
      queue('IN_PROGRESS'),
      queue('COMPLETED'),
      { audio: { url, content_type: 'audio/wav' } },
      bytes('application/octet-stream', wav),
    );
    const out = await settle(
      audioToAudio({
        ...base,
        fetch,
        inputs: new Blob([wav], { type: 'audio/wav' }),
        onProgress: (p) => progress.push(p),
      }),
    );
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${ROOT}/fal-ai/fal-ai/deepfilternet3?_subdomain=queue` });
    expect(jsonOf(calls[0])).toEqual({ audio_url: `data:audio/x-wav;base64,${Buffer.from(wav).toString('base64')}` });
    for (const i of [1, 2, 3]) expectPoll(calls[i], `${BASE}/status?_subdomain=queue`);
    expectPoll(calls[4], `${BASE}?_subdomain=queue`);
    expectDownload(calls[5], url);
    expect(progress).toEqual([
      { status: 'queued', elapsed: 0, queuePosition: 2 },
      { status: 'queued', elapsed: 500, queuePosition: 0 },
      { status: 'running', elapsed: 1000, queuePosition: undefined },
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]!.label).toBe('speech');
    expect(out[0]!.contentType).toBe('audio/wav');
    expect(out[0]!.blob.type).toBe('audio/wav');
    expect(await blobBytes(out[0]!.blob)).toEqual(wav);
  });

  it('audio-to-audio: labels the track with fal’s text when given', async () => {
    const { fetch } = providerFetch('fal-ai', 'fal-ai/app', 'audio-to-audio', queue('COMPLETED'), {
      audio: { url: `data:audio/mpeg;base64,${pngB64}` },
      text: 'vocals',
    });
    const [track] = await settle(audioToAudio({ ...base, fetch, inputs: new Blob([png], { type: 'audio/mpeg' }) }));
    expect(track).toMatchObject({ label: 'vocals', contentType: 'audio/mpeg' });
  });

  it('text-to-audio: { ...parameters, prompt } to the queue; Stable Audio’s `audio_file` downloaded without the token', async () => {
    const url = 'https://v3.fal.media/files/music.wav';
    const wav = new Uint8Array([0x52, 0x49, 0x46, 0x46, 9, 8, 7]);
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/stable-audio',
      'text-to-audio',
      queue('IN_QUEUE'),
      queue('COMPLETED'),
      { audio_file: { url, content_type: 'audio/wav', file_name: 'music.wav' } },
      bytes('audio/wav', wav),
    );
    const audio = await settle(
      textToAudio({
        ...base,
        fetch,
        inputs: 'lo-fi hip hop beats',
        parameters: { generationParameters: { maxNewTokens: 10 } },
      }),
    );
    expect(calls[0]).toMatchObject({ method: 'POST', url: `${ROOT}/fal-ai/fal-ai/stable-audio?_subdomain=queue` });
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(jsonOf(calls[0])).toEqual({
      generation_parameters: { max_new_tokens: 10 },
      prompt: 'lo-fi hip hop beats',
    });
    expectPoll(calls[1], `${BASE}/status?_subdomain=queue`);
    expectPoll(calls[2], `${BASE}?_subdomain=queue`);
    expectDownload(calls[3], url);
    expect(audio.type).toBe('audio/wav');
    expect(await blobBytes(audio)).toEqual(wav);
  });

  it('text-to-audio: an `audio` answer is read too; an answer without audio is an InferenceResponseError', async () => {
    const { fetch } = providerFetch('fal-ai', 'fal-ai/app', 'text-to-audio', queue('COMPLETED'), {
      audio: { url: `data:audio/mpeg;base64,${pngB64}` },
    });
    const audio = await settle(textToAudio({ ...base, fetch, inputs: 'a bell' }));
    expect(audio.type).toBe('audio/mpeg');
    expect(await blobBytes(audio)).toEqual(png);
    clearProviderMappingCache();
    const bad = providerFetch('fal-ai', 'fal-ai/app', 'text-to-audio', queue('COMPLETED'), { images: [] });
    expect(await failure(textToAudio({ ...base, fetch: bad.fetch, inputs: 'a bell' }))).toBeInstanceOf(
      InferenceResponseError,
    );
  });

  it('image-segmentation: image_url with sync_mode; the inline mask as one segment', async () => {
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/evf-sam',
      'image-segmentation',
      queue('IN_QUEUE'),
      queue('COMPLETED'),
      { image: { url: pngDataUrl, content_type: 'image/png' } },
    );
    const segments = await settle(
      imageSegmentation({ ...base, fetch, inputs: png, parameters: { maskThreshold: 0.5 } }),
    );
    expect(calls[0]!.url).toBe(`${ROOT}/fal-ai/fal-ai/evf-sam?_subdomain=queue`);
    expect(jsonOf(calls[0])).toEqual({ mask_threshold: 0.5, image_url: pngDataUrl, sync_mode: true });
    expect(calls).toHaveLength(3);
    expect(segments).toHaveLength(1);
    expect(segments[0]).toMatchObject({ label: 'mask', score: 1 });
    expect(segments[0]!.mask.type).toBe('image/png');
    expect(await blobBytes(segments[0]!.mask)).toEqual(png);
  });

  it('image-segmentation: a mask URL is downloaded without the token', async () => {
    const url = 'https://v3.fal.media/files/mask.png';
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/app',
      'image-segmentation',
      queue('COMPLETED'),
      { image: { url } },
      bytes('image/png'),
    );
    const [segment] = await settle(imageSegmentation({ ...base, fetch, inputs: png }));
    expectDownload(calls[2], url);
    expect(await blobBytes(segment!.mask)).toEqual(png);
  });

  it('an abort while queued stops at once and cancels the request through the root', async () => {
    const controller = new AbortController();
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/flux/dev',
      'text-to-image',
      queue('IN_QUEUE', { queue_position: 4 }),
      (sent: Sent) =>
        sent.method === 'PUT' ? { status: 'CANCELLATION_REQUESTED' } : queue('IN_QUEUE', { queue_position: 3 }),
    );
    const outcome = textToImage({ ...base, fetch, inputs: 'a cat', signal: controller.signal }).catch(
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(600);
    controller.abort(new Error('stop'));
    expect(await outcome).toEqual(new Error('stop'));
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    expect(calls[2]).toMatchObject({ method: 'PUT', url: `${BASE}/cancel?_subdomain=queue` });
    expect(calls[2]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    await vi.advanceTimersByTimeAsync(5000);
    expect(calls).toHaveLength(3);
  });

  it('timeout bounds a queued job and cancels it', async () => {
    const { fetch, calls } = providerFetch(
      'fal-ai',
      'fal-ai/app',
      'image-segmentation',
      queue('IN_QUEUE'),
      (sent: Sent) => (sent.method === 'PUT' ? {} : queue('IN_PROGRESS')),
    );
    expect(await failure(imageSegmentation({ ...base, fetch, inputs: png, timeout: 700 }))).toBeInstanceOf(
      InferenceTimeoutError,
    );
    await vi.waitFor(() => expect(calls.at(-1)?.method).toBe('PUT'));
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET', 'PUT']);
  });
});
