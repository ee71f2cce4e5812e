import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { featureExtraction } from '../tasks/feature-extraction';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('featureExtraction', () => {
  it('posts to the pipeline route of the default model, parameters at the root of the body', async () => {
    const { fetch, calls } = mockFetch(json([0.1, 0.2]));
    await featureExtraction({
      ...base,
      fetch,
      inputs: 'Today is a sunny day',
      parameters: { normalize: true, promptName: 'query', truncate: true, truncationDirection: 'left' },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(
      'http://emu.test/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/feature-extraction',
    );
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":"Today is a sunny day","normalize":true,"prompt_name":"query","truncate":true,"truncation_direction":"Left"}',
    );
  });

  it('sends several texts, with nothing else when there are no parameters', async () => {
    const { fetch, calls } = mockFetch(json([[0.1], [0.2]]));
    await featureExtraction({
      ...base,
      fetch,
      model: 'BAAI/bge-small-en-v1.5',
      inputs: ['a', 'b'],
      parameters: { truncationDirection: 'right' },
    });
    expect(calls[0]!.url).toBe(
      'http://emu.test/hf-inference/models/BAAI/bge-small-en-v1.5/pipeline/feature-extraction',
    );
    expect(calls[0]!.body).toBe('{"inputs":["a","b"],"truncation_direction":"Right"}');
    await featureExtraction({ ...base, fetch, inputs: 'a' });
    expect(calls[1]!.body).toBe('{"inputs":"a"}');
  });

  it('sends to a dedicated endpoint as-is', async () => {
    const { fetch, calls } = mockFetch(json([0.5]));
    await featureExtraction({ accessToken: 'hf_secret', fetch, endpointUrl: 'https://tei.example/', inputs: 'a' });
    expect(calls[0]!.url).toBe('https://tei.example/');
  });

  it.each([
    ['one pooled embedding', [0.1, -0.2, 3e-5]],
    [
      'one embedding per input or per token',
      [
        [0.1, 0.2],
        [0.3, 0.4],
      ],
    ],
    [
      'one vector per token per input',
      [
        [[0.1], [0.2]],
        [[0.3], [0.4]],
      ],
    ],
  ])('returns %s unchanged', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    expect(await featureExtraction({ ...base, fetch, inputs: 'x' })).toEqual(body);
  });

  it.each([[{}], [['0.1', '0.2']], [[[0.1], 'x']], [[[[[0.1]]]]], [{ embeddings: [[0.1]] }]])(
    'rejects the unknown response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await featureExtraction({ ...base, fetch, inputs: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('array of numbers');
    },
  );

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: [] }, 'inputs'],
    [{ inputs: ['a', ''] }, 'inputs.1'],
    [{ inputs: 'x', parameters: { truncationDirection: 'Left' } }, 'parameters.truncationDirection'],
    [{ inputs: 'x', parameters: { prompt_name: 'query' } }, 'parameters.prompt_name'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await featureExtraction({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
