/**
 * Text generation in TGI's shapes: `[{ generated_text, details? }]` on the Inference API (and TGI's
 * root route), `{ generated_text, details? }` on `/generate`, and `/generate_stream` events
 * `{ index, token, generated_text: null, details: null }` ending with the full text. Like TGI, a
 * stop sequence stays in the text (`finish_reason: stop_sequence`) and an end-of-sequence token
 * closes a natural ending.
 */
import { complete, generateText } from './generator';
import { sseResponse, type SseFrame } from './sse';
import { llmTokens, round, unit } from './textkit';
import { EngineInputError, type Engine } from './types';

const invalid = (message: string) => new EngineInputError(`Input validation error: ${message}`, 422, 'validation');
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

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
}

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
  return { inputs, parameters: p, stream: stream === true };
}

const logprob = (text: string, i: number) => round(-unit(`${text}\u0000${i}`) * 1.5 - 0.01, 4);

/** Text generation engine (Inference API, TGI root, `/generate` and `/generate_stream`). */
export const textGeneration: Engine = (context) => {
  const { inputs, parameters: p, stream: streamFlag } = validate(context.body);
  const options = context.model.options ?? {};
  const vocabSize = (options.vocabSize as number | undefined) ?? 32_000;
  const eos = {
    id: (options.eosTokenId as number | undefined) ?? 2,
    text: (options.eosToken as string | undefined) ?? '</s>',
  };
  // A seed, a temperature or `do_sample` means sampling; otherwise TGI decodes greedily and reports no seed.
  const sampling = p.do_sample === true || p.seed != null || p.temperature != null;
  const seed = sampling ? (p.seed ?? 0) : null;
  const full = generateText({
    prompt: inputs,
    mode: 'continue',
    seed: seed ?? undefined,
    temperature: sampling ? (p.temperature ?? 1) : 0,
    context: context.model.id,
  });
  const maxNew = p.max_new_tokens ?? DEFAULT_MAX_NEW_TOKENS;
  const result = complete(full, { stop: p.stop, maxTokens: maxNew, includeStop: true, vocabSize });
  const finishReason = result.finish === 'eos' ? 'eos_token' : result.finish === 'stop' ? 'stop_sequence' : 'length';
  const tokens = result.tokens.map((t, i) => ({ id: t.id, text: t.text, logprob: logprob(t.text, i), special: false }));
  if (result.finish === 'eos')
    tokens.push({ id: eos.id, text: eos.text, logprob: round(-unit(inputs) * 0.05, 4), special: true });
  const generated = (p.return_full_text ? inputs : '') + result.text;
  const prefill = p.decoder_input_details
    ? llmTokens(inputs, vocabSize).map((t, i) => ({
        id: t.id,
        text: t.text,
        logprob: i === 0 ? null : logprob(t.text, -i),
      }))
    : [];
  const details = { finish_reason: finishReason, generated_tokens: tokens.length, seed, prefill, tokens };

  const streaming = context.route === 'generate_stream' || (context.route !== 'generate' && streamFlag);
  if (!streaming) {
    const output = p.details ? { generated_text: generated, details } : { generated_text: generated };
    return context.route === 'generate' ? output : [output];
  }

  const frames: SseFrame[] = tokens.map((token, i) => {
    const last = i === tokens.length - 1;
    const event = {
      index: i + 1,
      token,
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
