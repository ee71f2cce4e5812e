import { ChatMessages, MessageInput } from '@inferkit/components';
import type { ChatMessageInit } from '@inferkit/core';
import { useChatCompletion } from '@inferkit/react';
import { http, HttpResponse } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, StatusLine, XSS } from './demo-kit';

interface ChatDemoProps {
  model?: string;
  initialMessages?: ChatMessageInit[];
  maxTokens?: number;
  'aria-label'?: string;
}

/** A streaming chat: `useChatCompletion` + `ChatMessages` + `MessageInput`. */
function ChatDemo({
  model = 'meta-llama/Llama-3.1-8B-Instruct',
  initialMessages,
  maxTokens = 24,
  'aria-label': ariaLabel,
}: ChatDemoProps) {
  const chat = useChatCompletion({ model, initialMessages, parameters: { maxTokens } });
  return (
    <div style={demoStyle}>
      <ChatMessages
        aria-label={ariaLabel}
        messages={chat.messages}
        status={chat.status}
        error={chat.error}
        modelLoading={chat.modelLoading}
        onRegenerate={() => void chat.regenerate()}
      />
      <MessageInput
        onSubmit={(text) => void chat.send(text)}
        status={chat.status}
        onStop={chat.stop}
        placeholder="Ask anything…"
      />
      <StatusLine>{chat.status}</StatusLine>
    </div>
  );
}

const status = (root: HTMLElement) => within(root).getByTestId('status');
const items = (root: HTMLElement) =>
  within(within(root).getByRole('region', { name: /Conversation|محادثة/ })).queryAllByRole('listitem');
const ask = async (root: HTMLElement, text: string) => {
  await userEvent.type(within(root).getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
};
const announcer = (root: HTMLElement) => root.querySelector<HTMLElement>('[aria-live="polite"]')!;

const meta = preview.meta({
  title: 'Hooks/useChatCompletion',
  component: ChatDemo,
  decorators: [withInference],
  // Tokens arrive at 60 per second, so the streaming state can be seen (and tested).
  parameters: { inference: { fault: 'token-rate=60' } },
});

/** Send a message: submitted, then streaming token by token, then success, announced once. */
export const SendAndStream = meta.story({
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'What is the capital of France?');
    expect(items(canvasElement)[0]).toHaveTextContent('What is the capital of France?');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('streaming'));
    expect(within(canvasElement).getByRole('button', { name: 'Stop generating' })).toBeVisible();
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    const reply = items(canvasElement)[1]!;
    expect(reply).toHaveAttribute('data-role', 'assistant');
    expect(reply.textContent!.length).toBeGreaterThan('Assistant:'.length);
    expect(announcer(canvasElement).textContent).not.toBe('');
    expect(emulatorLog()).toEqual([expect.objectContaining({ path: '/v1/chat/completions', status: 200 })]);
  },
});

/** Stop while streaming: the partial reply stays, Regenerate is offered. */
export const StopWhileStreaming = meta.story({
  parameters: { inference: { fault: 'token-rate=8' } },
  args: { maxTokens: 64 },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Tell me a long story.');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('streaming'));
    await waitFor(() => expect(items(canvasElement)[1]?.textContent?.length).toBeGreaterThan(12));
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Stop generating' }));
    expect(status(canvasElement)).toHaveTextContent('stopped');
    const partial = items(canvasElement)[1]!.textContent;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(items(canvasElement)[1]).toHaveTextContent(partial!);
    expect(within(canvasElement).getByRole('button', { name: 'Regenerate response' })).toBeVisible();
    expect(announcer(canvasElement)).toHaveTextContent('(stopped)');
  },
});

/** A cold model (fault `cold-start=2`): "Model loading" counting down, then the reply streams. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=2, token-rate=60' } },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Are you awake?');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('loading-model'));
    expect(within(canvasElement).getByText(/^Model loading, about [12] s$/)).toBeVisible();
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 6000 });
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** The first request fails (500); Regenerate asks again and the reply arrives. */
export const ErrorThenRegenerate = meta.story({
  parameters: { inference: { fault: 'server-error*1, token-rate=60' } },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Hello?');
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 500');
    expect(status(canvasElement)).toHaveTextContent('error');
    await userEvent.click(within(canvasElement).getByRole('button', { name: 'Regenerate response' }));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    expect(within(canvasElement).queryByRole('alert')).toBeNull();
    expect(emulatorLog().map((r) => r.status)).toEqual([500, 200]);
  },
});

/** Rate limited (429, `Retry-After: 0`): retried twice, then the error says what to do. */
export const RateLimited = meta.story({
  parameters: { inference: { fault: 'rate-limit=0' } },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Hello?');
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 429');
    expect(emulatorLog().map((r) => r.status)).toEqual([429, 429, 429]);
  },
});

/** The server reports an error in the middle of the stream: the partial reply stays, with the error. */
export const StreamError = meta.story({
  parameters: { inference: { fault: 'stream-error=overloaded@4, token-rate=60' } },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Hello?');
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('The server reported an error mid-stream');
    expect(items(canvasElement)).toHaveLength(2);
  },
});

/** The connection closes early (after 5 tokens, no final chunk): reported as an error, not a success. */
export const DroppedConnection = meta.story({
  parameters: { inference: { fault: 'drop-after=5, token-rate=60' } },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Hello?');
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent(/ended before the model finished|interrupted/);
    expect(status(canvasElement)).toHaveTextContent('error');
  },
});

/** A conversation to continue. */
export const ContinueConversation = meta.story({
  args: {
    initialMessages: [
      { role: 'system', content: 'You are a concise assistant.' },
      { role: 'user', content: 'What is the capital of France?' },
      { role: 'assistant', content: 'The capital of France is Paris.' },
    ],
  },
  play: async ({ canvasElement }) => {
    expect(items(canvasElement)).toHaveLength(2);
    await ask(canvasElement, 'And of Italy?');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    expect(items(canvasElement)).toHaveLength(4);
  },
});

/** Nothing said yet: an empty conversation, nothing sent. */
export const Empty = meta.story({
  play: async ({ canvasElement }) => {
    expect(items(canvasElement)).toHaveLength(0);
    expect(status(canvasElement)).toHaveTextContent('idle');
    expect(within(canvasElement).getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(emulatorLog()).toHaveLength(0);
  },
});

const long = Array.from(
  { length: 8 },
  (_, i) =>
    `Paragraph ${i + 1}: Paris is the capital and largest city of France, a centre of finance, diplomacy, commerce, culture, fashion and gastronomy.`,
).join('\n\n');

/** Long messages scroll inside the conversation, pinned to the newest one. */
export const LongMessages = meta.story({
  args: {
    initialMessages: [
      { role: 'user', content: 'Tell me everything about Paris.' },
      { role: 'assistant', content: long },
      { role: 'user', content: 'More, please.' },
      { role: 'assistant', content: long },
    ],
  },
  decorators: [
    (Story) => (
      <div className="chat-demo-scroll">
        <style>{'.chat-demo-scroll .ik-chat-log { max-height: 18rem; overflow: auto; }'}</style>
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Summarise that.');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
    const log = within(canvasElement).getByRole('region', { name: 'Conversation' });
    await waitFor(() => expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2));
  },
});

/** Arabic, right to left. */
export const RightToLeft = meta.story({
  args: { 'aria-label': 'محادثة' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'ما هي عاصمة فرنسا؟');
    expect(items(canvasElement)[0]).toHaveTextContent('ما هي عاصمة فرنسا؟');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 5000 });
  },
});

/** An OpenAI-style SSE stream whose tokens are the given strings. */
function sseReply(tokens: string[]): Response {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-xss',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'meta-llama/Llama-3.1-8B-Instruct',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  const body = [
    chunk({ role: 'assistant', content: '' }),
    ...tokens.map((content) => chunk({ content })),
    chunk({}, 'stop'),
    'data: [DONE]\n\n',
  ].join('');
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** HTML in the user's message and in the model's reply is shown as text. */
export const XssMessages = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(http.post('/api/inference/*', () => sseReply(['Here it is: ', XSS, ' <script>alert(1)</script>'])));
  },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, XSS);
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'));
    expect(items(canvasElement)[0]).toHaveTextContent(`You:${XSS}`);
    expect(items(canvasElement)[1]).toHaveTextContent(`Here it is: ${XSS} <script>alert(1)</script>`);
    expect(canvasElement.querySelector('img, script, [onerror]')).toBeNull();
  },
});
