import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { automaticSpeechRecognition } from '../tasks/automatic-speech-recognition';
import { json, mockFetch } from './fetch-mock';

const audio = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0x00, 0x00, 0x00, 0x22, 0xff, 0xf8]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('automaticSpeechRecognition', () => {
  it('sends raw bytes to the default model without parameters', async () => {
    const { fetch, calls } = mockFetch(json({ text: 'hello world' }));
    const out = await automaticSpeechRecognition({ ...base, fetch, inputs: new Blob([audio], { type: 'audio/flac' }) });
    expect(out).toEqual({ text: 'hello world' });
    expect(out).not.toHaveProperty('chunks');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/openai/whisper-large-v3');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'audio/flac' });
    expect(calls[0]!.bytes).toEqual(audio);
  });

  it('sends base64 JSON with snake_case parameters, nested generation parameters included', async () => {
    const { fetch, calls } = mockFetch(json({ text: 'x' }));
    await automaticSpeechRecognition({
      ...base,
      fetch,
      model: 'openai/whisper-small',
      inputs: audio,
      parameters: { returnTimestamps: true, generationParameters: { numBeams: 2, temperature: 0 } },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/openai/whisper-small');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: b64(audio),
        parameters: { return_timestamps: true, generation_parameters: { num_beams: 2, temperature: 0 } },
      }),
    );
  });

  it('sends raw bytes when the only generation parameters are empty', async () => {
    const { fetch, calls } = mockFetch(json({ text: 'x' }));
    await automaticSpeechRecognition({ ...base, fetch, inputs: audio, parameters: { generationParameters: {} } });
    expect(calls[0]!.headers['content-type']).toBe('application/octet-stream');
    expect(calls[0]!.bytes).toEqual(audio);
  });

  it('normalises timestamped chunks, including an open end and a `timestamps` spelling', async () => {
    const chunks = [
      { text: ' Hello', timestamp: [0, 1.2] },
      { text: ' world.', timestamp: [1.2, null] },
    ];
    const expected = {
      text: ' Hello world.',
      chunks: [
        { text: ' Hello', timestamp: [0, 1.2] },
        { text: ' world.', timestamp: [1.2, null] },
      ],
    };
    const bodies = [
      { text: ' Hello world.', chunks },
      [{ text: ' Hello world.', chunks }],
      { text: ' Hello world.', chunks: chunks.map(({ text, timestamp }) => ({ text, timestamps: timestamp })) },
    ];
    for (const body of bodies) {
      const { fetch } = mockFetch(json(body));
      expect(
        await automaticSpeechRecognition({ ...base, fetch, inputs: audio, parameters: { returnTimestamps: true } }),
      ).toEqual(expected);
    }
  });

  it.each([[{}], [[]], [{ text: 1 }], [{ text: 'x', chunks: [{ text: 'x', timestamp: [0] }] }]])(
    'rejects the response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await automaticSpeechRecognition({ ...base, fetch, inputs: audio }).then(fail, (e: Error) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('{ text, chunks?');
    },
  );

  it.each([
    [{ inputs: 'audio.flac' }, 'inputs'],
    [{ inputs: audio, parameters: { return_timestamps: true } }, 'parameters.return_timestamps'],
    [
      { inputs: audio, parameters: { generationParameters: { numBeams: 1.5 } } },
      'parameters.generationParameters.numBeams',
    ],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json({ text: '' }));
    const error = await automaticSpeechRecognition({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
