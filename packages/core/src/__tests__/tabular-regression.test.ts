import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { tabularRegression } from '../tasks/tabular-regression';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const data = { Height: ['11.52', '12.48'], Length1: [23.2, 24], Species: ['Bream', 'Bream'] };

describe('tabularRegression', () => {
  it('sends { inputs: { data } } with column names exactly as given to the default model', async () => {
    const { fetch, calls } = mockFetch(json([110, 120.5]));
    const out = await tabularRegression({ ...base, fetch, inputs: { data } });
    expect(out).toEqual([110, 120.5]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/scikit-learn/Fish-Weight');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":{"data":{"Height":["11.52","12.48"],"Length1":[23.2,24],"Species":["Bream","Bream"]}}}',
    );
  });

  it.each([[{}], [['110']], [[[110]]], [{ predictions: [110] }]])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await tabularRegression({ ...base, fetch, inputs: { data } }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('array of numbers');
  });

  it.each([
    [{ inputs: { data: { Height: ['1'], Width: ['1', '2'] } } }, 'inputs.data.Width'],
    [{ inputs: { data: { Height: [true] } } }, 'inputs.data.Height.0'],
    [{ inputs: { table: data } }, 'inputs.data'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await tabularRegression({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
