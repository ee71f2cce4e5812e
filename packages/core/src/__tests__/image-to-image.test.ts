import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { imageToImage } from '../tasks/image-to-image';
import { json, mockFetch } from './fetch-mock';

const input = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xfb, 0xff]);
const output = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x42, 0x00, 0xfe]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const imageResponse = () => new Response(output, { headers: { 'content-type': 'image/png' } });
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('imageToImage', () => {
  it('sends raw bytes to the default model without parameters and returns the image as a typed Blob', async () => {
    const { fetch, calls } = mockFetch(imageResponse());
    const out = await imageToImage({ ...base, fetch, inputs: new Blob([input], { type: 'image/png' }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/timbrooks/instruct-pix2pix');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'image/png' });
    expect(calls[0]!.bytes).toEqual(input);
    expect(out).toBeInstanceOf(Blob);
    expect(out.type).toBe('image/png');
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(output);
  });

  it('reads an OpenAI-style { data: [{ b64_json }] } answer as the image; other JSON is an InferenceResponseError', async () => {
    const { fetch } = mockFetch(json({ data: [{ b64_json: b64(output) }] }), json({ error: null, image: 'x' }));
    const out = await imageToImage({ ...base, fetch, inputs: input });
    expect(out.type).toBe('image/png');
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(output);
    const error = await imageToImage({ ...base, fetch, inputs: input }).then(fail, (e: Error) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
  });

  it('sends base64 JSON with snake_case parameters, the target size included', async () => {
    const { fetch, calls } = mockFetch(imageResponse());
    await imageToImage({
      ...base,
      fetch,
      model: 'me/pix2pix',
      inputs: input,
      parameters: {
        prompt: 'Turn it into a watercolour',
        guidanceScale: 7,
        negativePrompt: 'blurry',
        numInferenceSteps: 20,
        targetSize: { width: 512, height: 256 },
      },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/me/pix2pix');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: b64(input),
        parameters: {
          prompt: 'Turn it into a watercolour',
          guidance_scale: 7,
          negative_prompt: 'blurry',
          num_inference_steps: 20,
          target_size: { width: 512, height: 256 },
        },
      }),
    );
  });

  it.each([
    [{ inputs: 'photo.png' }, 'inputs'],
    [{ inputs: input, parameters: { targetSize: { width: 512 } } }, 'parameters.targetSize.height'],
    [{ inputs: input, parameters: { target_size: { width: 512, height: 512 } } }, 'parameters.target_size'],
    [{ inputs: input, parameters: { numInferenceSteps: 0 } }, 'parameters.numInferenceSteps'],
  ])('rejects bad input %# naming %s, without a request', async (args, path) => {
    const { fetch, calls } = mockFetch(imageResponse());
    const error = await imageToImage({ ...base, fetch, ...(args as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
