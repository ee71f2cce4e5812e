'use client';
import {
  createChatStore,
  type ChatFinish,
  type ChatMessageInit,
  type ChatParameters,
  type ChatSnapshot,
  type ChatStore,
  type ChatStoreUpdatableOptions,
  type InferenceClient,
  type StreamScheduler,
  type StreamThrottle,
} from '@inferkit/core';
import { useMemo } from 'react';
import { useClientDefaults } from './provider';
import { useStreamStore } from './use-stream-store';

/** Options of {@link useChatCompletion}. */
export interface UseChatCompletionOptions {
  /** Hub model id or URL; defaults to the client's model or endpoint. */
  model?: string | undefined;
  /**
   * The conversation's id. A new id gets a fresh conversation (from `initialMessages`); the old
   * one's request is aborted, and its tokens never reach the new one.
   */
  id?: string | undefined;
  /** Where a conversation starts (read when it is created, and by `reset()`). */
  initialMessages?: readonly ChatMessageInit[] | undefined;
  /** Generation options: `maxTokens`, `temperature`, `tools`, `responseFormat`... */
  parameters?: ChatParameters | undefined;
  onFinish?: ((result: ChatFinish) => void) | undefined;
  onError?: ((error: Error) => void) | undefined;
  /** Renders at most every 50 ms by default (20 a second; the first token at once); a number of ms, `'frame'` for every animation frame, `'none'` for every chunk. */
  throttle?: StreamThrottle | undefined;
  /** A custom scheduler of renders (tests, custom render loops). Takes precedence over `throttle`. */
  scheduler?: StreamScheduler | undefined;
  /** Defaults to the client of the nearest `<InferenceProvider>`. */
  client?: InferenceClient | undefined;
}

/** What {@link useChatCompletion} returns: the store's snapshot plus its actions. */
export interface UseChatCompletionResult extends ChatSnapshot {
  send: ChatStore['send'];
  stop: ChatStore['stop'];
  regenerate: ChatStore['regenerate'];
  reset: ChatStore['reset'];
  setMessages: ChatStore['setMessages'];
}

/**
 * A streaming chat. Renders at most every 50 ms (20 a second) while tokens arrive; `stop()`,
 * unmounting or switching `id` aborts the request. The state lives in core's `createChatStore`.
 * @example
 * function Chat() {
 *   const { messages, status, send, stop } = useChatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct' });
 *   return (
 *     <>
 *       {messages.map((m) => <p key={m.id}>{m.role}: {m.content}</p>)}
 *       <button onClick={() => send('Hello!')}>Send</button>
 *       {status === 'streaming' && <button onClick={stop}>Stop</button>}
 *     </>
 *   );
 * }
 */
export function useChatCompletion(options: UseChatCompletionOptions = {}): UseChatCompletionResult {
  const client = useClientDefaults(options.client);
  const settings: ChatStoreUpdatableOptions = {
    model: options.model,
    parameters: options.parameters,
    onFinish: options.onFinish,
    onError: options.onError,
    throttle: options.throttle,
    scheduler: options.scheduler,
    client,
  };
  const [store, snapshot] = useStreamStore(
    options.id,
    (previous: ChatSnapshot | undefined) =>
      createChatStore({ ...settings, initialMessages: previous?.messages ?? options.initialMessages }),
    settings,
  );
  const actions = useMemo(
    () => ({
      send: store.send,
      stop: store.stop,
      regenerate: store.regenerate,
      reset: store.reset,
      setMessages: store.setMessages,
    }),
    [store],
  );
  return { ...snapshot, ...actions };
}
