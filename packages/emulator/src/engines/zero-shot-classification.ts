/**
 * Zero-shot classification without a model: each candidate label is scored by how much the text
 * relates to the hypothesis built from it (stemmed word overlap, a lexicon of related words, and
 * hashed character-trigram similarity with the whole hypothesis, so `hypothesis_template` matters).
 * Softmax over the labels when `multi_label` is false, independent sigmoids when true.
 */
import { TOPICS } from './lexicon';
import { cosine, round, sigmoid, softmax, stems, trigramVector, unit } from './textkit';
import { EngineInputError, type Engine } from './types';
import { boolParam, inputsOf, paramsOf } from './request';

const DEFAULT_TEMPLATE = 'This example is {}.';
/** The entailment logit of "text ⇒ hypothesis(label)". */
export function entailmentLogit(text: string, label: string, template: string): number {
  const textStems = new Set(stems(text));
  const labelStems = stems(label);
  const hypothesis = template.split('{}').join(label);
  const labelSet = new Set(labelStems);
  const templateStems = stems(hypothesis).filter((s) => !labelSet.has(s));

  const overlap = labelStems.length === 0 ? 0 : labelStems.filter((s) => textStems.has(s)).length / labelStems.length;
  let hits = 0;
  for (const s of labelStems)
    for (const related of TOPICS.get(s) ?? []) if (textStems.has(related) && !labelSet.has(related)) hits++;
  const lexicon = 1 - Math.exp(-hits / 1.5);
  const templateOverlap =
    templateStems.length === 0 ? 0 : templateStems.filter((s) => textStems.has(s)).length / templateStems.length;
  const similarity = cosine(trigramVector(text), trigramVector(hypothesis));
  // Deterministic jitter so unrelated labels do not tie exactly.
  const jitter = unit(`${text}\u0000${hypothesis}`) - 0.5;
  return 3.2 * overlap + 3 * lexicon + 2.5 * similarity + 0.6 * templateOverlap + 0.35 * jitter - 1.2;
}

/** Zero-shot classification engine. */
export const zeroShotClassification: Engine = (context) => {
  const text = inputsOf(context);
  if (typeof text !== 'string' || text.trim() === '') {
    throw new EngineInputError('Error in `inputs`: expected a non-empty string');
  }
  const parameters = paramsOf(context);
  const raw = parameters.candidate_labels;
  const labels = (typeof raw === 'string' ? raw.split(',') : Array.isArray(raw) ? raw : [])
    .filter((l): l is string => typeof l === 'string')
    .map((l) => l.trim())
    .filter(Boolean);
  if (labels.length === 0) {
    throw new EngineInputError(
      raw === undefined
        ? 'Error in `parameters.candidate_labels`: field required'
        : 'Error in `parameters.candidate_labels`: The number of candidate labels should be at least 1',
    );
  }
  const template = parameters.hypothesis_template ?? DEFAULT_TEMPLATE;
  if (typeof template !== 'string' || !template.includes('{}')) {
    throw new EngineInputError(
      `The provided hypothesis_template "${String(template)}" was not able to be formatted with the target labels. Make sure the passed template includes formatting syntax such as {{}} where the label should go.`,
    );
  }
  const multiLabel = boolParam(parameters, 'multi_label') === true;
  const logits = labels.map((label) => entailmentLogit(text, label, template));
  const scores = multiLabel ? logits.map(sigmoid) : softmax(logits.map((l) => l * 1.6));
  const ranked = labels.map((label, i) => ({ label, score: round(scores[i]!) })).sort((a, b) => b.score - a.score);

  if (context.compat?.legacyZeroShot || context.model.options?.legacyOutput === true) {
    return { sequence: text, labels: ranked.map((r) => r.label), scores: ranked.map((r) => r.score) };
  }
  return ranked;
};
