'use client';
import { type FormEvent, type FormHTMLAttributes, forwardRef, type KeyboardEvent, useId, useState } from 'react';
import { cx, visuallyHidden } from '../visually-hidden';
import { type ChatStatus, isChatBusy } from './types';

export interface MessageInputProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'children'> {
  /** Called with the text (not trimmed) when the user sends a non-blank message. */
  onSubmit: (text: string) => void;
  /** The chat's status: while a reply is on its way, sending is off and the button becomes Stop. */
  status?: ChatStatus;
  /** Stops the reply on its way; without it the send button is only disabled while busy. */
  onStop?: () => void;
  /** Controlled value. */
  value?: string;
  /** Initial value when uncontrolled. */
  defaultValue?: string;
  /** Called on every edit, and with `''` after sending. */
  onValueChange?: (value: string) => void;
  /** Label of the text box, visually hidden. Default "Message". */
  label?: string;
  placeholder?: string;
  disabled?: boolean;
}

/**
 * A labelled text box with a send button: Enter sends, Shift+Enter adds a line (Enter while an input
 * method is composing, e.g. for Chinese or Japanese, does not send). While a reply is on its way the
 * send button becomes Stop (or is disabled without `onStop`). `className` goes on the form; the
 * ref goes on the textarea, to focus it.
 * @example
 * <MessageInput onSubmit={chat.send} status={chat.status} onStop={chat.stop} />
 */
export const MessageInput = forwardRef<HTMLTextAreaElement, MessageInputProps>(function MessageInput(
  {
    onSubmit,
    status = 'idle',
    onStop,
    value,
    defaultValue = '',
    onValueChange,
    label = 'Message',
    placeholder,
    disabled = false,
    className,
    ...rest
  },
  ref,
) {
  const id = useId();
  const [own, setOwn] = useState(defaultValue);
  const text = value ?? own;
  const busy = isChatBusy(status);
  const canSend = !disabled && !busy && text.trim() !== '';

  const change = (next: string) => {
    if (value === undefined) setOwn(next);
    onValueChange?.(next);
  };
  const send = () => {
    if (!canSend) return;
    onSubmit(text);
    change('');
  };
  const onFormSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (busy && onStop) onStop();
    else send();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key !== 'Enter' || event.shiftKey || event.nativeEvent.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    send();
  };

  const stop = busy && !!onStop;
  return (
    <form
      className={cx('ik-message-input', className)}
      data-busy={busy ? '' : undefined}
      onSubmit={onFormSubmit}
      {...rest}
    >
      <label htmlFor={id} style={visuallyHidden}>
        {label}
      </label>
      <textarea
        ref={ref}
        id={id}
        className="ik-message-input-text"
        rows={1}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <button
        type="submit"
        className={stop ? 'ik-message-input-stop' : 'ik-message-input-send'}
        disabled={stop ? false : !canSend}
      >
        {stop ? 'Stop generating' : 'Send'}
      </button>
    </form>
  );
});
