import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { audioToAudio } from '../tasks/audio-to-audio';
import { json, mockFetch } from './fetch-mock';

const audio = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x00, 0xff, 0xfe, 0x10]);
const speech = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0xff, 0x00, 0x01]);
const noise = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0xfe, 0xfb]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('audioToAudio', () => {
  it('sends the audio as raw bytes to the default model', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await audioToAudio({ ...base, fetch, inputs: new Blob([audio], { type: 'audio/wav' }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/speechbrain/sepformer-wham');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'audio/wav' });
    expect(calls[0]!.bytes).toEqual(audio);
  });

  it('decodes each track to a Blob typed by its content-type', async () => {
    const { fetch } = mockFetch(
      json([
        { label: 'speech_0', blob: b64(speech), 'content-type': 'audio/wav' },
        { label: 'noise', blob: `data:audio/x-flac;base64,${b64(noise)}`, 'content-type': 'audio/flac' },
      ]),
    );
    const out = await audioToAudio({ ...base, fetch, model: 'speechbrain/mtl-mimic-voicebank', inputs: audio });
    expect(out.map(({ label, contentType }) => ({ label, contentType }))).toEqual([
      { label: 'speech_0', contentType: 'audio/wav' },
      { label: 'noise', contentType: 'audio/flac' },
    ]);
    expect(out[0]!.blob).toBeInstanceOf(Blob);
    expect(out[0]!.blob.type).toBe('audio/wav');
    expect(new Uint8Array(await out[0]!.blob.arrayBuffer())).toEqual(speech);
    // A data: URL carries its own, more precise type.
    expect(out[1]!.blob.type).toBe('audio/x-flac');
    expect(new Uint8Array(await out[1]!.blob.arrayBuffer())).toEqual(noise);
    expect(out[0]).not.toHaveProperty('content-type');
  });

  it.each([
    [{}],
    [[{ label: 'a', blob: b64(speech) }]],
    [[{ label: 'a', blob: '%%%', 'content-type': 'audio/flac' }]],
    [[{ label: 'a', audio: b64(speech), 'content-type': 'audio/flac' }]],
  ])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await audioToAudio({ ...base, fetch, inputs: audio }).then(fail, (e: Error) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain("[{ label, blob: base64, 'content-type' }]");
  });

  it.each([
    [{ inputs: 'song.flac' }, 'inputs'],
    [{ inputs: audio, parameters: { anything: 1 } }, 'parameters'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await audioToAudio({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
