import { ChatMessages, MessageInput } from '@inferkit/components';
import { useChatCompletion } from '@inferkit/react';
import { useId, useLayoutEffect, useRef, useState } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { ModelPicker } from '../ui/ModelPicker';
import { useModelChoice } from '../ui/models';

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
  const { model, setModel, models } = useModelChoice('conversational', 'meta-llama/Llama-3.1-8B-Instruct');
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

  const code = `import { useChatCompletion } from '@inferkit/react';
import { ChatMessages, MessageInput } from '@inferkit/components';

function Chat() {
  // status: idle | submitted | loading-model | streaming | success | error | stopped
  const chat = useChatCompletion({
    model: ${str(model)},
    parameters: { maxTokens: ${maxTokens} },${throttle ? `\n    throttle: ${str(throttle)},` : ''}
  });
  return (
    <>
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
      <div className="row">
        <ModelPicker value={model} onChange={setModel} models={models} />
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
