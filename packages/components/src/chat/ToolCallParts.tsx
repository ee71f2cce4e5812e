'use client';
import { type ChatMessage, type ChatToolCall, textOf } from './types';

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A labelled text: JSON indented for reading, anything else (arguments half streamed) as it is. */
function Part({ label, text }: { label: string; text: string }) {
  const value = parse(text);
  return (
    <>
      <p className="ik-chat-tool-label">{label}</p>
      <pre className="ik-chat-tool-text">{value === undefined ? text : JSON.stringify(value, null, 2)}</pre>
    </>
  );
}

interface ToolCallPartsProps {
  calls: readonly ChatToolCall[];
  /** Tool messages by the `toolCallId` they answer. */
  results: ReadonlyMap<unknown, ChatMessage>;
}

/**
 * An assistant's tool calls, one collapsible part each (a native `<details>`, so Enter and Space
 * toggle it): the tool's name and whether its result is pending, done or failed in the summary;
 * the arguments and the result inside, as plain text. A result that is a JSON object with an
 * `error` (or MCP's `isError: true`) is a failure.
 */
export function ToolCallParts({ calls, results }: ToolCallPartsProps) {
  return (
    <ul className="ik-chat-tools">
      {calls.map((call, i) => {
        const result = results.get(call?.id);
        const output = result ? textOf(result.content) : '';
        const value = parse(output) as { error?: unknown; isError?: unknown } | null | undefined;
        const state = !result
          ? 'pending'
          : value && typeof value === 'object' && ((value.error ?? false) !== false || value.isError === true)
            ? 'error'
            : 'done';
        return (
          <li key={`${i}:${call?.id}`}>
            <details className="ik-chat-tool" data-state={state}>
              <summary>
                Called {textOf(call?.function?.name) || 'a tool'}
                {state === 'pending' ? ', waiting for result' : state === 'error' ? ', failed' : ''}
              </summary>
              <Part label="Arguments" text={textOf(call?.function?.arguments)} />
              {result && <Part label={state === 'error' ? 'Error' : 'Result'} text={output} />}
            </details>
          </li>
        );
      })}
    </ul>
  );
}
