import { cleanup, render, screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { ChatMessages } from '../../chat/ChatMessages';
import type { ChatMessage } from '../../chat/types';
import { createMarkdownRenderer, MarkdownChatMessages, renderMarkdown } from '../MarkdownChatMessages';

afterEach(cleanup);

const question: ChatMessage = { id: 'u', role: 'user', content: 'Show me **code** and a [link](https://example.com)' };
const REPLY =
  'Here:\n\n```js\nconsole.log(1);\n```\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\nSee [docs](https://example.com).';
const answer = (content: string): ChatMessage => ({ id: 'a', role: 'assistant', content });
const announcer = (root: HTMLElement) => root.querySelector<HTMLElement>('[aria-live="polite"]')!;

describe('MarkdownChatMessages', () => {
  it('renders replies as Markdown and user messages as plain text', async () => {
    const { container } = render(<MarkdownChatMessages messages={[question, answer(REPLY)]} status="success" />);
    const [mine, reply] = [...container.querySelectorAll<HTMLElement>('.ik-chat-list > li')];
    expect(mine!.querySelector('.ik-chat-content')!.textContent).toBe(question.content);
    expect(mine!.querySelectorAll('a, strong')).toHaveLength(0);
    expect(reply!.querySelector('.ik-md')).not.toBeNull();
    expect(screen.getByRole('group', { name: 'js code' })).toBeTruthy();
    expect(screen.getByRole('table')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'docs' }).getAttribute('href')).toBe('https://example.com/');
    await expectNoAxeViolations(container);
  });

  it('shows plain text with `plainText`', () => {
    const { container } = render(
      <MarkdownChatMessages messages={[question, answer(REPLY)]} status="success" plainText />,
    );
    expect(container.querySelector('.ik-md, table, a')).toBeNull();
    expect(container.querySelectorAll('.ik-chat-content')[1]!.textContent).toBe(REPLY);
  });

  it('passes its options on (images here), and heals the streaming reply only', () => {
    const markdown = { images: true };
    const { container, rerender } = render(
      <MarkdownChatMessages
        messages={[question, answer('![cat](https://example.com/cat.png)\n\nSee [the do')]}
        status="streaming"
        markdown={markdown}
      />,
    );
    expect(container.querySelector('img')!.getAttribute('src')).toBe('https://example.com/cat.png');
    const last = () => container.querySelectorAll('.ik-md p')[1]!.textContent;
    expect(last()).toBe('See the do');
    rerender(
      <MarkdownChatMessages
        messages={[question, answer('![cat](https://example.com/cat.png)\n\nSee [the do')]}
        status="stopped"
        markdown={markdown}
      />,
    );
    expect(last()).toBe('See [the do');
  });

  it('keeps announcing the finished reply once, through the live region', async () => {
    const { container, rerender } = render(
      <MarkdownChatMessages messages={[question, answer('Here')]} status="streaming" />,
    );
    expect(announcer(container).textContent).toBe('');
    expect(container.querySelector('[data-streaming]')!.getAttribute('aria-busy')).toBe('true');
    expect(container.querySelector('[data-streaming] .ik-chat-caret')).not.toBeNull();
    rerender(<MarkdownChatMessages messages={[question, answer(REPLY)]} status="streaming" />);
    expect(announcer(container).textContent).toBe('');
    await expectNoAxeViolations(container);
    rerender(<MarkdownChatMessages messages={[question, answer(REPLY)]} status="success" />);
    // Said as it reads, without the fences, pipes and link targets.
    expect(announcer(container).textContent).toBe('Here:\n\nconsole.log(1);\n\na, b\n1, 2\n\nSee docs.');
    rerender(<MarkdownChatMessages messages={[question, answer(REPLY)]} status="streaming" plainText />);
    rerender(<MarkdownChatMessages messages={[question, answer(REPLY)]} status="success" plainText />);
    expect(announcer(container).textContent).toBe(REPLY);
  });

  it('renders on the server, with raw HTML escaped', () => {
    const evil = '<img src=x onerror=alert(1)> [x](javascript:alert(1))';
    const html = renderToString(
      <MarkdownChatMessages messages={[question, answer(`${REPLY}\n\n${evil}`)]} status="streaming" />,
    );
    expect(html).toContain('<table>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
  });

  it('exports renderContent functions for ChatMessages itself', () => {
    const { container } = render(
      <>
        <ChatMessages messages={[answer('# Title')]} status="success" renderContent={renderMarkdown} />
        <ChatMessages
          messages={[answer('# Title')]}
          status="success"
          renderContent={createMarkdownRenderer({ headingLevel: 2 })}
          aria-label="Second"
        />
      </>,
    );
    expect(container.querySelector('h3')!.textContent).toBe('Title');
    expect(container.querySelector('h2')!.textContent).toBe('Title');
  });
});
