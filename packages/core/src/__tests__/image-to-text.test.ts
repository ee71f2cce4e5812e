import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { imageToText } from '../tasks/image-to-text';
import { json, mockFetch } from './fetch-mock';

const image = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0xfe, 0x3e, 0x3f]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('imageToText', () => {
  it('sends raw bytes to the default model without parameters', async () => {
    const { fetch, calls } = mockFetch(json([{ generated_text: 'a cat' }]));
    await imageToText({ ...base, fetch, inputs: new Blob([image], { type: 'image/jpeg' }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/Salesforce/blip-image-captioning-large');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'image/jpeg' });
    expect(calls[0]!.bytes).toEqual(image);
  });

  it('sends base64 JSON with snake_case parameters, nested generation parameters included', async () => {
    const { fetch, calls } = mockFetch(json({ generated_text: 'x' }));
    await imageToText({
      ...base,
      fetch,
      model: 'nlpconnect/vit-gpt2-image-captioning',
      inputs: image,
      parameters: { maxNewTokens: 30, generationParameters: { doSample: false, topK: 5 } },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/nlpconnect/vit-gpt2-image-captioning');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: b64(image),
        parameters: { max_new_tokens: 30, generation_parameters: { do_sample: false, top_k: 5 } },
      }),
    );
  });

  it.each([
    [[{ generated_text: 'a cat on a mat' }]],
    [{ generated_text: 'a cat on a mat' }],
    [[{ generated_text: 'a cat on a mat' }, { generated_text: 'other' }]],
  ])('returns { generatedText } from %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    expect(await imageToText({ ...base, fetch, inputs: image })).toEqual({ generatedText: 'a cat on a mat' });
  });

  it.each([[{}], [[]], [{ generatedText: 'x' }], [[{ text: 'x' }]]])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await imageToText({ ...base, fetch, inputs: image }).then(fail, (e: Error) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('{ generated_text }');
  });

  it.each([
    [{ inputs: null }, 'inputs'],
    [{ inputs: image, parameters: { maxNewTokens: -1 } }, 'parameters.maxNewTokens'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json({ generated_text: '' }));
    const error = await imageToText({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
