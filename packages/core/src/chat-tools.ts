/**
 * A chat call that runs tools: the model's tool calls are checked, executed and answered, and the
 * model asked again, until it answers in words, a tool waits for the app, or `maxSteps` is reached.
 */
import type { TaskArgs } from './task';
import {
  chatCompletion,
  type ChatCompletionInput,
  type ChatCompletionOutput,
  type ChatMessage,
} from './tasks/chat-completion';
import { answerToolCall, mergeToolDefinitions, type ChatTools, type ToolMessage } from './tools';

/** The arguments of {@link chatCompletionWithTools}: a chat call whose `tools` are defined with zod. */
export type ChatWithToolsArgs = Omit<TaskArgs<ChatCompletionInput>, 'tools'> & {
  /** The tools the model may call, by name. */
  tools: ChatTools;
  /** The most model requests the call makes. Default 5. */
  maxSteps?: number | undefined;
  /** Called after each model answer and the tool answers it led to. */
  onStep?: ((step: ChatToolStep) => void) | undefined;
};

/** One request of the loop: the model's answer and the `tool` messages answering its calls. */
export interface ChatToolStep {
  completion: ChatCompletionOutput;
  /** The model's message as sent back (arguments as JSON text). */
  message: ChatMessage;
  toolMessages: ChatMessage[];
}

/** A call of a tool without `execute`: the app answers it, then calls again with `messages`. */
export interface PendingToolCall {
  id: string;
  name: string;
  /** The checked arguments. */
  args: unknown;
}

/** What {@link chatCompletionWithTools} resolves with. */
export interface ChatWithToolsResult {
  /** The last answer's text (empty when it ended with tool calls). */
  text: string;
  /** The last model answer. */
  completion: ChatCompletionOutput;
  steps: ChatToolStep[];
  /** The whole conversation: the given messages, then every step's messages (OpenAI format; save and resume it). */
  messages: ChatMessage[];
  /** Calls waiting for the app's answer (tools without `execute`). */
  pendingToolCalls: PendingToolCall[];
}

/**
 * Chat with tools defined by zod schemas. Each tool's JSON Schema goes in the request; when the
 * model calls a tool, its arguments are checked with the schema (a bad call goes back to the model
 * as `{"error": ...}`, as does an `execute` that throws), `execute` runs and its result goes back,
 * and the model is asked again, up to `maxSteps` requests. `signal` stops the loop between and
 * during steps (a running `execute` receives it).
 * @example
 * const { text, messages } = await chatCompletionWithTools({
 *   model: 'meta-llama/Llama-3.1-8B-Instruct',
 *   messages: [{ role: 'user', content: 'Weather in Paris?' }],
 *   tools: {
 *     getWeather: tool({
 *       description: 'The weather in a city',
 *       parameters: z.object({ city: z.string() }),
 *       execute: async ({ city }) => ({ city, celsius: 21 }),
 *     }),
 *   },
 * });
 */
export async function chatCompletionWithTools(args: ChatWithToolsArgs): Promise<ChatWithToolsResult> {
  const { tools, maxSteps = 5, onStep, ...chat } = args;
  const definitions = mergeToolDefinitions('chatCompletionWithTools', undefined, tools);
  const signal = chat.signal ?? new AbortController().signal;
  const messages: ChatMessage[] = [...chat.messages];
  const steps: ChatToolStep[] = [];
  for (let step = 1; ; step++) {
    const completion = await chatCompletion({ ...chat, messages, tools: definitions } as TaskArgs<ChatCompletionInput>);
    const answer = completion.choices[0]?.message;
    const calls = (answer?.tool_calls ?? []).map((call) => ({
      id: call.id,
      type: 'function' as const,
      // TGI answers arguments as an object; every server takes them back as JSON text.
      function: {
        name: call.function.name,
        arguments:
          typeof call.function.arguments === 'string'
            ? call.function.arguments
            : JSON.stringify(call.function.arguments),
      },
    }));
    const message: ChatMessage = { role: 'assistant', content: answer?.content ?? '' };
    if (calls.length) message.tool_calls = calls;
    messages.push(message);
    const toolMessages: ChatMessage[] = [];
    const pendingToolCalls: PendingToolCall[] = [];
    const outcomes = await Promise.all(
      calls.map((call) =>
        answerToolCall(tools, call, { toolCallId: call.id, messages: messages as ToolMessage[], signal }),
      ),
    );
    outcomes.forEach((outcome, i) => {
      const call = calls[i]!;
      if (outcome.message) toolMessages.push(outcome.message as ChatMessage);
      else pendingToolCalls.push({ id: call.id, name: call.function.name, args: outcome.args });
    });
    messages.push(...toolMessages);
    const done = { completion, message, toolMessages };
    steps.push(done);
    onStep?.(done);
    if (!calls.length || pendingToolCalls.length || step >= maxSteps) {
      return { text: calls.length ? '' : (answer?.content ?? ''), completion, steps, messages, pendingToolCalls };
    }
  }
}
