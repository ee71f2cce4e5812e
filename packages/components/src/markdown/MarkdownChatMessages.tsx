'use client';
import { forwardRef, useMemo } from 'react';
import { ChatMessages, type ChatMessagesProps } from '../chat/ChatMessages';
import { Markdown, type MarkdownOptions } from './Markdown';
import { markdownToSpeech } from './speech';

type RenderContent = NonNullable<ChatMessagesProps['renderContent']>;

/**
 * A `renderContent` for `ChatMessages` that renders assistant replies as Markdown with `options`.
 * Make it once (outside the component, or in `useMemo`), so finished replies are not re-rendered.
 * @example
 * const renderContent = createMarkdownRenderer({ images: true });
 * <ChatMessages {...chat} renderContent={renderContent} />
 */
export const createMarkdownRenderer =
  (options: MarkdownOptions = {}): RenderContent =>
  (_message, { text, streaming }) => (
    <Markdown {...options} streaming={streaming}>
      {text}
    </Markdown>
  );

/**
 * `ChatMessages`' `renderContent` for Markdown replies with the defaults (no images, no
 * highlighting, `#` as an `<h3>`).
 * @example
 * <ChatMessages messages={chat.messages} status={chat.status} renderContent={renderMarkdown} />
 */
export const renderMarkdown: RenderContent = createMarkdownRenderer();

export interface MarkdownChatMessagesProps extends Omit<ChatMessagesProps, 'renderContent' | 'announceContent'> {
  /** Show replies as plain text, as `ChatMessages` does. Default false. */
  plainText?: boolean;
  /** How replies are rendered; a new `highlight` function re-renders every reply, so keep it stable. */
  markdown?: MarkdownOptions;
}

/**
 * `ChatMessages` with assistant replies rendered as Markdown (see `Markdown` for what is safe and
 * live), and the finished reply announced without its Markdown syntax (`markdownToSpeech`). User
 * messages stay plain text; `plainText` turns Markdown off.
 * @example
 * <MarkdownChatMessages messages={chat.messages} status={chat.status} onStop={chat.stop} />
 */
export const MarkdownChatMessages = forwardRef<HTMLDivElement, MarkdownChatMessagesProps>(function MarkdownChatMessages(
  { plainText = false, markdown, ...props },
  ref,
) {
  // Keyed on the options' values, so an inline `markdown={{ images: true }}` does not re-render
  // every reply on each update.
  const { images, highlight, headingLevel } = markdown ?? {};
  const renderContent = useMemo(
    () => createMarkdownRenderer({ images, highlight, headingLevel }),
    [images, highlight, headingLevel],
  );
  return (
    <ChatMessages
      ref={ref}
      {...props}
      renderContent={plainText ? undefined : renderContent}
      // The finished reply is announced as it reads, without its Markdown syntax.
      announceContent={plainText ? undefined : markdownToSpeech}
    />
  );
});
