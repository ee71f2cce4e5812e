/**
 * The streaming state of a chat, framework-free: `subscribe`/`getSnapshot` for any UI binding,
 * `send`/`stop`/`regenerate`/`reset`/`setMessages` to drive it. `@inferkit/react`'s
 * `useChatCompletion` is this store read with `useSyncExternalStore`.
 */
import { InferenceResponseError, InferenceStreamError, InferenceValidationError } from './errors';
import {
  createStreamEngine,
  withClientOptions,
  type StreamRunControl,
  type StreamSnapshotBase,
  type StreamStatus,
  type StreamStoreOptions,
  type StreamStoreUpdatableKey,
} from './stream-store';
import { chatSpec, chatWire, viaRouter } from './chat-wire';
import { scrub } from './http';
import { OPTION_KEYS, type RequestOptions } from './options';
import { events } from './transport';
import { answerToolCall, mergeToolDefinitions, toolContent, type ChatTools, type ToolOutcome } from './tools';
import type { ChatCompletionInput, ChatCompletionStreamOutput, ChatMessage } from './tasks/chat-completion';

/** A complete tool call on an assistant message (OpenAI's shape; `arguments` is the JSON text). */
export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A message as a UI shows it. `id` is stable for the life of the message (use it as a React key). */
export interface ChatUIMessage {
  id: string;
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** The calls an assistant message makes, assembled from the streamed deltas. */
  toolCalls?: ChatToolCall[];
  /** On a `tool` message: the id of the call it answers. */
  toolCallId?: string;
}

/** A message given to the store; an `id` is generated when absent. */
export type ChatMessageInit = Omit<ChatUIMessage, 'id'> & { id?: string | undefined };

/** Token counts, when the server reports them (TGI does on the last chunk). */
export interface ChatUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** What `getSnapshot()` returns. A new object only when something changed. */
export interface ChatSnapshot extends StreamSnapshotBase {
  /** The conversation. Only the last message object changes while a reply streams. */
  readonly messages: readonly ChatUIMessage[];
  /** The server's `finish_reason` of the last reply (`stop`, `length`, `tool_calls`...). */
  finishReason: string | null;
  usage: ChatUsage | null;
  /**
   * Calls of the last reply that wait for the app's answer (`addToolResult`): calls of tools
   * without `execute`. Empty otherwise.
   */
  readonly pendingToolCalls: readonly ChatToolCall[];
}

/** Generation options sent with every request (`maxTokens`, `temperature`, `tools`...). */
export type ChatParameters = Omit<ChatCompletionInput, 'messages'>;

/** What `run` receives: the request (OpenAI messages, camelCase options) plus the abort signal. */
export type ChatRunArgs = ChatParameters & StreamRunControl & { messages: ChatMessage[]; model?: string | undefined };

/** What `onFinish` receives. */
export interface ChatFinish {
  message: ChatUIMessage;
  messages: readonly ChatUIMessage[];
  finishReason: string | null;
  usage: ChatUsage | null;
}

/** Options of {@link createChatStore}. */
export interface ChatStoreOptions extends StreamStoreOptions {
  /** Hub model id or URL; defaults to the client's model or endpoint. */
  model?: string | undefined;
  parameters?: ChatParameters | undefined;
  /** The conversation to start from (and to go back to on `reset()`). */
  initialMessages?: readonly ChatMessageInit[] | undefined;
  /** Called when a reply finished normally. */
  onFinish?: ((result: ChatFinish) => void) | undefined;
  /** Called when a request or stream fails (not when stopped). */
  onError?: ((error: Error) => void) | undefined;
  /** Produces the chunks; defaults to core's `chatCompletionStream` with the client's options. */
  run?: ((args: ChatRunArgs) => AsyncIterable<ChatCompletionStreamOutput>) | undefined;
  /** Makes message ids; defaults to a per-store counter. */
  generateId?: (() => string) | undefined;
  /**
   * Tools the model may call, by name, with zod parameters. A call's arguments are checked with the
   * schema (a bad call goes back to the model as a tool error), `execute` runs, and its result goes
   * back to the model, which answers again: up to `maxSteps` requests per `send`. A tool without
   * `execute` waits in `pendingToolCalls` for `addToolResult`.
   */
  tools?: ChatTools | undefined;
  /** The most model requests one `send` (or `addToolResult`) makes while tools answer. Default 5. */
  maxSteps?: number | undefined;
}

/** The answer an app gives to a tool call (`addToolResult`). */
export interface ChatToolResult {
  toolCallId: string;
  /** A string goes to the model as is, anything else as JSON. */
  result: unknown;
}

/** The options that may change after creation (`setOptions`). */
export type ChatStoreUpdatableOptions = Pick<ChatStoreOptions, StreamStoreUpdatableKey | 'tools' | 'maxSteps'>;

/** A framework-free chat: read with `subscribe`/`getSnapshot`, drive with the actions. */
export interface ChatStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): ChatSnapshot;
  /**
   * Appends a user message (or, given a message object, that message: e.g. a `tool` result) and
   * streams the reply. Called while a reply is still streaming, it first stops that reply (its
   * partial text is kept, as with `stop()`). Resolves when the reply settles; never rejects for a
   * request error (that goes to `error` and `onError`).
   */
  send(content: string | ChatMessageInit): Promise<void>;
  /**
   * Answers a call in `pendingToolCalls`; once every call of the reply has its answer, the model is
   * asked again. Throws `InferenceValidationError` for an id that does not wait for an answer.
   */
  addToolResult(answer: ChatToolResult): Promise<void>;
  /**
   * Aborts the request (or the running tools) at once and keeps the partial reply; status
   * `stopped`. Tools stopped mid-way get `{"error": ...}` answers, so the conversation stays valid
   * to send on. No-op when idle.
   */
  stop(): void;
  /** Drops every message after the last user message (a failed or unwanted reply) and asks again. */
  regenerate(): Promise<void>;
  /** Aborts, and goes back to `initialMessages` and status `idle`. */
  reset(): void;
  /** Replaces the conversation (stopping a streaming reply first). */
  setMessages(
    messages: readonly ChatMessageInit[] | ((messages: readonly ChatUIMessage[]) => readonly ChatMessageInit[]),
  ): void;
  setOptions(options: ChatStoreUpdatableOptions): void;
  /** Aborts and stops every notification; the store does nothing afterwards. */
  destroy(): void;
}

/** Makes ids unique per store: a random prefix and a counter. */
function createIdGenerator(): () => string {
  const prefix = Math.random().toString(36).slice(2, 8);
  let n = 0;
  return () => `${prefix}-${++n}`;
}

const toWire = (m: ChatUIMessage): ChatMessage => {
  const out: ChatMessage = { role: m.role, content: m.content };
  if (m.toolCalls?.length) out.tool_calls = m.toolCalls.map((call) => ({ ...call }));
  if (m.toolCallId !== undefined) out.tool_call_id = m.toolCallId;
  return out;
};

/**
 * The store's messages in the OpenAI format (`tool_calls`, `tool_call_id`), as every chat request
 * sends them: to save a conversation, or to hand it to `chatCompletion` / `chatCompletionWithTools`.
 */
export const toOpenAIMessages = (messages: readonly ChatUIMessage[]): ChatMessage[] => messages.map(toWire);

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string'
    ? content
    : (content ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');

/**
 * Messages in the OpenAI format (saved with {@link toOpenAIMessages}, or from
 * `chatCompletionWithTools`) as the store keeps them: pass them as `initialMessages` to resume.
 * Content parts become their text, parsed tool arguments JSON text, a `developer` message a `system` one.
 */
export const fromOpenAIMessages = (messages: readonly ChatMessage[]): ChatMessageInit[] =>
  messages.map((m) => {
    const out: ChatMessageInit = { role: m.role === 'developer' ? 'system' : m.role, content: textOf(m.content) };
    if (m.tool_calls?.length) {
      out.toolCalls = m.tool_calls.map(({ id, function: { name, arguments: args } }) => ({
        id,
        type: 'function',
        function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) },
      }));
    }
    if (m.tool_call_id !== undefined) out.toolCallId = m.tool_call_id;
    return out;
  });

/**
 * The default `run`: the request `chatCompletionStream` sends (same URL, body, headers, waits and
 * typed errors) built without the task's zod schemas, which would more than double the size of a chat UI.
 * Parameters are typed, so nothing is lost but early validation: a bad value comes back as the
 * server's 4xx (`InferenceHTTPError`). Pass `run: (args) => chatCompletionStream(args)` for it.
 */
export function streamChatCompletion(
  args: ChatRunArgs & RequestOptions,
): AsyncGenerator<ChatCompletionStreamOutput, void, undefined> {
  const options: Record<string, unknown> = {};
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (value !== undefined) (OPTION_KEYS.has(key) ? options : input)[key] = value;
  }
  // The wire body and route of chatCompletionStream, without its zod validation (and zod's bytes).
  return events(
    chatSpec('chatCompletionStream'),
    (model) => chatWire(input, true, model),
    options,
    viaRouter,
  ) as AsyncGenerator<ChatCompletionStreamOutput, void, undefined>;
}

/** A conversation at rest: nothing streaming, nothing reported. */
/** No calls waiting (one object, so an unchanged snapshot stays the same object). */
const NONE: readonly ChatToolCall[] = [];

const atRest = (messages: readonly ChatUIMessage[]): ChatSnapshot => ({
  messages,
  status: 'idle',
  error: null,
  usage: null,
  finishReason: null,
  modelLoading: null,
  pendingToolCalls: NONE,
});

const DEFAULT_MAX_STEPS = 5;
const stopped = () => new DOMException('The chat was stopped.', 'AbortError');

/** A tool call being assembled from deltas. */
interface PartialCall {
  id: string;
  fallbackId: string;
  name: string;
  args: string;
}

/**
 * Creates a chat store. Tokens are appended to the reply as they come (O(reply length) in all);
 * subscribers hear about them at most once per `throttle` period, and about status changes at once.
 * It asks for token usage (`streamOptions: { includeUsage: true }`) unless `parameters.streamOptions`
 * says otherwise: pass `{ includeUsage: false }` for a server that rejects `stream_options`.
 * @example
 * const chat = createChatStore({ model: 'meta-llama/Llama-3.1-8B-Instruct', client });
 * chat.subscribe(() => render(chat.getSnapshot()));
 * await chat.send('Hello!');
 */
export function createChatStore(options: ChatStoreOptions = {}): ChatStore {
  const generateId = options.generateId ?? createIdGenerator();
  const withId = (m: ChatMessageInit): ChatUIMessage =>
    m.id === undefined ? { ...m, id: generateId() } : (m as ChatUIMessage);
  const initialMessages = (options.initialMessages ?? []).map(withId);

  // The reply being streamed: its text grows by concatenation, its tool calls by index.
  let base: readonly ChatUIMessage[] = [];
  let replyId = '';
  let text = '';
  let calls: PartialCall[] = [];
  let finishReason: string | null = null;
  let usage: ChatUsage | null = null;

  const reply = (): ChatUIMessage => {
    const message: ChatUIMessage = { id: replyId, role: 'assistant', content: text };
    if (calls.length > 0) {
      const toolCalls: ChatToolCall[] = [];
      for (const call of calls) {
        if (call) {
          toolCalls.push({
            id: call.id || call.fallbackId,
            type: 'function',
            function: { name: call.name, arguments: call.args },
          });
        }
      }
      message.toolCalls = toolCalls;
    }
    return message;
  };

  const engine = createStreamEngine<ChatSnapshot, ChatStoreOptions>(
    atRest(initialMessages),
    () => ({ messages: [...base, reply()] }),
    options,
  );
  const config = engine.options;

  const applyChunk = (chunk: ChatCompletionStreamOutput) => {
    if (chunk.usage) {
      usage = {
        promptTokens: chunk.usage.prompt_tokens,
        completionTokens: chunk.usage.completion_tokens,
        totalTokens: chunk.usage.total_tokens,
      };
    }
    if (!Array.isArray(chunk.choices)) {
      throw new InferenceResponseError(
        'chatCompletionStream',
        'a chat.completion.chunk with choices[]',
        chunk,
        config.model,
      );
    }
    // Only the first choice is shown; `n` > 1 is not a chat UI's use case.
    const choice = chunk.choices.find((c) => c.index === 0) ?? chunk.choices[0];
    if (!choice) return;
    if (choice.finish_reason != null) finishReason = choice.finish_reason;
    const { content, tool_calls: deltas } = choice.delta;
    let changed = false;
    if (content) {
      text += content;
      changed = true;
    }
    if (deltas) {
      for (const delta of deltas) {
        let call = calls[delta.index];
        if (!call) call = calls[delta.index] = { id: '', fallbackId: `call_${generateId()}`, name: '', args: '' };
        // Servers send the id and name once, first; some repeat them (or send them empty) later.
        if (delta.id && !call.id) call.id = delta.id;
        if (delta.function?.name && !call.name) call.name = delta.function.name;
        if (delta.function?.arguments) call.args += delta.function.arguments;
        changed = true;
      }
    }
    // The first chunk is announced at once, with the status change; later ones wait for the next flush.
    if (engine.getSnapshot().status !== 'streaming') engine.set({ status: 'streaming', modelLoading: null }, true);
    else if (changed) engine.touch();
  };

  const fail = (error: Error) => {
    // A malformed chunk fails here, not in the transport, and may echo the call's credentials too.
    scrub(error, { ...config.client?.options, ...(config.parameters as RequestOptions), url: config.model });
    engine.set({ status: 'error', error, modelLoading: null });
    config.onError?.(error);
  };

  // Every start (send, regenerate, addToolResult) is a new turn; a continuation of an older one stops.
  let turn = 0;
  // The tools of the current turn while they run, and the calls they answer.
  let running: { controller: AbortController; calls: ChatToolCall[] } | undefined;

  const finished = (pendingToolCalls = NONE) => {
    engine.set({ status: 'success', finishReason, usage, modelLoading: null, pendingToolCalls });
    const { messages } = engine.getSnapshot();
    // The reply is last, or before its tools' answers. A stream that ended without a single chunk has none.
    for (let i = messages.length - 1; i >= 0 && i >= base.length; i--) {
      const message = messages[i]!;
      if (message.id === replyId) {
        config.onFinish?.({ message, messages, finishReason, usage });
        break;
      }
    }
  };

  /** Streams one reply; with tool calls, answers them and asks again, up to `stepsLeft` requests. */
  const start = async (messages: readonly ChatUIMessage[], stepsLeft = config.maxSteps ?? DEFAULT_MAX_STEPS) => {
    const mine = ++turn;
    text = '';
    calls = [];
    finishReason = null;
    usage = null;
    base = messages;
    replyId = generateId();
    engine.set({ ...atRest(messages), status: 'submitted' });
    const { model, parameters, client, tools } = config;
    const run = config.run ?? ((args: ChatRunArgs) => streamChatCompletion(withClientOptions(client, args)));
    let ended = false;
    await engine.run(
      (control) => {
        const request: ChatRunArgs = {
          ...parameters,
          ...(model !== undefined ? { model } : {}),
          messages: messages.map(toWire),
          ...control,
        };
        if (tools) request.tools = mergeToolDefinitions('chatCompletionStream', parameters?.tools, tools);
        // Servers send usage only when asked (`stream_options.include_usage`); the store reports it, so it asks.
        if (request.streamOptions === undefined) request.streamOptions = { includeUsage: true };
        return run(request);
      },
      {
        chunk: applyChunk,
        done: () => {
          ended = true;
        },
        fail,
      },
    );
    if (!ended || mine !== turn) return;
    if (finishReason === null) {
      fail(
        new InferenceStreamError('The stream ended before the model finished (the connection closed early).', {
          model: config.model,
        }),
      );
      return;
    }
    const answered = reply().toolCalls;
    const current = config.tools;
    if (!current || !answered?.length) return finished();

    // The model called tools: answer them while the status says a reply is on its way.
    engine.set({ status: 'submitted', finishReason, usage, modelLoading: null }, true);
    const controller = new AbortController();
    running = { controller, calls: answered };
    const conversation = engine.getSnapshot().messages;
    const wire = conversation.map(toWire);
    let outcomes: ToolOutcome[];
    try {
      outcomes = await Promise.all(
        answered.map((call) =>
          answerToolCall(current, call, { toolCallId: call.id, messages: wire, signal: controller.signal }),
        ),
      );
    } catch (error) {
      // Stopped or superseded: `stop` has answered the calls already.
      if (mine !== turn || controller.signal.aborted) return;
      running = undefined;
      fail(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (mine !== turn) return;
    running = undefined;
    const next = [...conversation];
    const pending: ChatToolCall[] = [];
    answered.forEach((call, i) => {
      const outcome = outcomes[i]!;
      if (outcome.message)
        next.push(withId({ role: 'tool', content: outcome.message.content as string, toolCallId: call.id }));
      else pending.push(call);
    });
    if (pending.length === 0 && stepsLeft > 1) return start(next, stepsLeft - 1);
    engine.set({ messages: next });
    finished(pending);
  };

  const active = (status: StreamStatus) =>
    status === 'submitted' || status === 'streaming' || status === 'loading-model';

  /**
   * Aborts a streaming reply (keeping its partial text in the flushed snapshot) or running tools
   * (answering their calls with an error, so the conversation can be sent on). Returns whether
   * anything was running.
   */
  const halt = (): boolean => {
    turn++;
    const tools = running;
    running = undefined;
    if (tools) {
      tools.controller.abort(stopped());
      const answers = tools.calls.map((call) =>
        withId({
          role: 'tool',
          content: toolContent({ error: 'The call was stopped before it finished.' }),
          toolCallId: call.id,
        }),
      );
      engine.set((snapshot) => ({ messages: [...snapshot.messages, ...answers] }));
      return true;
    }
    return engine.abort();
  };

  const interrupt = () => {
    if (halt() && active(engine.getSnapshot().status)) engine.set({ status: 'stopped', modelLoading: null });
  };

  return {
    subscribe: engine.subscribe,
    getSnapshot: engine.getSnapshot,
    send(content) {
      if (engine.destroyed) return Promise.resolve();
      interrupt();
      const message = withId(typeof content === 'string' ? { role: 'user', content } : content);
      return start([...engine.getSnapshot().messages, message]);
    },
    addToolResult({ toolCallId, result }) {
      if (engine.destroyed) return Promise.resolve();
      const { messages, pendingToolCalls } = engine.getSnapshot();
      if (!pendingToolCalls.some((call) => call.id === toolCallId)) {
        const waiting = pendingToolCalls.map((call) => `"${call.id}"`).join(', ');
        throw new InferenceValidationError('addToolResult', [
          {
            path: 'toolCallId',
            message: `"${toolCallId}" is not a call waiting for an answer (${waiting ? `waiting: ${waiting}` : 'none waits'})`,
          },
        ]);
      }
      const next = [...messages, withId({ role: 'tool', content: toolContent(result), toolCallId })];
      const rest = pendingToolCalls.filter((call) => call.id !== toolCallId);
      if (rest.length > 0) {
        engine.set({ messages: next, pendingToolCalls: rest });
        return Promise.resolve();
      }
      return start(next);
    },
    stop: interrupt,
    regenerate() {
      if (engine.destroyed) return Promise.resolve();
      interrupt();
      const { messages } = engine.getSnapshot();
      let last = messages.length - 1;
      while (last >= 0 && messages[last]!.role !== 'user') last--;
      if (last < 0) return Promise.resolve();
      return start(messages.slice(0, last + 1));
    },
    reset() {
      turn++;
      running?.controller.abort(stopped());
      running = undefined;
      engine.abort();
      engine.set(atRest(initialMessages));
    },
    setMessages(messages) {
      interrupt();
      const current = engine.getSnapshot().messages;
      const next = typeof messages === 'function' ? messages(current) : messages;
      engine.set({ messages: next === current ? current : next.map(withId), pendingToolCalls: NONE });
    },
    setOptions: engine.setOptions,
    destroy() {
      turn++;
      running?.controller.abort(stopped());
      running = undefined;
      engine.destroy();
    },
  };
}
