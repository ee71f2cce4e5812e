import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { textClassification } from '../tasks/text-classification';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('textClassification', () => {
  it('sends a text with snake_case parameters to the default model', async () => {
    const { fetch, calls } = mockFetch(json([{ label: 'POSITIVE', score: 0.99 }]));
    await textClassification({
      ...base,
      fetch,
      inputs: 'I like you',
      parameters: { functionToApply: 'sigmoid', topK: 2 },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(
      'http://emu.test/hf-inference/models/distilbert/distilbert-base-uncased-finetuned-sst-2-english',
    );
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe('{"inputs":"I like you","parameters":{"function_to_apply":"sigmoid","top_k":2}}');
  });

  it('sends a text pair as { text, text_pair } and omits empty parameters', async () => {
    const { fetch, calls } = mockFetch(json([{ label: 'entailment', score: 0.9 }]));
    await textClassification({
      ...base,
      fetch,
      model: 'cross-encoder/nli-deberta-v3-base',
      inputs: { text: 'A man eats.', textPair: 'Someone eats.' },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/cross-encoder/nli-deberta-v3-base');
    expect(calls[0]!.body).toBe('{"inputs":{"text":"A man eats.","text_pair":"Someone eats."}}');
  });

  it.each([
    [
      'flat',
      [
        { label: 'NEGATIVE', score: 0.2 },
        { label: 'POSITIVE', score: 0.8 },
      ],
    ],
    [
      'nested (batch of one)',
      [
        [
          { label: 'NEGATIVE', score: 0.2 },
          { label: 'POSITIVE', score: 0.8 },
        ],
      ],
    ],
  ])('returns the %s shape as [{ label, score }] sorted by score', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    expect(await textClassification({ ...base, fetch, inputs: 'x' })).toEqual([
      { label: 'POSITIVE', score: 0.8 },
      { label: 'NEGATIVE', score: 0.2 },
    ]);
  });

  it.each([[{}], [[{ label: 1, score: 0.5 }]], [[[{ label: 'a', score: 1 }], [{ label: 'b', score: 1 }]]], ['ok']])(
    'rejects the unknown response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await textClassification({ ...base, fetch, inputs: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('[{ label, score }]');
    },
  );

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: { text: 'a' } }, 'inputs'],
    [{ inputs: { text: 'a', text_pair: 'b' } }, 'inputs'],
    [{ inputs: 'x', parameters: { topK: 0 } }, 'parameters.topK'],
    [{ inputs: 'x', parameters: { topK: 1.5 } }, 'parameters.topK'],
    [{ inputs: 'x', parameters: { functionToApply: 'relu' } }, 'parameters.functionToApply'],
    [{ inputs: 'x', parameters: { top_k: 1 } }, 'parameters.top_k'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await textClassification({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
