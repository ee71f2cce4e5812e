/**
 * summarization (extractive): picks the most central sentences (highest mean similarity to the
 * rest, with a lead bonus as news summarisers have) until the length budget is met, and keeps
 * them in their original order. The budget is `generate_parameters.max_length`/`max_new_tokens`
 * (or the model's default, 142 tokens for BART-CNN); `min_length` adds sentences when the
 * summary is too short. Output `[{ summary_text }]`, one per input.
 */
import { boolParam, generationLimit, inputsOf, paramsOf, stringOrList } from './request';
import { approxTokens, embed, sentences, tokenize } from './embeddings';
import { WorkSlice } from './textkit';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

const optionNumber = (model: CatalogueModel, key: string, fallback: number) => {
  const v = model.options?.[key];
  return typeof v === 'number' ? v : fallback;
};

/** Cuts a text to at most `maxTokens` approximate tokens, at a word boundary. */
export function cutToTokens(text: string, maxTokens: number): string {
  if (approxTokens(text) <= maxTokens) return text;
  const tokens = tokenize(text);
  let lo = 0;
  let hi = tokens.length;
  // Binary search on the number of words kept.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (approxTokens(text.slice(0, tokens[mid - 1]!.end16)) <= maxTokens) lo = mid;
    else hi = mid - 1;
  }
  return lo === 0 ? '' : text.slice(0, tokens[lo - 1]!.end16);
}

/** An extractive summary of `text` within the token limits. */
export async function summarize(
  text: string,
  maxTokens: number,
  minTokens = 0,
  slice = new WorkSlice(),
): Promise<string> {
  const list = sentences(text);
  if (list.length === 0) return '';
  if (list.length === 1) return cutToTokens(list[0]!.text, maxTokens);
  const vectors: number[][] = [];
  for (const s of list) {
    await slice.check();
    vectors.push(embed(s.text, 256));
  }
  await slice.check();
  // The vectors are unit length, so a sentence's summed cosine to all the others is its dot product
  // with the sum of every vector, less its own: one pass instead of one per pair of sentences.
  const total = new Float64Array(256);
  for (const v of vectors) for (let k = 0; k < 256; k++) total[k]! += v[k]!;
  const scores = list.map((s, i) => {
    const v = vectors[i]!;
    let sum = 0;
    let self = 0;
    for (let k = 0; k < 256; k++) {
      sum += v[k]! * total[k]!;
      self += v[k]! * v[k]!;
    }
    const centrality = (sum - self) / (list.length - 1);
    const lead = 0.12 / (1 + i);
    const words = tokenize(s.text).length;
    const shape = words < 5 ? -0.1 : words > 45 ? -0.05 : 0;
    return centrality + lead + shape;
  });
  await slice.check();
  const order = list.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const chosen: number[] = [];
  let used = 0;
  for (const i of order) {
    const cost = approxTokens(list[i]!.text);
    if (chosen.length === 0 || used + cost <= maxTokens || used < minTokens) {
      chosen.push(i);
      used += cost;
    }
    if (used >= maxTokens) break;
  }
  const summary = chosen
    .sort((a, b) => a - b)
    .map((i) => list[i]!.text)
    .join(' ');
  return cutToTokens(summary, maxTokens);
}

export const summarization: Engine = async (ctx) => {
  const { list } = stringOrList(inputsOf(ctx));
  if (list.some((t) => t.trim() === '')) throw new EngineInputError('Error in `inputs`: must not be empty');
  const params = paramsOf(ctx);
  boolParam(params, 'clean_up_tokenization_spaces');
  const limits = generationLimit(params);
  const maxTokens = limits.maxTokens ?? optionNumber(ctx.model, 'maxLength', 142);
  const minTokens = Math.min(maxTokens, limits.minTokens ?? optionNumber(ctx.model, 'minLength', 0));
  const slice = new WorkSlice(8, ctx.signal);
  const out: { summary_text: string }[] = [];
  for (const text of list) out.push({ summary_text: await summarize(text, maxTokens, minTokens, slice) });
  return out;
};
