import { ChatMessages, MessageInput } from '@inferkit/components';
import { tool, type ChatToolCall } from '@inferkit/core';
import { useChatCompletion } from '@inferkit/react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import * as z from 'zod/mini';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, StatusLine } from './demo-kit';

// zod/mini schemas check the model's arguments but cannot describe themselves: `jsonSchema` gives
// the JSON Schema the request carries (classic zod's schemas need none).
const weatherArgs = z.object({ city: z.string().check(z.minLength(1)) });
const getWeather = tool({
  description: 'Get the current weather in a city',
  parameters: weatherArgs,
  jsonSchema: z.toJSONSchema(weatherArgs),
  execute: ({ city }) => ({ city, condition: 'sunny', temperatureC: 21 }),
});

/** No `execute`: its calls wait in `pendingToolCalls` for the app's `addToolResult`. */
const bookingArgs = z.object({ place: z.string().check(z.minLength(1)), guests: z.int().check(z.minimum(1)) });
const bookTable = tool({
  description: 'Book a table at a restaurant. The user must approve the booking',
  parameters: bookingArgs,
  jsonSchema: z.toJSONSchema(bookingArgs),
});

const tools = { getWeather, bookTable };

interface ToolsDemoProps {
  maxSteps?: number;
}

/** A chat with tools: `useChatCompletion({ tools })`, and Approve / Decline for the pending calls. */
function ToolsDemo({ maxSteps = 5 }: ToolsDemoProps) {
  const chat = useChatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct', tools, maxSteps });
  const answer = (call: ChatToolCall, approved: boolean) =>
    void chat.addToolResult({
      toolCallId: call.id,
      result: approved ? { approved, confirmation: 'BK-42' } : { approved },
    });
  return (
    <div style={demoStyle}>
      <ChatMessages
        messages={chat.messages}
        status={chat.status}
        error={chat.error}
        modelLoading={chat.modelLoading}
        onRegenerate={() => void chat.regenerate()}
      />
      {chat.pendingToolCalls.map((call) => (
        <div key={call.id} role="group" aria-label={`Approve ${call.function.name}`}>
          <p style={{ margin: 0 }}>
            {call.function.name} {call.function.arguments}
          </p>
          <button type="button" onClick={() => answer(call, true)}>
            Approve
          </button>{' '}
          <button type="button" onClick={() => answer(call, false)}>
            Decline
          </button>
        </div>
      ))}
      <MessageInput
        onSubmit={(text) => void chat.send(text)}
        status={chat.status}
        onStop={chat.stop}
        disabled={chat.pendingToolCalls.length > 0}
        placeholder="Ask for the weather or a table…"
      />
      <StatusLine>{chat.status}</StatusLine>
    </div>
  );
}

const status = (root: HTMLElement) => within(root).getByTestId('status');
const ask = async (root: HTMLElement, text: string) => {
  await userEvent.type(within(root).getByRole('textbox', { name: 'Message' }), `${text}{Enter}`);
};
/** The conversation's messages (not the tool parts listed inside them). */
const messages = (root: HTMLElement) =>
  Array.from(within(root).getByRole('region', { name: 'Conversation' }).querySelectorAll<HTMLElement>('li[data-role]'));
const chatRequests = () => emulatorLog().filter((entry) => entry.path === '/v1/chat/completions');

const meta = preview.meta({
  title: 'Hooks/useChatCompletion with tools',
  component: ToolsDemo,
  decorators: [withInference],
  parameters: { inference: { fault: 'token-rate=60' } },
});

/**
 * The model calls `getWeather`; its `execute` runs in the browser, the result goes back, and the
 * model answers in words: two requests for one message.
 */
export const WeatherTool = meta.story({
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'What is the weather in Paris?');
    // The tool part appears on the assistant's message as the call streams, then its arguments fill in.
    const part = await within(canvasElement).findByText(/Called getWeather/);
    await waitFor(() => expect(part.closest('details')).toHaveTextContent('"city": "Paris"'));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 8000 });
    const shown = messages(canvasElement);
    expect(shown.map((m) => m.dataset.role)).toEqual(['user', 'assistant', 'assistant']);
    // The result sits inside the call's part, and the answer quotes it.
    expect(part.closest('details')).toHaveTextContent('"condition": "sunny"');
    expect(shown[2]).toHaveTextContent('{"city":"Paris","condition":"sunny","temperatureC":21}');
    expect(chatRequests().map((r) => r.status)).toEqual([200, 200]);
  },
});

/** `maxSteps: 1`: the tool runs, but its result is not sent back, so there is no answer in words. */
export const OneStep = meta.story({
  args: { maxSteps: 1 },
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'What is the weather in Paris?');
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 8000 });
    expect(messages(canvasElement).map((m) => m.dataset.role)).toEqual(['user', 'assistant']);
    expect(
      within(canvasElement)
        .getByText(/Called getWeather/)
        .closest('details'),
    ).toHaveTextContent('"temperatureC": 21');
    expect(chatRequests()).toHaveLength(1);
  },
});

/**
 * `bookTable` has no `execute`: the call waits in `pendingToolCalls`, nothing more is sent until
 * Approve answers it with `addToolResult`, then the model answers.
 */
export const PendingApproval = meta.story({
  play: async ({ canvasElement }) => {
    await ask(canvasElement, 'Book a table for 4 at Chez Marie tonight');
    const approval = await within(canvasElement).findByRole('group', { name: 'Approve bookTable' });
    expect(approval).toHaveTextContent('bookTable {"place":"Chez Marie","guests":4}');
    expect(status(canvasElement)).toHaveTextContent('success');
    expect(within(canvasElement).getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(within(canvasElement).getByText(/Called bookTable, waiting for result/)).toBeVisible();
    expect(chatRequests()).toHaveLength(1);

    await userEvent.click(within(approval).getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(chatRequests()).toHaveLength(2));
    await waitFor(() => expect(status(canvasElement)).toHaveTextContent('success'), { timeout: 8000 });
    expect(within(canvasElement).queryByRole('group', { name: 'Approve bookTable' })).toBeNull();
    const shown = messages(canvasElement);
    expect(shown.map((m) => m.dataset.role)).toEqual(['user', 'assistant', 'assistant']);
    expect(shown[2]).toHaveTextContent('{"approved":true,"confirmation":"BK-42"}');
    expect(within(canvasElement).getByRole('textbox', { name: 'Message' })).toBeEnabled();
  },
});
