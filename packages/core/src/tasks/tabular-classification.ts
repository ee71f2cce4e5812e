import * as z from 'zod/mini';
import { createTask } from '../task';
import { mapped } from '../wire';
import { tabularInputs } from '../task-schemas';

/** Input of {@link tabularClassification}. It takes no parameters. */
export const tabularClassificationInput = z.object({ inputs: tabularInputs });

/**
 * Output: one label per row, always as strings. scikit-learn models answer with their class values,
 * which are numbers (or booleans) for models trained on encoded classes; they are turned into strings
 * (`1` → `'1'`) so the type does not depend on the model.
 */
export const tabularClassificationOutput = mapped(z.array(z.union([z.string(), z.number(), z.boolean()])), (labels) =>
  labels.map(String),
);

export type TabularClassificationInput = z.input<typeof tabularClassificationInput>;
export type TabularClassificationOutput = z.output<typeof tabularClassificationOutput>;

/**
 * Predicts a class for each row of a table (scikit-learn models).
 * @example
 * const labels = await tabularClassification({
 *   model: 'julien-c/wine-quality',
 *   inputs: { data: { fixed_acidity: ['7.4', '7.8'], volatile_acidity: ['0.7', '0.88'], alcohol: ['9.4', '9.8'] } },
 * });
 * labels; // ['5', '5']
 */
export const tabularClassification = /* @__PURE__ */ createTask({
  name: 'tabularClassification',
  task: 'tabular-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'scikit-learn/tabular-playground',
  input: tabularClassificationInput,
  inputKeys: ['inputs'],
  toWire: ({ inputs }) => ({ json: { inputs: { data: inputs.data } } }),
  output: tabularClassificationOutput,
  expected: 'an array of labels, one per row',
});
