import type { ChatToolCall, ChatUIMessage, StreamStatus } from '@inferkit/core';

/** One line of the Tools page's step list. */
export interface StepRow {
  id: string;
  kind: 'user' | 'request' | 'result' | 'running' | 'waiting' | 'approval' | 'limit';
  title: string;
  /** Shown as text, never as HTML. */
  detail: string;
  /** A tool result that reports an error (`{"error": ...}`). */
  failed?: boolean;
}

const callText = (call: ChatToolCall) => `${call.function.name}(${call.function.arguments})`;

const preview = (text: string, max = 90) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const failedResult = (content: string) => {
  try {
    const value: unknown = JSON.parse(content);
    return typeof value === 'object' && value !== null && 'error' in value;
  } catch {
    return false;
  }
};

/**
 * What happened, in order, read from the conversation: each user message, each model request and
 * the tools it called, each result (run in the browser or answered by the user), then what is
 * under way (a request sent, tools running, calls waiting for approval) or why it stopped.
 */
export function stepsOf(
  messages: readonly ChatUIMessage[],
  status: StreamStatus,
  pendingToolCalls: readonly ChatToolCall[],
  userAnswered: ReadonlySet<string>,
  maxSteps: number,
): StepRow[] {
  const rows: StepRow[] = [];
  const names = new Map<string, string>();
  const answered = new Set<string>();
  let request = 0;
  const last = messages[messages.length - 1];
  for (const message of messages) {
    if (message.role === 'system') continue;
    if (message.role === 'user') {
      // `maxSteps` counts the requests of one message.
      request = 0;
      rows.push({ id: message.id, kind: 'user', title: 'You', detail: message.content });
    } else if (message.role === 'assistant') {
      request++;
      const calls = message.toolCalls ?? [];
      for (const call of calls) names.set(call.id, call.function.name);
      const streaming = message === last && status === 'streaming';
      const said = message.content ? `answers “${preview(message.content)}”` : '';
      const called = calls.length ? `calls ${calls.map(callText).join(', ')}` : '';
      rows.push({
        id: message.id,
        kind: 'request',
        title: `Model request ${request}`,
        detail: [called, said].filter(Boolean).join('; ') + (streaming ? ' (streaming…)' : '') || 'no answer yet',
      });
    } else {
      const callId = message.toolCallId ?? '';
      answered.add(callId);
      const name = names.get(callId) ?? 'a tool';
      const byUser = userAnswered.has(name);
      rows.push({
        id: message.id,
        kind: 'result',
        title: byUser ? `You answered ${name}` : `${name} returned`,
        detail: message.content,
        failed: failedResult(message.content),
      });
    }
  }
  const busy = status === 'submitted' || status === 'loading-model' || status === 'streaming';
  const unanswered = last?.role === 'assistant' ? (last.toolCalls ?? []).filter((call) => !answered.has(call.id)) : [];
  if (busy && status !== 'streaming') {
    if (unanswered.length > 0) {
      rows.push({
        id: 'running',
        kind: 'running',
        title: 'Running tools',
        detail: unanswered.map((call) => call.function.name).join(', '),
      });
    } else {
      rows.push({
        id: 'waiting',
        kind: 'waiting',
        title: `Model request ${request + 1}`,
        detail: status === 'loading-model' ? 'sent; the model is loading' : 'sent, waiting for the model',
      });
    }
  }
  for (const call of pendingToolCalls) {
    rows.push({ id: `approval-${call.id}`, kind: 'approval', title: 'Waiting for you', detail: callText(call) });
  }
  if (status === 'success' && last?.role === 'tool' && pendingToolCalls.length === 0) {
    rows.push({
      id: 'limit',
      kind: 'limit',
      title: 'Max steps reached',
      detail: `maxSteps is ${maxSteps}: the tool results were not sent back to the model. Send a message to go on.`,
    });
  }
  return rows;
}
