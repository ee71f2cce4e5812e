/**
 * Text generation in TGI's shapes: `[{ generated_text, details? }]` on the Inference API (and TGI's
 * root route), `{ generated_text, details? }` on `/generate`, and `/generate_stream` events
 * `{ index, token, generated_text: null, details: null }` ending with the full text. Like TGI, a
 * stop sequence stays in the text (`finish_reason: stop_sequence`) and an end-of-sequence token
 * closes a natural ending. `top_n_tokens` adds the most likely tokens at each step (`top_tokens`);
 * `best_of` samples several candidates and returns the others in `details.best_of_sequences`,
 * refused as TGI refuses it (without sampling, with a seed, when streaming, above `max_best_of`).
 */
import { complete, generateText } from './generator';
import { sseResponse, type SseFrame } from './sse';
import { countTokens, llmTokens, round, runnersUp, unit } from './textkit';
import { EngineInputError, type CatalogueModel, type Engine } from './types';
import { isObject } from './request';

const invalid = (message: string) => new EngineInputError(`Input validation error: ${message}`, 422, 'validation');
interface Parameters {
  max_new_tokens?: number;
  return_full_text?: boolean;
  stop?: string[];
  seed?: number;
  details?: boolean;
  decoder_input_details?: boolean;
  do_sample?: boolean;
  temperature?: number;
  top_p?: number;
  top_k?: number;
  top_n_tokens?: number;
  best_of?: number;
}

/** TGI's launcher defaults, also reported by `/info` (`max_best_of`). */
export const MAX_BEST_OF = 2;
const MAX_TOP_N_TOKENS = 5;

/** TGI's default budget when `max_new_tokens` is absent. */
const DEFAULT_MAX_NEW_TOKENS = 100;

function validate(body: unknown): { inputs: string; parameters: Parameters; stream: boolean } {
  if (!isObject(body)) throw new EngineInputError('Expected a JSON object with `inputs`');
  const { inputs, parameters = {}, stream = false } = body;
  if (typeof inputs !== 'string') throw invalid('`inputs` must be a string');
  if (!isObject(parameters)) throw invalid('`parameters` must be an object');
  const p = parameters as Parameters;
  if (p.max_new_tokens != null && (!Number.isInteger(p.max_new_tokens) || p.max_new_tokens < 1))
    throw invalid('`max_new_tokens` must be strictly positive');
  if (p.temperature != null && (typeof p.temperature !== 'number' || p.temperature <= 0))
    throw invalid('`temperature` must be strictly positive');
  if (p.top_p != null && (typeof p.top_p !== 'number' || p.top_p <= 0 || p.top_p > 1))
    throw invalid('`top_p` must be > 0.0 and < 1.0');
  if (p.top_k != null && (!Number.isInteger(p.top_k) || p.top_k <= 0))
    throw invalid('`top_k` must be strictly positive');
  if (p.stop != null && (!Array.isArray(p.stop) || p.stop.some((s) => typeof s !== 'string')))
    throw invalid('`stop` must be an array of strings');
  if ((p.stop?.length ?? 0) > 4) throw invalid(`\`stop\` supports up to 4 stop sequences. Given: ${p.stop!.length}`);
  if (p.seed != null && (!Number.isInteger(p.seed) || p.seed < 0))
    throw invalid('`seed` must be a non-negative integer');
  if (inputs.trim() === '') throw invalid('`inputs` cannot be empty');
  if (
    p.top_n_tokens != null &&
    (!Number.isInteger(p.top_n_tokens) || p.top_n_tokens < 0 || p.top_n_tokens > MAX_TOP_N_TOKENS)
  )
    throw invalid(`\`top_n_tokens\` must be >= 0 and <= ${MAX_TOP_N_TOKENS}. Given: ${String(p.top_n_tokens)}`);
  const bestOf = p.best_of ?? 1;
  if (!Number.isInteger(bestOf) || bestOf < 1 || bestOf > MAX_BEST_OF)
    throw invalid(`\`best_of\` must be > 0 and <= ${MAX_BEST_OF}. Given: ${String(p.best_of)}`);
  if (bestOf > 1) {
    if (p.seed != null) throw invalid('`seed` must not be set when `best_of` > 1');
    if (!(p.do_sample === true || p.temperature != null || p.top_p != null || p.top_k != null))
      throw invalid('you must use sampling when `best_of` is > 1');
  }
  return { inputs, parameters: p, stream: stream === true };
}

const logprob = (text: string, i: number) => round(-unit(`${text}\u0000${i}`) * 1.5 - 0.01, 4);

interface WireToken {
  id: number;
  text: string;
  logprob: number;
  special: boolean;
}

/** The `n` most likely tokens at step `i`, the chosen one first (see `runnersUp`), with TGI's token fields. */
function topTokens(tokens: readonly WireToken[], i: number, n: number, vocabSize: number): WireToken[] {
  const texts = tokens.map((t) => t.text);
  return runnersUp(texts, i, tokens[i]!.logprob, n).map((t, k) =>
    k === 0
      ? tokens[i]!
      : { id: llmTokens(t.text, vocabSize)[0]?.id ?? 0, text: t.text, logprob: t.logprob, special: false },
  );
}

/** TGI's default context when the catalogue does not say (its launcher's defaults). */
const DEFAULT_MAX_INPUT_TOKENS = 4095;
const DEFAULT_MAX_TOTAL_TOKENS = 4096;

/**
 * TGI's length validation, with its wording: the prompt must fit `max_input_tokens`, and prompt plus
 * `max_new_tokens` must fit `max_total_tokens` (both from the catalogue, as `/info` reports them).
 * `count(limit)` may stop counting past `limit`, so an oversized prompt is refused after reading
 * about as many tokens as the model holds, however long it is.
 */
export function checkPromptLength(
  model: CatalogueModel,
  count: (limit: number) => number,
  maxNewTokens: number | undefined,
): void {
  const options = model.options ?? {};
  const maxInput = (options.maxInputTokens as number | undefined) ?? DEFAULT_MAX_INPUT_TOKENS;
  const maxTotal = (options.maxTotalTokens as number | undefined) ?? DEFAULT_MAX_TOTAL_TOKENS;
  const prompt = count(maxTotal);
  if (prompt > maxInput) throw invalid(`\`inputs\` must have less than ${maxInput} tokens. Given: ${prompt}`);
  if (maxNewTokens !== undefined && prompt + maxNewTokens > maxTotal) {
    throw invalid(
      `\`inputs\` tokens + \`max_new_tokens\` must be <= ${maxTotal}. Given: ${prompt} \`inputs\` tokens and ${maxNewTokens} \`max_new_tokens\``,
    );
  }
}

/** Text generation engine (Inference API, TGI root, `/generate` and `/generate_stream`). */
export const textGeneration: Engine = (context) => {
  const { inputs, parameters: p, stream: streamFlag } = validate(context.body);
  checkPromptLength(context.model, (limit) => countTokens(inputs, limit), p.max_new_tokens ?? undefined);
  const streaming = context.route === 'generate_stream' || (context.route !== 'generate' && streamFlag);
  const bestOf = p.best_of ?? 1;
  if (streaming && bestOf > 1) throw invalid('`best_of` != 1 is not allowed for this endpoint');
  const options = context.model.options ?? {};
  const vocabSize = (options.vocabSize as number | undefined) ?? 32_000;
  const eos = {
    id: (options.eosTokenId as number | undefined) ?? 2,
    text: (options.eosToken as string | undefined) ?? '</s>',
  };
  // A seed, a temperature or `do_sample` means sampling; otherwise TGI decodes greedily and reports no seed.
  const sampling = p.do_sample === true || p.seed != null || p.temperature != null || bestOf > 1;
  const maxNew = p.max_new_tokens ?? DEFAULT_MAX_NEW_TOKENS;
  const topN = p.top_n_tokens ?? 0;

  /** One sampled (or greedy) continuation. `best_of` candidates get seeds of their own, as TGI picks them. */
  const candidate = (k: number) => {
    const seed = !sampling
      ? null
      : bestOf > 1
        ? Math.floor(unit(`${inputs}\u0000best-of\u0000${k}`) * 2 ** 31)
        : (p.seed ?? 0);
    const full = generateText({
      prompt: inputs,
      mode: 'continue',
      seed: seed ?? undefined,
      temperature: sampling ? (p.temperature ?? 1) : 0,
      context: context.model.id,
    });
    const result = complete(full, { stop: p.stop, maxTokens: maxNew, includeStop: true, vocabSize });
    const finishReason = result.finish === 'eos' ? 'eos_token' : result.finish === 'stop' ? 'stop_sequence' : 'length';
    const tokens: WireToken[] = result.tokens.map((t, i) => ({
      id: t.id,
      text: t.text,
      logprob: logprob(t.text, i),
      special: false,
    }));
    if (result.finish === 'eos')
      tokens.push({ id: eos.id, text: eos.text, logprob: round(-unit(inputs) * 0.05, 4), special: true });
    const top = topN > 0 ? tokens.map((_, i) => topTokens(tokens, i, topN, vocabSize)) : undefined;
    const generated = (p.return_full_text ? inputs : '') + result.text;
    return { generated, finishReason, tokens, top, seed };
  };

  const candidates = Array.from({ length: bestOf }, (_, k) => candidate(k));
  // TGI answers with the most likely candidate and lists the others.
  const score = (c: (typeof candidates)[number]) => c.tokens.reduce((sum, t) => sum + t.logprob, 0) / c.tokens.length;
  candidates.sort((a, b) => score(b) - score(a));
  const { generated, finishReason, tokens, top, seed } = candidates[0]!;
  const prefill = p.decoder_input_details
    ? llmTokens(inputs, vocabSize).map((t, i) => ({
        id: t.id,
        text: t.text,
        logprob: i === 0 ? null : logprob(t.text, -i),
      }))
    : [];
  const sequence = (c: (typeof candidates)[number]) => ({
    finish_reason: c.finishReason,
    generated_tokens: c.tokens.length,
    seed: c.seed,
    prefill,
    tokens: c.tokens,
    ...(c.top ? { top_tokens: c.top } : {}),
  });
  const details = {
    ...sequence(candidates[0]!),
    ...(bestOf > 1
      ? { best_of_sequences: candidates.slice(1).map((c) => ({ generated_text: c.generated, ...sequence(c) })) }
      : {}),
  };

  if (!streaming) {
    const output = p.details ? { generated_text: generated, details } : { generated_text: generated };
    return context.route === 'generate' ? output : [output];
  }

  const frames: SseFrame[] = tokens.map((token, i) => {
    const last = i === tokens.length - 1;
    const event = {
      index: i + 1,
      token,
      ...(top ? { top_tokens: top[i] } : {}),
      generated_text: last ? generated : null,
      details:
        last && p.details
          ? {
              finish_reason: finishReason,
              generated_tokens: tokens.length,
              seed,
              input_length: llmTokens(inputs, vocabSize).length,
            }
          : null,
    };
    return { token: true, final: last, data: JSON.stringify(event) };
  });
  return sseResponse(frames, context.stream, context.signal);
};
