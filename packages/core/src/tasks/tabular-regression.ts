import * as z from 'zod/mini';
import { createTask } from '../task';
import { tabularInputs } from '../task-schemas';

/** Input of {@link tabularRegression}. It takes no parameters. */
export const tabularRegressionInput = z.object({ inputs: tabularInputs });

/** Output: one predicted value per row. */
export const tabularRegressionOutput = z.array(z.number());

export type TabularRegressionInput = z.input<typeof tabularRegressionInput>;
export type TabularRegressionOutput = z.output<typeof tabularRegressionOutput>;

/**
 * Predicts a number for each row of a table (scikit-learn models).
 * @example
 * const weights = await tabularRegression({
 *   model: 'scikit-learn/Fish-Weight',
 *   inputs: { data: { Height: ['11.52', '12.48'], Length1: ['23.2', '24'], Species: ['Bream', 'Bream'], Width: ['4.02', '4.3056'] } },
 * });
 * weights; // [110, 120]
 */
export const tabularRegression = /* @__PURE__ */ createTask({
  name: 'tabularRegression',
  task: 'tabular-regression',
  route: 'model',
  kind: 'query',
  defaultModel: 'scikit-learn/Fish-Weight',
  input: tabularRegressionInput,
  inputKeys: ['inputs'],
  toWire: ({ inputs }) => ({ json: { inputs: { data: inputs.data } } }),
  output: tabularRegressionOutput,
  expected: 'an array of numbers, one per row',
});
