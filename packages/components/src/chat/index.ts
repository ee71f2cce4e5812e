export { ChatMessages, type ChatMessagesProps } from './ChatMessages';
export { MessageInput, type MessageInputProps } from './MessageInput';
export { type ChatMessage, type ChatStatus, type ChatToolCall, isChatBusy } from './types';
