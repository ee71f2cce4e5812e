/**
 * The streaming state of one prompt's continuation (TGI `text-generation`), framework-free. Same
 * machinery and guarantees as the chat store; `@inferkit/react`'s `useTextGeneration` reads it.
 */
import {
  createStreamEngine,
  withClientOptions,
  type StreamRunControl,
  type StreamSnapshotBase,
  type StreamStoreOptions,
  type StreamStoreUpdatableKey,
} from './stream-store';
import {
  textGenerationStream,
  type TextGenerationInput,
  type TextGenerationStreamDetails,
  type TextGenerationStreamOutput,
} from './tasks/text-generation';

/** What `getSnapshot()` returns. A new object only when something changed. */
export interface TextGenerationSnapshot extends StreamSnapshotBase {
  /** The prompt of the current or last generation. */
  prompt: string | null;
  /** The text generated so far (special tokens left out); the server's full text once finished. */
  text: string;
  /** `length`, `eos_token` or `stop_sequence`, once finished. */
  finishReason: string | null;
  /** The final details (with `parameters.details: true`). */
  details: TextGenerationStreamDetails | null;
}

/** Generation parameters sent with every prompt (`maxNewTokens`, `temperature`...). */
export type TextGenerationParameters = NonNullable<TextGenerationInput['parameters']>;

/** What `run` receives. */
export type TextGenerationRunArgs = StreamRunControl & {
  inputs: string;
  parameters?: TextGenerationParameters | undefined;
  model?: string | undefined;
};

/** What `onFinish` receives. */
export interface TextGenerationFinish {
  prompt: string;
  text: string;
  finishReason: string | null;
  details: TextGenerationStreamDetails | null;
}

/** Options of {@link createTextGenerationStore}. */
export interface TextGenerationStoreOptions extends StreamStoreOptions {
  /** Hub model id or URL; defaults to the client's, then to the task's recommended model. */
  model?: string | undefined;
  parameters?: TextGenerationParameters | undefined;
  onFinish?: ((result: TextGenerationFinish) => void) | undefined;
  onError?: ((error: Error) => void) | undefined;
  /** Produces the chunks; defaults to core's `textGenerationStream` with the client's options. */
  run?: ((args: TextGenerationRunArgs) => AsyncIterable<TextGenerationStreamOutput>) | undefined;
}

/** The options that may change after creation (`setOptions`). */
export type TextGenerationStoreUpdatableOptions = Pick<TextGenerationStoreOptions, StreamStoreUpdatableKey>;

/** A framework-free text generation: read with `subscribe`/`getSnapshot`, drive with the actions. */
export interface TextGenerationStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): TextGenerationSnapshot;
  /** Generates from `prompt`, stopping a generation still streaming first. Resolves when it settles. */
  send(prompt: string): Promise<void>;
  /** Aborts the request at once and keeps the partial text; status `stopped`. */
  stop(): void;
  /** Generates again from the last prompt, from scratch. */
  regenerate(): Promise<void>;
  /** Aborts, clears the text and goes back to `idle`. */
  reset(): void;
  setOptions(options: TextGenerationStoreUpdatableOptions): void;
  /** Aborts and stops every notification; the store does nothing afterwards. */
  destroy(): void;
}

const INITIAL: TextGenerationSnapshot = {
  prompt: null,
  text: '',
  status: 'idle',
  error: null,
  finishReason: null,
  details: null,
  modelLoading: null,
};

/**
 * Creates a text generation store.
 * @example
 * const gen = createTextGenerationStore({ model: 'Qwen/Qwen2.5-7B-Instruct', parameters: { maxNewTokens: 50 } });
 * gen.subscribe(() => (output.textContent = gen.getSnapshot().text));
 * gen.send('Once upon a time');
 */
export function createTextGenerationStore(options: TextGenerationStoreOptions = {}): TextGenerationStore {
  let text = '';
  let final: string | undefined;

  const engine = createStreamEngine(INITIAL, () => ({ text: final ?? text }), options);
  const config = engine.options;

  const send = (prompt: string): Promise<void> => {
    if (engine.destroyed) return Promise.resolve();
    engine.stop();
    text = '';
    final = undefined;
    let finishReason: string | null = null;
    let details: TextGenerationStreamDetails | null = null;
    engine.set({ ...INITIAL, prompt, status: 'submitted' });
    const { model, parameters, client } = config;
    const run = config.run ?? ((args: TextGenerationRunArgs) => textGenerationStream(withClientOptions(client, args)));
    return engine.run(
      (control) =>
        run({
          inputs: prompt,
          ...(parameters ? { parameters } : {}),
          ...(model !== undefined ? { model } : {}),
          ...control,
        }),
      {
        chunk(chunk) {
          const before = final ?? text;
          if (!chunk.token.special) text += chunk.token.text;
          // The last chunk carries the whole text, which is authoritative (e.g. with `returnFullText`).
          if (chunk.generatedText != null) final = chunk.generatedText;
          if (chunk.details) {
            details = chunk.details;
            finishReason = chunk.details.finishReason;
          }
          if (engine.getSnapshot().status !== 'streaming')
            engine.set({ status: 'streaming', modelLoading: null }, true);
          else if ((final ?? text) !== before) engine.touch();
        },
        done() {
          engine.set({ status: 'success', finishReason, details, modelLoading: null });
          config.onFinish?.({ prompt, text: engine.getSnapshot().text, finishReason, details });
        },
        fail(error) {
          engine.set({ status: 'error', error, modelLoading: null });
          config.onError?.(error);
        },
      },
    );
  };

  return {
    subscribe: engine.subscribe,
    getSnapshot: engine.getSnapshot,
    send,
    stop: engine.stop,
    regenerate() {
      const { prompt } = engine.getSnapshot();
      return prompt === null ? Promise.resolve() : send(prompt);
    },
    reset() {
      engine.abort();
      engine.set(INITIAL);
    },
    setOptions: engine.setOptions,
    destroy: engine.destroy,
  };
}
