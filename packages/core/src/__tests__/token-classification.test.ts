import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { tokenClassification } from '../tasks/token-classification';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('tokenClassification', () => {
  it('sends the text with snake_case parameters to the default model', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await tokenClassification({
      ...base,
      fetch,
      inputs: 'My name is Sarah',
      parameters: { ignoreLabels: ['O', 'MISC'], stride: 16, aggregationStrategy: 'first' },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/dslim/bert-base-NER');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":"My name is Sarah","parameters":{"ignore_labels":["O","MISC"],"stride":16,"aggregation_strategy":"first"}}',
    );
  });

  it('normalises aggregated entities, keeping the server order', async () => {
    const { fetch } = mockFetch(
      json([
        { entity_group: 'PER', score: 0.99, word: 'Sarah Jessica Parker', start: 11, end: 31 },
        { entity_group: 'PER', score: 0.97, word: 'Jessica', start: 52, end: 59 },
      ]),
    );
    expect(await tokenClassification({ ...base, fetch, inputs: 'x' })).toEqual([
      { entityGroup: 'PER', score: 0.99, word: 'Sarah Jessica Parker', start: 11, end: 31 },
      { entityGroup: 'PER', score: 0.97, word: 'Jessica', start: 52, end: 59 },
    ]);
  });

  it('normalises per-token entities and drops null or missing offsets', async () => {
    const { fetch } = mockFetch(
      json([
        { entity: 'B-PER', score: 0.5, index: 4, word: 'Sa', start: null, end: null },
        { entity: 'I-PER', score: 0.9, index: 5, word: '##rah' },
      ]),
    );
    const out = await tokenClassification({ ...base, fetch, inputs: 'x' });
    expect(out).toEqual([
      { entity: 'B-PER', score: 0.5, index: 4, word: 'Sa' },
      { entity: 'I-PER', score: 0.9, index: 5, word: '##rah' },
    ]);
    expect(Object.keys(out[0]!)).not.toContain('start');
  });

  it.each([
    [{}],
    [[{ score: 0.5, word: 'x', start: 0, end: 1 }]],
    [[{ entity_group: 'PER', score: '0.5', word: 'x' }]],
  ])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await tokenClassification({ ...base, fetch, inputs: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
  });

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: 'x', parameters: { stride: -1 } }, 'parameters.stride'],
    [{ inputs: 'x', parameters: { aggregationStrategy: 'mean' } }, 'parameters.aggregationStrategy'],
    [{ inputs: 'x', parameters: { ignoreLabels: 'O' } }, 'parameters.ignoreLabels'],
    [{ inputs: 'x', parameters: { aggregation_strategy: 'simple' } }, 'parameters.aggregation_strategy'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await tokenClassification({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
