/**
 * Contract tests of core's provider code (fal-ai's queue, replicate's predictions) against the
 * emulator's provider routes over real HTTP: `provider: 'auto'` follows the Hub mapping, explicit
 * providers go where they are told, progress is reported, media comes back as Blobs, and job
 * failures and request faults reach the caller as core's errors. Jobs take one poll (core polls
 * every 500 ms), and the tests run concurrently, so the file stays around two seconds.
 */
import {
  InferenceHTTPError,
  InferenceValidationError,
  audioToAudio,
  automaticSpeechRecognition,
  clearProviderMappingCache,
  featureExtraction,
  imageSegmentation,
  imageTextToImage,
  imageTextToVideo,
  imageToImage,
  imageToText,
  imageToVideo,
  textToAudio,
  textToImage,
  textToSpeech,
  textGeneration,
  textGenerationStream,
  textToVideo,
  type JobProgress,
} from '@inferkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../node';

const FLUX = 'black-forest-labs/FLUX.1-schnell';
let emu: RunningEmulator;
let baseUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  clearProviderMappingCache();
  emu = await startEmulator({
    port: 0,
    jobs: { queuedPolls: 1, runningPolls: 0 },
    onRequest: (e) => requests.push(`${e.method} ${e.path} ${e.status}`),
  });
  baseUrl = emu.url;
});
afterAll(() => emu?.close());

/** Small images keep the engines quick. */
const SMALL = { width: 64, height: 64 };
const fault = (spec: string) => ({ headers: { 'x-inferkit-fault': spec } });
const PNG_1PX = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII='),
  (c) => c.charCodeAt(0),
);
const png = () => new Blob([PNG_1PX], { type: 'image/png' });
const head = async (blob: Blob, from: number, to: number) =>
  String.fromCharCode(...new Uint8Array(await blob.arrayBuffer()).subarray(from, to));

describe.concurrent('core provider tasks against the emulator', () => {
  it('textToImage: auto goes to fal-ai’s queue, reports progress, and returns the image', async () => {
    const progress: JobProgress[] = [];
    const image = await textToImage({
      model: FLUX,
      baseUrl,
      inputs: 'a fox',
      parameters: SMALL,
      onProgress: (p) => progress.push(p),
    });
    expect(image.type).toBe('image/png');
    expect(await head(image, 1, 4)).toBe('PNG');
    expect(progress).toEqual([{ status: 'queued', queuePosition: 0, elapsed: expect.any(Number) }]);
    expect(requests.some((r) => r.startsWith('POST /fal-ai/fal-ai/flux/schnell 200'))).toBe(true);
    expect(requests.some((r) => /^GET \/fal-ai\/fal-ai\/flux\/requests\/[\w-]+\/status 200/.test(r))).toBe(true);
  });

  it('textToImage on explicit providers: fal-ai, replicate (Prefer: wait, no polling), and auto again', async () => {
    for (const provider of ['fal-ai', 'replicate', 'auto'] as const) {
      const image = await textToImage({ model: FLUX, provider, baseUrl, inputs: 'a lighthouse', parameters: SMALL });
      expect(image.type, provider).toBe('image/png');
    }
    expect(
      requests.some((r) => r.startsWith('POST /replicate/v1/models/black-forest-labs/flux-schnell/predictions 201')),
    ).toBe(true);
  });

  it('textToVideo on fal-ai and replicate, imageToVideo from an image: MP4 blobs', async () => {
    for (const provider of ['auto', 'replicate'] as const) {
      const video = await textToVideo({ baseUrl, provider, inputs: 'waves at dusk' });
      expect(video.type, provider).toBe('video/mp4');
      expect(await head(video, 4, 8), provider).toBe('ftyp');
    }
    const moving = await imageToVideo({ baseUrl, inputs: png(), parameters: { prompt: 'it moves' } });
    expect(await head(moving, 4, 8)).toBe('ftyp');
  });

  // Providers core is still adding: each call runs only when core's task lists the provider.
  it('wavespeed and black-forest-labs jobs, where core serves them: video, an edit, an image', async () => {
    const serves = (task: { definition: { providers?: object | undefined } }, provider: string) =>
      !!task.definition.providers && provider in task.definition.providers;
    if (serves(textToVideo, 'wavespeed')) {
      const video = await textToVideo({ baseUrl, provider: 'wavespeed' as never, inputs: 'a comet' });
      expect(await head(video, 4, 8)).toBe('ftyp');
    }
    if (serves(imageTextToImage, 'wavespeed')) {
      const edited = await imageTextToImage({
        baseUrl,
        provider: 'wavespeed' as never,
        inputs: png(),
        parameters: { prompt: 'blue' },
      });
      expect(edited.type).toBe('image/png');
    }
    if (serves(textToImage, 'black-forest-labs')) {
      const image = await textToImage({
        baseUrl,
        provider: 'black-forest-labs' as never,
        model: 'black-forest-labs/FLUX.1-Krea-dev',
        inputs: 'a fern',
        parameters: SMALL,
      });
      expect(await head(image, 1, 4)).toBe('PNG');
    }
  });

  it('OpenAI-compatible providers: completions (auto: featherless-ai), a stream, embeddings, images', async () => {
    const out = await textGeneration({ baseUrl, inputs: 'Once upon a time', parameters: { maxNewTokens: 5 } });
    expect(out.generatedText.length).toBeGreaterThan(0);
    expect(requests.some((r) => r.startsWith('POST /featherless-ai/v1/completions 200'))).toBe(true);
    let text = '';
    let last: { generatedText?: string | null } = {};
    for await (const chunk of textGenerationStream({ baseUrl, provider: 'together', inputs: 'Once upon a time' })) {
      text += chunk.token.text;
      last = chunk;
    }
    expect(last.generatedText).toBe(text);
    for (const provider of ['together'] as const) {
      const vector = (
        await featureExtraction({ baseUrl, provider, model: 'BAAI/bge-base-en-v1.5', inputs: 'hi' })
      ).flat(2);
      expect(vector, provider).toHaveLength(768);
    }
    for (const provider of ['together', 'nscale'] as const) {
      const image = await textToImage({ baseUrl, provider, model: FLUX, inputs: 'a cat', parameters: SMALL });
      expect(await head(image, 1, 4), provider).toBe('PNG');
    }
    for (const provider of ['novita', 'together'] as const) {
      const video = await textToVideo({ baseUrl, provider, inputs: 'rain' });
      expect(await head(video, 4, 8), provider).toBe('ftyp');
    }
    const moving = await imageToVideo({ baseUrl, provider: 'together', inputs: png(), parameters: { prompt: 'go' } });
    expect(await head(moving, 4, 8)).toBe('ftyp');
    const speech = await textToSpeech({
      baseUrl,
      provider: 'together',
      model: 'hexgrad/Kokoro-82M',
      inputs: 'Hi there.',
    });
    const heard = await automaticSpeechRecognition({
      baseUrl,
      provider: 'together',
      model: 'openai/whisper-large-v3',
      inputs: new Blob([await speech.arrayBuffer()], { type: 'audio/wav' }),
    });
    expect(heard.text).toBe('Hi there.');
    // Three provider jobs poll every 500 ms: on a loaded CI runner this takes more than the default 15 s.
  }, 30_000);

  it('textGeneration and its stream on ovhcloud (completions), groq and novita (a chat body at their chat route)', async () => {
    const prompt = { inputs: 'Once upon a time', parameters: { maxNewTokens: 5 } };
    for (const provider of ['ovhcloud', 'groq', 'novita'] as const) {
      const out = await textGeneration({ baseUrl, provider, ...prompt });
      expect(out.generatedText.length, provider).toBeGreaterThan(0);
      let text = '';
      let last: { generatedText?: string | null; details?: { finishReason: string } | null } = {};
      for await (const chunk of textGenerationStream({ baseUrl, provider, ...prompt })) {
        text += chunk.token.text;
        last = chunk;
      }
      // The emulator answers a prompt the same way streamed or not.
      expect(text, provider).toBe(out.generatedText);
      expect(last.generatedText, provider).toBe(text);
      expect(last.details?.finishReason, provider).toBe('length');
    }
    for (const route of [
      '/ovhcloud/v1/completions',
      '/groq/openai/v1/chat/completions',
      '/novita/v3/openai/chat/completions',
    ])
      expect(
        requests.filter((r) => r.startsWith(`POST ${route} 200`)),
        route,
      ).toHaveLength(2);
  });

  it('deepinfra and scaleway over their OpenAI-style routes: text generation, embeddings, image, speech both ways', async () => {
    for (const provider of ['deepinfra', 'scaleway'] as const) {
      const out = await textGeneration({
        baseUrl,
        provider,
        inputs: 'Once upon a time',
        parameters: { maxNewTokens: 4 },
      });
      expect(out.generatedText.length, provider).toBeGreaterThan(0);
      const vectors = await featureExtraction({ baseUrl, provider, model: 'BAAI/bge-base-en-v1.5', inputs: 'hello' });
      expect(Array.isArray(vectors), provider).toBe(true);
    }
    const image = await textToImage({ baseUrl, provider: 'deepinfra', model: FLUX, inputs: 'a red fox' });
    expect(image.type).toMatch(/^image\//);
    const speech = await textToSpeech({
      baseUrl,
      provider: 'deepinfra',
      model: 'hexgrad/Kokoro-82M',
      inputs: 'Hi there.',
    });
    const heard = await automaticSpeechRecognition({
      baseUrl,
      provider: 'deepinfra',
      model: 'openai/whisper-large-v3',
      inputs: new Blob([await speech.arrayBuffer()], { type: 'audio/wav' }),
    });
    expect(heard.text).toBe('Hi there.');
    for (const route of [
      '/deepinfra/v1/openai/completions',
      '/deepinfra/v1/openai/embeddings',
      '/scaleway/v1/completions',
      '/scaleway/v1/embeddings',
      '/deepinfra/v1/openai/images/generations',
    ])
      expect(
        requests.some((r) => r.startsWith(`POST ${route} 200`)),
        route,
      ).toBe(true);
  });

  it('imageToImage (FLUX.1 Kontext) on fal-ai, replicate, wavespeed and together: the edited image', async () => {
    const KONTEXT = 'black-forest-labs/FLUX.1-Kontext-dev';
    for (const provider of ['fal-ai', 'replicate', 'wavespeed', 'together'] as const) {
      const edited = await imageToImage({
        baseUrl,
        provider,
        model: KONTEXT,
        inputs: png(),
        parameters: { prompt: 'make it blue' },
      });
      expect(await head(edited, 1, 4), provider).toBe('PNG');
    }
    for (const route of [
      '/fal-ai/fal-ai/flux-kontext/dev',
      '/replicate/v1/models/black-forest-labs/flux-kontext-dev/predictions',
      '/wavespeed/api/v3/wavespeed-ai/flux-kontext-dev',
      '/together/v1/images/generations',
    ])
      expect(
        requests.some((r) => r.startsWith(`POST ${route} 20`)),
        route,
      ).toBe(true);
  });

  it('imageTextToVideo on novita (MiniMax H3’s own routes) and wavespeed; textToImage on wavespeed; speech on replicate', async () => {
    const minimax = await imageTextToVideo({
      baseUrl,
      provider: 'novita',
      model: 'MiniMaxAI/MiniMax-H3',
      inputs: png(),
      parameters: { prompt: 'it moves' },
    });
    expect(await head(minimax, 4, 8)).toBe('ftyp');
    expect(requests.some((r) => r.startsWith('POST /novita/v3/minimax/v2/video_generation 200'))).toBe(true);
    expect(requests.some((r) => /^GET \/novita\/v3\/minimax\/v2\/query\/video_generation\/[\w-]+ 200/.test(r))).toBe(
      true,
    );
    const wan = await imageTextToVideo({
      baseUrl,
      provider: 'wavespeed',
      model: 'Wan-AI/Wan2.2-TI2V-5B',
      inputs: png(),
      parameters: { prompt: 'it moves' },
    });
    expect(await head(wan, 4, 8)).toBe('ftyp');
    const image = await textToImage({
      baseUrl,
      provider: 'wavespeed',
      model: FLUX,
      inputs: 'a fern',
      parameters: SMALL,
    });
    expect(await head(image, 1, 4)).toBe('PNG');
    const speech = await textToSpeech({ baseUrl, provider: 'replicate', model: 'hexgrad/Kokoro-82M', inputs: 'Hi.' });
    expect(await head(speech, 0, 4)).toBe('RIFF');
  });

  it('zai-org: an async CogView image polled at /async-result, and OCR at /layout_parsing', async () => {
    const image = await textToImage({
      baseUrl,
      provider: 'zai-org',
      model: 'zai-org/CogView4-6B',
      inputs: 'a lantern',
      parameters: SMALL,
    });
    expect(await head(image, 1, 4)).toBe('PNG');
    const text = await imageToText({ baseUrl, provider: 'zai-org', model: 'zai-org/GLM-OCR', inputs: png() });
    expect(text.generatedText.length).toBeGreaterThan(0);
    for (const route of [
      /^POST \/zai-org\/api\/paas\/v4\/async\/images\/generations 200/,
      /^GET \/zai-org\/api\/paas\/v4\/async-result\/[\w-]+ 200/,
      /^POST \/zai-org\/api\/paas\/v4\/layout_parsing 200/,
    ])
      expect(
        requests.some((r) => route.test(r)),
        String(route),
      ).toBe(true);
  });

  it('textGeneration on hf-inference: the model’s OpenAI completions route, plain and streamed', async () => {
    const args = {
      baseUrl,
      model: 'openai-community/gpt2',
      inputs: 'Once upon a time',
      parameters: { maxNewTokens: 5 },
    };
    const out = await textGeneration(args);
    expect(out.generatedText.length).toBeGreaterThan(0);
    let text = '';
    let details: { finishReason: string; generatedTokens: number; inputLength?: number } | null = null;
    for await (const chunk of textGenerationStream(args)) {
      text += chunk.token.text;
      details = chunk.details ?? details;
    }
    expect(text).toBe(out.generatedText);
    // The last chunk's usage becomes TGI's stream details.
    expect(details).toMatchObject({ finishReason: 'length', generatedTokens: 5, inputLength: expect.any(Number) });
    expect(
      requests.filter((r) => r.startsWith('POST /hf-inference/models/openai-community/gpt2/v1/completions 200')),
    ).toHaveLength(2);
  });

  it('textToAudio: the default model through fal-ai’s queue, a model hf-inference serves, bad input refused', async () => {
    const progress: JobProgress[] = [];
    const clip = await textToAudio({ baseUrl, inputs: 'rain on a tin roof', onProgress: (p) => progress.push(p) });
    expect(clip.type).toBe('audio/wav');
    expect(await head(clip, 0, 4)).toBe('RIFF');
    expect(progress.length).toBeGreaterThan(0);
    expect(requests.some((r) => r.startsWith('POST /fal-ai/fal-ai/stable-audio 200'))).toBe(true);
    const music = await textToAudio({
      baseUrl,
      model: 'facebook/musicgen-small',
      inputs: 'a drum loop',
      parameters: { generationParameters: { maxNewTokens: 100 } },
    });
    expect(music.type).toBe('audio/wav');
    // 2 s (100 tokens at 50 a second) of 32 kHz 16-bit mono, plus the header.
    expect(music.size).toBeGreaterThan(128_000);
    expect(music.size).toBeLessThan(128_000 + 500);
    expect(requests.some((r) => r.startsWith('POST /hf-inference/models/facebook/musicgen-small 200'))).toBe(true);
    const bad = await textToAudio({ baseUrl, inputs: '' }).catch((e) => e);
    expect(bad).toBeInstanceOf(InferenceValidationError);
    expect(bad.issues).toEqual([{ path: 'inputs', message: expect.any(String) }]);
  });

  it('imageTextToImage edits an image, or draws from the prompt alone', async () => {
    const edited = await imageTextToImage({ baseUrl, inputs: png(), parameters: { prompt: 'make it blue' } });
    expect(edited.type).toBe('image/png');
    const drawn = await imageTextToImage({ baseUrl, parameters: { prompt: 'a blue square', targetSize: SMALL } });
    expect(await head(drawn, 1, 4)).toBe('PNG');
  });

  it('textToSpeech on fal-ai, then automaticSpeechRecognition on fal-ai and on replicate (pinned version)', async () => {
    const speech = await textToSpeech({ baseUrl, model: 'hexgrad/Kokoro-82M', inputs: 'Hello from the router.' });
    expect(speech.type).toBe('audio/wav');
    const wav = new Blob([await speech.arrayBuffer()], { type: 'audio/wav' });
    for (const provider of ['fal-ai', 'replicate'] as const) {
      const out = await automaticSpeechRecognition({
        baseUrl,
        provider,
        model: 'openai/whisper-large-v3',
        inputs: wav,
      });
      expect(out.text, provider).toBe('Hello from the router.');
    }
  });

  it('imageSegmentation and audioToAudio through fal-ai’s queue', async () => {
    const [segment] = await imageSegmentation({ baseUrl, model: 'briaai/RMBG-2.0', inputs: png() });
    expect(segment).toMatchObject({ label: 'mask', score: 1 });
    expect(segment!.mask.type).toBe('image/png');
    const speech = await textToSpeech({ baseUrl, model: 'hexgrad/Kokoro-82M', inputs: 'Clean me up.' });
    const tracks = await audioToAudio({
      baseUrl,
      provider: 'fal-ai',
      model: 'speechbrain/metricgan-plus-voicebank',
      inputs: new Blob([await speech.arrayBuffer()], { type: 'audio/wav' }),
    });
    expect(tracks[0]).toMatchObject({ label: 'speech' });
  });

  it('failed jobs and request faults reach the caller as core errors', async () => {
    const fal = await textToImage({ model: FLUX, baseUrl, inputs: 'x', ...fault('failed-job=GPU fell over') }).catch(
      (e) => e,
    );
    expect(fal).toBeInstanceOf(InferenceHTTPError);
    expect(fal).toMatchObject({ status: 500, serverMessage: 'GPU fell over' });
    const replicate = await textToImage({
      model: FLUX,
      provider: 'replicate',
      baseUrl,
      inputs: 'x',
      ...fault('failed-job=NSFW content detected'),
    }).catch((e) => e);
    expect(replicate).toMatchObject({
      name: 'InferenceJobError',
      status: 'failed',
      serverMessage: 'NSFW content detected',
    });
    const credits = await textToImage({ model: FLUX, baseUrl, inputs: 'x', ...fault('payment-required') }).catch(
      (e) => e,
    );
    expect(credits).toMatchObject({ status: 402 });
    const notServed = await textToVideo({ baseUrl, model: FLUX, inputs: 'x' }).catch((e) => e);
    expect(notServed.name).toBe('InferenceValidationError');
  });

  it('an aborted fal job is cancelled at the provider', async ({ expect }) => {
    const controller = new AbortController();
    const call = textToImage({
      model: FLUX,
      baseUrl,
      inputs: 'never mind',
      signal: controller.signal,
      onProgress: () => controller.abort(),
      ...fault('slow-queue=20'),
    });
    await expect(call).rejects.toBeDefined();
    await expect
      .poll(() => requests.some((r) => /^PUT \/fal-ai\/fal-ai\/flux\/requests\/[\w-]+\/cancel 202/.test(r)))
      .toBe(true);
  });
});
