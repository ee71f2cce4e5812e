'use client';
import {
  createStructuredOutputStore,
  type ResponseFormatStyle,
  type StructuredOutputFinish,
  type StructuredOutputObject,
  type StructuredOutputParameters,
  type StructuredOutputSchema,
  type StructuredOutputSnapshot,
  type StructuredOutputStore,
} from '@inferkit/core';
import { useStreamHook, type StreamHookOptions } from './use-stream-store';

/** Options of {@link useStructuredOutput}. */
export interface UseStructuredOutputOptions<TSchema extends StructuredOutputSchema> extends StreamHookOptions {
  /**
   * What the answer must be (a `zod` or `zod/mini` schema): sent as the request's JSON Schema
   * (`response_format`) and checked on the answer. `object` is typed from it. A new schema applies
   * from the next `submit` (no need to memoize it).
   */
  schema: TSchema;
  /** The schema's name in the request (OpenAI's `json_schema.name`). Default `response`. */
  schemaName?: string | undefined;
  /** What the object is for, to help the model (OpenAI's `json_schema.description`). */
  schemaDescription?: string | undefined;
  /** `openai` or `tgi`; by default `tgi` for a dedicated TGI endpoint without a model name, else `openai`. */
  responseFormatStyle?: ResponseFormatStyle | undefined;
  /** Hub model id (a `:provider` suffix names the provider) or URL; defaults to the client's. */
  model?: string | undefined;
  /** A new id starts from scratch; the old answer is aborted and never shows in the new one. */
  id?: string | undefined;
  /** `maxTokens`, `temperature`, `seed`... (the schema sets the response format). */
  parameters?: StructuredOutputParameters | undefined;
  /** Called with the checked object once an answer finished and matched the schema. */
  onFinish?: ((result: StructuredOutputFinish<StructuredOutputObject<TSchema>>) => void) | undefined;
}

/** What {@link useStructuredOutput} returns: the store's snapshot plus its actions. */
export interface UseStructuredOutputResult<TObject> extends StructuredOutputSnapshot<TObject> {
  submit: StructuredOutputStore<TObject>['submit'];
  stop: StructuredOutputStore<TObject>['stop'];
  regenerate: StructuredOutputStore<TObject>['regenerate'];
  reset: StructuredOutputStore<TObject>['reset'];
}

/**
 * Streams a typed object from a zod schema: `object` grows as the JSON arrives (finished parts keep
 * their identity, so memoized children skip them) and is the object checked against the schema at
 * `success`. Renders at most every 50 ms (20 a second), the first token at once; `stop()`,
 * unmounting or a new `id` aborts the request. An answer that breaks the schema ends in `error`
 * (an `InferenceResponseError` with the text and the broken fields), keeping the partial object.
 * A provider without structured output is refused before the request. The state lives in core's
 * `createStructuredOutputStore`.
 * @example
 * const recipe = z.object({ title: z.string(), steps: z.array(z.string()) });
 * function Recipe() {
 *   const { object, status, submit, stop } = useStructuredOutput({ schema: recipe, model: 'meta-llama/Llama-3.1-8B-Instruct' });
 *   return (
 *     <>
 *       <button onClick={() => submit('A tomato soup recipe')}>Write</button>
 *       {status === 'streaming' && <button onClick={stop}>Stop</button>}
 *       <h2>{object?.title}</h2>
 *       <ol>{object?.steps?.map((step, i) => <li key={i}>{step}</li>)}</ol>
 *     </>
 *   );
 * }
 */
export function useStructuredOutput<TSchema extends StructuredOutputSchema>(
  options: UseStructuredOutputOptions<TSchema>,
): UseStructuredOutputResult<StructuredOutputObject<TSchema>> {
  return useStreamHook(
    options,
    // A store destroyed while the component stayed (an `<Activity>` hidden, then shown) hands its state on.
    (settings, previous: StructuredOutputSnapshot<StructuredOutputObject<TSchema>> | undefined) =>
      createStructuredOutputStore<TSchema>({ ...settings, initialSnapshot: previous }),
    (store) => ({ submit: store.submit, stop: store.stop, regenerate: store.regenerate, reset: store.reset }),
    {
      schema: options.schema,
      schemaName: options.schemaName,
      schemaDescription: options.schemaDescription,
      responseFormatStyle: options.responseFormatStyle,
    },
  );
}
