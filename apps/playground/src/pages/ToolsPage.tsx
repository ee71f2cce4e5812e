import { ChatMessages, MessageInput, ModelPicker } from '@inferkit/components';
import type { ChatToolCall, ChatTools, ChatUIMessage, StreamStatus } from '@inferkit/core';
import { useChatCompletion, useChatModels } from '@inferkit/react';
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { formatError } from '../ui/format-error';
import { bookTable, calculator, getWeather, userAnsweredTools } from './tools/demo-tools';
import { stepsOf } from './tools/steps';

/** The page's tools, each with the text the code panel shows for it. */
const TOOLS = {
  getWeather: {
    label: 'getWeather: a made-up forecast, run in the browser',
    tool: getWeather,
    code: `const getWeather = tool({
  description: ${str(getWeather.description!)},
  parameters: z.object({ city: z.string().min(1).describe('The city, e.g. Paris') }),
  // Runs in the browser; the result goes back to the model, which answers again.
  // forecastFor: a made-up forecast, the same for a city every time.
  execute: ({ city }) => forecastFor(city), // { city, condition, temperatureC, windKph, humidityPercent }
});`,
  },
  calculate: {
    label: 'calculate: arithmetic by a small parser (never eval)',
    tool: calculator,
    code: `const calculate = tool({
  description: ${str(calculator.description!)},
  parameters: z.object({ expression: z.string().describe('The arithmetic expression, e.g. 12 * (3 + 4)') }),
  // solve: the arithmetic in the expression, read by a small recursive-descent parser (model output is
  // never run as code) → { expression, value }. A throw (1 / 0) goes back as {"error": ...}.
  execute: ({ expression }) => solve(expression),
});`,
  },
  bookTable: {
    label: 'bookTable: needs your approval (no execute)',
    tool: bookTable,
    code: `// No execute: the call waits in pendingToolCalls until the app answers it (addToolResult).
const bookTable = tool({
  description: ${str(bookTable.description!)},
  parameters: z.object({
    place: z.string().min(1).describe('The restaurant'),
    guests: z.number().int().min(1).max(20).describe('How many people'),
  }),
});`,
  },
} as const;
type ToolName = keyof typeof TOOLS;
const TOOL_NAMES = Object.keys(TOOLS) as ToolName[];

const EXAMPLES = [
  'What is the weather in Paris?',
  'Will it rain in Tokyo tomorrow?',
  'Calculate 12 * (3 + 4)',
  'Calculate 1 / 0',
  'Book a table for 4 at Chez Marie tonight',
  'Tell me a joke about penguins',
] as const;

/** What a user's approval or refusal sends back to the model. */
const approved = (call: ChatToolCall) => ({
  approved: true,
  // A made-up confirmation code, the same for the same call.
  confirmation: `BK-${call.id.replace(/\W/g, '').slice(-6).toUpperCase()}`,
});
const DECLINED = { approved: false, reason: 'The user declined.' };

/** The arguments of a pending call, by name (they were checked against the tool's schema). */
function argumentsOf(call: ChatToolCall): [string, string][] {
  try {
    const args = JSON.parse(call.function.arguments) as Record<string, unknown>;
    return Object.entries(args).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]);
  } catch {
    return [['arguments', call.function.arguments]];
  }
}

/** The chat's status in words; `submitted` is either a request on its way or tools running. */
function statusOf(status: StreamStatus, messages: readonly ChatUIMessage[], pending: readonly ChatToolCall[]): string {
  switch (status) {
    case 'idle':
      return 'Ready';
    case 'submitted': {
      const last = messages[messages.length - 1];
      const calls = last?.role === 'assistant' ? (last.toolCalls ?? []) : [];
      return calls.length > 0 ? 'Running tools' : 'Waiting for the model';
    }
    case 'loading-model':
      return 'Model loading';
    case 'streaming':
      return 'Streaming';
    case 'success':
      return pending.length > 0
        ? `Waiting for your approval of ${pending.map((call) => call.function.name).join(', ')}`
        : 'Done';
    case 'stopped':
      return 'Stopped';
    case 'error':
      return 'Failed';
  }
}

export function ToolsPage() {
  const chatModels = useChatModels();
  const [model, setModel] = useState('meta-llama/Llama-3.1-8B-Instruct');
  const [maxSteps, setMaxSteps] = useState(5);
  const [enabled, setEnabled] = useState<ReadonlySet<ToolName>>(() => new Set(TOOL_NAMES));
  const [conversation, setConversation] = useState(1);
  const maxStepsId = useId();
  const stepsHeadingId = useId();
  const approvalHeadingId = useId();
  const input = useRef<HTMLTextAreaElement>(null);

  const tools = useMemo(
    () => Object.fromEntries(TOOL_NAMES.filter((name) => enabled.has(name)).map((name) => [name, TOOLS[name].tool])),
    [enabled],
  ) as ChatTools;
  const chat = useChatCompletion({
    model,
    id: String(conversation),
    tools: enabled.size > 0 ? tools : undefined,
    maxSteps,
  });
  const pending = chat.pendingToolCalls;
  const busy = chat.status === 'submitted' || chat.status === 'streaming' || chat.status === 'loading-model';
  const steps = stepsOf(chat.messages, chat.status, pending, userAnsweredTools, maxSteps);

  const statusText = statusOf(chat.status, chat.messages, pending);

  // The buttons go away with the call they answer: the focus moves to the message box, enabled again.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current || pending.length > 0) return;
    refocus.current = false;
    input.current?.focus();
  }, [pending.length]);
  const answer = (call: ChatToolCall, result: unknown) => {
    refocus.current = true;
    void chat.addToolResult({ toolCallId: call.id, result });
  };

  const toggle = (name: ToolName, on: boolean) =>
    setEnabled((previous) => {
      const next = new Set(previous);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });

  const shown = TOOL_NAMES.filter((name) => enabled.has(name));
  const code = `import { tool } from '@inferkit/core';
import { useChatCompletion } from '@inferkit/react';
import { ChatMessages, MessageInput } from '@inferkit/components';
import * as z from 'zod'; // classic zod: its schemas describe themselves as JSON Schema

${shown.map((name) => TOOLS[name].code).join('\n\n')}${shown.length === 0 ? '// No tools: the model answers in text.' : ''}

function ToolsChat() {
  // pendingToolCalls: calls of tools without execute, waiting for addToolResult.
  const chat = useChatCompletion({
    model: ${str(model)},${shown.length ? `\n    tools: { ${shown.join(', ')} },` : ''}
    // At most ${maxSteps} model request${maxSteps === 1 ? '' : 's'} per message while tools answer.
    maxSteps: ${maxSteps},
  });
  return (
    <>
      {/* Tool calls and their results show as collapsible parts of the assistant's messages. */}
      <ChatMessages messages={chat.messages} status={chat.status} error={chat.error} onRegenerate={chat.regenerate} />${
        enabled.has('bookTable')
          ? `
      {chat.pendingToolCalls.map((call) => (
        <div key={call.id}>
          {call.function.name} {call.function.arguments}
          <button onClick={() => chat.addToolResult({ toolCallId: call.id, result: { approved: true } })}>
            Approve
          </button>
          <button onClick={() => chat.addToolResult({ toolCallId: call.id, result: { approved: false } })}>
            Decline
          </button>
        </div>
      ))}`
          : ''
      }
      <MessageInput
        onSubmit={chat.send}
        status={chat.status}
        onStop={chat.stop}
        disabled={chat.pendingToolCalls.length > 0}
      />
    </>
  );
}`;

  return (
    <DemoPage
      title="Tools"
      description="A chat whose model can call tools defined with zod. The arguments are checked against the schema, tools with execute run in the browser and their results go back to the model, which then answers; a tool without execute waits for your Approve or Decline."
      code={code}
    >
      <div className="field chat-model">
        <ModelPicker
          models={chatModels.data ?? []}
          loading={chatModels.isPending}
          value={model}
          onChange={setModel}
          placeholder="Search models or providers…"
        />
        {chatModels.error && (
          <p className="hint">
            The model list did not load ({formatError(chatModels.error)}); the model above still works.
          </p>
        )}
      </div>
      <div className="row">
        <fieldset className="tool-choice">
          <legend>Tools the model may call</legend>
          {TOOL_NAMES.map((name) => (
            <label key={name} className="checkbox">
              <input
                type="checkbox"
                checked={enabled.has(name)}
                onChange={(event) => toggle(name, event.target.checked)}
              />
              <span>{TOOLS[name].label}</span>
            </label>
          ))}
        </fieldset>
        <div className="field field-narrow">
          <label htmlFor={maxStepsId}>Max steps</label>
          <input
            id={maxStepsId}
            type="number"
            min={1}
            max={10}
            value={maxSteps}
            aria-describedby={`${maxStepsId}-hint`}
            onChange={(event) => setMaxSteps(Math.min(10, Math.max(1, Math.round(Number(event.target.value)) || 1)))}
          />
          <p className="hint" id={`${maxStepsId}-hint`}>
            Model requests per message. With 1, tool results are not sent back.
          </p>
        </div>
      </div>
      <div className="examples" role="group" aria-label="Example prompts">
        {EXAMPLES.map((prompt) => (
          <button
            key={prompt}
            type="button"
            className="button-quiet"
            disabled={busy || pending.length > 0}
            onClick={() => void chat.send(prompt)}
          >
            {prompt}
          </button>
        ))}
      </div>
      <div className="chat-frame">
        <div className="chat-toolbar">
          <span className="status-chip" role="status" data-status={chat.status}>
            {statusText}
          </span>
          <button
            type="button"
            className="button-quiet"
            onClick={() => setConversation((n) => n + 1)}
            disabled={chat.messages.length === 0}
          >
            New conversation
          </button>
        </div>
        <ChatMessages
          messages={chat.messages}
          status={chat.status}
          error={chat.error}
          modelLoading={chat.modelLoading}
          onRegenerate={() => void chat.regenerate()}
        />
        {pending.length > 0 && (
          <section className="approval" aria-labelledby={approvalHeadingId}>
            <h2 id={approvalHeadingId}>Approval needed</h2>
            <ul>
              {pending.map((call) => (
                <li key={call.id}>
                  <p id={`${call.id}-what`}>
                    The model wants to call <code>{call.function.name}</code> with:
                  </p>
                  <dl className="tool-args">
                    {argumentsOf(call).map(([key, value]) => (
                      <div key={key}>
                        <dt>{key}</dt>
                        <dd>{value}</dd>
                      </div>
                    ))}
                  </dl>
                  <div className="row">
                    <button
                      type="button"
                      className="button"
                      aria-describedby={`${call.id}-what`}
                      onClick={() => answer(call, approved(call))}
                    >
                      Approve
                    </button>
                    <button
                      type="button"
                      className="button-quiet"
                      aria-describedby={`${call.id}-what`}
                      onClick={() => answer(call, DECLINED)}
                    >
                      Decline
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          </section>
        )}
        <MessageInput
          ref={input}
          onSubmit={(text) => void chat.send(text)}
          status={chat.status}
          onStop={chat.stop}
          disabled={pending.length > 0}
          placeholder={
            pending.length > 0 ? 'Approve or decline the call above first' : 'Ask for the weather, a sum or a table'
          }
        />
      </div>
      <section className="result" aria-labelledby={stepsHeadingId}>
        <h2 id={stepsHeadingId}>Steps</h2>
        {steps.length === 0 ? (
          <p className="empty">Each model request, tool call and result will be listed here, in order.</p>
        ) : (
          <ol className="tool-steps">
            {steps.map((step) => (
              <li key={step.id} data-kind={step.kind} data-failed={step.failed || undefined}>
                <strong>{step.title}</strong>
                {step.failed ? ' (failed)' : ''}: <span className="tool-step-detail">{step.detail}</span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </DemoPage>
  );
}
