'use client';
import {
  createTextGenerationStore,
  type TextGenerationFinish,
  type TextGenerationParameters,
  type TextGenerationSnapshot,
  type TextGenerationStore,
} from '@inferkit/core';
import { useStreamHook, type StreamHookOptions } from './use-stream-store';

/** Options of {@link useTextGeneration}. */
export interface UseTextGenerationOptions extends StreamHookOptions {
  /** Hub model id or URL; defaults to the client's, then to the task's recommended model. */
  model?: string | undefined;
  /** A new id starts from scratch; the old generation is aborted and never shows in the new one. */
  id?: string | undefined;
  /** `maxNewTokens`, `temperature`, `stop`, `details`... */
  parameters?: TextGenerationParameters | undefined;
  onFinish?: ((result: TextGenerationFinish) => void) | undefined;
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
  return useStreamHook(options, createTextGenerationStore, (store) => ({
    send: store.send,
    stop: store.stop,
    regenerate: store.regenerate,
    reset: store.reset,
  }));
}
