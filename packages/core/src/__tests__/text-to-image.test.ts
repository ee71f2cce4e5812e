import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { textToImage } from '../tasks/text-to-image';
import { json, mockFetch } from './fetch-mock';

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);
const imageResponse = () => new Response(jpeg, { headers: { 'content-type': 'image/jpeg' } });
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const prompt = 'An astronaut riding a horse on the moon';
const fail = () => {
  throw new Error('expected a rejection');
};

describe('textToImage', () => {
  it('sends the prompt as JSON to the default model and returns the image as a typed Blob', async () => {
    const { fetch, calls } = mockFetch(imageResponse());
    const out = await textToImage({ ...base, fetch, inputs: prompt });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/black-forest-labs/FLUX.1-schnell');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: prompt }));
    expect(out).toBeInstanceOf(Blob);
    expect(out.type).toBe('image/jpeg');
    expect(new Uint8Array(await out.arrayBuffer())).toEqual(jpeg);
  });

  it('sends every parameter in snake_case', async () => {
    const { fetch, calls } = mockFetch(imageResponse());
    await textToImage({
      ...base,
      fetch,
      model: 'stabilityai/stable-diffusion-xl-base-1.0',
      inputs: prompt,
      parameters: {
        guidanceScale: 7.5,
        negativePrompt: 'blurry',
        numInferenceSteps: 30,
        width: 1024,
        height: 768,
        scheduler: 'EulerDiscreteScheduler',
        seed: 42,
      },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/stabilityai/stable-diffusion-xl-base-1.0');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: prompt,
        parameters: {
          guidance_scale: 7.5,
          negative_prompt: 'blurry',
          num_inference_steps: 30,
          width: 1024,
          height: 768,
          scheduler: 'EulerDiscreteScheduler',
          seed: 42,
        },
      }),
    );
  });

  it('reads an OpenAI-style { data: [{ b64_json }] } answer as the image, typed by its bytes', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    const webp = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
    const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    for (const [bytes, type] of [
      [png, 'image/png'],
      [jpeg, 'image/jpeg'],
      [webp, 'image/webp'],
    ] as const) {
      const { fetch } = mockFetch(json({ created: 1, data: [{ b64_json: b64(bytes) }] }));
      const out = await textToImage({ ...base, fetch, inputs: prompt });
      expect(out.type).toBe(type);
      expect(new Uint8Array(await out.arrayBuffer())).toEqual(bytes);
    }
  });

  it('rejects any other JSON or text answer, and invalid base64, with InferenceResponseError showing it', async () => {
    for (const answer of [
      json({ output: ['https://example.test/image.png'] }),
      json({ data: [{ url: 'https://example.test/image.png' }] }),
      json({ data: [{ b64_json: 'not base64!' }] }),
      json({ data: [] }),
      json([1, 2]),
      json(null),
      new Response('upstream said no', { headers: { 'content-type': 'text/plain' } }),
    ]) {
      const { fetch } = mockFetch(answer);
      const error = await textToImage({ ...base, fetch, inputs: prompt }).then(fail, (e: Error) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toMatch(/image bytes/);
    }
  });

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: [prompt] }, 'inputs'],
    [{ inputs: prompt, parameters: { width: 512.5 } }, 'parameters.width'],
    [{ inputs: prompt, parameters: { negative_prompt: 'blurry' } }, 'parameters.negative_prompt'],
    [{ inputs: prompt, parameters: { targetSize: { width: 512, height: 512 } } }, 'parameters.targetSize'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(imageResponse());
    const error = await textToImage({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
