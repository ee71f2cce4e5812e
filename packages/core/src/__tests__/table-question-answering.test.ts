import { describe, expect, it } from 'vitest';
import { InferenceResponseError, InferenceValidationError } from '../errors';
import { tableQuestionAnswering } from '../tasks/table-question-answering';
import { json, mockFetch } from './fetch-mock';

const base = { accessToken: 'hf_secret', baseUrl: 'http://emu.test' };
const table = { Repository: ['Transformers', 'Datasets', 'Tokenizers'], 'Stars count': ['36542', '4512', '3934'] };
const inputs = { query: 'How many stars does the transformers repository have?', table };
const answer = { answer: 'AVERAGE > 36542', coordinates: [[0, 1]], cells: ['36542'], aggregator: 'AVERAGE' };

describe('tableQuestionAnswering', () => {
  it('sends { query, table } with column names untouched and snake_case parameters to the default model', async () => {
    const { fetch, calls } = mockFetch(json(answer));
    await tableQuestionAnswering({
      ...base,
      fetch,
      inputs,
      parameters: { padding: 'max_length', sequential: true, truncation: false },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('http://emu.test/hf-inference/models/google/tapas-base-finetuned-wtq');
    expect(calls[0]!.headers).toMatchObject({ authorization: 'Bearer hf_secret', 'content-type': 'application/json' });
    expect(calls[0]!.body).toBe(
      '{"inputs":{"query":"How many stars does the transformers repository have?",' +
        '"table":{"Repository":["Transformers","Datasets","Tokenizers"],"Stars count":["36542","4512","3934"]}},' +
        '"parameters":{"padding":"max_length","sequential":true,"truncation":false}}',
    );
  });

  it.each([
    ['bare object', answer],
    ['array of one', [answer]],
  ])('returns the answer sent as a %s', async (_, body) => {
    const { fetch } = mockFetch(json(body));
    expect(await tableQuestionAnswering({ ...base, fetch, inputs })).toEqual(answer);
  });

  it('leaves aggregator absent for models without aggregation', async () => {
    const { fetch } = mockFetch(json({ answer: 'Datasets', coordinates: [[1, 0]], cells: ['Datasets'] }));
    const out = await tableQuestionAnswering({ ...base, fetch, inputs });
    expect(out).toEqual({ answer: 'Datasets', coordinates: [[1, 0]], cells: ['Datasets'] });
    expect('aggregator' in out).toBe(false);
  });

  it.each([
    [{}],
    [[]],
    [{ answer: 'x', coordinates: [[0]], cells: [] }],
    [{ answer: 'x', cells: ['x'] }],
    [[answer, answer]],
  ])('rejects the unknown response %j', async (body) => {
    const { fetch } = mockFetch(json(body));
    const error = await tableQuestionAnswering({ ...base, fetch, inputs }).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceResponseError);
    expect(error.message).toContain('{ answer, coordinates, cells');
  });

  it.each([
    [
      { inputs: { query: 'q', table: { a: ['1', '2'], b: ['1'] } } },
      'inputs.table.b',
      'has 1 row(s) but column "a" has 2',
    ],
    [{ inputs: { query: 'q', table: {} } }, 'inputs.table', 'needs at least one column'],
    [{ inputs: { query: 'q', table: { a: [1, 2] } } }, 'inputs.table.a.0', 'expected string'],
    [{ inputs: { query: '', table } }, 'inputs.query', 'must not be empty'],
    [{ inputs: { question: 'q', table } }, 'inputs.query', 'is required'],
    [{ inputs, parameters: { padding: 'max' } }, 'parameters.padding', 'must be one of'],
  ])('rejects bad input %j naming %s, without a request', async (input, path, message) => {
    const { fetch, calls } = mockFetch(json(answer));
    const error = await tableQuestionAnswering({ ...base, fetch, ...(input as object) } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InferenceValidationError);
    expect(error.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(error.message).toContain(message);
    expect(calls).toHaveLength(0);
  });
});
