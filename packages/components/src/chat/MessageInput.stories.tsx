'use client';
import { expect, fn, userEvent, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { MessageInput } from './MessageInput';

const XSS = '<img src=x onerror=alert(1)>';

const box = (root: HTMLElement, name = 'Message') => within(root).getByRole<HTMLTextAreaElement>('textbox', { name });

const meta = preview.meta({
  title: 'Components/MessageInput',
  component: MessageInput,
  args: { onSubmit: fn(), onStop: fn(), placeholder: 'Ask anything…' },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '40rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** Enter sends and clears; Shift+Enter adds a line; blank messages are not sent. */
export const Default = meta.story({
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const send = canvas.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();
    await userEvent.type(box(canvasElement), '   {Enter}');
    expect(args.onSubmit).not.toHaveBeenCalled();
    await userEvent.clear(box(canvasElement));
    await userEvent.type(box(canvasElement), 'Hello{Shift>}{Enter}{/Shift}there');
    expect(box(canvasElement)).toHaveValue('Hello\nthere');
    expect(send).toBeEnabled();
    await userEvent.keyboard('{Enter}');
    expect(args.onSubmit).toHaveBeenCalledTimes(1);
    expect(args.onSubmit).toHaveBeenCalledWith('Hello\nthere');
    expect(box(canvasElement)).toHaveValue('');
  },
});

/** The send button works too. */
export const SendWithButton = meta.story({
  play: async ({ canvasElement, args }) => {
    await userEvent.type(box(canvasElement), 'Bonjour');
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Send' }));
    expect(args.onSubmit).toHaveBeenCalledTimes(1);
    expect(args.onSubmit).toHaveBeenCalledWith('Bonjour');
  },
});

/** A reply is on its way: the button becomes Stop, Enter does not send. */
export const Busy = meta.story({
  args: { status: 'streaming', defaultValue: 'Next question' },
  play: async ({ canvasElement, args }) => {
    await userEvent.type(box(canvasElement), '{Enter}');
    expect(args.onSubmit).not.toHaveBeenCalled();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop generating' }));
    expect(args.onStop).toHaveBeenCalledTimes(1);
  },
});

/** Busy without `onStop`: sending is only disabled. */
export const BusyWithoutStop = meta.story({
  args: { status: 'loading-model', onStop: undefined, defaultValue: 'Next question' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('button', { name: 'Send' })).toBeDisabled();
  },
});

/** Disabled altogether. */
export const Disabled = meta.story({
  args: { disabled: true, placeholder: 'Sign in to chat' },
  play: async ({ canvasElement }) => {
    expect(box(canvasElement)).toBeDisabled();
    expect(within(canvasElement).getByRole('button', { name: 'Send' })).toBeDisabled();
  },
});

/** Long text stays editable and is sent as typed. */
export const LongText = meta.story({
  args: {
    defaultValue: Array.from({ length: 12 }, (_, i) => `Line ${i + 1} of a long message pasted into the box.`).join(
      '\n',
    ),
  },
  play: async ({ canvasElement, args }) => {
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Send' }));
    expect(args.onSubmit).toHaveBeenCalledWith(expect.stringContaining('Line 12 of a long message'));
  },
});

/** Arabic, right to left, with a translated label. */
export const RightToLeft = meta.story({
  args: { label: 'رسالة', placeholder: 'اكتب رسالتك…' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement, args }) => {
    await userEvent.type(box(canvasElement, 'رسالة'), 'مرحبا{Enter}');
    expect(args.onSubmit).toHaveBeenCalledTimes(1);
    expect(args.onSubmit).toHaveBeenCalledWith('مرحبا');
  },
});

/** Text that looks like HTML stays text, and is sent as typed. */
export const XssText = meta.story({
  args: { defaultValue: XSS },
  play: async ({ canvasElement, args }) => {
    expect(box(canvasElement)).toHaveValue(XSS);
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Send' }));
    expect(args.onSubmit).toHaveBeenCalledTimes(1);
    expect(args.onSubmit).toHaveBeenCalledWith(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
