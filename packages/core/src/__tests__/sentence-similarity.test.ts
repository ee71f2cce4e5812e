import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { sentenceSimilarity } from '../tasks/sentence-similarity';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const inputs = {
  sourceSentence: 'Machine learning is so easy.',
  sentences: ['Deep learning is so straightforward.', 'I am hungry.'],
};

describe('sentenceSimilarity', () => {
  it('posts { source_sentence, sentences } to the pipeline route of the default model', async () => {
    const { fetch, calls } = mockFetch(json([0.78, 0.05]));
    const out = await sentenceSimilarity({ ...base, fetch, inputs });
    expect(out).toEqual([0.78, 0.05]);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe(
      'http://emu.test/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/sentence-similarity',
    );
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":{"source_sentence":"Machine learning is so easy.","sentences":["Deep learning is so straightforward.","I am hungry."]}}',
    );
  });

  it.each([[{}], [[[0.1, 0.2]]], [['0.5']], [{ scores: [0.1] }]])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await sentenceSimilarity({ ...base, fetch, inputs }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('one per sentence');
  });

  it.each([
    [{ inputs: 'Machine learning' }, 'inputs'],
    [{ inputs: { ...inputs, sentences: [] } }, 'inputs.sentences'],
    [{ inputs: { sourceSentence: '', sentences: ['a'] } }, 'inputs.sourceSentence'],
    [{ inputs: { source_sentence: 'a', sentences: ['b'] } }, 'inputs.sourceSentence'],
    [{ inputs, parameters: {} }, 'parameters'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await sentenceSimilarity({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
