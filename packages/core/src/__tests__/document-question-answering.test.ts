import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { documentQuestionAnswering } from '../tasks/document-question-answering';
import { json, mockFetch } from './fetch-mock';

const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xfb, 0xff]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const question = 'What is the invoice number?';
const fail = () => {
  throw new Error('expected a rejection');
};

describe('documentQuestionAnswering', () => {
  it('always sends JSON with the image as base64 beside the question, to the default model', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await documentQuestionAnswering({
      ...base,
      fetch,
      inputs: { image: new Blob([image], { type: 'image/png' }), question },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/impira/layoutlm-document-qa');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: { image: b64(image), question } }));
  });

  it('sends every parameter in snake_case', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await documentQuestionAnswering({
      ...base,
      fetch,
      model: 'me/docqa',
      inputs: { image: image.slice().buffer, question },
      parameters: {
        docStride: 128,
        handleImpossibleAnswer: true,
        lang: 'fra',
        maxAnswerLen: 15,
        maxQuestionLen: 64,
        maxSeqLen: 384,
        topK: 2,
        wordBoxes: [['Invoice', [10, 10, 90, 30]]],
      },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/me/docqa');
    expect(calls[0]!.body).toBe(
      JSON.stringify({
        inputs: { image: b64(image), question },
        parameters: {
          doc_stride: 128,
          handle_impossible_answer: true,
          lang: 'fra',
          max_answer_len: 15,
          max_question_len: 64,
          max_seq_len: 384,
          top_k: 2,
          word_boxes: [['Invoice', [10, 10, 90, 30]]],
        },
      }),
    );
  });

  it('returns answers sorted by score, a single object wrapped, and a missing score as null last', async () => {
    const cases: [unknown, unknown][] = [
      [
        [
          { answer: 'us-002', score: 0.1, start: 20, end: 20 },
          { answer: 'us-001', score: 0.9, start: 16, end: 16, words: [16] },
        ],
        [
          { answer: 'us-001', score: 0.9, start: 16, end: 16, words: [16] },
          { answer: 'us-002', score: 0.1, start: 20, end: 20 },
        ],
      ],
      [{ answer: 'us-001', score: 0.9, start: 16, end: 16 }, [{ answer: 'us-001', score: 0.9, start: 16, end: 16 }]],
      // Donut-style generative models answer without score or positions.
      [[{ answer: 'us-001' }], [{ answer: 'us-001', score: null }]],
      [
        [{ answer: 'b' }, { answer: 'a', score: 0.2 }],
        [
          { answer: 'a', score: 0.2 },
          { answer: 'b', score: null },
        ],
      ],
    ];
    for (const [body, expected] of cases) {
      const { fetch } = mockFetch(json(body));
      const out = await documentQuestionAnswering({ ...base, fetch, inputs: { image, question } });
      expect(out).toStrictEqual(expected);
    }
  });

  it.each([[{}], [[{ score: 0.9 }]], [{ answer: 1 }], ['us-001']])('rejects the response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await documentQuestionAnswering({ ...base, fetch, inputs: { image, question } }).then(
      fail,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('[{ answer, score, start, end }]');
  });

  it.each([
    [{ inputs: image }, 'inputs'],
    [{ inputs: { image, question: '' } }, 'inputs.question'],
    [{ inputs: { image: 'https://example.com/invoice.png', question } }, 'inputs.image'],
    [{ inputs: { image, question, context: 'x' } }, 'inputs.context'],
    [{ inputs: { image, question }, parameters: { wordBoxes: [[10, 10, 90, 30]] } }, 'parameters.wordBoxes.0'],
    [{ inputs: { image, question }, parameters: { top_k: 1 } }, 'parameters.top_k'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await documentQuestionAnswering({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
