import * as z from 'zod/mini';
import { buildStreamTask, buildTask, readJsonOutput } from '../task';
import { CHAT_CALL, chatWire, viaRouter } from '../chat-wire';
import { atLeast0, int, intFrom, nonEmpty, recordOf, text, unit } from '../wire';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.object({ url: text, detail: z.optional(z.enum(['auto', 'low', 'high'])) }),
});

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({
    name: z.string(),
    arguments: z.union([z.string(), recordOf(z.unknown())]),
  }),
});

/**
 * A chat message in the OpenAI format, which TGI and the router speak verbatim. Messages keep
 * their wire field names (`tool_calls`, `tool_call_id`, `image_url`) so code written for OpenAI works.
 */
export const chatMessage = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.optional(z.nullable(z.union([z.string(), z.array(z.union([textPart, imagePart]))]))),
  name: z.optional(z.string()),
  tool_calls: z.optional(z.array(toolCall)),
  tool_call_id: z.optional(z.string()),
});

const tool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: text,
    description: z.optional(z.string()),
    parameters: z.optional(recordOf(z.unknown())),
  }),
});

const responseFormat = z.union(
  [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({
      type: z.literal('json_schema'),
      json_schema: z.looseObject({ name: z.string(), schema: z.optional(recordOf(z.unknown())) }),
    }),
    // TGI's own grammar forms.
    z.object({ type: z.literal('json'), value: z.unknown() }),
    z.object({ type: z.literal('regex'), value: z.string() }),
  ],
  {
    // The likeliest mistake: a zod schema here. The typed-object calls take it.
    error:
      'must be a response_format object ({ type: "json_schema", json_schema } or { type: "json", value }); for a zod schema, call chatCompletionObject({ schema }) or chatCompletionObjectStream',
  },
);

/** Input of {@link chatCompletion}: OpenAI-style messages plus camelCase generation options. */
export const chatCompletionInput = z.object({
  messages: z.array(chatMessage).check(nonEmpty),
  frequencyPenalty: z.optional(z.number()),
  /**
   * Token biases, sent as given: OpenAI's map of token id to bias, or a list as TGI's spec and the
   * Python client type it (TGI ignores it either way).
   */
  logitBias: z.optional(z.union([recordOf(z.number()), z.array(z.number())])),
  logprobs: z.optional(z.boolean()),
  maxTokens: z.optional(intFrom(1)),
  /** How many choices to generate (OpenAI-compatible servers; TGI ignores it and answers one). */
  n: z.optional(intFrom(1)),
  presencePenalty: z.optional(z.number()),
  /** For reasoning models: `none`, `minimal`, `low`, `medium`, `high`... (provider- and model-dependent). */
  reasoningEffort: z.optional(text),
  responseFormat: z.optional(responseFormat),
  seed: z.optional(int()),
  stop: z.optional(z.array(z.string())),
  temperature: z.optional(atLeast0),
  toolChoice: z.optional(
    z.union([
      z.enum(['auto', 'none', 'required']),
      // OpenAI's form has `type`; TGI's spec form is `{ function: { name } }` alone.
      z.object({ type: z.optional(z.literal('function')), function: z.object({ name: z.string() }) }),
    ]),
  ),
  toolPrompt: z.optional(z.string()),
  tools: z.optional(z.array(tool)),
  topLogprobs: z.optional(intFrom(0)),
  topP: z.optional(unit),
  streamOptions: z.optional(z.object({ includeUsage: z.optional(z.boolean()) })),
});

const usage = z.looseObject({ prompt_tokens: z.number(), completion_tokens: z.number(), total_tokens: z.number() });
const finishReason = z.nullable(z.optional(z.string()));

/** What a whole answer and each streamed chunk share: the envelope, around choices of `TChoice`. */
const completion = <TChoice extends z.ZodMiniType>(choice: TChoice) =>
  z.looseObject({
    id: z.optional(z.string()),
    object: z.optional(z.string()),
    created: z.optional(z.number()),
    model: z.optional(z.string()),
    choices: z.array(choice),
    usage: z.optional(z.nullable(usage)),
  });

/** A complete chat answer (`chat.completion`), in the OpenAI format. */
export const chatCompletionOutput = /* @__PURE__ */ completion(
  z.looseObject({
    index: z.number(),
    message: z.looseObject({
      role: z.string(),
      content: z.optional(z.nullable(z.string())),
      tool_calls: z.optional(z.nullable(z.array(toolCall))),
    }),
    finish_reason: finishReason,
  }),
);

/** A tool call fragment as it arrives in a stream: `index` says which call it extends. */
const toolCallDelta = z.looseObject({
  index: z.number(),
  // TGI sends `null` for what a fragment does not carry (the spec marks them nullable).
  id: z.nullish(z.string()),
  type: z.nullish(z.literal('function')),
  function: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.nullish(z.string()) })),
});

/** One streamed chunk (`chat.completion.chunk`). */
export const chatCompletionStreamOutput = /* @__PURE__ */ completion(
  z.looseObject({
    index: z.number(),
    delta: z.looseObject({
      role: z.optional(z.string()),
      content: z.optional(z.nullable(z.string())),
      tool_calls: z.optional(z.nullable(z.array(toolCallDelta))),
    }),
    finish_reason: finishReason,
  }),
);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown) => value === undefined || typeof value === 'string';
const nullishString = (value: unknown) => value == null || typeof value === 'string';

/**
 * True for a plain text chunk that `chatCompletionStreamOutput` accepts unchanged. Streams are where
 * validation cost shows: zod's per-chunk parse copies every object, which bench/sse.mjs shows as lower
 * throughput and more allocation than an unchecked stream (bench/RESULTS.md). Chunks with tool calls
 * or usage are rare and still go through the schema.
 */
function isTextChunk(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.choices)) return false;
  if (value.usage != null || !optionalString(value.id) || !optionalString(value.object)) return false;
  if (!optionalString(value.model) || (value.created !== undefined && typeof value.created !== 'number')) return false;
  for (const choice of value.choices as unknown[]) {
    if (!isRecord(choice) || typeof choice.index !== 'number' || !nullishString(choice.finish_reason)) return false;
    const delta = choice.delta;
    if (!isRecord(delta) || delta.tool_calls != null) return false;
    if (!optionalString(delta.role) || !nullishString(delta.content)) return false;
  }
  return true;
}

export type ChatMessage = z.input<typeof chatMessage>;
export type ChatCompletionInput = z.input<typeof chatCompletionInput>;
export type ChatCompletionOutput = z.output<typeof chatCompletionOutput>;
export type ChatCompletionStreamOutput = z.output<typeof chatCompletionStreamOutput>;

const INPUT_KEYS = Object.keys(chatCompletionInput.def.shape);

const toWire = (input: ChatCompletionInput, stream: boolean, model: string | undefined) =>
  chatWire(input as Record<string, unknown>, stream, model);

const base = {
  ...CHAT_CALL,
  defaultModel: undefined,
  input: chatCompletionInput,
  inputKeys: INPUT_KEYS,
} as const;

/**
 * Answers a conversation (OpenAI-compatible `/v1/chat/completions`).
 * @example
 * const { choices } = await chatCompletion({
 *   model: 'meta-llama/Llama-3.1-8B-Instruct',
 *   messages: [{ role: 'user', content: 'Hello!' }],
 *   maxTokens: 100,
 * });
 * choices[0].message.content;
 */
export const chatCompletion = /* @__PURE__ */ buildTask(
  {
    ...base,
    name: 'chatCompletion',
    kind: 'mutation',
    toWire: (input: ChatCompletionInput, model?: string) => toWire(input, false, model),
    output: chatCompletionOutput,
    expected: 'a chat.completion object with choices[].message',
  },
  viaRouter,
  readJsonOutput,
);

/**
 * Streams a chat answer as typed chunks; `for await` over it. Breaking out or aborting closes the
 * connection at once. A server error event throws `InferenceStreamError` (with `errorType`).
 * @example
 * for await (const chunk of chatCompletionStream({ model, messages })) {
 *   process.stdout.write(chunk.choices[0]?.delta.content ?? '');
 * }
 */
export const chatCompletionStream = /* @__PURE__ */ buildStreamTask(
  {
    ...base,
    name: 'chatCompletionStream',
    kind: 'stream',
    toWire: (input: ChatCompletionInput, model?: string) => toWire(input, true, model),
    output: chatCompletionStreamOutput,
    accepts: isTextChunk,
    expected: 'a chat.completion.chunk object with choices[].delta',
  },
  (chunk) => chunk.choices.some((choice) => choice.finish_reason != null),
  viaRouter,
);
