'use client';
import { forwardRef, type HTMLAttributes, type ReactNode, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { type ModelLoadingEstimate, useModelLoadingCountdown } from '../model-loading';
import { cx, visuallyHidden } from '../visually-hidden';
import { ToolCallParts } from './ToolCallParts';
import { type ChatMessage, type ChatStatus, isChatBusy, textOf } from './types';

export interface ChatMessagesProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  messages: readonly ChatMessage[];
  status: ChatStatus;
  /** Shown (and announced) when `status` is `error`. */
  error?: { message: string } | null;
  /**
   * While `status` is `loading-model`: core's report of the wait (`estimatedTime` in seconds, the
   * server's estimate when it answered 503). The component counts down from it by itself, once a
   * second, since core reports only once per wait. An estimate that is not a finite, non-negative
   * number shows as "Model loading…" with no figure.
   */
  modelLoading?: ModelLoadingEstimate | null;
  /** Shows a Stop button while a reply is on its way. */
  onStop?: () => void;
  /** Shows a Regenerate button once a reply has finished, stopped or failed. */
  onRegenerate?: () => void;
  /** Show `system` messages. Default false. */
  showSystemMessages?: boolean;
  /** Accessible name of the conversation. Default "Conversation". */
  'aria-label'?: string;
  /**
   * Renders an assistant message's text, e.g. as Markdown: `renderMarkdown` from
   * `@inferkit/components/markdown`. `streaming` is true for the reply still arriving. Default:
   * plain text with its whitespace kept. User, system and tool messages always stay plain text.
   */
  renderContent?: (message: ChatMessage, state: { text: string; streaming: boolean }) => ReactNode;
  /**
   * What the live region says for a finished reply, from its text: e.g. Markdown without its
   * syntax (`MarkdownChatMessages` passes one). Default: the text as is.
   */
  announceContent?: (text: string) => string;
}

const ROLE_NAMES: Record<ChatMessage['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
  tool: 'Tool',
};

const DONE = new Set<ChatStatus>(['success', 'stopped']);

/**
 * Messages may come from storage or another app, so their role and content are not trusted to match
 * the type: an own-property lookup (a role of `__proto__` must not find Object's prototype), and any
 * other role shown as it is.
 */
const roleName = (role: unknown): string =>
  typeof role === 'string' && role
    ? Object.prototype.hasOwnProperty.call(ROLE_NAMES, role)
      ? ROLE_NAMES[role as ChatMessage['role']]
      : role
    : 'Message';

// useLayoutEffect warns during server rendering in React 18; nothing needs scrolling there.
const useClientLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * The messages of a conversation, paired with `useChatCompletion`: the streaming reply with a caret,
 * Stop and Regenerate buttons, the error and the "model loading" states.
 *
 * Screen readers hear a finished reply once: the streaming message is not a live region; a separate
 * polite live region receives the whole reply when `status` becomes `success` or `stopped`.
 * Message content is untrusted and rendered as plain text with its whitespace kept.
 * @example
 * const chat = useChatCompletion({ model });
 * <ChatMessages messages={chat.messages} status={chat.status} error={chat.error}
 *   modelLoading={chat.modelLoading} onStop={chat.stop} onRegenerate={chat.regenerate} />
 */
export const ChatMessages = forwardRef<HTMLDivElement, ChatMessagesProps>(function ChatMessages(
  {
    messages,
    status,
    error,
    modelLoading,
    onStop,
    onRegenerate,
    showSystemMessages = false,
    renderContent,
    announceContent,
    className,
    'aria-label': ariaLabel = 'Conversation',
    ...rest
  },
  ref,
) {
  const busy = isChatBusy(status);
  // Tool results by the call they answer; one whose call is shown goes inside that call's part.
  const results = new Map<unknown, ChatMessage>();
  const called = new Set<unknown>();
  for (const m of messages) {
    if (m.role === 'tool') results.set(m.toolCallId, m);
    if (m.role === 'assistant' && Array.isArray(m.toolCalls)) for (const call of m.toolCalls) called.add(call?.id);
  }
  const shown = messages.filter(
    (m) => (showSystemMessages || m.role !== 'system') && !(m.role === 'tool' && called.has(m.toolCallId)),
  );
  const last = messages[messages.length - 1];
  const streamingId = status === 'streaming' && last?.role === 'assistant' ? last.id : undefined;
  // Null for NaN, Infinity or a negative estimate, which would show "about Infinity s".
  const remaining = useModelLoadingCountdown(status === 'loading-model' ? modelLoading : null);

  // What the live region says. It changes only when a reply finishes, so it is heard once.
  const [announcement, setAnnouncement] = useState('');
  const previous = useRef(status);
  useEffect(() => {
    const was = previous.current;
    previous.current = status;
    if (was === status) return;
    if (DONE.has(status) && !DONE.has(was)) {
      const text = last?.role === 'assistant' ? textOf(last.content) : '';
      const reply = text && announceContent ? announceContent(text) : text;
      setAnnouncement(status === 'stopped' ? `${reply}${reply ? ' ' : ''}(stopped)` : reply);
    } else if (status === 'loading-model') {
      // Said once, when the wait starts (the ticking below is for the eyes): a new `remaining`
      // with the same status returns above.
      setAnnouncement(remaining !== null ? `Model loading, about ${remaining} seconds` : 'Model loading');
    } else if (busy) {
      // Cleared so the next reply is announced even if its text is the same.
      setAnnouncement('');
    }
  }, [status, busy, last, remaining, announceContent]);

  // Keep the newest message in view, unless the reader scrolled up.
  const logRef = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useClientLayoutEffect(() => {
    const log = logRef.current;
    if (log && pinned.current) log.scrollTop = log.scrollHeight;
  });

  const canRegenerate =
    !!onRegenerate && (DONE.has(status) || status === 'error') && messages.some((m) => m.role === 'user');

  return (
    <div ref={ref} className={cx('ik-chat', className)} data-status={status} {...rest}>
      <div
        ref={logRef}
        className="ik-chat-log"
        role="region"
        aria-label={ariaLabel}
        // Focusable so keyboard users can scroll it.
        tabIndex={0}
        onScroll={(event) => {
          const log = event.currentTarget;
          pinned.current = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
        }}
      >
        <ol className="ik-chat-list">
          {shown.map((message) => {
            const streaming = message.id === streamingId;
            const text = textOf(message.content);
            const calls = message.role === 'assistant' && Array.isArray(message.toolCalls) ? message.toolCalls : [];
            const custom = renderContent && message.role === 'assistant';
            return (
              <li
                key={message.id}
                className="ik-chat-message"
                data-role={message.role}
                data-streaming={streaming ? '' : undefined}
                aria-busy={streaming || undefined}
              >
                <span className="ik-chat-role" style={visuallyHidden}>
                  {roleName(message.role)}:
                </span>
                {/* A message with only tool calls has no text bubble. */}
                {(text || !calls.length) && (
                  <div className="ik-chat-content" style={custom ? undefined : { whiteSpace: 'pre-wrap' }}>
                    {custom ? renderContent(message, { text, streaming }) : text}
                    {streaming && <span className="ik-chat-caret" aria-hidden="true" />}
                  </div>
                )}
                {calls.length > 0 && <ToolCallParts calls={calls} results={results} />}
              </li>
            );
          })}
          {status === 'submitted' && (
            <li className="ik-chat-message" data-role="assistant" data-pending="">
              <span style={visuallyHidden}>Assistant is replying</span>
              <span className="ik-chat-caret" aria-hidden="true" />
            </li>
          )}
        </ol>
      </div>
      {status === 'loading-model' && (
        <p className="ik-chat-model-loading">
          {remaining !== null ? `Model loading, about ${remaining} s` : 'Model loading…'}
        </p>
      )}
      {status === 'error' && (
        <div className="ik-chat-error" role="alert">
          {error?.message || 'Something went wrong.'}
        </div>
      )}
      {((busy && onStop) || canRegenerate) && (
        <div className="ik-chat-actions">
          {busy && onStop && (
            <button type="button" className="ik-chat-stop" onClick={onStop}>
              Stop generating
            </button>
          )}
          {canRegenerate && (
            <button type="button" className="ik-chat-regenerate" onClick={onRegenerate}>
              Regenerate response
            </button>
          )}
        </div>
      )}
      <div className="ik-chat-announcer" aria-live="polite" aria-atomic="true" style={visuallyHidden}>
        {announcement}
      </div>
    </div>
  );
});
