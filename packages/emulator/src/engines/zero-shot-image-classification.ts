/**
 * zero-shot-image-classification (CLIP-like): each candidate label is put in the
 * `hypothesis_template` (default "This is a photo of {}."), embedded with the shared hashed
 * embeddings, and compared with the words the image suggests (its colours and scene: sky, grass,
 * sea, ...); the similarities, scaled like CLIP's logits, go through a softmax over the labels.
 * Output `[{ label, score }]`, best first.
 */
import { analyzeImage, imageWords } from './image-analysis';
import { readBinary } from './request';
import { cosine, embed, round, unit } from './embeddings';
import { softmax } from './textkit';
import { EngineInputError, type Engine } from './types';

/** The candidate labels, as a list or a comma-separated string. */
export function candidateLabels(parameters: Record<string, unknown>): string[] {
  const raw = parameters.candidate_labels;
  if (raw === undefined || raw === null)
    throw new EngineInputError('Error in `parameters.candidate_labels`: field required');
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((l) => typeof l === 'string' && l.trim() !== '')) {
    throw new EngineInputError('Error in `parameters.candidate_labels`: expected a non-empty list of strings');
  }
  return list as string[];
}

/** `hypothesis_template`, validated. */
export function hypothesisTemplate(parameters: Record<string, unknown>, fallback: string): string {
  const t = parameters.hypothesis_template;
  if (t === undefined || t === null) return fallback;
  if (typeof t !== 'string' || !t.includes('{}')) {
    throw new EngineInputError(
      'Error in `parameters.hypothesis_template`: must be a string containing "{}" where the label goes',
    );
  }
  return t;
}

export const zeroShotImageClassification: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const labels = candidateLabels(parameters);
  const template = hypothesisTemplate(parameters, 'This is a photo of {}.');
  const image = analyzeImage(bytes);
  // Whole words carry the meaning here: character trigrams would make "cat" look like "flat".
  const description = embed(`a photo of ${imageWords(image).join(' ')}`, 4096, { space: 'clip', charWeight: 0.15 });
  const logits = labels.map((label) => {
    const text = embed(template.split('{}').join(label), 4096, { space: 'clip', charWeight: 0.15 });
    // Our similarities spread wider than CLIP's, so a smaller scale than its 100 gives CLIP-like confidence;
    // a little per-image jitter breaks exact ties between unrelated labels.
    return 25 * cosine(description, text) + 0.5 * unit(`${image.seed}|${label}`);
  });
  const scores = softmax(logits);
  return labels.map((label, i) => ({ score: round(scores[i]!, 6), label })).sort((a, b) => b.score - a.score);
};
