import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { visualQuestionAnswering } from '../tasks/visual-question-answering';
import { json, mockFetch } from './fetch-mock';

const image = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x43, 0xfb, 0xef]);
const b64 = (data: Uint8Array) => Buffer.from(data).toString('base64');
const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const question = 'What is the animal doing?';
const fail = () => {
  throw new Error('expected a rejection');
};

describe('visualQuestionAnswering', () => {
  it('always sends JSON with the image as base64 beside the question, to the default model', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await visualQuestionAnswering({
      ...base,
      fetch,
      inputs: { image: new Blob([image], { type: 'image/jpeg' }), question },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/dandelin/vilt-b32-finetuned-vqa');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: { image: b64(image), question } }));
  });

  it('sends topK as top_k', async () => {
    const { fetch, calls } = mockFetch(json([]));
    await visualQuestionAnswering({
      ...base,
      fetch,
      model: 'me/vqa',
      inputs: { image, question },
      parameters: { topK: 3 },
    });
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/me/vqa');
    expect(calls[0]!.body).toBe(JSON.stringify({ inputs: { image: b64(image), question }, parameters: { top_k: 3 } }));
  });

  it('returns answers sorted by score, a single object wrapped, and a missing score as null', async () => {
    const cases: [unknown, unknown][] = [
      [
        [
          { answer: 'sitting', score: 0.1 },
          { answer: 'laying down', score: 0.48 },
        ],
        [
          { answer: 'laying down', score: 0.48 },
          { answer: 'sitting', score: 0.1 },
        ],
      ],
      [{ answer: 'laying down', score: 0.48 }, [{ answer: 'laying down', score: 0.48 }]],
      // BLIP-style generative models answer without a score.
      [[{ answer: 'sleeping' }], [{ answer: 'sleeping', score: null }]],
    ];
    for (const [body, expected] of cases) {
      const { fetch } = mockFetch(json(body));
      expect(await visualQuestionAnswering({ ...base, fetch, inputs: { image, question } })).toStrictEqual(expected);
    }
  });

  it.each([[{}], [[{ label: 'x', score: 0.1 }]], [{ answer: 'x', score: '0.1' }]])(
    'rejects the response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await visualQuestionAnswering({ ...base, fetch, inputs: { image, question } }).then(
        fail,
        (e: Error) => e,
      );
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('[{ answer, score }]');
    },
  );

  it.each([
    [{ inputs: { image } }, 'inputs.question'],
    [{ inputs: { image: 'cat.jpg', question } }, 'inputs.image'],
    [{ inputs: { image, question }, parameters: { topK: 0 } }, 'parameters.topK'],
  ])('rejects bad input %# naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await visualQuestionAnswering({ ...base, fetch, ...(input as object) } as never).then(
      fail,
      (e: InferenceValidationError) => e,
    );
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
