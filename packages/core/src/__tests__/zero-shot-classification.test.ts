import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { json, mockFetch } from './fetch-mock';

const base = { model: 'facebook/bart-large-mnli', accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('zeroShotClassification', () => {
  it('sends the documented wire body and headers', async () => {
    const { fetch, calls } = mockFetch(
      json([
        { label: 'refund', score: 0.9 },
        { label: 'faq', score: 0.1 },
      ]),
    );
    const out = await zeroShotClassification({
      ...base,
      fetch,
      useCache: false,
      waitForModel: true,
      inputs: 'I want my money back',
      parameters: { candidateLabels: ['refund', 'faq'], multiLabel: true, hypothesisTemplate: 'About {}.' },
    });
    expect(out).toEqual([
      { label: 'refund', score: 0.9 },
      { label: 'faq', score: 0.1 },
    ]);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe('POST');
    expect(call!.url).toBe('http://emu.test/hf-inference/models/facebook/bart-large-mnli');
    expect(call!.headers).toMatchObject({
      authorization: 'Bearer hf_secret',
      'content-type': 'application/json',
      'x-use-cache': 'false',
      'x-wait-for-model': 'true',
    });
    expect(call!.body).toBe(
      JSON.stringify({
        inputs: 'I want my money back',
        parameters: { candidate_labels: ['refund', 'faq'], hypothesis_template: 'About {}.', multi_label: true },
      }),
    );
  });

  it('normalises the legacy shape, bare and wrapped in an array, with or without `sequence`, sorted by score', async () => {
    const legacy = { sequence: 'x', labels: ['a', 'b', 'c'], scores: [0.1, 0.7, 0.2] };
    const expected = [
      { label: 'b', score: 0.7 },
      { label: 'c', score: 0.2 },
      { label: 'a', score: 0.1 },
    ];
    const { sequence: _sequence, ...withoutSequence } = legacy;
    for (const body of [legacy, [legacy], withoutSequence, [withoutSequence]]) {
      const { fetch } = mockFetch(json(body));
      expect(
        await zeroShotClassification({ ...base, fetch, inputs: 'x', parameters: { candidateLabels: ['a', 'b', 'c'] } }),
      ).toEqual(expected);
    }
  });

  it('rejects a response of unknown shape with what it expected', async () => {
    const { fetch } = mockFetch(json({ foo: 1 }));
    const error = await zeroShotClassification({
      ...base,
      fetch,
      inputs: 'x',
      parameters: { candidateLabels: ['a'] },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('[{ label, score }]');
  });

  it.each([
    [{ inputs: '', parameters: { candidateLabels: ['a'] } }, 'inputs'],
    [{ inputs: 'x', parameters: { candidateLabels: [] } }, 'parameters.candidateLabels'],
    [
      { inputs: 'x', parameters: { candidateLabels: ['a'], hypothesisTemplate: 'no slot' } },
      'parameters.hypothesisTemplate',
    ],
    [{ inputs: 'x', parameters: { candidate_labels: ['a'] } }, 'parameters.candidate_labels'],
    [{ inputs: 'x' }, 'parameters'],
    [{ inputs: 'x', parameters: { candidateLabels: ['a'] }, candidateLabels: ['a'] }, 'candidateLabels'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await zeroShotClassification({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(error.message).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
