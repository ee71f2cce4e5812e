import { ChatMessages, MessageInput, ModelPicker } from '@inferkit/components';
import { useChatCompletion, useChatModels } from '@inferkit/react';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { formatError } from '../ui/format-error';

const STATUS_TEXT = {
  idle: 'Ready',
  submitted: 'Waiting for the first token',
  'loading-model': 'Model loading',
  streaming: 'Streaming',
  success: 'Done',
  stopped: 'Stopped',
  error: 'Failed',
} as const;

/** How often the chat re-renders while tokens stream: the hook's `throttle`. */
const RENDER_RATES = {
  default: { label: '20/s (default)', throttle: undefined },
  frame: { label: 'Every frame', throttle: 'frame' },
  none: { label: 'Every chunk', throttle: 'none' },
} as const;
type RenderRate = keyof typeof RENDER_RATES;

export function ChatPage() {
  // The router's chat models with each provider's figures (`GET /v1/models`), cached for minutes.
  const chatModels = useChatModels();
  // `org/model`, `org/model:groq` (that provider) or `org/model:fastest` (a router policy).
  const [model, setModel] = useState('meta-llama/Llama-3.1-8B-Instruct');
  const [maxTokens, setMaxTokens] = useState(200);
  const [conversation, setConversation] = useState(1);
  const [renderRate, setRenderRate] = useState<RenderRate>('default');
  const maxTokensId = useId();
  const renderRateId = useId();
  const { throttle } = RENDER_RATES[renderRate];
  const chat = useChatCompletion({ model, id: String(conversation), parameters: { maxTokens }, throttle });

  // Counts this page's commits while a reply streams and writes the count straight into the DOM
  // (state would add a render per render). Shows what `throttle` saves.
  const renders = useRef(0);
  const renderCount = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    if (chat.status === 'submitted' || chat.status === 'loading-model') renders.current = 0;
    else if (chat.status === 'streaming') renders.current++;
    if (renderCount.current) renderCount.current.textContent = String(renders.current);
  });

  const code = `import { useChatCompletion, useChatModels } from '@inferkit/react';
import { ChatMessages, MessageInput, ModelPicker } from '@inferkit/components';

function Chat() {
  // The router's models and providers, with price, context, latency and throughput.
  const { data: models = [], isPending } = useChatModels();
  // 'org/model:provider' picks the provider; ':fastest', ':cheapest' or ':preferred' let the router pick.
  const [model, setModel] = useState(${str(model)});
  // status: idle | submitted | loading-model | streaming | success | error | stopped
  const chat = useChatCompletion({
    model,
    parameters: { maxTokens: ${maxTokens} },${throttle ? `\n    throttle: ${str(throttle)},` : ''}
  });
  return (
    <>
      <ModelPicker models={models} loading={isPending} value={model} onChange={setModel} />
      <ChatMessages
        messages={chat.messages}
        status={chat.status}
        error={chat.error}
        modelLoading={chat.modelLoading}
        onRegenerate={chat.regenerate}
      />
      <MessageInput onSubmit={chat.send} status={chat.status} onStop={chat.stop} />
    </>
  );
}`;

  return (
    <DemoPage
      title="Chat"
      description="A streaming chat completion, rendered at most every 50 ms (20 times a second) by default; change the render rate to compare. Stop keeps the partial reply; Regenerate asks again."
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
        <p className="hint">
          {chatModels.error
            ? `The model list did not load (${formatError(chatModels.error)}); the model above still works.`
            : 'Pick a provider, or Fastest, Cheapest or Preferred to let the router choose.'}
        </p>
      </div>
      <div className="row">
        <div className="field field-narrow">
          <label htmlFor={maxTokensId}>Max tokens</label>
          <input
            id={maxTokensId}
            type="number"
            min={1}
            max={2048}
            value={maxTokens}
            onChange={(event) => setMaxTokens(Math.max(1, Number(event.target.value) || 1))}
          />
        </div>
        <div className="field field-narrow">
          <label htmlFor={renderRateId}>Render rate</label>
          <select
            id={renderRateId}
            value={renderRate}
            onChange={(event) => setRenderRate(event.target.value as RenderRate)}
          >
            {Object.entries(RENDER_RATES).map(([value, { label }]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="chat-frame">
        <div className="chat-toolbar">
          <span className="status-chip" data-status={chat.status}>
            {STATUS_TEXT[chat.status]}
            {chat.status === 'success' && chat.finishReason ? ` (${chat.finishReason})` : ''}
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
        <MessageInput
          onSubmit={(text) => void chat.send(text)}
          status={chat.status}
          onStop={chat.stop}
          placeholder="Ask anything — Enter sends, Shift+Enter adds a line"
        />
      </div>
      <p className="hint">
        {chat.usage && (
          <span className="token-usage">
            {chat.usage.promptTokens} prompt + {chat.usage.completionTokens} completion tokens.{' '}
          </span>
        )}
        Renders while the last reply streamed: <span className="render-count" ref={renderCount} />
      </p>
    </DemoPage>
  );
}
