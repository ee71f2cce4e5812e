import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { fillMask } from '../tasks/fill-mask';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const happiness = { sequence: 'the goal of life is happiness.', score: 0.07, token: 8404, token_str: 'happiness' };
const love = { sequence: 'the goal of life is love.', score: 0.05, token: 2293, token_str: 'love' };

describe('fillMask', () => {
  it('sends the text with snake_case parameters to the default model', async () => {
    const { fetch, calls } = mockFetch(json([happiness]));
    await fillMask({
      ...base,
      fetch,
      inputs: 'The goal of life is [MASK].',
      parameters: { targets: ['happiness', 'love'], topK: 2 },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/google-bert/bert-base-uncased');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":"The goal of life is [MASK].","parameters":{"targets":["happiness","love"],"top_k":2}}',
    );
  });

  it('does not check which mask token the text uses', async () => {
    const { fetch, calls } = mockFetch(json([happiness]));
    await fillMask({ ...base, fetch, model: 'FacebookAI/roberta-base', inputs: 'The goal of life is <mask>.' });
    expect(calls[0]!.body).toBe('{"inputs":"The goal of life is <mask>."}');
  });

  it('normalises one mask to [{ sequence, score, token, tokenStr }] in server order', async () => {
    const { fetch } = mockFetch(json([happiness, love]));
    expect(await fillMask({ ...base, fetch, inputs: 'x [MASK]' })).toEqual([
      { sequence: 'the goal of life is happiness.', score: 0.07, token: 8404, tokenStr: 'happiness' },
      { sequence: 'the goal of life is love.', score: 0.05, token: 2293, tokenStr: 'love' },
    ]);
  });

  it('flattens one list per mask, in mask order', async () => {
    const first = [
      { sequence: '[CLS] paris is the [MASK] of france. [SEP]', score: 0.1, token: 1, token_str: 'paris' },
      { sequence: '[CLS] lyon is the [MASK] of france. [SEP]', score: 0.05, token: 2, token_str: 'lyon' },
    ];
    const second = [
      { sequence: '[CLS] [MASK] is the capital of france. [SEP]', score: 0.9, token: 3, token_str: 'capital' },
    ];
    const { fetch } = mockFetch(json([first, second]));
    expect(
      (await fillMask({ ...base, fetch, inputs: '[MASK] is the [MASK] of France.' })).map((c) => [c.tokenStr, c.score]),
    ).toEqual([
      ['paris', 0.1],
      ['lyon', 0.05],
      ['capital', 0.9],
    ]);
  });

  it.each([[{}], [[{ sequence: 'x', score: 1, token: 1 }]], [{ token_str: 'x' }]])(
    'rejects the unknown response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await fillMask({ ...base, fetch, inputs: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('token_str');
    },
  );

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: 'x', parameters: { targets: [] } }, 'parameters.targets'],
    [{ inputs: 'x', parameters: { topK: 0 } }, 'parameters.topK'],
    [{ inputs: 'x', parameters: { top_k: 3 } }, 'parameters.top_k'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await fillMask({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });

  it.each([0, -2, 2.5])('says topK %s must be an integer ≥ 1', async (topK) => {
    const { fetch } = mockFetch(json([]));
    await expect(fillMask({ ...base, fetch, inputs: 'x', parameters: { topK } })).rejects.toMatchObject({
      issues: [{ path: 'parameters.topK', message: 'must be an integer ≥ 1' }],
    });
  });

  it('takes topK 1 and up', async () => {
    const { fetch, calls } = mockFetch(json([happiness]));
    await fillMask({ ...base, fetch, inputs: 'x', parameters: { topK: 1 } });
    expect(JSON.parse(calls[0]!.body)).toMatchObject({ parameters: { top_k: 1 } });
  });
});
