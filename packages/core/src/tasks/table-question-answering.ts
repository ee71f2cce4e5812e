import * as z from 'zod/mini';
import { createTask } from '../task';
import { sameLengthColumns } from '../task-schemas';
import { int, jsonBody, mapped, nonEmpty, recordOf, text } from '../wire';

/** Input of {@link tableQuestionAnswering}. */
export const tableQuestionAnsweringInput = z.object({
  inputs: z.strictObject({
    /** The question about the table. */
    query: text,
    /** The table, column by column: `{ Repository: ['Transformers', 'Datasets'], Stars: ['36542', '4512'] }`. Cells are strings. */
    table: recordOf(z.array(z.string()).check(nonEmpty)).check(sameLengthColumns()),
  }),
  parameters: z.optional(
    z.strictObject({
      /** Padding of the tokenized table. */
      padding: z.optional(z.enum(['do_not_pad', 'longest', 'max_length'])),
      /** Run sequentially rather than batched; conversational models (SQA) need it. */
      sequential: z.optional(z.boolean()),
      /** Cut tables longer than the model's limit instead of failing. */
      truncation: z.optional(z.boolean()),
    }),
  ),
});

const answer = z.object({
  answer: z.string(),
  coordinates: z.array(z.tuple([int(), int()])),
  cells: z.array(z.string()),
  aggregator: z.optional(z.string()),
});

/**
 * Output: `{ answer, coordinates, cells, aggregator? }`. `coordinates` are `[row, column]` of the
 * answer cells; `aggregator` (`SUM`, `AVERAGE`, `COUNT`, `NONE`) is present for models that aggregate,
 * and then `answer` reads `AVERAGE > 36542`.
 */
export const tableQuestionAnsweringOutput = mapped(
  // One query, so one answer; some servers wrap it in an array.
  z.union([answer, z.tuple([answer])]),
  (value) => (Array.isArray(value) ? value[0] : value),
);

export type TableQuestionAnsweringInput = z.input<typeof tableQuestionAnsweringInput>;
export type TableQuestionAnsweringOutput = z.output<typeof tableQuestionAnsweringOutput>;

/**
 * Answers a question about a table.
 * @example
 * const { answer, cells } = await tableQuestionAnswering({
 *   inputs: {
 *     query: 'How many stars does the transformers repository have?',
 *     table: { Repository: ['Transformers', 'Datasets', 'Tokenizers'], Stars: ['36542', '4512', '3934'] },
 *   },
 * });
 * cells; // ['36542']
 */
export const tableQuestionAnswering = /* @__PURE__ */ createTask({
  name: 'tableQuestionAnswering',
  task: 'table-question-answering',
  route: 'model',
  kind: 'query',
  defaultModel: 'google/tapas-base-finetuned-wtq',
  input: tableQuestionAnsweringInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  output: tableQuestionAnsweringOutput,
  expected: '{ answer, coordinates, cells, aggregator? }',
});
