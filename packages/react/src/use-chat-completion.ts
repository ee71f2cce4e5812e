'use client';
import {
  createChatStore,
  type ChatFinish,
  type ChatMessageInit,
  type ChatParameters,
  type ChatSnapshot,
  type ChatStore,
  type ChatTools,
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
  /**
   * Tools the model may call, by name, with zod parameters (`tool({ description, parameters, execute })`).
   * Calls are checked with the schema, `execute` runs and the model is asked again, up to
   * `maxSteps` requests per `send`; a tool without `execute` waits in `pendingToolCalls` for
   * `addToolResult`. The latest tools are used at each step (no need to memoize them).
   */
  tools?: ChatTools | undefined;
  /** The most model requests one `send` (or `addToolResult`) makes while tools answer. Default 5. */
  maxSteps?: number | undefined;
}

/** What {@link useChatCompletion} returns: the store's snapshot plus its actions. */
export interface UseChatCompletionResult extends ChatSnapshot {
  send: ChatStore['send'];
  addToolResult: ChatStore['addToolResult'];
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
      addToolResult: store.addToolResult,
      stop: store.stop,
      regenerate: store.regenerate,
      reset: store.reset,
      setMessages: store.setMessages,
    }),
    { tools: options.tools, maxSteps: options.maxSteps },
  );
}
