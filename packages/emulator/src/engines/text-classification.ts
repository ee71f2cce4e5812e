/**
 * Text classification from lexicons: sentiment (with negation and intensifiers) for the sentiment
 * models, financial polarity for FinBERT, emotions, star ratings. The engine builds logits, then
 * applies `function_to_apply` (softmax, sigmoid or none) and `top_k` as the pipeline does.
 */
import { EMOTIONS, FINANCE, INTENSIFIERS, NEGATORS, SENTIMENT } from './lexicon';
import { round, sigmoid, softmax, stem, unit, words } from './textkit';
import { EngineInputError, type Engine } from './types';
import { inputsOf, intParam, isObject, paramsOf, strParam } from './request';

/** How a model turns text into logits; set per model in the catalogue (`options.kind`). */
export type ClassifierKind = 'sentiment' | 'finance' | 'emotion' | 'stars';

const STEMMED_SENTIMENT = new Map([...SENTIMENT].map(([w, v]) => [stem(w), v]));

/**
 * Polarity of a text, roughly in [-3, 3]: lexicon weights, flipped within three words after a
 * negator, scaled by intensifiers, and with the clause after "but" weighing more.
 */
export function polarity(text: string, lexicon: ReadonlyMap<string, number> = SENTIMENT): number {
  const list = words(text);
  let score = 0;
  let negate = 0;
  let boost = 1;
  let clause = 1;
  let hits = 0;
  for (const w of list) {
    if (NEGATORS.has(w) || w.endsWith("n't")) {
      negate = 3;
      continue;
    }
    const intensity = INTENSIFIERS.get(w);
    if (intensity !== undefined) {
      boost = intensity;
      continue;
    }
    if (w === 'but' || w === 'however' || w === 'although' || w === 'though') {
      // "The food was good but the service was awful" leans on what follows.
      score *= 0.5;
      clause = 1.5;
      continue;
    }
    let value = lexicon.get(w) ?? (lexicon === SENTIMENT ? STEMMED_SENTIMENT.get(stem(w)) : undefined);
    if (value !== undefined) {
      if (negate > 0) value *= -0.75;
      score += value * boost * clause;
      hits++;
      boost = 1;
    }
    negate = Math.max(0, negate - 1);
  }
  const exclaim = Math.min((text.match(/!/g) ?? []).length, 3);
  return (score * (1 + 0.1 * exclaim)) / Math.sqrt(Math.max(1, hits));
}

function logits(text: string, kind: ClassifierKind, labels: readonly string[]): number[] {
  const jitter = (unit(text) - 0.5) * 0.3;
  switch (kind) {
    case 'finance': {
      const s = polarity(text, FINANCE) + 0.4 * polarity(text);
      const byLabel: Record<string, number> = {
        positive: 1.9 * s + jitter,
        negative: -1.9 * s - jitter,
        neutral: 1.6 - 1.3 * Math.abs(s),
      };
      return labels.map((l) => byLabel[l.toLowerCase()] ?? 0);
    }
    case 'emotion': {
      const stemsOfText = words(text).map(stem);
      const s = polarity(text);
      let total = 0;
      const byLabel: Record<string, number> = {};
      for (const [emotion, list] of Object.entries(EMOTIONS)) {
        const related = new Set(list.map(stem));
        const hits = stemsOfText.filter((w) => related.has(w)).length;
        total += hits;
        byLabel[emotion] = 2.4 * hits - 0.6 + (unit(`${text}\u0000${emotion}`) - 0.5) * 0.4;
      }
      byLabel.joy! += 0.5 * Math.max(s, 0);
      byLabel.sadness! += 0.3 * Math.max(-s, 0);
      byLabel.anger! += 0.3 * Math.max(-s, 0);
      byLabel.neutral = 1.4 - 0.8 * total - 0.2 * Math.abs(s);
      return labels.map((l) => byLabel[l.toLowerCase()] ?? -2);
    }
    case 'stars': {
      const centre = Math.min(5, Math.max(1, 3 + 1.1 * polarity(text) + jitter));
      return labels.map((_, i) => -((i + 1 - centre) ** 2) / 1.1);
    }
    default: {
      const s = polarity(text) + jitter;
      if (labels.length === 2) return [-2.4 * s - 0.1, 2.4 * s + 0.1];
      // Three labels: negative, neutral, positive in the order the catalogue lists them by name.
      return labels.map((label, i) => {
        const name = label.toLowerCase();
        if (name.includes('neg') || name === 'label_0') return -1.9 * s;
        if (name.includes('pos') || name === 'label_2') return 1.9 * s;
        if (name.includes('neu') || name === 'label_1') return 1.5 - 1.4 * Math.abs(s);
        return -1 + i * 0.1;
      });
    }
  }
}

function classify(
  text: string,
  labels: readonly string[],
  kind: ClassifierKind,
  apply: string,
  topK: number | undefined,
) {
  const raw = logits(text, kind, labels);
  const scores = apply === 'sigmoid' ? raw.map(sigmoid) : apply === 'none' ? raw : softmax(raw);
  const ranked = labels.map((label, i) => ({ label, score: round(scores[i]!) })).sort((a, b) => b.score - a.score);
  return topK === undefined ? ranked : ranked.slice(0, topK);
}

function inputText(input: unknown): string {
  if (typeof input === 'string' && input.trim() !== '') return input;
  if (isObject(input) && typeof input.text === 'string') {
    return typeof input.text_pair === 'string' ? `${input.text} ${input.text_pair}` : input.text;
  }
  throw new EngineInputError('Error in `inputs`: expected a non-empty string or { text, text_pair }');
}

/** Text classification engine. */
export const textClassification: Engine = (context) => {
  const inputs = inputsOf(context);
  const parameters = paramsOf(context);
  const options = context.model.options ?? {};
  const labels = (options.labels as string[] | undefined) ?? ['NEGATIVE', 'POSITIVE'];
  const kind = (options.kind as ClassifierKind | undefined) ?? 'sentiment';
  const apply =
    strParam(parameters, 'function_to_apply', ['softmax', 'sigmoid', 'none']) ??
    (options.functionToApply as string | undefined) ??
    'softmax';
  const k = intParam(parameters, 'top_k', 1);
  // A batch of texts is answered with one list per text, as the pipeline does.
  if (Array.isArray(inputs)) return inputs.map((input) => classify(inputText(input), labels, kind, apply, k));
  return classify(inputText(inputs), labels, kind, apply, k);
};
