import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useState } from 'react';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { MessageInput } from '../MessageInput';

afterEach(cleanup);

const box = () => screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' });

describe('MessageInput', () => {
  it('is labelled, sends on Enter and clears', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<MessageInput onSubmit={onSubmit} />);
    await user.type(box(), 'Hello there{Enter}');
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('Hello there');
    expect(box().value).toBe('');
  });

  it('adds a line on Shift+Enter without sending', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<MessageInput onSubmit={onSubmit} />);
    await user.type(box(), 'one{Shift>}{Enter}{/Shift}two');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(box().value).toBe('one\ntwo');
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('one\ntwo');
  });

  it('sends with the button, not blank messages', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    render(<MessageInput onSubmit={onSubmit} />);
    const send = screen.getByRole<HTMLButtonElement>('button', { name: 'Send' });
    expect(send.disabled).toBe(true);
    await user.type(box(), '   {Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    await user.type(box(), 'hi');
    expect(send.disabled).toBe(false);
    await user.click(send);
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('   hi');
  });

  it('does not send while an input method is composing (CJK input)', () => {
    const onSubmit = vi.fn();
    render(<MessageInput onSubmit={onSubmit} defaultValue="にほんご" />);
    fireEvent.keyDown(box(), { key: 'Enter', isComposing: true });
    fireEvent.keyDown(box(), { key: 'Enter', keyCode: 229 });
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.keyDown(box(), { key: 'Enter' });
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('にほんご');
  });

  it('while streaming, Enter does not send and the button becomes Stop', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    const onStop = vi.fn();
    const { rerender } = render(<MessageInput onSubmit={onSubmit} onStop={onStop} status="streaming" />);
    await user.type(box(), 'next question{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    expect(box().value).toBe('next question');
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Stop generating' }));
    expect(onStop).toHaveBeenCalledTimes(1);
    expect(onSubmit).not.toHaveBeenCalled();
    rerender(<MessageInput onSubmit={onSubmit} onStop={onStop} status="success" />);
    await user.type(box(), '{Enter}');
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('next question');
  });

  it('without onStop, the send button is disabled while busy', () => {
    render(<MessageInput onSubmit={() => {}} status="submitted" defaultValue="x" />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
  });

  it('works controlled', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn();
    function Controlled() {
      const [value, setValue] = useState('draft');
      return (
        <>
          <MessageInput value={value} onValueChange={setValue} onSubmit={onSubmit} label="Ask" />
          <output>{value}</output>
        </>
      );
    }
    render(<Controlled />);
    const input = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Ask' });
    await user.type(input, '!');
    expect(screen.getByRole('status').textContent).toBe('draft!');
    await user.keyboard('{Enter}');
    expect(onSubmit).toHaveBeenCalledExactlyOnceWith('draft!');
    expect(input.value).toBe('');
  });

  it('forwards the ref to the textarea and className to the form', () => {
    const ref = { current: null as HTMLTextAreaElement | null };
    const { container } = render(<MessageInput ref={ref} className="mine" onSubmit={() => {}} />);
    expect(ref.current).toBe(box());
    expect(container.querySelector('form')!.className).toBe('ik-message-input mine');
  });

  it('disabled disables the text box and sending', () => {
    render(<MessageInput onSubmit={() => {}} disabled defaultValue="x" />);
    expect(box().disabled).toBe(true);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Send' }).disabled).toBe(true);
  });

  describe('accessibility (axe)', () => {
    it.each([
      ['idle', <MessageInput key="a" onSubmit={() => {}} />],
      ['with text', <MessageInput key="b" onSubmit={() => {}} defaultValue="Hello" placeholder="Ask anything" />],
      ['streaming with stop', <MessageInput key="c" onSubmit={() => {}} onStop={() => {}} status="streaming" />],
      ['busy without stop', <MessageInput key="d" onSubmit={() => {}} status="submitted" />],
      ['disabled', <MessageInput key="e" onSubmit={() => {}} disabled />],
    ])('%s', async (_, element) => {
      const { container } = render(element);
      await expectNoAxeViolations(container);
    });
  });
});
