import type { StreamStatus } from '@inferkit/core';

/**
 * One message of a conversation, as `useChatCompletion` keeps them. `ChatMessages` also renders
 * stored messages that stray from this type (another role, OpenAI content parts) as labelled text.
 */
export interface ChatMessage {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  /** Plain text. Rendered as text, never as HTML or markdown. */
  content: string;
}

/**
 * Where a chat completion is: `useChatCompletion`'s status, core's `StreamStatus` (a type-only import:
 * the components need core at run time for nothing).
 */
export type ChatStatus = StreamStatus;

/** Statuses during which a reply is on its way and can be stopped. */
export const isChatBusy = (status: ChatStatus) =>
  status === 'loading-model' || status === 'submitted' || status === 'streaming';
