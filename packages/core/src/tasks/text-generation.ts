import * as z from 'zod/mini';
import { createStreamTask, createTask } from '../task';
import { holds, int, intFrom, mapped, nonEmpty, probability, recordOf, text, toSnake } from '../wire';
import { hfInferenceTextGeneration } from '../providers/hf-inference';
import { togetherTextGeneration } from '../providers/together';
import { deepinfraTextGeneration } from '../providers/deepinfra';
import { novitaTextGeneration } from '../providers/novita';
import { scalewayTextGeneration } from '../providers/scaleway';
import { featherlessAiTextGeneration } from '../providers/featherless-ai';
import { groqTextGeneration } from '../providers/groq';
import { ovhcloudTextGeneration } from '../providers/ovhcloud';

const above0 = z.number().check(holds((v) => v > 0, 'must be > 0'));

/**
 * Constrains the output (TGI guidance): `json` with a JSON Schema, `regex` with a pattern, or
 * `json_schema` with `{ name?, schema }`. The schema is sent exactly as given (no case mapping).
 */
export const textGenerationGrammar = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('json'), value: z.union([recordOf(z.unknown()), z.string()]) }),
  z.strictObject({ type: z.literal('regex'), value: text }),
  z.strictObject({
    type: z.literal('json_schema'),
    value: z.object({ name: z.optional(z.string()), schema: recordOf(z.unknown()) }),
  }),
]);

/** Input of {@link textGeneration} and {@link textGenerationStream}. */
export const textGenerationInput = z.object({
  /** The prompt, continued as-is (no chat template; use chat completion for conversations). */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** LoRA adapter to generate with, on servers that load adapters. */
      adapterId: z.optional(text),
      /** Generate this many sequences and return the one with the highest log-probability. */
      bestOf: z.optional(intFrom(1)),
      /** Also return the prompt tokens with their log-probabilities (`details.prefill`); needs `details`. */
      decoderInputDetails: z.optional(z.boolean()),
      /** Return `details` (finish reason, tokens, seed). */
      details: z.optional(z.boolean()),
      /** Sample instead of greedy decoding. */
      doSample: z.optional(z.boolean()),
      /** Penalise tokens by how often they already appear (> -2). */
      frequencyPenalty: z.optional(z.number().check(holds((v) => v > -2, 'must be > -2'))),
      grammar: z.optional(textGenerationGrammar),
      /** Maximum number of tokens to generate. Server default: 100. */
      maxNewTokens: z.optional(intFrom(0)),
      /** Penalise repeated tokens; 1.0 means no penalty. */
      repetitionPenalty: z.optional(above0),
      /** Prepend the prompt to `generatedText`. */
      returnFullText: z.optional(z.boolean()),
      /** Sampling seed, for reproducible samples. */
      seed: z.optional(intFrom(0)),
      /** Stop when one of these is generated (servers cap how many: 4 by default on TGI). */
      stop: z.optional(z.array(text)),
      temperature: z.optional(above0),
      topK: z.optional(intFrom(1)),
      /** Also return the `topNTokens` most likely tokens at each step (`topTokens`). */
      topNTokens: z.optional(intFrom(1)),
      topP: z.optional(probability),
      /** Keep only the last `truncate` tokens of the prompt. */
      truncate: z.optional(intFrom(0)),
      typicalP: z.optional(probability),
      /** Watermark the output (Kirchenbauer et al., 2023). */
      watermark: z.optional(z.boolean()),
    }),
  ),
});

/** A generated token. `logprob` is null where the server has none (e.g. special tokens). */
export interface TextGenerationToken {
  id: number;
  text: string;
  logprob: number | null;
  special: boolean;
}

/** A prompt token (`decoderInputDetails`); the first has no `logprob`. */
export interface TextGenerationPrefillToken {
  id: number;
  text: string;
  logprob: number | null;
}

/** `length`, `eos_token` or `stop_sequence` on TGI; typed open so newer servers do not break parsing. */
export type TextGenerationFinishReason = 'length' | 'eos_token' | 'stop_sequence' | (string & {});

/** One of the `bestOf` candidates that was not chosen. */
export interface TextGenerationBestOfSequence {
  generatedText: string;
  finishReason: TextGenerationFinishReason;
  generatedTokens: number;
  seed: number | null;
  prefill: TextGenerationPrefillToken[];
  tokens: TextGenerationToken[];
  topTokens?: TextGenerationToken[][];
}

/** What `details: true` adds. `seed` is null for greedy decoding. */
export interface TextGenerationDetails {
  finishReason: TextGenerationFinishReason;
  generatedTokens: number;
  seed: number | null;
  prefill: TextGenerationPrefillToken[];
  tokens: TextGenerationToken[];
  /** With `topNTokens`: the most likely tokens at each step. */
  topTokens?: TextGenerationToken[][];
  /** With `bestOf` > 1: the other candidates. */
  bestOfSequences?: TextGenerationBestOfSequence[];
}

/** Final details of a stream (on its last chunk, with `details: true`). */
export interface TextGenerationStreamDetails {
  finishReason: TextGenerationFinishReason;
  generatedTokens: number;
  /** Tokens in the prompt, when the server says (TGI's stream spec requires it; older servers omit it). */
  inputLength?: number;
  seed: number | null;
}

const wireToken = z.object({ id: int(), text: z.string(), logprob: z.nullish(z.number()), special: z.boolean() });
const wirePrefill = z.object({ id: int(), text: z.string(), logprob: z.nullish(z.number()) });
const wireSequence = {
  finish_reason: z.string(),
  generated_tokens: int(),
  seed: z.nullish(z.number()),
  prefill: z.array(wirePrefill),
  tokens: z.array(wireToken),
  top_tokens: z.nullish(z.array(z.array(wireToken))),
};
const wireDetails = z.object({
  ...wireSequence,
  best_of_sequences: z.nullish(z.array(z.object({ generated_text: z.string(), ...wireSequence }))),
});
const wireStreamDetails = z.object({
  finish_reason: z.string(),
  generated_tokens: int(),
  input_length: z.optional(int()),
  seed: z.nullish(z.number()),
});

type WireToken = z.infer<typeof wireToken>;

function streamDetails(d: z.infer<typeof wireStreamDetails>): TextGenerationStreamDetails {
  const out: TextGenerationStreamDetails = {
    finishReason: d.finish_reason,
    generatedTokens: d.generated_tokens,
    seed: d.seed ?? null,
  };
  if (d.input_length !== undefined) out.inputLength = d.input_length;
  return out;
}
type WirePrefill = z.infer<typeof wirePrefill>;
type WireSequence = Omit<z.infer<typeof wireDetails>, 'best_of_sequences'>;

const token = (t: WireToken): TextGenerationToken => ({
  id: t.id,
  text: t.text,
  logprob: t.logprob ?? null,
  special: t.special,
});
const prefill = (t: WirePrefill): TextGenerationPrefillToken => ({
  id: t.id,
  text: t.text,
  logprob: t.logprob ?? null,
});

function sequence(s: WireSequence): Omit<TextGenerationDetails, 'bestOfSequences'> {
  const out: Omit<TextGenerationDetails, 'bestOfSequences'> = {
    finishReason: s.finish_reason,
    generatedTokens: s.generated_tokens,
    seed: s.seed ?? null,
    prefill: s.prefill.map(prefill),
    tokens: s.tokens.map(token),
  };
  if (s.top_tokens) out.topTokens = s.top_tokens.map((step) => step.map(token));
  return out;
}

function details(d: z.infer<typeof wireDetails>): TextGenerationDetails {
  const out: TextGenerationDetails = sequence(d);
  if (d.best_of_sequences) {
    out.bestOfSequences = d.best_of_sequences.map((b) => ({ generatedText: b.generated_text, ...sequence(b) }));
  }
  return out;
}

const wireOutput = z.object({ generated_text: z.string(), details: z.nullish(wireDetails) });

/** Output: `{ generatedText, details? }`, `details` only when asked for (and served by TGI). */
export const textGenerationOutput = mapped(
  // TGI's `/generate` answers with the object, the Inference API and TGI's root route with `[object]`.
  z.union([wireOutput, z.array(wireOutput).check(nonEmpty)]),
  (value): { generatedText: string; details?: TextGenerationDetails } => {
    const output = Array.isArray(value) ? value[0]! : value;
    return output.details
      ? { generatedText: output.generated_text, details: details(output.details) }
      : { generatedText: output.generated_text };
  },
);

/** One server-sent event of a stream: a token; the last one also carries `generatedText` (and `details`). */
export interface TextGenerationStreamOutput {
  /** Position of the token in the output (absent on older TGI versions). */
  index?: number;
  token: TextGenerationToken;
  /** With `topNTokens`: the most likely tokens at this step. */
  topTokens?: TextGenerationToken[];
  /** The whole generated text, on the last chunk only; null before. */
  generatedText: string | null;
  /** On the last chunk with `details: true`; null otherwise. */
  details: TextGenerationStreamDetails | null;
}

/** Schema of one stream chunk (see {@link TextGenerationStreamOutput}). */
export const textGenerationStreamOutput = mapped(
  z.object({
    index: z.optional(int()),
    token: wireToken,
    top_tokens: z.nullish(z.array(wireToken)),
    generated_text: z.nullish(z.string()),
    details: z.nullish(wireStreamDetails),
  }),
  (c): TextGenerationStreamOutput => {
    const out: TextGenerationStreamOutput = {
      token: token(c.token),
      generatedText: c.generated_text ?? null,
      details: c.details ? streamDetails(c.details) : null,
    };
    if (c.index !== undefined) out.index = c.index;
    if (c.top_tokens) out.topTokens = c.top_tokens.map(token);
    return out;
  },
);

/** The stream takes the same input as {@link textGeneration}. */
export const textGenerationStreamInput = textGenerationInput;

export type TextGenerationInput = z.input<typeof textGenerationInput>;
export type TextGenerationOutput = z.output<typeof textGenerationOutput>;
export type TextGenerationStreamInput = TextGenerationInput;

const body =
  (stream: boolean) =>
  ({ inputs, parameters }: z.output<typeof textGenerationInput>) => {
    const wire = toSnake(parameters);
    return { json: wire ? { inputs, parameters: wire, stream } : { inputs, stream } };
  };

/** The providers of text generation, streamed or not. */
const PROVIDERS = {
  'hf-inference': hfInferenceTextGeneration,
  together: togetherTextGeneration,
  deepinfra: deepinfraTextGeneration,
  novita: novitaTextGeneration,
  scaleway: scalewayTextGeneration,
  'featherless-ai': featherlessAiTextGeneration,
  groq: groqTextGeneration,
  ovhcloud: ovhcloudTextGeneration,
};

/**
 * Continues a prompt (TGI `text-generation`).
 * @example
 * const { generatedText } = await textGeneration({
 *   inputs: 'The huggingface_hub library is ',
 *   parameters: { maxNewTokens: 12 },
 * });
 */
export const textGeneration = /* @__PURE__ */ createTask({
  name: 'textGeneration',
  task: 'text-generation',
  route: 'model',
  providers: PROVIDERS,
  kind: 'mutation',
  defaultModel: 'Qwen/Qwen2.5-7B',
  input: textGenerationInput,
  toWire: body(false),
  output: textGenerationOutput,
  expected: '[{ generated_text, details? }]',
});

/**
 * Streams a continuation of a prompt token by token (TGI server-sent events). Bad input throws at
 * the call; the request starts on the first iteration. A server error event, or a stream that ends
 * before the final chunk, throws `InferenceStreamError`.
 * @example
 * for await (const chunk of textGenerationStream({ inputs: 'Once upon a time', parameters: { maxNewTokens: 20 } })) {
 *   if (!chunk.token.special) process.stdout.write(chunk.token.text);
 * }
 */
export const textGenerationStream = /* @__PURE__ */ createStreamTask(
  {
    name: 'textGenerationStream',
    task: 'text-generation',
    route: 'model',
    providers: PROVIDERS,
    kind: 'stream',
    defaultModel: 'Qwen/Qwen2.5-7B',
    input: textGenerationStreamInput,
    toWire: body(true),
    output: textGenerationStreamOutput,
    expected: '{ index, token: { id, text, logprob, special }, generated_text, details }',
  },
  (chunk) => chunk.generatedText != null,
);
