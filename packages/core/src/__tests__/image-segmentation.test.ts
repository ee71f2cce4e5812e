import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { imageSegmentation } from '../tasks/image-segmentation';
import { json, mockFetch } from './fetch-mock';

const image = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0xfe]);
const maskA = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x01]);
const maskB = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xfb, 0xff]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('imageSegmentation', () => {
  it('sends raw bytes to the default model without parameters', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await imageSegmentation({ ...base, fetch, inputs: new Blob([image], { type: 'image/jpeg' }) });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/detr-resnet-50-panoptic');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'image/jpeg' });
    expect(calls[0]!.bytes).toEqual(image);
  });

  it('sends base64 JSON with snake_case parameters', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await imageSegmentation({
      ...base,
      fetch,
      model: 'nvidia/segformer-b0-finetuned-ade-512-512',
      inputs: image,
      parameters: { maskThreshold: 0.5, overlapMaskAreaThreshold: 0.8, subtask: 'semantic', threshold: 0.9 },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/nvidia/segformer-b0-finetuned-ade-512-512');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: b64(image),
        parameters: { mask_threshold: 0.5, overlap_mask_area_threshold: 0.8, subtask: 'semantic', threshold: 0.9 },
      }),
    );
  });

  it('decodes each base64 mask to a PNG Blob and keeps scores, null when the model gives none', async () => {
    const { fetch } = mockFetch(
      json([
        { score: 0.98, label: 'cat', mask: b64(maskA) },
        { score: null, label: 'wall', mask: b64(maskB) },
        { label: 'sky', mask: b64(maskB) },
      ]),
    );
    const out = await imageSegmentation({ ...base, fetch, inputs: image });
    expect(out.map(({ label, score }) => ({ label, score }))).toEqual([
      { label: 'cat', score: 0.98 },
      { label: 'wall', score: null },
      { label: 'sky', score: null },
    ]);
    for (const [index, expected] of [maskA, maskB, maskB].entries()) {
      const mask = out[index]!.mask;
      expect(mask).toBeInstanceOf(Blob);
      expect(mask.type).toBe('image/png');
      expect(new Uint8Array(await mask.arrayBuffer())).toEqual(expected);
    }
  });

  it.each([
    [{}],
    [[{ label: 'cat', score: 0.9 }]],
    [[{ label: 'cat', score: 0.9, mask: 'not base64!' }]],
    [[{ label: 'cat', mask: '' }]],
  ])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await imageSegmentation({ ...base, fetch, inputs: image }).then(fail, (e: Error) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('[{ label, score, mask: base64 PNG }]');
  });

  it.each([
    [{ inputs: [1, 2, 3] }, 'inputs'],
    [{ inputs: image, parameters: { subtask: 'depth' } }, 'parameters.subtask'],
    [{ inputs: image, parameters: { mask_threshold: 0.5 } }, 'parameters.mask_threshold'],
    [{ inputs: image, parameters: { threshold: 1.5 } }, 'parameters.threshold'],
    [{ inputs: image, parameters: { maskThreshold: -0.1 } }, 'parameters.maskThreshold'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await imageSegmentation({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    if (/\.(t|maskT)hreshold$/.test(path)) expect(error.issues[0]!.message).toBe('must be between 0 and 1');
    expect(calls).toHaveLength(0);
  });
});
