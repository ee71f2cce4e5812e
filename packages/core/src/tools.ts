/**
 * Tools a chat model can call, defined with zod (or any Standard Schema library): the JSON Schema
 * the request carries, the checking of the model's arguments, and the running of `execute`. Shared
 * by the chat store (`useChatCompletion`) and {@link chatCompletionWithTools}.
 *
 * Why Standard Schema and not `z.toJSONSchema`: classic zod schemas describe themselves
 * (`schema['~standard'].jsonSchema`, zod ≥ 4.2) and check values (`~standard.validate`), so calling
 * those methods costs this module no bytes of zod; importing `z.toJSONSchema` would add ~7.6 kB
 * gzip to every chat UI with tools (bench/RESULTS.md). zod/mini schemas do not describe themselves:
 * give those a `jsonSchema` (e.g. `z.toJSONSchema(schema)`).
 */
import { InferenceValidationError } from './errors';

/** A problem a Standard Schema reports. */
export interface StandardIssue {
  readonly message: string;
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
}

type StandardResult<TOutput> =
  { readonly value: TOutput; readonly issues?: undefined } | { readonly issues: ReadonlyArray<StandardIssue> };

/**
 * A schema of any library that implements Standard Schema v1 (zod 4, Valibot, ArkType...), and
 * optionally Standard JSON Schema (classic zod ≥ 4.2 does).
 */
export interface StandardSchema<TInput = unknown, TOutput = TInput> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<TOutput> | Promise<StandardResult<TOutput>>;
    readonly types?: { readonly input: TInput; readonly output: TOutput } | undefined;
    readonly jsonSchema?:
      { readonly input: (options: { readonly target: string }) => Record<string, unknown> } | undefined;
  };
}

/** The value a schema gives back after checking (zod's `z.output`). */
export type SchemaOutput<TSchema extends StandardSchema> = NonNullable<TSchema['~standard']['types']>['output'];

/** What `execute` receives besides the arguments. */
export interface ToolContext {
  /** The id of the call being answered. */
  toolCallId: string;
  /** The conversation so far, in the OpenAI format (the call's assistant message last). */
  messages: readonly ToolMessage[];
  /** Aborted when the chat is stopped, reset or sent again, or the call's `signal` aborts. */
  signal: AbortSignal;
}

/** A message in the OpenAI format, as tools see and make them. */
export interface ToolMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content?: unknown;
  tool_calls?: {
    id: string;
    type: 'function';
    function: { name: string; arguments: string | Record<string, unknown> };
  }[];
  tool_call_id?: string;
  name?: string;
}

/** A tool the model may call. */
export interface ChatTool<TSchema extends StandardSchema = StandardSchema, TResult = unknown> {
  /** What the tool does and when to use it: the model reads this. */
  description?: string | undefined;
  /** The arguments: a zod schema (or any Standard Schema). The model's arguments are checked with it. */
  parameters: TSchema;
  /**
   * The arguments' JSON Schema, sent to the model. Needed only when `parameters` cannot describe
   * itself (zod/mini: pass `z.toJSONSchema(schema)`); else taken from the schema.
   */
  jsonSchema?: Record<string, unknown> | undefined;
  /**
   * Runs the call; its result (a string as is, anything else as JSON) goes back to the model. A
   * thrown error goes back as `{"error": message}`, so the model can recover. Without `execute`,
   * the call is the app's to answer (`addToolResult`).
   */
  execute?: ((args: SchemaOutput<TSchema>, context: ToolContext) => TResult | Promise<TResult>) | undefined;
}

/** Tools by name (the name the model calls: letters, digits, `_` and `-`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each tool has its own argument type
export type ChatTools = Record<string, ChatTool<any, unknown>>;

/**
 * Types a tool: `execute`'s arguments are the schema's output.
 * @example
 * const weather = tool({
 *   description: 'The weather in a city',
 *   parameters: z.object({ city: z.string() }),
 *   execute: async ({ city }) => ({ city, celsius: 21 }),
 * });
 */
export const tool = <TSchema extends StandardSchema, TResult>(
  definition: ChatTool<TSchema, TResult>,
): ChatTool<TSchema, TResult> => definition;

/** A tool call as it arrives on an assistant message (`arguments` is JSON text, or already parsed). */
export interface ToolCallLike {
  id: string;
  function: { name: string; arguments: string | Record<string, unknown> };
}

/** The wire form of a tool definition (`tools[]` of a chat request). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters: Record<string, unknown> };
}

const isStandard = (value: unknown): value is StandardSchema =>
  typeof value === 'object' && value !== null && typeof (value as StandardSchema)['~standard']?.validate === 'function';

const own = (tools: ChatTools, name: string): ChatTool | undefined =>
  Object.prototype.hasOwnProperty.call(tools, name) ? tools[name] : undefined;

/**
 * The request's `tools[]`: each tool's JSON Schema (OpenAI's function format, which TGI and the
 * router take). Throws `InferenceValidationError` naming the tool for a bad name or a schema that
 * cannot say itself in JSON Schema.
 */
export function toolDefinitions(task: string, tools: ChatTools): ToolDefinition[] {
  return Object.keys(tools).map((name) => {
    const { description, parameters, jsonSchema } = tools[name]!;
    const path = `tools.${name}`;
    const fail = (field: string, message: string) =>
      new InferenceValidationError(task, [{ path: path + field, message }]);
    if (!/^[\w-]{1,64}$/.test(name)) throw fail('', 'a tool name must be 1–64 letters, digits, "_" or "-"');
    if (!isStandard(parameters)) {
      throw fail(
        '.parameters',
        'must be a zod schema (or another Standard Schema), e.g. z.object({ city: z.string() })',
      );
    }
    const describe = parameters['~standard'].jsonSchema;
    if (!jsonSchema && !describe) {
      throw fail(
        '.parameters',
        'cannot describe itself as JSON Schema (zod/mini schemas cannot): use classic zod (`import * as z from "zod"`) or add `jsonSchema: z.toJSONSchema(schema)`',
      );
    }
    const schema = { ...(jsonSchema ?? describe!.input({ target: 'draft-2020-12' })) };
    if (schema.type !== 'object')
      throw fail('.parameters', 'must describe an object (the arguments by name), e.g. z.object({...})');
    delete schema.$schema;
    return { type: 'function', function: { name, ...(description ? { description } : {}), parameters: schema } };
  });
}

const pathOf = (issue: StandardIssue) =>
  (issue.path ?? []).map((p) => String(typeof p === 'object' ? p.key : p)).join('.');

/**
 * What answering one call gave: the `tool` message for the model, or (a tool without `execute`) the
 * checked arguments of a call the app answers.
 */
export type ToolOutcome =
  | {
      message: ToolMessage;
      /** The value `execute` returned. */
      result?: unknown;
      /** The arguments' problem, or the error `execute` threw. */
      error?: Error;
    }
  | { message?: undefined; args: unknown };

/** The `content` of a tool message: a string as is, anything else as JSON. */
export const toolContent = (result: unknown): string =>
  typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');

const errorMessage = (callId: string, message: string): ToolOutcome => ({
  message: { role: 'tool', tool_call_id: callId, content: JSON.stringify({ error: message }) },
  error: new Error(message),
});

/** Settles with `run()`'s result, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(signal: AbortSignal, run: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    new Promise<T>((done) => done(run()))
      .then(resolve, reject)
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Answers one call: checks the tool exists and its arguments match the schema, then runs `execute`.
 * Every failure (unknown tool, arguments that are not JSON or break the schema, `execute` throwing)
 * becomes a tool message `{"error": ...}` the model can read and recover from. A known tool without
 * `execute` gives its checked arguments (no message): the app answers it. An abort rejects.
 */
export async function answerToolCall(tools: ChatTools, call: ToolCallLike, context: ToolContext): Promise<ToolOutcome> {
  const { name } = call.function;
  const found = own(tools, name);
  if (!found) {
    return errorMessage(call.id, `There is no tool named "${name}". The tools are: ${Object.keys(tools).join(', ')}.`);
  }
  let args: unknown = call.function.arguments;
  if (typeof args === 'string') {
    try {
      args = args.trim() ? JSON.parse(args) : {};
    } catch {
      return errorMessage(call.id, `The arguments of "${name}" are not valid JSON. Call it again with a JSON object.`);
    }
  }
  const checked = await found.parameters['~standard'].validate(args);
  context.signal.throwIfAborted();
  if (checked.issues) {
    const said = checked.issues.map((i) => `\`${pathOf(i) || '(arguments)'}\`: ${i.message}`).join('; ');
    return errorMessage(
      call.id,
      `Invalid arguments for "${name}": ${said}. Call it again with arguments matching its schema.`,
    );
  }
  if (!found.execute) return { args: checked.value };
  let result: unknown;
  try {
    // A tool that ignores its signal must not hold the chat: the abort wins the race.
    result = await raceAbort(context.signal, () => found.execute!(checked.value, context));
  } catch (error) {
    context.signal.throwIfAborted();
    return errorMessage(call.id, error instanceof Error ? error.message : String(error));
  }
  context.signal.throwIfAborted();
  return { message: { role: 'tool', tool_call_id: call.id, content: toolContent(result) }, result };
}

/**
 * The tools of a request: `parameters.tools` (wire definitions given as is) and the defined tools,
 * refusing a name given twice.
 */
export function mergeToolDefinitions<TGiven extends { function: { name: string } }>(
  task: string,
  given: readonly TGiven[] | undefined,
  tools: ChatTools | undefined,
): (TGiven | ToolDefinition)[] | undefined {
  if (!tools) return given ? [...given] : undefined;
  const defined = toolDefinitions(task, tools);
  for (const definition of given ?? []) {
    if (own(tools, definition.function.name)) {
      throw new InferenceValidationError(task, [
        {
          path: `tools.${definition.function.name}`,
          message: 'is defined twice: in `tools` and in `parameters.tools`; keep one',
        },
      ]);
    }
  }
  return [...(given ?? []), ...defined];
}
