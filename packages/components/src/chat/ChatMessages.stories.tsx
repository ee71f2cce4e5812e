'use client';
import { useState } from 'react';
import { expect, fn, userEvent, waitFor, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { ChatMessages, type ChatMessagesProps } from './ChatMessages';
import type { ChatMessage } from './types';

const XSS = '<img src=x onerror=alert(1)>';

const conversation: ChatMessage[] = [
  { id: 's', role: 'system', content: 'You are a concise assistant.' },
  { id: 'u1', role: 'user', content: 'What is the capital of France?' },
  { id: 'a1', role: 'assistant', content: 'The capital of France is Paris.' },
  { id: 'u2', role: 'user', content: 'And how many people live there?' },
  {
    id: 'a2',
    role: 'assistant',
    content: 'About 2.1 million people live in the city of Paris, and over 12 million in its metropolitan area.',
  },
];
const question = conversation.slice(0, 4);
const partial: ChatMessage[] = [...question, { id: 'a2', role: 'assistant', content: 'About 2.1 million people' }];

const log = (root: HTMLElement) => within(root).getByRole('region', { name: 'Conversation' });
const chatRoot = (root: HTMLElement) => root.querySelector<HTMLElement>('.ik-chat')!;
const announcer = (root: HTMLElement) => root.querySelector<HTMLElement>('[aria-live="polite"]')!;

const meta = preview.meta({
  title: 'Components/ChatMessages',
  component: ChatMessages,
  args: { messages: conversation, status: 'success' as const, onStop: fn(), onRegenerate: fn() },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '40rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** A finished conversation: system messages hidden, Regenerate offered. */
export const Conversation = meta.story({
  play: async ({ canvasElement, args }) => {
    const items = within(log(canvasElement)).getAllByRole('listitem');
    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent('You:What is the capital of France?');
    expect(items[1]).toHaveTextContent('Assistant:The capital of France is Paris.');
    expect(within(canvasElement).queryByText('You are a concise assistant.')).toBeNull();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Regenerate response' }));
    expect(args.onRegenerate).toHaveBeenCalledTimes(1);
  },
});

/** `showSystemMessages` shows the system prompt too. */
export const WithSystemMessages = meta.story({
  args: { showSystemMessages: true },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('You are a concise assistant.')).toBeVisible();
  },
});

/** Nothing said yet. */
export const Empty = meta.story({
  args: { messages: [], status: 'idle' },
  play: async ({ canvasElement }) => {
    expect(within(log(canvasElement)).queryAllByRole('listitem')).toHaveLength(0);
    expect(within(canvasElement).queryAllByRole('button')).toHaveLength(0);
  },
});

/** The request is sent, no token yet: a pending reply and a Stop button. */
export const Submitted = meta.story({
  args: { messages: question, status: 'submitted' },
  play: async ({ canvasElement, args }) => {
    expect(within(canvasElement).getByText('Assistant is replying')).toBeInTheDocument();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop generating' }));
    expect(args.onStop).toHaveBeenCalledTimes(1);
  },
});

/** The server said the model is loading (HTTP 503 with `estimated_time`): how long is left. */
export const ModelLoading = meta.story({
  args: { messages: question, status: 'loading-model', modelLoading: { estimatedTime: 15.4 } },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Model loading, about 16 s')).toBeVisible();
    expect(within(canvasElement).getByRole('button', { name: 'Stop generating' })).toBeVisible();
  },
});

/** Tokens arriving: a caret on the reply, which is busy, and a Stop button. */
export const Streaming = meta.story({
  args: { messages: partial, status: 'streaming' },
  play: async ({ canvasElement, args }) => {
    const items = within(log(canvasElement)).getAllByRole('listitem');
    expect(items.at(-1)).toHaveAttribute('aria-busy', 'true');
    expect(items.at(-1)).toHaveAttribute('data-streaming');
    expect(chatRoot(canvasElement)).toHaveAttribute('data-status', 'streaming');
    // The live region stays quiet while tokens arrive.
    expect(announcer(canvasElement)).toBeEmptyDOMElement();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop generating' }));
    expect(args.onStop).toHaveBeenCalledTimes(1);
  },
});

/** The user stopped the reply: the partial text stays, Regenerate is offered. */
export const Stopped = meta.story({
  args: { messages: partial, status: 'stopped' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('About 2.1 million people')).toBeVisible();
    expect(within(canvasElement).getByRole('button', { name: 'Regenerate response' })).toBeVisible();
    expect(within(canvasElement).queryByRole('button', { name: 'Stop generating' })).toBeNull();
  },
});

/** A failed request: the error is an alert, Regenerate is offered. */
export const ErrorState = meta.story({
  args: {
    messages: question,
    status: 'error',
    error: {
      message:
        'Request for model "meta-llama/Llama-3.1-8B-Instruct" failed with HTTP 429: Rate limit reached. Rate limited: retry later, or use a token with a higher quota.',
    },
  },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('alert')).toHaveTextContent('failed with HTTP 429');
    expect(within(canvasElement).getByRole('button', { name: 'Regenerate response' })).toBeVisible();
  },
});

function Finishing(props: ChatMessagesProps) {
  const [done, setDone] = useState(false);
  return (
    <>
      <ChatMessages
        {...props}
        status={done ? 'success' : 'streaming'}
        messages={done ? conversation : partial}
        onRegenerate={() => setDone(false)}
      />
      <button type="button" onClick={() => setDone(true)}>
        Finish the reply
      </button>
    </>
  );
}

/** The finished reply is announced once, by a separate polite live region. */
export const AnnouncesFinishedReply = meta.story({
  render: (args) => <Finishing {...args} />,
  play: async ({ canvasElement }) => {
    expect(announcer(canvasElement)).toBeEmptyDOMElement();
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Finish the reply' }));
    await waitFor(() => expect(announcer(canvasElement)).toHaveTextContent(/^About 2\.1 million people live/));
  },
});

const paragraph =
  'Paris is the capital and largest city of France. It has been one of the major centres of finance, diplomacy, commerce, culture, fashion and gastronomy for centuries.';

/** A long conversation scrolls inside the log, which keyboard users can focus to scroll. */
export const LongConversation = meta.story({
  args: {
    messages: Array.from({ length: 24 }, (_, i) => ({
      id: String(i),
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: i % 2 === 0 ? `Question ${i / 2 + 1}: tell me more.` : `${paragraph}\n\n${paragraph}\n\n${paragraph}`,
    })),
  },
  decorators: [
    (Story) => (
      <div style={{ height: '24rem', display: 'grid' }} className="long-conversation">
        <style>{'.long-conversation .ik-chat-log { max-height: 20rem; overflow: auto; }'}</style>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const region = log(canvasElement);
    expect(within(region).getAllByRole('listitem')).toHaveLength(24);
    // Pinned to the newest message.
    await waitFor(() => expect(region.scrollTop + region.clientHeight).toBeGreaterThanOrEqual(region.scrollHeight - 2));
    region.focus();
    expect(region).toHaveFocus();
  },
});

/** Line breaks and spaces in a reply are kept. */
export const PreservesWhitespace = meta.story({
  args: {
    messages: [
      { id: 'u', role: 'user', content: 'Show me a haiku' },
      {
        id: 'a',
        role: 'assistant',
        content: 'An old silent pond\n    A frog jumps into the pond—\nSplash! Silence again.',
      },
    ],
  },
});

/** Arabic and Hebrew messages in a right-to-left page. */
export const RightToLeft = meta.story({
  args: {
    'aria-label': 'محادثة',
    messages: [
      { id: 'u', role: 'user', content: 'ما هي عاصمة فرنسا؟' },
      { id: 'a', role: 'assistant', content: 'عاصمة فرنسا هي باريس.' },
      { id: 'u2', role: 'user', content: 'ומה בירת ישראל?' },
      { id: 'a2', role: 'assistant', content: 'ירושלים.' },
    ],
  },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('region', { name: 'محادثة' })).toBeVisible();
    expect(within(canvasElement).getByText('عاصمة فرنسا هي باريس.')).toBeVisible();
  },
});

/** Message content is untrusted: HTML is shown as text, never parsed. */
export const XssContent = meta.story({
  args: {
    messages: [
      { id: 'u', role: 'user', content: XSS },
      { id: 'a', role: 'assistant', content: `Sure: ${XSS} <script>alert(1)</script>` },
    ],
  },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText(XSS)).toBeVisible();
    expect(within(canvasElement).getByText(`Sure: ${XSS} <script>alert(1)</script>`)).toBeVisible();
    expect(canvasElement.querySelector('img, script, [onerror]')).toBeNull();
  },
});

/** The dark theme of styles.css, checked for contrast by axe. */
export const DarkTheme = meta.story({
  args: { messages: partial, status: 'streaming' },
  globals: { theme: 'dark' },
});

const weather: ChatMessage[] = [
  { id: 'u', role: 'user', content: 'What is the weather in Paris, Oslo and Lima?' },
  {
    id: 'a',
    role: 'assistant',
    content: '',
    toolCalls: [
      { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' } },
      { id: 'c2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } },
      { id: 'c3', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Lima"}' } },
    ],
  },
  { id: 't1', role: 'tool', toolCallId: 'c1', content: '{"temperature":18,"sky":"clear"}' },
  { id: 't2', role: 'tool', toolCallId: 'c2', content: '{"error":"No station near Oslo"}' },
];

/** Tool calls: one part each, collapsed, with the result inside; failed and pending ones say so. */
export const ToolCalls = meta.story({
  args: { messages: weather, status: 'streaming' },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const summaries = canvasElement.querySelectorAll('summary');
    expect([...summaries].map((s) => s.textContent)).toEqual([
      'Called get_weather',
      'Called get_weather, failed',
      'Called get_weather, waiting for result',
    ]);
    // Results sit inside their calls; the message with only calls has no empty text bubble.
    expect(canvasElement.querySelectorAll('.ik-chat-list > li')).toHaveLength(2);
    expect(canvasElement.querySelector('[data-role="assistant"] .ik-chat-content')).toBeNull();
    // Each summary is in the tab order (after the focusable log); a native <details> opens on its
    // summary's activation (Enter or Space in the browser; the simulated keys here dispatch no
    // activation, so a click stands in for them).
    const paris = summaries[0]!;
    await userEvent.tab();
    await userEvent.tab();
    expect(paris).toHaveFocus();
    const details = paris.parentElement as HTMLDetailsElement;
    await userEvent.click(paris);
    await waitFor(() => expect(details.open).toBe(true));
    expect(within(details).getByText(/"temperature": 18/)).toBeVisible();
    await userEvent.click(paris);
    await waitFor(() => expect(details.open).toBe(false));
    expect(canvas.getByText('Called get_weather, failed').closest('details')).toHaveAttribute('data-state', 'error');
  },
});

/** Tool-call parts in the dark theme, checked for contrast by axe. */
export const ToolCallsDarkTheme = meta.story({
  args: { messages: weather, status: 'success' },
  globals: { theme: 'dark' },
});
