import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { zeroShotImageClassification } from '../tasks/zero-shot-image-classification';
import { json, mockFetch } from './fetch-mock';

const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0xfe, 0x01]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const fail = () => {
  throw new Error('expected a rejection');
};

describe('zeroShotImageClassification', () => {
  it('always sends JSON: base64 image and snake_case labels, to the default model', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await zeroShotImageClassification({
      ...base,
      fetch,
      inputs: new Blob([image], { type: 'image/png' }),
      parameters: { candidateLabels: ['cat', 'dog'], hypothesisTemplate: 'A photo of a {}.' },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/openai/clip-vit-large-patch14-336');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: b64(image),
        parameters: { candidate_labels: ['cat', 'dog'], hypothesis_template: 'A photo of a {}.' },
      }),
    );
  });

  it('returns labels sorted by descending score', async () => {
    const { fetch, calls } = mockFetch(
      json([
        { label: 'cat', score: 0.04 },
        { label: 'dog', score: 0.96 },
      ]),
    );
    const out = await zeroShotImageClassification({
      ...base,
      fetch,
      model: 'me/clip',
      inputs: image,
      parameters: { candidateLabels: ['cat', 'dog'] },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/me/clip');
    expect(calls[0]!.body).toBe(
      JSON.stringify({ inputs: b64(image), parameters: { candidate_labels: ['cat', 'dog'] } }),
    );
    expect(out).toEqual([
      { label: 'dog', score: 0.96 },
      { label: 'cat', score: 0.04 },
    ]);
  });

  it.each([[{}], [[{ label: 'cat' }]], [{ labels: ['cat'], scores: [1] }]])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await zeroShotImageClassification({
      ...base,
      fetch,
      inputs: image,
      parameters: { candidateLabels: ['cat'] },
    }).then(fail, (e: Error) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('[{ label, score }]');
  });

  it.each([
    [{ inputs: image }, 'parameters'],
    [{ inputs: image, parameters: { candidateLabels: [] } }, 'parameters.candidateLabels'],
    [
      { inputs: image, parameters: { candidateLabels: ['cat'], hypothesisTemplate: 'A photo.' } },
      'parameters.hypothesisTemplate',
    ],
    [{ inputs: image, parameters: { candidate_labels: ['cat'] } }, 'parameters.candidate_labels'],
    [{ inputs: 'cat.png', parameters: { candidateLabels: ['cat'] } }, 'inputs'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await zeroShotImageClassification({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
