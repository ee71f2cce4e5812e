'use client';
import {
  createChatStore,
  type ChatFinish,
  type ChatMessageInit,
  type ChatParameters,
  type ChatSnapshot,
  type ChatStore,
} from '@inferkit/core';
import { useStreamHook, type StreamHookOptions } from './use-stream-store';

/** Options of {@link useChatCompletion}. */
export interface UseChatCompletionOptions extends StreamHookOptions {
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
  return useStreamHook(
    options,
    (settings, previous: ChatSnapshot | undefined) =>
      createChatStore({ ...settings, initialMessages: previous?.messages ?? options.initialMessages }),
    (store) => ({
      send: store.send,
      stop: store.stop,
      regenerate: store.regenerate,
      reset: store.reset,
      setMessages: store.setMessages,
    }),
  );
}
