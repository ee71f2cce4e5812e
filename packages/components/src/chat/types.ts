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

/** Where a chat completion is: `useChatCompletion`'s status. */
export type ChatStatus = 'idle' | 'loading-model' | 'submitted' | 'streaming' | 'success' | 'error' | 'stopped';

/** Statuses during which a reply is on its way and can be stopped. */
export const isChatBusy = (status: ChatStatus) =>
  status === 'loading-model' || status === 'submitted' || status === 'streaming';
