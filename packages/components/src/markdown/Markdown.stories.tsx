'use client';
import { useEffect, useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import type { ChatMessage } from '../chat/types';
import { Markdown } from './Markdown';
import { MarkdownChatMessages } from './MarkdownChatMessages';

const REPLY = `### Sorting in Python

Use \`sorted()\` for a new list, or \`list.sort()\` in place:

1. \`sorted(items)\` returns a **new** list.
2. \`items.sort()\` sorts *in place* and returns \`None\`.

\`\`\`python
people = [("Ada", 36), ("Linus", 28)]
print(sorted(people, key=lambda p: p[1]))
\`\`\`

| Function | Returns | Stable |
| --- | --- | :---: |
| \`sorted\` | a new list | yes |
| \`list.sort\` | \`None\` | yes |

See the [Python docs](https://docs.python.org/3/howto/sorting.html).`;

const MALICIOUS = `Click [here](javascript:alert(1)), [there](JaVaScRiPt:alert(1)), [encoded](jav&#x61;script:alert(1)),
[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==), [vb](vbscript:msgbox(1)), <javascript:alert(1)>
or [reference][1]. ![pixel](https://tracker.example/p.gif?secret=1)

<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:alert(1)">html link</a>

A safe one: [example.com](https://example.com).

[1]: javascript:alert(1)`;

const meta = preview.meta({
  title: 'Components/Markdown',
  component: Markdown,
  args: { children: REPLY },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '40rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** A reply with a list, a code block (labelled, with a Copy button) and a table with headers. */
export const CodeAndTable = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // `###` with the default `headingLevel` of 3 (for `#`) is an h5.
    expect(canvas.getByRole('heading', { level: 5, name: 'Sorting in Python' })).toBeVisible();
    const code = canvas.getByRole('group', { name: 'python code' });
    expect(code).toHaveTextContent('print(sorted(people');
    const table = canvas.getByRole('table');
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual(['Function', 'Returns', 'Stable']);
    expect(canvas.getByRole('link', { name: 'Python docs' })).toHaveAttribute('rel', 'noopener noreferrer');
    // Copy from the keyboard (the clipboard is stubbed: headless Chromium has no permission).
    const writeText = fn(async (_text: string) => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const copy = canvas.getByRole('button', { name: 'Copy code' });
    copy.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Copied' })).toHaveFocus());
    expect(writeText).toHaveBeenCalledWith(
      'people = [("Ada", 36), ("Linus", 28)]\nprint(sorted(people, key=lambda p: p[1]))',
    );
    expect(canvas.getByRole('status')).toHaveTextContent('Code copied to clipboard');
  },
});

/** Hostile links, HTML and a tracking image: all inert text; only the https link is live. */
export const MaliciousLinks = meta.story({
  args: { children: MALICIOUS },
  play: async ({ canvasElement }) => {
    const links = canvasElement.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]).toHaveAttribute('href', 'https://example.com/');
    expect(canvasElement.querySelectorAll('script, img, iframe, [onerror], [onclick]')).toHaveLength(0);
    for (const element of canvasElement.querySelectorAll('[href], [src]')) {
      expect(element.getAttribute('href') ?? element.getAttribute('src')).toMatch(/^https:/);
    }
    expect(canvasElement).toHaveTextContent('<script>alert(1)</script>');
    expect(within(canvasElement).getByText('pixel')).toBeVisible();
  },
});

/** `images` loads http(s) images (lazily, without a referrer); the default shows their alt text. */
export const WithImages = meta.story({
  args: {
    images: true,
    children: `A picture: ![A dot, drawn as an image](data:image/png;base64,iVBORw0KGgo=) is not loaded (data:), this alt text shows instead.`,
  },
  play: async ({ canvasElement }) => {
    expect(canvasElement.querySelector('img')).toBeNull();
    expect(within(canvasElement).getByText('A dot, drawn as an image')).toBeVisible();
  },
});

/** The dark theme, checked for contrast by axe. */
export const DarkTheme = meta.story({ globals: { theme: 'dark' } });

const question: ChatMessage = { id: 'u', role: 'user', content: 'How do I sort a list in Python?' };

/** Streams REPLY into MarkdownChatMessages a few characters at a time, then finishes. */
function StreamingReply() {
  const [length, setLength] = useState(0);
  const done = length >= REPLY.length;
  useEffect(() => {
    if (done) return;
    const timer = setTimeout(() => setLength((n) => n + 6), 8);
    return () => clearTimeout(timer);
  }, [length, done]);
  const messages = [question, { id: 'a', role: 'assistant' as const, content: REPLY.slice(0, length) }];
  return (
    <MarkdownChatMessages
      messages={length ? messages : [question]}
      status={done ? 'success' : length ? 'streaming' : 'submitted'}
    />
  );
}

/** A reply streaming in: finished blocks keep their DOM; the finished reply is announced once. */
export const StreamingInChat = meta.story({
  render: () => <StreamingReply />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const heading = await canvas.findByRole('heading', { name: 'Sorting in Python' });
    // The code block shows while the reply is still streaming (the dom tests pin an open fence).
    await waitFor(() => expect(canvas.getByRole('group', { name: 'python code' })).toBeVisible(), { interval: 1 });
    expect(canvasElement.querySelector('[data-streaming]')).not.toBeNull();
    const announcer = canvasElement.querySelector('[aria-live="polite"]')!;
    await waitFor(() => expect(announcer).toHaveTextContent('Sorting in Python'), { timeout: 5000 });
    // The heading rendered first is the same element at the end: never re-created.
    expect(canvas.getByRole('heading', { name: 'Sorting in Python' })).toBe(heading);
    expect(canvas.getByRole('table')).toBeVisible();
    expect(canvasElement.querySelector('[data-streaming]')).toBeNull();
  },
});
