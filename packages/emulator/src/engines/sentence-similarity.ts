/**
 * sentence-similarity: cosine similarity between the source sentence and each sentence, using
 * the same hashed embeddings as feature extraction, so the two routes of one model agree.
 */
import { inputsOf, requireString } from './request';
import { cosine, round } from './embeddings';
import { embedForModel } from './feature-extraction';
import { EngineInputError, type Engine } from './types';

export const sentenceSimilarity: Engine = (ctx) => {
  const inputs = inputsOf(ctx);
  if (!inputs || typeof inputs !== 'object' || Array.isArray(inputs)) {
    throw new EngineInputError('Error in `inputs`: expected an object { source_sentence, sentences }');
  }
  const { source_sentence: source, sentences } = inputs as Record<string, unknown>;
  const query = requireString(source, 'inputs.source_sentence');
  if (!Array.isArray(sentences) || sentences.length === 0) {
    throw new EngineInputError(
      `Error in \`inputs.sentences\`: ${sentences === undefined ? 'field required' : 'expected a non-empty list of strings'}`,
    );
  }
  sentences.forEach((s, i) => requireString(s, `inputs.sentences.${i}`));
  const reference = embedForModel(query, ctx.model);
  return (sentences as string[]).map((s) => round(cosine(reference, embedForModel(s, ctx.model)), 7));
};
