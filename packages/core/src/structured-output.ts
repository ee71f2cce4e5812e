/**
 * Structured output from a zod schema: the request's `response_format` in the form the server
 * expects (OpenAI's `json_schema` for the router's `/v1` and OpenAI-compatible providers, TGI's
 * `json` grammar for TGI endpoints), and the answer parsed and checked against the schema.
 * `z.toJSONSchema` is only bundled where a schema is turned into a request.
 */
import * as z from 'zod/mini';
import { InferenceResponseError, InferenceValidationError } from './errors';
import { whenNotAborted } from './hub';
import { listChatModels, type ChatModel } from './hub-api';
import { directEndpoint, routerRoot, type ClientOptions, type RequestOptions } from './options';
import { PartialJsonReader } from './partial-json';
import type { Schema, TaskArgs } from './task';
import { describeIssues } from './task-input';
import {
  chatCompletion,
  chatCompletionStream,
  type ChatCompletionInput,
  type ChatCompletionOutput,
} from './tasks/chat-completion';

/** Which `response_format` a server takes: OpenAI's `json_schema`, or TGI's `json` grammar. */
export type ResponseFormatStyle = 'openai' | 'tgi';

/** How a schema is named and checked in the request. */
export interface SchemaFormatOptions {
  /** The schema's name (OpenAI's `json_schema.name`: letters, digits, `_` and `-`). Default `response`. */
  name?: string | undefined;
  /** What the object is for, to help the model (OpenAI's `json_schema.description`). */
  description?: string | undefined;
}

type JsonSchema = Record<string, unknown>;

const isObject = (value: unknown): value is JsonSchema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Marks every object schema closed (`additionalProperties: false`, which OpenAI's strict mode needs
 * and which says what zod's objects do: unknown keys are not part of the answer), and says whether
 * strict mode can hold: it also needs every property required.
 */
function close(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.map(close).every(Boolean);
  if (!isObject(schema)) return true;
  let strict = true;
  if (isObject(schema.properties)) {
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (Object.keys(schema.properties).some((key) => !required.includes(key))) strict = false;
  }
  for (const value of Object.values(schema)) if (!close(value)) strict = false;
  return strict;
}

/**
 * The JSON Schema of the answer a zod schema accepts (its input side, as the model writes it),
 * without `$schema`. Throws `InferenceValidationError` for a schema JSON Schema cannot say (a
 * custom check, a function, a `Date`).
 */
export function answerJsonSchema(task: string, schema: Schema): { schema: JsonSchema; strict: boolean } {
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema as z.core.$ZodType, { io: 'input' }) as JsonSchema;
  } catch (error) {
    throw new InferenceValidationError(task, [
      {
        path: 'responseFormat',
        message: `cannot be said in JSON Schema (${(error as Error).message}); use plain objects, arrays, strings, numbers, booleans, enums and unions`,
      },
    ]);
  }
  delete json.$schema;
  const strict = close(json);
  return { schema: json, strict };
}

/**
 * The `response_format` that asks for JSON matching `schema`: OpenAI's
 * `{ type: 'json_schema', json_schema: { name, schema, strict } }` (strict when the schema allows
 * it: every property required), or TGI's `{ type: 'json', value: schema }`.
 * @example
 * const recipe = z.object({ title: z.string(), steps: z.array(z.string()) });
 * responseFormatFor('chatCompletion', recipe, 'openai', { name: 'recipe' });
 * // { type: 'json_schema', json_schema: { name: 'recipe', schema: { type: 'object', … }, strict: true } }
 */
export function responseFormatFor(
  task: string,
  schema: Schema,
  style: ResponseFormatStyle,
  options: SchemaFormatOptions = {},
): Record<string, unknown> {
  const { schema: json, strict } = answerJsonSchema(task, schema);
  if (style === 'tgi') return { type: 'json', value: json };
  const name = options.name ?? 'response';
  if (!/^[\w-]{1,64}$/.test(name)) {
    throw new InferenceValidationError(task, [
      { path: 'responseFormat.name', message: 'must be 1–64 letters, digits, "_" or "-"' },
    ]);
  }
  return {
    type: 'json_schema',
    json_schema: {
      name,
      ...(options.description ? { description: options.description } : {}),
      schema: json,
      strict,
    },
  };
}

// A reply wrapped in a Markdown code fence (some models add one even when asked for JSON).
const FENCED = /^\s*```(?:json)?[ \t]*\r?\n([\s\S]*?)\r?\n?```\s*$/i;

/**
 * Parses a structured answer and checks it against `schema`: the value as the schema outputs it.
 * An answer that is not JSON, or JSON that breaks the schema, is an `InferenceResponseError` whose
 * `body` is the whole text and whose `issues` name each field that is wrong.
 * @example
 * const recipe = parseStructuredAnswer('chatCompletion', recipeSchema, message.content ?? '');
 */
export function parseStructuredAnswer<T>(task: string, schema: Schema<T>, text: string, model?: string): T {
  let value: unknown;
  try {
    value = JSON.parse(FENCED.exec(text)?.[1] ?? text);
  } catch {
    throw new InferenceResponseError(task, 'a JSON answer matching the response schema', text, model);
  }
  const result = (schema as unknown as z.ZodMiniType<T>).safeParse(value);
  if (result.success) return result.data;
  // The issues go in the message here, not in the error class, which every task's bundle carries.
  const issues = describeIssues(result.error.issues, value);
  const said = issues.map((i) => `\`${i.path || '(answer)'}\`: ${i.message}`).join('; ');
  const error = new InferenceResponseError(task, `an answer matching the response schema (${said})`, text, model);
  throw Object.assign(error, { issues });
}

/** The arguments of {@link chatCompletionObject}: a chat call, with `schema` instead of `responseFormat`. */
export type ChatObjectArgs<TSchema extends Schema> = Omit<TaskArgs<ChatCompletionInput>, 'responseFormat'> & {
  /** What the answer must be: a zod schema, sent as JSON Schema and checked on the answer. */
  schema: TSchema;
  /** The schema's name and description in the request (OpenAI's `json_schema`). */
  schemaName?: string | undefined;
  schemaDescription?: string | undefined;
  /**
   * `openai` (the router's `/v1`, OpenAI-compatible servers) or `tgi` (TGI's grammar). Default:
   * `tgi` for a dedicated endpoint called without a model name, else `openai`.
   */
  responseFormatStyle?: ResponseFormatStyle | undefined;
};

/** What a structured chat call resolves with: the checked object and the whole completion. */
export interface ChatObjectResult<T> {
  object: T;
  completion: ChatCompletionOutput;
}

/** One step of {@link chatCompletionObjectStream}: the object so far, and at the end the checked one. */
export type ChatObjectStreamPart<T> =
  | { done: false; partial: DeepPartial<T> | undefined; text: string }
  | { done: true; partial: DeepPartial<T>; object: T; text: string };

/** `T` with every property optional and every array possibly short, as a partial answer shows it. */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T;

/**
 * The `response_format` style a call needs: as asked, else TGI's grammar for a dedicated endpoint
 * called without a model name (TGI itself), else OpenAI's `json_schema`.
 */
export function responseFormatStyleFor(
  options: Pick<ClientOptions, 'model' | 'endpointUrl'>,
  style?: ResponseFormatStyle,
): ResponseFormatStyle {
  if (style) return style;
  const endpoint = directEndpoint(options);
  return endpoint && (!options.model || options.model === endpoint) ? 'tgi' : 'openai';
}

function chatArgsOf<TSchema extends Schema>(name: string, args: ChatObjectArgs<TSchema>) {
  const { schema, schemaName, schemaDescription, responseFormatStyle, ...chat } = args;
  const responseFormat = responseFormatFor(name, schema, responseFormatStyleFor(chat, responseFormatStyle), {
    name: schemaName,
    description: schemaDescription,
  });
  return { ...chat, responseFormat } as TaskArgs<ChatCompletionInput>;
}

// ---------------------------------------------------------------------------------------------
// Which providers give structured output

/** How long the router's model list is reused for the structured-output check: 5 minutes. */
export const CHAT_MODELS_TTL_MS = 300_000;

// Keyed by fetch, then router root: a custom fetch may reach another backend (a proxy, a mock),
// whose answer must not be served to calls made with another.
const chatModelsCache = new WeakMap<typeof fetch, Map<string, { at: number; answer: Promise<ChatModel[]> }>>();

/** The router's `/v1/models`, read once per fetch and router root every 5 minutes, one request at a time. */
function routerChatModels(options: RequestOptions): Promise<ChatModel[]> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const root = routerRoot(options);
  const byRoot = chatModelsCache.get(doFetch) ?? new Map<string, { at: number; answer: Promise<ChatModel[]> }>();
  chatModelsCache.set(doFetch, byRoot);
  const cached = byRoot.get(root);
  if (cached && Date.now() - cached.at < CHAT_MODELS_TTL_MS) return cached.answer;
  // Without the caller's signal, model or provider: every concurrent caller waits on this one
  // request, and one caller's abort must not fail the others (each races its own signal).
  const { baseUrl, fetch, accessToken, headers, secretHeaders, timeout } = options;
  const answer = listChatModels({ baseUrl, fetch, accessToken, headers, secretHeaders, timeout });
  const entry = { at: Date.now(), answer };
  byRoot.set(root, entry);
  // A failure is not cached: the next call asks again.
  answer.catch(() => {
    if (byRoot.get(root) === entry) byRoot.delete(root);
  });
  return answer;
}

// The router's own policies: they name no provider.
const POLICIES = ['auto', 'fastest', 'cheapest', 'preferred'];

const quoted = (names: string[]) => names.map((n) => `"${n}"`).join(', ');

/**
 * Refuses, before the chat request, a structured-output call that the router's `GET /v1/models`
 * says cannot work: a provider named (the `provider` option or a `model:provider` suffix) that
 * reports `supports_structured_output: false` for the model, or, with no provider named (`auto`,
 * `:fastest`…), a model whose every provider reports it. A model the router does not list (a
 * dedicated endpoint, a TGI URL, a model the router does not know) and a list that cannot be read
 * do not block the call: the server has the last word. The list is cached per fetch and router
 * root for {@link CHAT_MODELS_TTL_MS}; concurrent calls share one request.
 * @example
 * await assertStructuredOutputSupport('chatCompletionObject', { model: 'meta-llama/Llama-3.1-8B-Instruct:groq' });
 * // InferenceValidationError: `model`: "groq" does not support structured output for "meta-llama/Llama-3.1-8B-Instruct"; the providers that do: "cerebras", "together", …
 */
export async function assertStructuredOutputSupport(task: string, options: RequestOptions): Promise<void> {
  const { model, provider } = options;
  if (!model || directEndpoint(options)) return;
  const colon = model.lastIndexOf(':');
  const suffix = colon > model.lastIndexOf('/') ? model.slice(colon + 1) : undefined;
  const option = typeof provider === 'string' ? provider : provider?.[0];
  // Both a suffix and a provider: the transport refuses that combination with its own message.
  if (suffix !== undefined && option !== undefined && option !== 'auto') return;
  const named = option !== undefined && option !== 'auto' ? option : suffix;
  const wanted = named !== undefined && !POLICIES.includes(named) ? named : undefined;
  const id = (suffix === undefined ? model : model.slice(0, colon)).toLowerCase();
  let models: ChatModel[];
  try {
    models = await whenNotAborted(routerChatModels(options), options.signal);
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return;
  }
  const entry = models.find((m) => m.id.toLowerCase() === id);
  if (!entry) return;
  const supporting = entry.providers.filter((p) => p.supportsStructuredOutput).map((p) => p.provider);
  const offer = wanted === undefined ? undefined : entry.providers.find((p) => p.provider === wanted);
  const refused = wanted === undefined ? entry.providers.map((p) => p.provider) : [wanted];
  if (wanted !== undefined ? offer?.supportsStructuredOutput !== false : supporting.length > 0) return;
  if (wanted === undefined && !entry.providers.some((p) => p.supportsStructuredOutput === false)) return;
  const what =
    wanted !== undefined
      ? `"${wanted}" does not support structured output for "${entry.id}"`
      : `no provider of "${entry.id}" supports structured output (${quoted(refused)} ${refused.length === 1 ? 'does' : 'do'} not)`;
  const fix = supporting.length
    ? `; the providers that do: ${quoted(supporting)}: pass \`provider: "${supporting[0]}"\` or the model "${entry.id}:${supporting[0]}"`
    : '; pick another model (`listChatModels()` reports `supportsStructuredOutput` per provider)';
  throw new InferenceValidationError(task, [
    { path: wanted !== undefined && option === wanted ? 'provider' : 'model', message: what + fix },
  ]);
}

/**
 * A chat answer as a typed object: the schema goes to the model as its response format (OpenAI's
 * `json_schema`, or TGI's grammar), and the answer is parsed and checked with the schema. An answer
 * that is not JSON or breaks the schema is an `InferenceResponseError` with the whole text (`body`)
 * and the broken fields (`issues`). Only calls that use it bundle the JSON Schema conversion. A
 * provider (or a model) the router says has no structured output is refused before the request,
 * with an `InferenceValidationError` naming the providers that have it (see
 * {@link assertStructuredOutputSupport}).
 * @example
 * const { object } = await chatCompletionObject({
 *   model: 'meta-llama/Llama-3.1-8B-Instruct',
 *   messages: [{ role: 'user', content: 'A soup recipe' }],
 *   schema: z.object({ title: z.string(), steps: z.array(z.string()) }),
 * });
 * object.steps[0];
 */
export async function chatCompletionObject<TSchema extends Schema>(
  args: ChatObjectArgs<TSchema>,
): Promise<ChatObjectResult<z.output<TSchema>>> {
  const chat = chatArgsOf('chatCompletionObject', args);
  await assertStructuredOutputSupport('chatCompletionObject', chat);
  const completion = await chatCompletion(chat);
  const text = completion.choices[0]?.message.content ?? '';
  return {
    object: parseStructuredAnswer('chatCompletionObject', args.schema, text, completion.model) as z.output<TSchema>,
    completion,
  };
}

/**
 * Streams a chat answer as a typed object: each step has the object so far (`partial`: finished
 * parts keep their identity, an unfinished string shows as far as it has come) and the text so far;
 * the last step (`done: true`) has the object checked against the schema. A failure mid-stream
 * throws as `chatCompletionStream` does; the steps before it hold what arrived. Providers without
 * structured output are refused before the request, as by {@link chatCompletionObject}.
 * @example
 * for await (const step of chatCompletionObjectStream({ model, messages, schema: recipe })) {
 *   render(step.partial);
 * }
 */
export async function* chatCompletionObjectStream<TSchema extends Schema>(
  args: ChatObjectArgs<TSchema>,
): AsyncGenerator<ChatObjectStreamPart<z.output<TSchema>>, void, undefined> {
  const reader = new PartialJsonReader();
  let text = '';
  let model: string | undefined;
  let last: unknown;
  let readable = true;
  const chat = chatArgsOf('chatCompletionObjectStream', args);
  await assertStructuredOutputSupport('chatCompletionObjectStream', chat);
  for await (const chunk of chatCompletionStream(chat)) {
    model ??= chunk.model;
    const piece = chunk.choices[0]?.delta.content;
    if (!piece) continue;
    text += piece;
    if (readable) {
      try {
        reader.write(piece);
      } catch {
        // Not JSON (a code fence, prose): the final check says so with the whole text.
        readable = false;
      }
    }
    const partial = readable ? reader.value() : last;
    if (partial !== last || !readable) {
      last = partial;
      yield { done: false, partial: partial as DeepPartial<z.output<TSchema>> | undefined, text };
    }
  }
  const object = parseStructuredAnswer('chatCompletionObjectStream', args.schema, text, model) as z.output<TSchema>;
  yield { done: true, partial: object as DeepPartial<z.output<TSchema>>, object, text };
}
