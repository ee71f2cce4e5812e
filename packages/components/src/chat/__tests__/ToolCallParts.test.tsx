import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { ChatMessages } from '../ChatMessages';
import type { ChatMessage, ChatToolCall } from '../types';

afterEach(cleanup);

const user: ChatMessage = { id: 'u', role: 'user', content: 'Weather in Paris and Oslo?' };
const call = (id: string, name: string, args: string): ChatToolCall => ({
  id,
  type: 'function',
  function: { name, arguments: args },
});
const calling: ChatMessage = {
  id: 'a1',
  role: 'assistant',
  content: '',
  toolCalls: [
    call('c1', 'get_weather', '{"city":"Paris","unit":"c"}'),
    call('c2', 'get_weather', '{"city":"Oslo"}'),
    call('c3', 'lookup', '{"q": "Osl'),
  ],
};
const result = (toolCallId: string, content: string): ChatMessage => ({
  id: `t-${toolCallId}`,
  role: 'tool',
  toolCallId,
  content,
});
const parts = (root: HTMLElement) => [...root.querySelectorAll<HTMLDetailsElement>('details.ik-chat-tool')];

describe('ChatMessages tool calls', () => {
  it('shows each call as a collapsed part: name and state in the summary, arguments and result inside', async () => {
    const messages = [
      user,
      calling,
      result('c1', '{"temperature":18,"sky":"clear"}'),
      result('c2', '{"error":"Oslo is not covered"}'),
    ];
    const { container } = render(<ChatMessages messages={messages} status="streaming" />);
    const [paris, oslo, lookup] = parts(container);
    expect(parts(container).map((d) => d.querySelector('summary')!.textContent)).toEqual([
      'Called get_weather',
      'Called get_weather, failed',
      'Called lookup, waiting for result',
    ]);
    expect(parts(container).map((d) => d.dataset.state)).toEqual(['done', 'error', 'pending']);
    expect(parts(container).every((d) => !d.open)).toBe(true);
    const texts = (d: HTMLElement) => [...d.querySelectorAll('pre')].map((pre) => pre.textContent);
    expect(texts(paris!)).toEqual([
      '{\n  "city": "Paris",\n  "unit": "c"\n}',
      '{\n  "temperature": 18,\n  "sky": "clear"\n}',
    ]);
    expect(paris!.textContent).toContain('Result');
    expect(oslo!.textContent).toContain('Error');
    expect(texts(oslo!)[1]).toBe('{\n  "error": "Oslo is not covered"\n}');
    // Arguments still streaming (not JSON yet) show as they are; no result yet.
    expect(texts(lookup!)).toEqual(['{"q": "Osl']);
    // The results are inside their calls, not separate messages; no empty text bubble.
    const items = [...container.querySelectorAll('.ik-chat-list > li')];
    expect(items.map((li) => li.getAttribute('data-role'))).toEqual(['user', 'assistant']);
    expect(items[1]!.querySelector('.ik-chat-content')).toBeNull();
    await expectNoAxeViolations(container);
  });

  it('opens and closes a part from the keyboard', async () => {
    const ui = userEvent.setup();
    const { container } = render(<ChatMessages messages={[user, calling, result('c1', '"sunny"')]} status="success" />);
    const summary = screen.getByText('Called get_weather');
    await ui.tab(); // the conversation region
    await ui.tab();
    expect(document.activeElement).toBe(summary);
    // jsdom toggles <details> on the summary's click, which Enter and Space fire in browsers (the
    // storybook story checks the keys themselves in Chromium).
    fireEvent.click(summary);
    expect(parts(container)[0]!.open).toBe(true);
    expect(within(parts(container)[0]!).getByText('"sunny"').tagName).toBe('PRE');
    fireEvent.click(summary);
    expect(parts(container)[0]!.open).toBe(false);
  });

  it('shows the text of a reply that also calls tools, and unanswered tool messages on their own', () => {
    const mixed: ChatMessage = { ...calling, content: 'Let me check.', toolCalls: [call('c1', 'get_weather', '{}')] };
    const stray = result('elsewhere', 'orphan result');
    const { container } = render(<ChatMessages messages={[user, mixed, stray]} status="success" />);
    const items = [...container.querySelectorAll('.ik-chat-list > li')];
    expect(items.map((li) => li.getAttribute('data-role'))).toEqual(['user', 'assistant', 'tool']);
    expect(items[1]!.querySelector('.ik-chat-content')!.textContent).toBe('Let me check.');
    expect(items[1]!.querySelector('summary')!.textContent).toBe('Called get_weather, waiting for result');
    expect(items[2]!.textContent).toBe('Tool:orphan result');
  });

  it('renders names, arguments and results as text, never HTML, and survives malformed calls', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const messages = [
      user,
      {
        id: 'a',
        role: 'assistant',
        content: '',
        toolCalls: [call('x', evil, JSON.stringify({ html: evil })), null, { id: 'y' }, { function: { name: 7 } }],
      },
      result('x', `{"isError":true,"message":"${evil}"}`),
    ] as unknown as ChatMessage[];
    const { container } = render(<ChatMessages messages={messages} status="success" />);
    expect(container.querySelector('img, [onerror]')).toBeNull();
    expect(parts(container).map((d) => d.querySelector('summary')!.textContent)).toEqual([
      `Called ${evil}, failed`,
      'Called a tool, waiting for result',
      'Called a tool, waiting for result',
      'Called a tool, waiting for result',
    ]);
    expect(parts(container)[0]!.querySelector('pre')!.textContent).toContain(evil);
    await expectNoAxeViolations(container);
  });

  it('does not count `"error": null` or `false` as a failure', () => {
    const messages = [
      user,
      { ...calling, toolCalls: [call('c1', 'a', '{}'), call('c2', 'b', '{}')] },
      result('c1', '{"error":null,"value":1}'),
      result('c2', '{"error":false}'),
    ];
    const { container } = render(<ChatMessages messages={messages} status="success" />);
    expect(parts(container).map((d) => d.dataset.state)).toEqual(['done', 'done']);
  });
});

describe('ChatMessages renderContent', () => {
  it('renders assistant text with it (told which reply is streaming); other roles stay plain text', () => {
    const seen: [string, boolean][] = [];
    const messages: ChatMessage[] = [
      { id: 's', role: 'system', content: '**sys**' },
      { id: 'u', role: 'user', content: '**hi**' },
      { id: 'a1', role: 'assistant', content: 'first' },
      { id: 'u2', role: 'user', content: 'again' },
      { id: 'a2', role: 'assistant', content: 'second' },
    ];
    const { container } = render(
      <ChatMessages
        messages={messages}
        status="streaming"
        showSystemMessages
        renderContent={(message, { text, streaming }) => {
          seen.push([message.id, streaming]);
          return <em>{text.toUpperCase()}</em>;
        }}
      />,
    );
    expect(seen).toEqual([
      ['a1', false],
      ['a2', true],
    ]);
    const contents = [...container.querySelectorAll<HTMLElement>('.ik-chat-content')];
    expect(contents.map((c) => c.textContent)).toEqual(['**sys**', '**hi**', 'FIRST', 'again', 'SECOND']);
    expect(container.querySelectorAll('em')).toHaveLength(2);
    // Plain text keeps its whitespace; rendered content styles itself.
    expect(contents[1]!.style.whiteSpace).toBe('pre-wrap');
    expect(contents[2]!.style.whiteSpace).toBe('');
    expect(contents[4]!.querySelector('.ik-chat-caret')).not.toBeNull();
  });

  it('announces the finished reply through announceContent, when given', () => {
    const messages: ChatMessage[] = [{ id: 'a', role: 'assistant', content: '**Done**' }];
    const props = { messages, announceContent: (text: string) => text.replaceAll('*', '') };
    const { container, rerender } = render(<ChatMessages {...props} status="streaming" />);
    rerender(<ChatMessages {...props} status="success" />);
    expect(container.querySelector('[aria-live]')!.textContent).toBe('Done');
  });
});
