import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { audioClassification } from '../tasks/audio-classification';
import { imageClassification } from '../tasks/image-classification';
import { objectDetection } from '../tasks/object-detection';
import { textToAudio } from '../tasks/text-to-audio';
import { textToSpeech } from '../tasks/text-to-speech';
import { json, mockFetch } from './fetch-mock';

// Bytes outside ASCII and a 0x00, so any text round trip or wrong base64 alphabet would show.
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0xfb, 0xef, 0x3e, 0x3f]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error & { issues?: { path: string }[] },
  );
}

describe.each([
  ['imageClassification', imageClassification, 'google/vit-base-patch16-224', 'image/png'],
  ['audioClassification', audioClassification, 'MIT/ast-finetuned-audioset-10-10-0.4593', 'audio/flac'],
] as const)('%s', (name, task, defaultModel, mime) => {
  it('sends raw bytes with the Blob type to the default model when there are no parameters', async () => {
    const { fetch, calls } = mockFetch(json([{ label: 'a', score: 0.9 }]));
    await task({ ...base, fetch, inputs: new Blob([bytes], { type: mime }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(`http://emu.test/hf-inference/models/${defaultModel}`);
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': mime });
    expect(calls[0]!.bytes).toEqual(bytes);
  });

  it('sends an ArrayBuffer as application/octet-stream', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await task({ ...base, fetch, model: 'me/model', inputs: bytes.slice().buffer });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/me/model');
    expect(calls[0]!.headers['content-type']).toBe('application/octet-stream');
    expect(calls[0]!.bytes).toEqual(bytes);
  });

  it('sends base64 JSON with snake_case parameters when there are parameters', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await task({ ...base, fetch, inputs: bytes, parameters: { functionToApply: 'softmax', topK: 2 } });
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(
      JSON.stringify({ inputs: b64(bytes), parameters: { function_to_apply: 'softmax', top_k: 2 } }),
    );
  });

  it('returns labels sorted by descending score, without extra fields', async () => {
    const { fetch } = mockFetch(
      json([
        { label: 'low', score: 0.1 },
        { label: 'high', score: 0.8, extra: true },
        { label: 'mid', score: 0.3 },
      ]),
    );
    expect(await task({ ...base, fetch, inputs: bytes })).toEqual([
      { label: 'high', score: 0.8 },
      { label: 'mid', score: 0.3 },
      { label: 'low', score: 0.1 },
    ]);
  });

  it.each([[{}], [[{ label: 'a' }]], [{ label: 'a', score: 1 }]])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await rejection(task({ ...base, fetch, inputs: bytes }));
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain(name);
    expect(error.message).toContain('[{ label, score }]');
  });

  it.each([
    [{ inputs: 'a path' }, 'inputs'],
    [{ inputs: bytes, parameters: { topK: 0 } }, 'parameters.topK'],
    [{ inputs: bytes, parameters: { functionToApply: 'relu' } }, 'parameters.functionToApply'],
    [{ inputs: bytes, parameters: { top_k: 2 } }, 'parameters.top_k'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await rejection(task({ ...base, fetch, ...(input as object) } as never));
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues!.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});

describe('objectDetection', () => {
  const detections = [
    { score: 0.99, label: 'cat', box: { xmin: 12, ymin: 40, xmax: 310, ymax: 470 } },
    { score: 0.97, label: 'remote', box: { xmin: 40, ymin: 70, xmax: 175, ymax: 117 } },
  ];

  it('sends raw bytes without parameters and base64 JSON with a threshold', async () => {
    const { fetch, calls } = mockFetch(json(detections));
    await objectDetection({ ...base, fetch, inputs: bytes });
    await objectDetection({
      ...base,
      fetch,
      model: 'hustvl/yolos-tiny',
      inputs: bytes,
      parameters: { threshold: 0.9 },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/detr-resnet-50');
    expect(calls[0]!.headers['content-type']).toBe('application/octet-stream');
    expect(calls[0]!.bytes).toEqual(bytes);
    expect(calls[1]!.url).toBe('http://emu.test/hf-inference/models/hustvl/yolos-tiny');
    expect(calls[1]!.headers['content-type']).toBe('application/json');
    expect(calls[1]!.body).toBe(JSON.stringify({ inputs: b64(bytes), parameters: { threshold: 0.9 } }));
  });

  it('returns the detections with their boxes', async () => {
    const { fetch } = mockFetch(json(detections));
    expect(await objectDetection({ ...base, fetch, inputs: bytes })).toEqual(detections);
  });

  it('rejects a detection without a box', async () => {
    const { fetch } = mockFetch(json([{ label: 'cat', score: 0.9 }]));
    const error = await rejection(objectDetection({ ...base, fetch, inputs: bytes }));
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('box: { xmin, ymin, xmax, ymax }');
  });

  it('rejects a threshold above 1 without a request', async () => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await rejection(objectDetection({ ...base, fetch, inputs: bytes, parameters: { threshold: 50 } }));
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues!.map((i) => i.path)).toEqual(['parameters.threshold']);
    expect(calls).toHaveLength(0);
  });
});

describe('textToSpeech', () => {
  const flac = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0x00, 0x00, 0x00, 0x22, 0x90, 0xff]);
  const audio = () => new Response(flac, { headers: { 'content-type': 'audio/flac' } });

  it('sends the text as JSON to the default model and returns the audio as a typed Blob', async () => {
    const { fetch, calls } = mockFetch(audio());
    const out = await textToSpeech({ ...base, fetch, inputs: 'Hello world' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/espnet/kan-bayashi_ljspeech_vits');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: 'Hello world' }));
    expect(out).toBeInstanceOf(Blob);
    expect(out.type).toBe('audio/flac');
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(flac);
  });

  it('snake-cases the nested generation parameters', async () => {
    const { fetch, calls } = mockFetch(audio());
    await textToSpeech({
      ...base,
      fetch,
      model: 'suno/bark-small',
      inputs: 'Hi',
      parameters: { generationParameters: { doSample: true, maxNewTokens: 200, earlyStopping: 'never' } },
    });
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: 'Hi',
        parameters: { generation_parameters: { do_sample: true, early_stopping: 'never', max_new_tokens: 200 } },
      }),
    );
  });

  it.each([
    [{ inputs: '' }, 'inputs'],
    [
      { inputs: 'Hi', parameters: { generationParameters: { max_new_tokens: 5 } } },
      'parameters.generationParameters.max_new_tokens',
    ],
    [{ inputs: 'Hi', parameters: { generationParameters: { topP: 2 } } }, 'parameters.generationParameters.topP'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(audio());
    const error = await rejection(textToSpeech({ ...base, fetch, ...(input as object) } as never));
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues!.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});

describe('textToAudio', () => {
  const wav = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0x00, 0x00, 0x00, 0x57, 0x41, 0x56, 0x45, 0x00, 0xff]);
  const audio = () => new Response(wav, { headers: { 'content-type': 'audio/wav' } });

  it('sends the prompt as JSON to the default model (on hf-inference here) and returns the audio as a typed Blob', async () => {
    const { fetch, calls, hubCalls } = mockFetch(audio());
    const out = await textToAudio({ ...base, fetch, inputs: 'lo-fi hip hop beat' });
    expect(hubCalls[0]!.url).toContain('/api/models/stabilityai/stable-audio-open-1.0?');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/stabilityai/stable-audio-open-1.0');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: 'lo-fi hip hop beat' }));
    expect(out).toBeInstanceOf(Blob);
    expect(out.type).toBe('audio/wav');
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(wav);
  });

  it('snake-cases the nested generation parameters', async () => {
    const { fetch, calls } = mockFetch(audio());
    await textToAudio({
      ...base,
      fetch,
      model: 'facebook/musicgen-small',
      inputs: 'a drum loop',
      parameters: { generationParameters: { doSample: true, maxNewTokens: 256, temperature: 0.9 } },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/musicgen-small');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: 'a drum loop',
        parameters: { generation_parameters: { do_sample: true, max_new_tokens: 256, temperature: 0.9 } },
      }),
    );
  });

  it('fails with InferenceResponseError when JSON comes instead of audio', async () => {
    const { fetch } = mockFetch(json({ error: 'no audio today' }));
    const error = await rejection(textToAudio({ ...base, fetch, inputs: 'a drum loop' }));
    expect(error).toBeInstanceOf(InferenceResponseError);
  });

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: 42 }, 'inputs'],
    [{ inputs: 'Hi', parameters: { secondsTotal: 10 } }, 'parameters.secondsTotal'],
    [
      { inputs: 'Hi', parameters: { generationParameters: { max_new_tokens: 5 } } },
      'parameters.generationParameters.max_new_tokens',
    ],
    [{ inputs: 'Hi', parameters: { generationParameters: { topP: 2 } } }, 'parameters.generationParameters.topP'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(audio());
    const error = await rejection(textToAudio({ ...base, fetch, ...(input as object) } as never));
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues!.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
