import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { tabularClassification } from '../tasks/tabular-classification';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const data = { fixed_acidity: ['7.4', '7.8'], pH: [3.51, 3.2], camelCaseFeature: ['a', null] };

describe('tabularClassification', () => {
  it('sends { inputs: { data } } with column names exactly as given to the default model', async () => {
    const { fetch, calls } = mockFetch(json(['5', '5']));
    await tabularClassification({ ...base, fetch, inputs: { data } });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/scikit-learn/tabular-playground');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":{"data":{"fixed_acidity":["7.4","7.8"],"pH":[3.51,3.2],"camelCaseFeature":["a",null]}}}',
    );
  });

  it.each([
    ['string labels', ['5', '6'], ['5', '6']],
    ['numeric class ids, as strings', [1, 0], ['1', '0']],
    ['boolean classes, as strings', [true, false], ['true', 'false']],
  ])('returns %s', async (_, body, expected) => {
    const { fetch } = mockFetch(json(body));
    expect(await tabularClassification({ ...base, fetch, inputs: { data } })).toEqual(expected);
  });

  it.each([[{}], [[null]], [[['5']]], [{ labels: ['5'] }]])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await tabularClassification({ ...base, fetch, inputs: { data } }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('one per row');
  });

  it.each([
    [{ inputs: { data: { a: [1, 2], b: [1] } } }, 'inputs.data.b'],
    [{ inputs: { data: {} } }, 'inputs.data'],
    [{ inputs: { data: { a: [] } } }, 'inputs.data.a'],
    [{ inputs: { data: { a: [{}] } } }, 'inputs.data.a.0'],
    [{ inputs: data }, 'inputs.data'],
    [{ inputs: { data }, parameters: {} }, 'parameters'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await tabularClassification({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
