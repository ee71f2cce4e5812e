import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { questionAnswering } from '../tasks/question-answering';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const inputs = { question: "What's my name?", context: 'My name is Clara and I live in Berkeley.' };

describe('questionAnswering', () => {
  it('sends { question, context } with every parameter in snake_case to the default model', async () => {
    const { fetch, calls } = mockFetch(json({ answer: 'Clara', score: 0.9, start: 11, end: 16 }));
    await questionAnswering({
      ...base,
      fetch,
      inputs,
      parameters: {
        topK: 1,
        docStride: 128,
        maxAnswerLen: 15,
        maxSeqLen: 384,
        maxQuestionLen: 64,
        handleImpossibleAnswer: true,
        alignToWords: false,
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/deepset/roberta-base-squad2');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: { question: "What's my name?", context: 'My name is Clara and I live in Berkeley.' },
        parameters: {
          top_k: 1,
          doc_stride: 128,
          max_answer_len: 15,
          max_seq_len: 384,
          max_question_len: 64,
          handle_impossible_answer: true,
          align_to_words: false,
        },
      }),
    );
  });

  it('wraps the bare object answered for topK 1 in an array', async () => {
    const { fetch } = mockFetch(json({ answer: 'Clara', score: 0.9, start: 11, end: 16 }));
    expect(await questionAnswering({ ...base, fetch, inputs })).toEqual([
      { answer: 'Clara', score: 0.9, start: 11, end: 16 },
    ]);
  });

  it('sorts the array answered for topK > 1 by score', async () => {
    const { fetch } = mockFetch(
      json([
        { answer: 'Berkeley', score: 0.05, start: 31, end: 39 },
        { answer: 'Clara', score: 0.9, start: 11, end: 16 },
      ]),
    );
    expect(await questionAnswering({ ...base, fetch, inputs, parameters: { topK: 2 } })).toEqual([
      { answer: 'Clara', score: 0.9, start: 11, end: 16 },
      { answer: 'Berkeley', score: 0.05, start: 31, end: 39 },
    ]);
  });

  it.each([[{}], [{ answer: 'Clara', score: 0.9 }], [[{ label: 'x', score: 1 }]]])(
    'rejects the unknown response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await questionAnswering({ ...base, fetch, inputs }).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('{ answer, score, start, end }');
    },
  );

  it.each([
    [{ inputs: 'What is my name?' }, 'inputs'],
    [{ inputs: { question: 'q' } }, 'inputs.context'],
    [{ inputs: { question: '', context: 'c' } }, 'inputs.question'],
    [{ inputs, parameters: { topK: 0 } }, 'parameters.topK'],
    [{ inputs, parameters: { docStride: -1 } }, 'parameters.docStride'],
    [{ inputs, parameters: { max_answer_len: 3 } }, 'parameters.max_answer_len'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await questionAnswering({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
