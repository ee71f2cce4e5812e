/**
 * The streaming state of one structured answer (a typed object from a zod schema), framework-free:
 * `subscribe`/`getSnapshot` for any UI binding, `submit`/`stop`/`regenerate`/`reset` to drive it.
 * Same machinery and guarantees as the chat store (one abortable run at a time, throttled commits,
 * the first token at once); `@inferkit/react`'s `useStructuredOutput` reads it.
 *
 * The partial object comes from {@link PartialJsonReader}: each character is read once and a commit
 * costs the depth of the unfinished path, so a stream costs O(its length), and finished parts keep
 * their identity from commit to commit (React skips them).
 */
import type * as z from 'zod/mini';
import { streamChatCompletion, type ChatParameters, type ChatRunArgs, type ChatUsage } from './chat-store';
import { InferenceResponseError } from './errors';
import { scrub } from './http';
import { mergeCallOptions, type RequestOptions } from './options';
import { PartialJsonReader } from './partial-json';
import {
  createStreamEngine,
  withClientOptions,
  type StreamSnapshotBase,
  type StreamStoreOptions,
  type StreamStoreUpdatableKey,
} from './stream-store';
import {
  assertStructuredOutputSupport,
  parseStructuredAnswer,
  responseFormatFor,
  responseFormatStyleFor,
  type DeepPartial,
  type ResponseFormatStyle,
} from './structured-output';
import type { Schema } from './task';
import type { ChatCompletionInput, ChatCompletionStreamOutput, ChatMessage } from './tasks/chat-completion';

const NAME = 'structuredOutput';

/** A zod schema (`zod` or `zod/mini`) that says what the object is. */
export type StructuredOutputSchema = Schema;

/** The object a schema gives once checked: `z.output<TSchema>`. */
export type StructuredOutputObject<TSchema extends StructuredOutputSchema> = z.output<TSchema>;

/** What the model is asked: a prompt (sent as one user message) or the whole conversation. */
export type StructuredOutputInput = string | readonly ChatMessage[];

/** What `getSnapshot()` returns. A new object only when something changed. */
export interface StructuredOutputSnapshot<TObject> extends StreamSnapshotBase {
  /**
   * The object so far while it streams (`undefined` before its first character): finished parts as
   * they will stay, an unfinished string as far as it has come, an unfinished number or key left
   * out. After `success`, the object checked against the schema. Parts that did not change keep
   * their identity between snapshots, the final one included where the schema changed nothing.
   */
  object: DeepPartial<TObject> | undefined;
  /** The raw JSON text so far (the whole answer once finished; kept on `stop()` and on errors). */
  text: string;
  /** The input of the current or last request (what `regenerate()` sends again); null before the first. */
  input: StructuredOutputInput | null;
  /** The server's `finish_reason` (`stop`, or `length` when `maxTokens` cut the answer), once finished. */
  finishReason: string | null;
  usage: ChatUsage | null;
}

/** Generation options sent with every request (`maxTokens`, `temperature`, `seed`...); the schema sets the format. */
export type StructuredOutputParameters = Omit<ChatParameters, 'responseFormat' | 'tools' | 'toolChoice'>;

/** What `run` receives: the chat request with its `responseFormat` built from the schema, plus the abort signal. */
export type StructuredOutputRunArgs = ChatRunArgs & {
  responseFormat: NonNullable<ChatCompletionInput['responseFormat']>;
};

/** What `onFinish` receives: the checked object and how it came. */
export interface StructuredOutputFinish<TObject> {
  object: TObject;
  text: string;
  input: StructuredOutputInput;
  finishReason: string | null;
  usage: ChatUsage | null;
}

/** Options of {@link createStructuredOutputStore}. */
export interface StructuredOutputStoreOptions<
  TSchema extends StructuredOutputSchema = StructuredOutputSchema,
> extends StreamStoreOptions {
  /** What the answer must be: sent as JSON Schema (`response_format`) and checked on the answer. */
  schema: TSchema;
  /** The schema's name in the request (OpenAI's `json_schema.name`: letters, digits, `_`, `-`). Default `response`. */
  schemaName?: string | undefined;
  /** What the object is for, to help the model (OpenAI's `json_schema.description`). */
  schemaDescription?: string | undefined;
  /**
   * `openai` (the router's `/v1`, OpenAI-compatible servers) or `tgi` (TGI's `json` grammar).
   * Default: `tgi` for a dedicated endpoint called without a model name, else `openai`.
   */
  responseFormatStyle?: ResponseFormatStyle | undefined;
  /** Hub model id (with a `:provider` suffix if wanted) or URL; defaults to the client's model or endpoint. */
  model?: string | undefined;
  parameters?: StructuredOutputParameters | undefined;
  /** Called with the checked object when an answer finished and matched the schema. */
  onFinish?: ((result: StructuredOutputFinish<z.output<TSchema>>) => void) | undefined;
  /** Called when the request, the stream or the schema check fails (not when stopped). */
  onError?: ((error: Error) => void) | undefined;
  /**
   * Produces the chat chunks; defaults to {@link streamStructuredOutput} with the client's options.
   * `run: (args) => chatCompletionStream(args)` validates every chunk with the task's zod schemas.
   */
  run?: ((args: StructuredOutputRunArgs) => AsyncIterable<ChatCompletionStreamOutput>) | undefined;
  /**
   * What the store shows at creation, e.g. the snapshot of an earlier store (the React hook carries
   * it over when an `<Activity>` hides and shows it). An answer that was still on its way shows as
   * `stopped`. Read once; `reset()` goes back to `idle`.
   */
  initialSnapshot?: StructuredOutputSnapshot<z.output<TSchema>> | undefined;
}

/** The options that may change after creation (`setOptions`); the schema too (from the next `submit`). */
export type StructuredOutputStoreUpdatableOptions<TObject = unknown> = Partial<
  Pick<
    StructuredOutputStoreOptions,
    Exclude<StreamStoreUpdatableKey, 'onFinish'> | 'schema' | 'schemaName' | 'schemaDescription' | 'responseFormatStyle'
  >
> & { onFinish?: ((result: StructuredOutputFinish<TObject>) => void) | undefined };

/** A framework-free structured answer: read with `subscribe`/`getSnapshot`, drive with the actions. */
export interface StructuredOutputStore<TObject> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): StructuredOutputSnapshot<TObject>;
  /**
   * Asks for the object: a prompt (sent as one user message) or the conversation. Stops an answer
   * still streaming first. Resolves when the answer settles; never rejects for a request error or
   * an answer that breaks the schema (those go to `error` and `onError`).
   */
  submit(input: StructuredOutputInput): Promise<void>;
  /** Aborts the request at once and keeps the partial object and text; status `stopped`. No-op when idle. */
  stop(): void;
  /** Asks again with the last input, from scratch. */
  regenerate(): Promise<void>;
  /** Aborts, clears the object and text and goes back to `idle`. */
  reset(): void;
  setOptions(options: StructuredOutputStoreUpdatableOptions<TObject>): void;
  /** Aborts and stops every notification; the store does nothing afterwards. */
  destroy(): void;
}

const INITIAL: StructuredOutputSnapshot<never> = {
  status: 'idle',
  error: null,
  modelLoading: null,
  object: undefined,
  text: '',
  input: null,
  finishReason: null,
  usage: null,
};

/** A snapshot carried over from an earlier store, at rest: nothing streams in this one. */
function carriedOver<TObject>(
  previous: StructuredOutputSnapshot<TObject> | undefined,
): StructuredOutputSnapshot<TObject> {
  if (!previous) return INITIAL;
  const { status } = previous;
  const resting = status === 'idle' || status === 'success' || status === 'error' || status === 'stopped';
  return { ...previous, status: resting ? status : 'stopped', modelLoading: null };
}

/**
 * The default `run`: refuses a provider the router says has no structured output
 * ({@link assertStructuredOutputSupport}), then sends the request `chatCompletionStream` sends,
 * without the task's zod schemas (see `streamChatCompletion`).
 */
export async function* streamStructuredOutput(
  args: StructuredOutputRunArgs & RequestOptions,
): AsyncGenerator<ChatCompletionStreamOutput, void, undefined> {
  await assertStructuredOutputSupport(NAME, args);
  yield* streamChatCompletion(args);
}

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/**
 * `next`, with every part that deep-equals the same part of `previous` replaced by that part (the
 * structural sharing TanStack Query does to query data): the checked object keeps the identity of
 * what the app has rendered. O(size of `next`), once per answer.
 */
function shareEqual(previous: unknown, next: unknown): unknown {
  if (Object.is(previous, next)) return previous;
  const arrays = Array.isArray(previous) && Array.isArray(next);
  if (!arrays && !(isPlain(previous) && isPlain(next))) return next;
  const a = previous as Record<string, unknown>;
  const b = next as Record<string, unknown>;
  const keys = Object.keys(b);
  let same = Object.keys(a).length === keys.length;
  const out: Record<string, unknown> | unknown[] = arrays ? [] : {};
  for (const key of keys) {
    const value = Object.hasOwn(a, key) ? shareEqual(a[key], b[key]) : b[key];
    if (arrays) (out as unknown[]).push(value);
    else if (key === '__proto__')
      Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true });
    else (out as Record<string, unknown>)[key] = value;
    if (value !== a[key]) same = false;
  }
  return same ? previous : out;
}

/**
 * Creates a structured-output store. Tokens are read into the partial object as they come;
 * subscribers hear about them at most once per `throttle` period (50 ms by default), about the
 * first token and every status change at once. An answer that is not JSON or breaks the schema ends
 * in `error` with an `InferenceResponseError` (`body`: the whole text, `issues`: each broken field),
 * keeping the last partial object and the text.
 * @example
 * const recipe = z.object({ title: z.string(), steps: z.array(z.string()) });
 * const store = createStructuredOutputStore({ schema: recipe, model: 'meta-llama/Llama-3.1-8B-Instruct', client });
 * store.subscribe(() => render(store.getSnapshot().object));
 * await store.submit('A tomato soup recipe');
 */
export function createStructuredOutputStore<TSchema extends StructuredOutputSchema>(
  options: StructuredOutputStoreOptions<TSchema>,
): StructuredOutputStore<z.output<TSchema>> {
  type TObject = z.output<TSchema>;
  type Snapshot = StructuredOutputSnapshot<TObject>;
  let reader = new PartialJsonReader();
  // False once the text is not JSON (a code fence, prose): the object stays as it was, the final check says why.
  let readable = true;
  let partial: unknown;
  let text = '';

  const engine = createStreamEngine<Snapshot, StructuredOutputStoreOptions<TSchema>>(
    carriedOver(options.initialSnapshot),
    () => {
      if (readable) partial = reader.value();
      return { object: partial as DeepPartial<TObject> | undefined, text };
    },
    options,
  );
  const config = engine.options;

  // The request's `response_format`, kept while the schema and its settings stay the same.
  let format: { key: unknown[]; value: StructuredOutputRunArgs['responseFormat'] } | undefined;
  const responseFormat = (style: ResponseFormatStyle) => {
    const key = [config.schema, style, config.schemaName, config.schemaDescription];
    if (!format || key.some((part, i) => part !== format!.key[i])) {
      const value = responseFormatFor(NAME, config.schema, style, {
        name: config.schemaName,
        description: config.schemaDescription,
      }) as StructuredOutputRunArgs['responseFormat'];
      format = { key, value };
    }
    return format.value;
  };

  const fail = (error: Error) => {
    // A malformed chunk fails here, not in the transport, and may echo the call's credentials too.
    scrub(error, { ...config.client?.options, ...(config.parameters as RequestOptions), url: config.model });
    // `live`: the snapshot keeps the last partial object and the whole text.
    engine.set({ status: 'error', error, modelLoading: null }, true);
    config.onError?.(error);
  };

  /** Aborts any run and starts the accumulators afresh. */
  const clear = () => {
    engine.abort();
    reader = new PartialJsonReader();
    readable = true;
    partial = undefined;
    text = '';
  };

  const submit = (input: StructuredOutputInput): Promise<void> => {
    if (engine.destroyed) return Promise.resolve();
    clear();
    let model: string | undefined;
    let finishReason: string | null = null;
    let usage: ChatUsage | null = null;
    engine.set({ ...INITIAL, input, status: 'submitted' });
    const { client } = config;
    const run =
      config.run ?? ((args: StructuredOutputRunArgs) => streamStructuredOutput(withClientOptions(client, args)));
    return engine.run(
      (control) => {
        const { model: wanted, parameters } = config;
        // The model or endpoint the request goes to decides the format (TGI's grammar for TGI itself).
        const target = mergeCallOptions(client?.options ?? {}, { model: wanted });
        const request: StructuredOutputRunArgs = {
          ...parameters,
          ...(wanted !== undefined ? { model: wanted } : {}),
          messages: typeof input === 'string' ? [{ role: 'user', content: input }] : [...input],
          responseFormat: responseFormat(responseFormatStyleFor(target, config.responseFormatStyle)),
          ...control,
        };
        // Servers send usage only when asked (`stream_options.include_usage`); the store reports it, so it asks.
        if (request.streamOptions === undefined) request.streamOptions = { includeUsage: true };
        return run(request);
      },
      {
        chunk(chunk) {
          model ??= chunk.model;
          if (chunk.usage) {
            usage = {
              promptTokens: chunk.usage.prompt_tokens,
              completionTokens: chunk.usage.completion_tokens,
              totalTokens: chunk.usage.total_tokens,
            };
          }
          if (!Array.isArray(chunk.choices)) {
            throw new InferenceResponseError(NAME, 'a chat.completion.chunk with choices[]', chunk, config.model);
          }
          const choice = chunk.choices.find((c) => c.index === 0) ?? chunk.choices[0];
          if (!choice) return;
          if (choice.finish_reason != null) finishReason = choice.finish_reason;
          const piece = choice.delta?.content;
          if (!piece) return;
          text += piece;
          if (readable) {
            try {
              reader.write(piece);
            } catch {
              readable = false;
            }
          }
          // The first token is announced at once, with the status change; later ones wait for the next flush.
          if (engine.getSnapshot().status !== 'streaming')
            engine.set({ status: 'streaming', modelLoading: null }, true);
          else engine.touch();
        },
        done() {
          let object: TObject;
          try {
            object = parseStructuredAnswer(NAME, config.schema, text, model) as TObject;
          } catch (error) {
            const cut =
              finishReason === 'length'
                ? 'the model stopped at the token limit (finish_reason "length"): raise `parameters.maxTokens`'
                : finishReason === null
                  ? 'the stream ended before the model finished (no finish_reason: the connection closed early)'
                  : undefined;
            const issues = (error as InferenceResponseError).issues;
            fail(
              cut && !issues
                ? new InferenceResponseError(NAME, `a whole JSON answer, but ${cut}`, text, model)
                : (error as Error),
            );
            return;
          }
          const shown = readable ? reader.value() : partial;
          const shared = shareEqual(shown, object) as TObject;
          engine.set(
            {
              status: 'success',
              object: shared as DeepPartial<TObject>,
              text,
              finishReason,
              usage,
              modelLoading: null,
            },
            true,
          );
          config.onFinish?.({ object: shared, text, input, finishReason, usage });
        },
        fail,
      },
    );
  };

  return {
    subscribe: engine.subscribe,
    getSnapshot: engine.getSnapshot,
    submit,
    stop: engine.stop,
    regenerate() {
      const { input } = engine.getSnapshot();
      return input === null ? Promise.resolve() : submit(input);
    },
    reset() {
      clear();
      engine.set(INITIAL);
    },
    setOptions: engine.setOptions as (options: StructuredOutputStoreUpdatableOptions<TObject>) => void,
    destroy: engine.destroy,
  };
}
