'use client';
import {
  createTextGenerationStore,
  type InferenceClient,
  type StreamScheduler,
  type StreamThrottle,
  type TextGenerationFinish,
  type TextGenerationParameters,
  type TextGenerationSnapshot,
  type TextGenerationStore,
  type TextGenerationStoreUpdatableOptions,
} from '@inferkit/core';
import { useMemo } from 'react';
import { useClientDefaults } from './provider';
import { useStreamStore } from './use-stream-store';

/** Options of {@link useTextGeneration}. */
export interface UseTextGenerationOptions {
  /** Hub model id or URL; defaults to the client's, then to the task's recommended model. */
  model?: string | undefined;
  /** A new id starts from scratch; the old generation is aborted and never shows in the new one. */
  id?: string | undefined;
  /** `maxNewTokens`, `temperature`, `stop`, `details`... */
  parameters?: TextGenerationParameters | undefined;
  onFinish?: ((result: TextGenerationFinish) => void) | undefined;
  onError?: ((error: Error) => void) | undefined;
  /** Renders at most every 50 ms by default (20 a second; the first token at once); a number of ms, `'frame'` for every animation frame, `'none'` for every chunk. */
  throttle?: StreamThrottle | undefined;
  /** A custom scheduler of renders (tests, custom render loops). Takes precedence over `throttle`. */
  scheduler?: StreamScheduler | undefined;
  /** Defaults to the client of the nearest `<InferenceProvider>`. */
  client?: InferenceClient | undefined;
}

/** What {@link useTextGeneration} returns: the store's snapshot plus its actions. */
export interface UseTextGenerationResult extends TextGenerationSnapshot {
  send: TextGenerationStore['send'];
  stop: TextGenerationStore['stop'];
  regenerate: TextGenerationStore['regenerate'];
  reset: TextGenerationStore['reset'];
}

/**
 * Streams the continuation of one prompt (TGI `text-generation`), rendering at most every 50 ms
 * (20 a second). Same guarantees as `useChatCompletion`; the state lives in core's
 * `createTextGenerationStore`.
 * @example
 * function Story() {
 *   const { text, status, send, stop } = useTextGeneration({ parameters: { maxNewTokens: 200 } });
 *   return (
 *     <>
 *       <button onClick={() => send('Once upon a time')}>Write</button>
 *       {status === 'streaming' && <button onClick={stop}>Stop</button>}
 *       <p>{text}</p>
 *     </>
 *   );
 * }
 */
export function useTextGeneration(options: UseTextGenerationOptions = {}): UseTextGenerationResult {
  const client = useClientDefaults(options.client);
  const settings: TextGenerationStoreUpdatableOptions = {
    model: options.model,
    parameters: options.parameters,
    onFinish: options.onFinish,
    onError: options.onError,
    throttle: options.throttle,
    scheduler: options.scheduler,
    client,
  };
  const [store, snapshot] = useStreamStore(options.id, () => createTextGenerationStore(settings), settings);
  const actions = useMemo(
    () => ({ send: store.send, stop: store.stop, regenerate: store.regenerate, reset: store.reset }),
    [store],
  );
  return { ...snapshot, ...actions };
}
