import { describe, expect, it } from 'vitest';
import { chatCompletion, isEmptyTaskInput, tableQuestionAnswering, zeroShotClassification } from '../index';

// What a UI may hold back unsent (nothing filled in yet) against what the task must reject by name.
describe('isEmptyTaskInput', () => {
  const labels = { candidateLabels: ['refund', 'faq'] };

  it.each([
    [{ inputs: '' }, true],
    [{ inputs: '   ', parameters: labels }, true],
    [{ inputs: 'I want my money back' }, true],
    [{ inputs: 'I want my money back', parameters: { candidateLabels: [] } }, true],
    [{ inputs: 'I want my money back', parameters: labels }, false],
    // Filled in, but wrong: left for the task's InferenceValidationError.
    [{ inputs: 'I want my money back', parameters: { ...labels, multiLabel: 'yes' } }, false],
    [{ inputs: 42, parameters: labels }, false],
  ])('zero-shot %j → %s', (args, empty) => {
    expect(isEmptyTaskInput(zeroShotClassification.definition, args)).toBe(empty);
  });

  it('ignores request options and reads only the task’s own input keys', () => {
    const args = { model: 'a/b', accessToken: 'hf_x', messages: [] };
    expect(isEmptyTaskInput(chatCompletion.definition, args)).toBe(true);
    expect(isEmptyTaskInput(chatCompletion.definition, { ...args, messages: [{ role: 'user', content: 'Hi' }] })).toBe(
      false,
    );
  });

  it('treats a blank field of an object input as not filled in', () => {
    const table = { city: ['Paris'] };
    expect(isEmptyTaskInput(tableQuestionAnswering.definition, { inputs: { query: ' ', table } })).toBe(true);
    expect(isEmptyTaskInput(tableQuestionAnswering.definition, { inputs: { query: 'Which city?', table } })).toBe(
      false,
    );
  });
});
