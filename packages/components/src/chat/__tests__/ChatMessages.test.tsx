import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { ChatMessages, type ChatMessagesProps } from '../ChatMessages';
import type { ChatMessage } from '../types';

afterEach(cleanup);

const user: ChatMessage = { id: 'u1', role: 'user', content: 'Tell me a joke' };
const system: ChatMessage = { id: 's', role: 'system', content: 'You are terse.' };
const reply = (content: string): ChatMessage => ({ id: 'a1', role: 'assistant', content });
const REPLY = 'Why did the chicken\ncross the road?\n\n  To get to the other side.';

const announcer = (container: HTMLElement) => container.querySelector<HTMLElement>('[aria-live]')!;
const setup = (props: Partial<ChatMessagesProps> = {}) => {
  const base: ChatMessagesProps = { messages: [system, user], status: 'idle', ...props };
  const view = render(<ChatMessages {...base} />);
  return { ...view, update: (next: Partial<ChatMessagesProps>) => view.rerender(<ChatMessages {...base} {...next} />) };
};

describe('ChatMessages', () => {
  it('renders messages as plain text with whitespace kept, and hides system messages by default', () => {
    const { container } = setup({ messages: [system, user, reply(REPLY)], status: 'success' });
    const items = [...container.querySelectorAll('li')];
    expect(items.map((li) => li.dataset.role)).toEqual(['user', 'assistant']);
    expect(items[1]!.querySelector('.ik-chat-content')!.textContent).toBe(REPLY);
    expect(items[1]!.textContent).toBe(`Assistant:${REPLY}`);
  });

  it('shows system messages with showSystemMessages', () => {
    const { container } = render(<ChatMessages messages={[system, user]} status="idle" showSystemMessages />);
    expect([...container.querySelectorAll('li')].map((li) => li.dataset.role)).toEqual(['system', 'user']);
  });

  it('renders untrusted assistant content as inert text', () => {
    const evil = '<img src=x onerror=alert(1)><script>alert(1)</script>**bold** [x](javascript:alert(1))';
    const { container } = setup({ messages: [user, reply(evil)], status: 'success' });
    expect(container.querySelectorAll('img, script, a, strong')).toHaveLength(0);
    expect(container.querySelector('[data-role="assistant"] .ik-chat-content')!.textContent).toBe(evil);
  });

  it('shows a caret on the streaming reply only, with the reply outside any live region', () => {
    const { container, update } = setup({ messages: [user, reply('Why did')], status: 'streaming' });
    const streaming = container.querySelector<HTMLElement>('[data-streaming]')!;
    expect(streaming.dataset.role).toBe('assistant');
    expect(streaming.querySelector('.ik-chat-caret')!.getAttribute('aria-hidden')).toBe('true');
    expect(streaming.closest('[aria-live], [role="log"], [role="status"], [role="alert"]')).toBeNull();
    update({ messages: [user, reply('Why did')], status: 'success' });
    expect(container.querySelector('[data-streaming]')).toBeNull();
    expect(container.querySelector('.ik-chat-caret')).toBeNull();
  });

  it('announces the finished reply once, not each token', () => {
    const { container, update } = setup({ status: 'submitted' });
    const live = announcer(container);
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent).toBe('');
    let text = '';
    for (const token of REPLY.split(/(?<= )/)) {
      text += token;
      update({ messages: [system, user, reply(text)], status: 'streaming' });
      expect(announcer(container)).toBe(live);
      expect(live.textContent).toBe('');
    }
    update({ messages: [system, user, reply(REPLY)], status: 'success' });
    expect(live.textContent).toBe(REPLY);
    // Later renders (a parent re-rendering) do not announce it again or append to it.
    update({ messages: [system, user, reply(REPLY)], status: 'success' });
    expect(live.textContent).toBe(REPLY);
    expect(container.querySelectorAll('[aria-live]')).toHaveLength(1);
  });

  it('announces a stopped reply as stopped, and clears the region when the next reply starts', () => {
    const { container, update } = setup({ messages: [user, reply('Why did')], status: 'streaming' });
    update({ messages: [user, reply('Why did')], status: 'stopped' });
    expect(announcer(container).textContent).toBe('Why did (stopped)');
    update({ messages: [user], status: 'submitted' });
    expect(announcer(container).textContent).toBe('');
  });

  it('does not announce a conversation that is already finished when it mounts', () => {
    const { container } = setup({ messages: [user, reply(REPLY)], status: 'success' });
    expect(announcer(container).textContent).toBe('');
  });

  it('shows a Stop button while a reply is on its way, and Regenerate once it is done', async () => {
    const onStop = vi.fn();
    const onRegenerate = vi.fn();
    const { update } = setup({ status: 'idle', onStop, onRegenerate });
    const stop = () => screen.queryByRole('button', { name: 'Stop generating' });
    const regenerate = () => screen.queryByRole('button', { name: 'Regenerate response' });
    expect([stop(), regenerate()]).toEqual([null, null]);
    for (const status of ['loading-model', 'submitted', 'streaming'] as const) {
      update({ status, onStop, onRegenerate, messages: [user, reply('Why')] });
      expect(stop()).not.toBeNull();
      expect(regenerate()).toBeNull();
    }
    await userEvent.setup().click(stop()!);
    expect(onStop).toHaveBeenCalledTimes(1);
    for (const status of ['success', 'stopped', 'error'] as const) {
      update({ status, onStop, onRegenerate, messages: [user, reply('Why')] });
      expect(stop()).toBeNull();
      expect(regenerate()).not.toBeNull();
    }
    await userEvent.setup().click(regenerate()!);
    expect(onRegenerate).toHaveBeenCalledTimes(1);
  });

  it('shows no buttons without their callbacks, and no Regenerate without a user message', () => {
    const { update } = setup({ status: 'streaming', messages: [user, reply('x')] });
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    update({ status: 'success', messages: [system], onRegenerate: () => {} });
    expect(screen.queryAllByRole('button')).toHaveLength(0);
  });

  it('shows the error as an alert', () => {
    const { container, update } = setup({ status: 'error', error: { message: 'Rate limited: retry in 30 s' } });
    expect(screen.getByRole('alert').textContent).toBe('Rate limited: retry in 30 s');
    expect(container.firstElementChild!.getAttribute('data-status')).toBe('error');
    update({ status: 'error', error: null });
    expect(screen.getByRole('alert').textContent).toBe('Something went wrong.');
    update({ status: 'success', error: { message: 'old' } });
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('counts "Model loading, about N s" down by itself from core\'s estimate, and announces it once', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const { container, update } = setup({ status: 'submitted' });
      // Core's ModelLoadingInfo: estimatedTime in seconds, elapsed in milliseconds (not used for the count).
      const fromCore = { estimatedTime: 20.4, attempt: 1, elapsed: 0 };
      update({ status: 'loading-model', modelLoading: fromCore });
      expect(screen.getByText('Model loading, about 21 s')).toBeTruthy();
      expect(announcer(container).textContent).toBe('Model loading, about 21 seconds');
      act(() => vi.advanceTimersByTime(12_000));
      expect(screen.getByText('Model loading, about 9 s')).toBeTruthy();
      expect(announcer(container).textContent).toBe('Model loading, about 21 seconds');
      act(() => vi.advanceTimersByTime(30_000));
      expect(screen.getByText('Model loading, about 0 s')).toBeTruthy();
      // A second 503 brings a new estimate: the count restarts from it.
      update({ status: 'loading-model', modelLoading: { estimatedTime: 5 } });
      expect(screen.getByText('Model loading, about 5 s')).toBeTruthy();
      update({ status: 'streaming', messages: [user, reply('Hi')], modelLoading: null });
      expect(screen.queryByText(/Model loading/)).toBeNull();
      expect(announcer(container).textContent).toBe('');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a pending reply while submitted', () => {
    const { container } = setup({ status: 'submitted' });
    expect(container.querySelector('[data-pending]')!.textContent).toBe('Assistant is replying');
  });

  it('forwards ref, className and other props; the conversation is a named, focusable region', () => {
    const ref = { current: null as HTMLDivElement | null };
    const { container } = render(<ChatMessages ref={ref} className="mine" id="chat" messages={[user]} status="idle" />);
    expect(ref.current).toBe(container.firstChild);
    expect(ref.current!.className).toBe('ik-chat mine');
    expect(ref.current!.id).toBe('chat');
    expect(screen.getByRole('region', { name: 'Conversation' }).tabIndex).toBe(0);
  });

  describe('data it cannot trust', () => {
    it.each([
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['a negative number', -5],
    ])('shows a plain "Model loading…" for an estimate of %s, without looping', (_, estimatedTime) => {
      const { container } = setup({ status: 'loading-model', modelLoading: { estimatedTime } });
      const note = container.querySelector('.ik-chat-model-loading')!;
      expect(note.textContent).toBe('Model loading…');
      expect(announcer(container).textContent).toBe('');
    });

    it('announces "Model loading" without a number when the estimate is not finite', () => {
      const { container, update } = setup({ status: 'submitted' });
      update({ status: 'loading-model', modelLoading: { estimatedTime: Number.POSITIVE_INFINITY } });
      expect(announcer(container).textContent).toBe('Model loading');
    });

    it('renders stored messages with roles and contents it does not know as labelled text', () => {
      const stored = [
        user,
        { id: 'd', role: 'developer', content: 'Be brief.' },
        { id: 'p', role: '__proto__', content: 'odd' },
        { id: 'c', role: 'constructor', content: 'odder' },
        { id: 'n', role: undefined, content: null },
        {
          id: 'a',
          role: 'assistant',
          content: [
            { type: 'text', text: 'Hello ' },
            { type: 'text', text: 'there' },
          ],
        },
        { id: 'o', role: 'assistant', content: { unexpected: true } },
      ] as unknown as ChatMessage[];
      const { container } = setup({ messages: stored, status: 'success' });
      const items = [...container.querySelectorAll('li')];
      expect(items.map((li) => li.textContent)).toEqual([
        `You:${user.content}`,
        'developer:Be brief.',
        '__proto__:odd',
        'constructor:odder',
        'Message:',
        'Assistant:Hello there',
        'Assistant:',
      ]);
    });
  });

  describe('accessibility (axe)', () => {
    const cases: [string, Partial<ChatMessagesProps>][] = [
      ['idle', { status: 'idle' }],
      ['loading-model', { status: 'loading-model', modelLoading: { estimatedTime: 20 }, onStop: () => {} }],
      ['submitted', { status: 'submitted', onStop: () => {} }],
      ['streaming', { status: 'streaming', messages: [user, reply('Why')], onStop: () => {} }],
      ['success', { status: 'success', messages: [user, reply(REPLY)], onRegenerate: () => {} }],
      ['stopped', { status: 'stopped', messages: [user, reply('Why')], onRegenerate: () => {} }],
      ['error', { status: 'error', error: { message: 'Boom' }, onRegenerate: () => {} }],
      [
        'with tool and system messages',
        {
          status: 'success',
          showSystemMessages: true,
          messages: [system, user, { id: 't', role: 'tool', content: '{"ok":true}' }],
        },
      ],
    ];
    it.each(cases)('%s', async (_, props) => {
      const { container } = setup(props);
      await expectNoAxeViolations(container);
    });
  });
});
