import type { StreamStatus } from '@inferkit/core';

/**
 * One message of a conversation, as `useChatCompletion` keeps them. `ChatMessages` also renders
 * stored messages that stray from this type (another role, OpenAI content parts) as labelled text.
 */
export interface ChatMessage {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  /**
   * Plain text. Rendered as text, never as HTML; an assistant's as Markdown only through
   * `renderContent` (see `@inferkit/components/markdown`). A `tool` message's is the result of the
   * call named by `toolCallId`, usually JSON.
   */
  content: string;
  /** An assistant message's calls to tools (OpenAI's `tool_calls`), shown as collapsible parts. */
  toolCalls?: readonly ChatToolCall[];
  /** A `tool` message: the id of the call it answers. */
  toolCallId?: string;
}

/** A call the model made to one of the tools it was given. */
export interface ChatToolCall {
  id: string;
  type: 'function';
  /** `arguments` is the model's JSON text (possibly still streaming, or invalid). */
  function: { name: string; arguments: string };
}

/**
 * Where a chat completion is: `useChatCompletion`'s status, core's `StreamStatus` (a type-only import:
 * the components need core at run time for nothing).
 */
export type ChatStatus = StreamStatus;

/** Statuses during which a reply is on its way and can be stopped. */
export const isChatBusy = (status: ChatStatus) =>
  status === 'loading-model' || status === 'submitted' || status === 'streaming';

/** A message's text: a string as is, OpenAI content parts joined by their text, anything else nothing. */
export const textOf = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('')
      : '';
