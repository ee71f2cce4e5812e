import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { summarization } from '../tasks/summarization';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };

describe('summarization', () => {
  it('sends snake_case parameters (in schema order), including the keys of generateParameters, to the default model', async () => {
    const { fetch, calls } = mockFetch(json([{ summary_text: 'Short.' }]));
    await summarization({
      ...base,
      fetch,
      inputs: 'A long text.',
      parameters: {
        cleanUpTokenizationSpaces: true,
        truncation: 'only_first',
        generateParameters: { maxNewTokens: 60, numBeams: 4, earlyStopping: 'never', doSample: false },
      },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/facebook/bart-large-cnn');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":"A long text.","parameters":{"clean_up_tokenization_spaces":true,"truncation":"only_first",' +
        '"generate_parameters":{"do_sample":false,"early_stopping":"never","max_new_tokens":60,"num_beams":4}}}',
    );
  });

  it('passes any other generate() keyword through, snake-cased, and names the camelCase fix for a snake_case one', async () => {
    const { fetch, calls } = mockFetch(json([{ summary_text: 'Short.' }]));
    await summarization({
      ...base,
      fetch,
      inputs: 'A long text.',
      parameters: { generateParameters: { maxLength: 60, repetitionPenalty: 1.2, noRepeatNgramSize: 3 } },
    });
    expect(JSON.parse(calls[0]!.body).parameters).toEqual({
      generate_parameters: { max_length: 60, repetition_penalty: 1.2, no_repeat_ngram_size: 3 },
    });
    const error = await summarization({
      ...base,
      fetch,
      inputs: 'x',
      parameters: { generateParameters: { length_penalty: 2 } as never },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.message).toContain('parameters.generateParameters.length_penalty');
    expect(error.message).toContain('`lengthPenalty`');
    expect(calls).toHaveLength(1);
  });

  it('omits parameters when none are given', async () => {
    const { fetch, calls } = mockFetch(json([{ summary_text: 'Short.' }]));
    await summarization({ ...base, fetch, inputs: 'A long text.', parameters: { generateParameters: {} } });
    expect(calls[0]!.body).toBe('{"inputs":"A long text."}');
  });

  it.each([
    ['[{ summary_text }]', [{ summary_text: 'Short.' }]],
    ['{ summary_text }', { summary_text: 'Short.' }],
  ])('normalises %s to { summaryText }', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    expect(await summarization({ ...base, fetch, inputs: 'x' })).toEqual({ summaryText: 'Short.' });
  });

  it.each([[{}], [[]], [[{ generated_text: 'x' }]], [{ summary_text: 3 }]])(
    'rejects the unknown response %j',
    async (body) => {
      const { fetch } = mockFetch(json(body));
      const error = await summarization({ ...base, fetch, inputs: 'x' }).catch((e) => e);
      expect(error).toBeInstanceOf(InferenceResponseError);
      expect(error.message).toContain('summary_text');
    },
  );

  it.each([
    [{ inputs: '' }, 'inputs'],
    [{ inputs: 'x', parameters: { truncation: true } }, 'parameters.truncation'],
    [
      { inputs: 'x', parameters: { generateParameters: { maxNewTokens: 0 } } },
      'parameters.generateParameters.maxNewTokens',
    ],
    [
      { inputs: 'x', parameters: { generateParameters: { max_new_tokens: 5 } } },
      'parameters.generateParameters.max_new_tokens',
    ],
    [{ inputs: 'x', parameters: { generate_parameters: {} } }, 'parameters.generate_parameters'],
  ])('rejects bad input %j naming %s, without a request', async (input, path) => {
    const { fetch, calls } = mockFetch(json([]));
    const error = await summarization({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(calls).toHaveLength(0);
  });
});
