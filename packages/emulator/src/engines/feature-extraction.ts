/**
 * feature-extraction: deterministic sentence embeddings (hashed word and character n-grams, see
 * `embeddings.ts`) of the model's dimension. A string gives `number[]`, a list `number[][]`, as
 * sentence-transformers models answer. `normalize`, `truncate`, `truncation_direction` and
 * `prompt_name` are honoured.
 */
import { boolParam, inputsOf, paramsOf, strParam, stringOrList } from './request';
import { embed, round, tokenize } from './embeddings';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

/** The embedding dimension of a model (`options.dim`, default 384). */
export const dimensionOf = (model: CatalogueModel): number => {
  const dim = model.options?.dim;
  return typeof dim === 'number' && dim > 0 ? dim : 384;
};

/** The input length limit of a model, in tokens (`options.maxTokens`, default 512). */
const maxTokensOf = (model: CatalogueModel): number => {
  const max = model.options?.maxTokens;
  return typeof max === 'number' && max > 0 ? max : 512;
};

/** Approximate word-piece cost of one word. */
const cost = (word: string) => Math.max(1, Math.ceil(word.length / 6));

/**
 * Applies the model's length limit: cuts whole words from the right (or left) when truncation is
 * on, refuses the input like TEI when it is off.
 */
export function fitToModel(
  text: string,
  model: CatalogueModel,
  truncate: boolean | undefined,
  direction: 'left' | 'right' = 'right',
): string {
  const max = maxTokensOf(model);
  const tokens = tokenize(text);
  const total = tokens.reduce((n, t) => n + cost(t.text), 0);
  if (total <= max) return text;
  if (truncate === false) {
    throw new EngineInputError(
      `Input validation error: \`inputs\` must have less than ${max} tokens. Given: ${total}`,
      413,
    );
  }
  let budget = max;
  if (direction === 'left') {
    let i = tokens.length;
    while (i > 0 && budget - cost(tokens[i - 1]!.text) >= 0) budget -= cost(tokens[--i]!.text);
    return text.slice(tokens[i]?.start16 ?? text.length);
  }
  let i = 0;
  while (i < tokens.length && budget - cost(tokens[i]!.text) >= 0) budget -= cost(tokens[i++]!.text);
  return text.slice(0, tokens[i - 1]?.end16 ?? 0);
}

/** Embeds one text the way the model would (prompt, truncation, normalisation). */
export function embedForModel(
  text: string,
  model: CatalogueModel,
  options: { normalize?: boolean; truncate?: boolean; direction?: 'left' | 'right'; promptName?: string } = {},
): number[] {
  let input = text;
  if (options.promptName !== undefined) {
    const prompts = (model.options?.prompts ?? {}) as Record<string, string>;
    const prompt = prompts[options.promptName];
    if (prompt === undefined) {
      const known = Object.keys(prompts);
      throw new EngineInputError(
        `Input validation error: prompt \`${options.promptName}\` is not available for ${model.id}${known.length ? ` (available: ${known.join(', ')})` : ' (the model defines no prompts)'}`,
      );
    }
    input = prompt + input;
  }
  input = fitToModel(input, model, options.truncate, options.direction);
  const vector = embed(input, dimensionOf(model), { normalize: options.normalize !== false, space: model.id });
  return vector.map((v) => round(v, 8));
}

export const featureExtraction: Engine = (ctx) => {
  const { list, batched } = stringOrList(inputsOf(ctx));
  if (list.some((t) => t.length === 0)) throw new EngineInputError('Input validation error: `inputs` cannot be empty');
  // TEI's format puts the options beside `inputs`; the older pipeline format nests them in `parameters`.
  const body =
    ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Record<string, unknown>) : {};
  const { inputs: _inputs, parameters: _parameters, options: _options, ...root } = body;
  const params = { ...root, ...paramsOf(ctx) };
  const normalize = boolParam(params, 'normalize');
  const truncate = boolParam(params, 'truncate');
  const direction = strParam(params, 'truncation_direction', ['left', 'right', 'Left', 'Right'])?.toLowerCase() as
    'left' | 'right' | undefined;
  const promptName = strParam(params, 'prompt_name');
  const options: Parameters<typeof embedForModel>[2] = {};
  if (normalize !== undefined) options.normalize = normalize;
  if (truncate !== undefined) options.truncate = truncate;
  if (direction !== undefined) options.direction = direction;
  if (promptName !== undefined) options.promptName = promptName;
  const vectors = list.map((text) => embedForModel(text, ctx.model, options));
  return batched ? vectors : vectors[0];
};
