export { type MarkdownHighlighter } from './CodeBlock';
export { Markdown, type MarkdownOptions, type MarkdownProps } from './Markdown';
export {
  createMarkdownRenderer,
  MarkdownChatMessages,
  type MarkdownChatMessagesProps,
  renderMarkdown,
} from './MarkdownChatMessages';
export { markdownToSpeech } from './speech';
