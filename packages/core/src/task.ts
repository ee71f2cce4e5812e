import type * as z from 'zod/mini';
import { InferenceResponseError, InferenceStreamError } from './errors';
import { readBody, readJson, release, scrub, type HttpRequest } from './http';
import type { RequestOptions } from './options';
import { viaHub } from './routing';
import { validateArgs } from './task-input';
import { events, exchange, type CallSpec, type Picker } from './transport';

/** Any zod (mini or classic) schema. */
export type Schema<TOut = unknown, TIn = unknown> = z.core.$ZodType<TOut, TIn>;

/** What a task sends: a JSON body, or raw bytes with their content type. */
export type WireBody = Pick<HttpRequest, 'json' | 'body' | 'contentType'>;

/**
 * How a task is used: `query` for analysis (cached, asked again only for new input), `mutation` for
 * generative or costly work run on demand, `stream` for a task that yields chunks.
 */
export type TaskKind = 'query' | 'mutation' | 'stream';

/**
 * Everything that describes one task; the table of these drives the client, hooks and emulator.
 * `TName` and `TKind` keep the literal name and kind, so the React layer derives its hooks from them.
 */
export interface TaskDefinition<
  TInput = unknown,
  TOutput = unknown,
  TName extends string = string,
  TKind extends TaskKind = TaskKind,
> extends CallSpec {
  /** camelCase function name, e.g. `zeroShotClassification`. */
  name: TName;
  /** Validates `{ inputs, parameters }` (camelCase). */
  input: Schema<TInput>;
  /** Maps validated input to the wire body (snake_case). `model` is the id the body should name, when there is one. */
  toWire(input: TInput, model: string | undefined): WireBody | Promise<WireBody>;
  /** Validates the wire response and normalises it. Absent for binary outputs. */
  output?: Schema<TOutput>;
  /**
   * A structural check for the common shape of a hot-path response (a stream chunk), true only when
   * `output` would accept the value unchanged; then the value is used as is, without zod copying it.
   * Anything it does not recognise goes through `output` as usual.
   */
  accepts?: ((value: unknown) => boolean) | undefined;
  /** What a valid response looks like, for error messages. */
  expected: string;
  /** `blob` for tasks that answer with bytes (images, audio). */
  responseType?: 'json' | 'blob';
  /**
   * For `blob` tasks: the bytes in a JSON answer some servers send instead of raw bytes (e.g. an
   * OpenAI-compatible image endpoint's `{ data: [{ b64_json }] }`), or `undefined` when the JSON
   * holds none (then it is an `InferenceResponseError`).
   */
  blobFromJson?: ((value: unknown) => Blob | undefined) | undefined;
  /** Keys of the call's arguments that form the input; the rest are request options. Default `inputs`, `parameters`. */
  inputKeys?: readonly string[] | undefined;
  /** Whether the hooks should treat it as a cached query (analysis) or an on-demand mutation. */
  kind: TKind;
}

/** The arguments of a task function: its own input plus request options. */
export type TaskArgs<TInput> = TInput & RequestOptions;

/** A task function, carrying its definition for the table. */
export type TaskFunction<TInput, TOutput, TName extends string = string, TKind extends TaskKind = TaskKind> = ((
  args: TaskArgs<TInput>,
) => Promise<TOutput>) & {
  readonly definition: TaskDefinition<TInput, TOutput, TName, TKind>;
};

/** A streaming task function: validates at once, then yields typed chunks. */
export type StreamTaskFunction<TInput, TChunk, TName extends string = string> = ((
  args: TaskArgs<TInput>,
) => AsyncGenerator<TChunk, void, undefined>) & {
  readonly definition: TaskDefinition<TInput, TChunk, TName, 'stream'>;
};

/** Parses a wire response or throws `InferenceResponseError` saying what was expected. */
export function parseOutput<T>(
  definition: Pick<TaskDefinition<unknown, T>, 'name' | 'output' | 'expected' | 'accepts'>,
  body: unknown,
  model: string | undefined,
): T {
  if (definition.accepts?.(body)) return body as T;
  const result = (definition.output as unknown as z.ZodMiniType<T>).safeParse(body);
  if (result.success) return result.data;
  throw new InferenceResponseError(definition.name, definition.expected, body, model);
}

/** How a task reads a successful answer into its output. */
export type ResponseReader = (
  definition: TaskDefinition<unknown, unknown>,
  response: Response,
  model: string | undefined,
) => Promise<unknown>;

/** A JSON task's answer: parsed (else `InferenceResponseError` showing the text), then checked by `output`. */
export const readJsonOutput: ResponseReader = async (definition, response, model) =>
  parseOutput(definition, await readJson(response, definition.name, `JSON (${definition.expected})`, model), model);

/** A binary task's answer: the bytes (raw, or in a JSON shape the task knows), or an error showing what came instead. */
const readBlob: ResponseReader = async (definition, response, model) => {
  // A JSON or text answer where bytes were expected is a server-side problem the caller must see.
  if (!/json|^text\//i.test(response.headers.get('content-type') ?? '')) return await response.blob();
  const parsed = await readBody(response);
  const blob = parsed !== null && typeof parsed === 'object' ? definition.blobFromJson?.(parsed) : undefined;
  if (blob) return blob;
  throw new InferenceResponseError(definition.name, definition.expected, parsed, model);
};

/**
 * Builds a task function from its definition, routed to its Inference Providers through the Hub's
 * mapping; its answer is JSON, checked by `output`.
 */
export const createTask = <TInput, TOutput, const TName extends string, const TKind extends 'query' | 'mutation'>(
  definition: TaskDefinition<TInput, TOutput, TName, TKind> & { responseType?: 'json' | undefined },
): TaskFunction<TInput, TOutput, TName, TKind> => buildTask(definition, viaHub, readJsonOutput);

/**
 * {@link createTask} for a task that answers with bytes (an image, audio, a video): it resolves
 * with a `Blob`. Apart from `createTask` so that JSON tasks' bundles leave the byte reading out.
 */
export const createBlobTask = <TInput, const TName extends string, const TKind extends 'query' | 'mutation'>(
  definition: Omit<TaskDefinition<TInput, Blob, TName, TKind>, 'responseType' | 'output'>,
): TaskFunction<TInput, Blob, TName, TKind> => buildTask({ ...definition, responseType: 'blob' }, viaHub, readBlob);

/**
 * Builds a task function; `pick` finds where a call that names no endpoint goes (chat's tasks pass
 * the router's own routing, so their bundles leave the Hub lookup out), and `read` reads the answer.
 */
export function buildTask<TInput, TOutput, const TName extends string, const TKind extends 'query' | 'mutation'>(
  definition: TaskDefinition<TInput, TOutput, TName, TKind>,
  pick: Picker,
  read: ResponseReader,
): TaskFunction<TInput, TOutput, TName, TKind> {
  // One async function per call, every step awaited in it: `return somePromise` from an async
  // function costs two extra microtask turns, and each nested async layer its own promise.
  const fn = async (args: TaskArgs<TInput>) => {
    const { input, options } = validateArgs(definition, args);
    let response: Response | undefined;
    try {
      const sent = await exchange(definition, (model) => definition.toWire(input, model), options, pick);
      const { model } = sent;
      response = sent.response;
      if (sent.read) {
        // A provider with its own answer shape (a queue, media URLs) reads it into the task's.
        const value = await sent.read();
        return (definition.responseType === 'blob' ? value : parseOutput(definition, value, model)) as TOutput;
      }
      return (await read(definition as TaskDefinition<unknown, unknown>, response, model)) as TOutput;
    } catch (error) {
      // Errors leave core here: whatever the server echoed of the call's credentials goes first.
      throw scrub(error, options);
    } finally {
      release(response);
    }
  };
  return Object.assign(fn, { definition });
}

/**
 * Builds a streaming task function. Validation happens synchronously, so bad input throws at the
 * call, before any request; the request starts on the first iteration.
 */
export const createStreamTask = <TInput, TChunk, const TName extends string>(
  definition: TaskDefinition<TInput, TChunk, TName, 'stream'>,
  finish: (chunk: TChunk) => boolean,
): StreamTaskFunction<TInput, TChunk, TName> => buildStreamTask(definition, finish, viaHub);

/** {@link createStreamTask} with the routing given (chat: see {@link buildTask}). */
export function buildStreamTask<TInput, TChunk, const TName extends string>(
  definition: TaskDefinition<TInput, TChunk, TName, 'stream'>,
  finish: (chunk: TChunk) => boolean,
  pick: Picker,
): StreamTaskFunction<TInput, TChunk, TName> {
  const fn = (args: TaskArgs<TInput>) => {
    const { input, options } = validateArgs(definition, args);
    return stream(definition, input, options, finish, pick);
  };
  return Object.assign(fn, { definition });
}

async function* stream<TInput, TChunk>(
  definition: TaskDefinition<TInput, TChunk>,
  input: TInput,
  options: RequestOptions,
  finish: (chunk: TChunk) => boolean,
  pick: Picker,
): AsyncGenerator<TChunk, void, undefined> {
  let finished = false;
  let model: string | undefined;
  try {
    for await (const event of events(definition, (wireModel) => definition.toWire(input, wireModel), options, pick)) {
      const chunk = parseOutput(definition, event, (model ??= options.model ?? options.endpointUrl));
      if (finish(chunk)) finished = true;
      yield chunk;
    }
    if (!finished) {
      throw new InferenceStreamError('The stream ended before the model finished (the connection closed early).', {
        model: options.model ?? options.endpointUrl,
      });
    }
  } catch (error) {
    throw scrub(error, options);
  }
}
