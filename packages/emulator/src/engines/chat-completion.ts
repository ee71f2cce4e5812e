/**
 * OpenAI-compatible chat completion, as TGI and the router serve it: `chat.completion` objects, or
 * `chat.completion.chunk` events token by token ending with a chunk that carries `finish_reason`,
 * then (only with `stream_options.include_usage`) a chunk with empty `choices` and the `usage`, then
 * `data: [DONE]`. Tools, `response_format`, `stop`, `max_tokens` and `seed` are honoured.
 */
import {
  chooseTool,
  complete,
  generateText,
  valueFromSchema,
  type Completion,
  type JsonSchema,
  type ToolSpec,
} from './generator';
import { sseResponse, type SseFrame } from './sse';
import { checkPromptLength } from './text-generation';
import { countTokens, hash, round, runnersUp, unit } from './textkit';
import { EngineInputError, type Engine, type EngineContext } from './types';
import { isObject } from './request';

/** What TGI reports as its build; clients only display it. */
export const SYSTEM_FINGERPRINT = '3.3.4-sha-emulator';

const ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer']);
const MAX_STOP_SEQUENCES = 4;

/** TGI answers validation problems with 422 and `error_type: validation`. */
const invalid = (message: string) => new EngineInputError(`Input validation error: ${message}`, 422, 'validation');

interface ChatMessage {
  role: string;
  content?: unknown;
  name?: string;
  tool_calls?: unknown;
  tool_call_id?: string;
}

interface ChatRequest {
  messages: ChatMessage[];
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  seed?: number;
  stop?: string | string[];
  stream?: boolean;
  tools?: ToolSpec[];
  tool_choice?: unknown;
  response_format?: { type: string; json_schema?: { schema?: JsonSchema }; value?: unknown; schema?: JsonSchema };
  logprobs?: boolean;
  top_logprobs?: number;
  stream_options?: { include_usage?: boolean } | null;
}

/** Text of a message's content: a string, or the `text` parts of a multimodal array. */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .filter(
        (p): p is { type: string; text: string } => isObject(p) && p.type === 'text' && typeof p.text === 'string',
      )
      .map((p) => p.text)
      .join('\n');
  }
  return '';
}

const hasImage = (content: unknown) =>
  Array.isArray(content) && content.some((p) => isObject(p) && p.type === 'image_url');

function validate(body: unknown): ChatRequest {
  if (!isObject(body)) {
    throw new EngineInputError(
      'Failed to deserialize the JSON body into the target type: expected a JSON object',
      422,
      'validation',
    );
  }
  if (!('messages' in body)) {
    throw new EngineInputError(
      'Failed to deserialize the JSON body into the target type: missing field `messages`',
      422,
      'validation',
    );
  }
  const { messages } = body;
  if (!Array.isArray(messages)) {
    throw new EngineInputError(
      'Failed to deserialize the JSON body into the target type: messages: invalid type, expected a sequence',
      422,
      'validation',
    );
  }
  if (messages.length === 0) throw invalid('`messages` must not be empty');
  messages.forEach((m, i) => {
    if (!isObject(m) || typeof m.role !== 'string' || !ROLES.has(m.role)) {
      throw new EngineInputError(
        `Failed to deserialize the JSON body into the target type: messages[${i}]: unknown variant \`${isObject(m) ? String(m.role) : ''}\`, expected one of \`system\`, \`user\`, \`assistant\`, \`tool\``,
        422,
        'validation',
      );
    }
    const content = m.content;
    if (content != null && typeof content !== 'string' && !Array.isArray(content)) {
      throw new EngineInputError(
        `Failed to deserialize the JSON body into the target type: messages[${i}].content: invalid type`,
        422,
        'validation',
      );
    }
  });
  const maxTokens = body.max_tokens ?? body.max_completion_tokens;
  if (maxTokens != null && (!Number.isInteger(maxTokens) || (maxTokens as number) < 1))
    throw invalid('`max_new_tokens` must be strictly positive');
  if (body.temperature != null && (typeof body.temperature !== 'number' || body.temperature < 0))
    throw invalid('`temperature` must be strictly positive');
  if (body.top_p != null && (typeof body.top_p !== 'number' || body.top_p <= 0 || body.top_p > 1))
    throw invalid('`top_p` must be > 0.0 and < 1.0');
  if (body.seed != null && !Number.isInteger(body.seed)) throw invalid('`seed` must be an integer');
  if (
    body.top_logprobs != null &&
    (!Number.isInteger(body.top_logprobs) || (body.top_logprobs as number) < 0 || (body.top_logprobs as number) > 20)
  )
    throw invalid('`top_logprobs` must be an integer between 0 and 20');
  const stop = body.stop == null ? [] : typeof body.stop === 'string' ? [body.stop] : body.stop;
  if (!Array.isArray(stop) || stop.some((s) => typeof s !== 'string'))
    throw invalid('`stop` must be a string or an array of strings');
  if (stop.length > MAX_STOP_SEQUENCES)
    throw invalid(`\`stop\` supports up to ${MAX_STOP_SEQUENCES} stop sequences. Given: ${stop.length}`);
  if (body.tools != null) {
    if (
      !Array.isArray(body.tools) ||
      body.tools.some((t) => !isObject(t) || !isObject(t.function) || typeof t.function.name !== 'string')
    ) {
      throw invalid('`tools` must be an array of { type: "function", function: { name, parameters } }');
    }
  }
  const choice = body.tool_choice;
  if (isObject(choice)) {
    const name = isObject(choice.function) ? choice.function.name : undefined;
    const tools = (body.tools ?? []) as ToolSpec[];
    if (!tools.some((t) => t.function.name === name)) {
      throw new EngineInputError(`Tool error: Tool with name ${String(name)} not found`, 422, 'tool_error');
    }
  } else if (choice != null && !['auto', 'none', 'required'].includes(choice as string)) {
    throw invalid('`tool_choice` must be "auto", "none", "required" or { type: "function", function: { name } }');
  }
  const format = body.response_format;
  if (
    format != null &&
    (!isObject(format) || !['text', 'json_object', 'json_schema', 'json', 'regex'].includes(format.type as string))
  ) {
    throw invalid('`response_format.type` must be one of "text", "json_object", "json_schema", "json", "regex"');
  }
  return body as unknown as ChatRequest;
}

/** What the model decided to produce before it is cut into tokens. */
type Answer =
  { kind: 'text'; completion: Completion } | { kind: 'tool'; tool: ToolSpec; id: string; completion: Completion };

function answer(request: ChatRequest, context: EngineContext): Answer {
  const messages = request.messages;
  const last = messages[messages.length - 1]!;
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  const userText = contentText(lastUser?.content);
  const image = messages.some((m) => hasImage(m.content));
  const maxTokens = request.max_tokens ?? request.max_completion_tokens;
  const stop = request.stop == null ? [] : typeof request.stop === 'string' ? [request.stop] : request.stop;
  const vocabSize = (context.model.options?.vocabSize as number | undefined) ?? 32_000;
  const seedKey = `${context.model.id}\u0000${messages.map((m) => `${m.role}:${contentText(m.content)}`).join('\n')}`;

  // After a tool result the model answers in words, unless the caller forces another call.
  const tools = request.tools ?? [];
  const forced = request.tool_choice === 'required' || isObject(request.tool_choice);
  const tool = last.role === 'tool' && !forced ? undefined : chooseTool(tools, request.tool_choice ?? 'auto', userText);
  if (tool) {
    const schema = tool.function.parameters ?? { type: 'object', properties: {} };
    const args = JSON.stringify(valueFromSchema(schema, userText));
    const completion = complete(args, { maxTokens, includeStop: false, vocabSize });
    return { kind: 'tool', tool, id: `call_${hash(seedKey + tool.function.name).toString(36)}`, completion };
  }

  let full: string;
  const format = request.response_format;
  if (format && format.type !== 'text' && format.type !== 'regex') {
    const schema: JsonSchema | undefined =
      format.type === 'json_schema'
        ? format.json_schema?.schema
        : format.type === 'json'
          ? isObject(format.value)
            ? format.value
            : undefined
          : format.schema;
    const value = schema
      ? valueFromSchema(schema, userText)
      : {
          answer: generateText({
            prompt: userText,
            mode: 'chat',
            seed: request.seed,
            temperature: request.temperature,
          }),
          topic: userText.slice(0, 60),
        };
    full = JSON.stringify(value);
  } else {
    const toolMessage = last.role === 'tool' ? last : undefined;
    const toolName = toolMessage
      ? (messages
          .flatMap((m) =>
            Array.isArray(m.tool_calls) ? (m.tool_calls as { id?: string; function?: { name?: string } }[]) : [],
          )
          .find((c) => c.id === toolMessage.tool_call_id)?.function?.name ??
        toolMessage.name ??
        'the tool')
      : undefined;
    full = generateText({
      prompt: userText || contentText(last.content),
      mode: 'chat',
      seed: request.seed,
      temperature: request.temperature,
      hasImage: image,
      toolResult: toolMessage ? { name: toolName!, content: contentText(toolMessage.content) } : undefined,
      // Earlier turns and the system prompt steer the phrasing too.
      context: seedKey,
    });
  }
  return { kind: 'text', completion: complete(full, { stop, maxTokens, includeStop: false, vocabSize }) };
}

const finishReason = (answer: Answer) =>
  answer.completion.finish === 'length' ? 'length' : answer.kind === 'tool' ? 'tool_calls' : 'stop';

/** Prompt tokens; counting stops soon after `stopAfter`, enough to refuse an oversized prompt cheaply. */
function promptTokens(request: ChatRequest, stopAfter = Infinity): number {
  let n = 1;
  for (const m of request.messages) {
    if (n > stopAfter) return n;
    n += 4 + countTokens(contentText(m.content), stopAfter - n) + (hasImage(m.content) ? 576 : 0);
  }
  if (request.tools && n <= stopAfter) n += countTokens(JSON.stringify(request.tools), stopAfter - n);
  return n;
}

const logprob = (text: string, i: number) => round(-unit(`${text}\u0000${i}`) * 1.5, 4);

/** One token's `logprobs.content` entry: with `top_logprobs`, the chosen token then less likely ones. */
function tokenLogprob(tokens: readonly { text: string }[], i: number, top: number) {
  const token = tokens[i]!.text;
  const lp = logprob(token, i);
  const texts = tokens.map((t) => t.text);
  const alternatives = top > 0 ? runnersUp(texts, i, lp, top).map((t) => ({ token: t.text, logprob: t.logprob })) : [];
  return { token, logprob: lp, top_logprobs: alternatives };
}

/** TGI's next call id: one more than the highest numeric id in the conversation, from "0". */
function tgiCallId(messages: readonly ChatRequest['messages'][number][]): string {
  let next = 0;
  for (const m of messages) {
    for (const call of Array.isArray(m.tool_calls) ? (m.tool_calls as { id?: unknown }[]) : []) {
      const n = Number(call.id);
      if (Number.isInteger(n) && n >= 0) next = Math.max(next, n + 1);
    }
  }
  return String(next);
}

let counter = 0;
const completionId = () => `chatcmpl-${(Date.now() * 1000 + (counter++ % 1000)).toString(36)}`;

/** Chat completion engine, for `/v1/chat/completions` routes. */
export const chatCompletion: Engine = (context) => {
  const request = validate(context.body);
  checkPromptLength(context.model, (limit) => promptTokens(request, limit), request.max_tokens ?? undefined);
  const prompt = promptTokens(request);
  const result = answer(request, context);
  const { tokens, text } = result.completion;
  const usage = { prompt_tokens: prompt, completion_tokens: tokens.length, total_tokens: prompt + tokens.length };
  const base = {
    id: completionId(),
    created: Math.floor(Date.now() / 1000),
    model: context.responseModel ?? context.model.id,
    system_fingerprint: SYSTEM_FINGERPRINT,
  };
  const top = request.top_logprobs ?? 0;
  const logprobs = request.logprobs ? { content: tokens.map((_, i) => tokenLogprob(tokens, i, top)) } : null;

  const tgi = context.dialect === 'tgi';
  // TGI numbers its calls ("0", "1"... after the conversation's highest), where OpenAI sends `call_…`.
  const callId = result.kind === 'tool' && tgi ? tgiCallId(request.messages) : result.kind === 'tool' ? result.id : '';
  if (!request.stream) {
    const message =
      result.kind === 'tool'
        ? tgi
          ? {
              // TGI's tool message has no content, and its function carries a (null) description.
              role: 'assistant',
              tool_calls: [
                {
                  id: callId,
                  type: 'function',
                  function: { description: null, name: result.tool.function.name, arguments: text },
                },
              ],
            }
          : {
              role: 'assistant',
              content: null,
              tool_calls: [
                { id: callId, type: 'function', function: { name: result.tool.function.name, arguments: text } },
              ],
            }
        : { role: 'assistant', content: text };
    return {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message, logprobs, finish_reason: finishReason(result) }],
      usage,
    };
  }

  const chunk = (
    delta: Record<string, unknown>,
    finish: string | null,
    extra: Record<string, unknown> = {},
    lp: unknown = null,
  ) =>
    JSON.stringify({
      ...base,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: lp, finish_reason: finish }],
      usage: null,
      ...extra,
    });
  const frames: SseFrame[] = [];
  if (result.kind === 'tool' && tgi) {
    // As TGI streams it: every chunk a whole delta (role, id, type), the name on the first only
    // (null after), the arguments in pieces, and the finish reason on the last piece.
    tokens.forEach((t, i) => {
      const last = i === tokens.length - 1;
      const call = {
        index: 0,
        id: callId,
        type: 'function',
        function: { name: i === 0 ? result.tool.function.name : null, arguments: t.text },
      };
      frames.push({
        token: true,
        ...(last ? { final: true } : {}),
        data: chunk({ role: 'assistant', tool_calls: [call] }, last ? finishReason(result) : null),
      });
    });
  } else if (result.kind === 'tool') {
    // As OpenAI streams it: the call's id and name first, then its arguments in pieces.
    frames.push({
      token: true,
      data: chunk(
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { index: 0, id: result.id, type: 'function', function: { name: result.tool.function.name, arguments: '' } },
          ],
        },
        null,
      ),
    });
    for (const t of tokens)
      frames.push({ token: true, data: chunk({ tool_calls: [{ index: 0, function: { arguments: t.text } }] }, null) });
    frames.push({ final: true, data: chunk({}, finishReason(result)) });
  } else {
    tokens.forEach((t, i) => {
      const lp = request.logprobs ? { content: [tokenLogprob(tokens, i, top)] } : null;
      frames.push({ token: true, data: chunk({ role: 'assistant', content: t.text }, null, {}, lp) });
    });
    frames.push({ final: true, data: chunk({ role: 'assistant', content: '' }, finishReason(result)) });
  }
  // As the spec (and OpenAI) say: usage only when asked for, in its own chunk with no choices.
  if (request.stream_options?.include_usage) {
    frames.push({
      final: true,
      data: JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage }),
    });
  }
  frames.push({ final: true, data: '[DONE]' });
  return sseResponse(frames, context.stream, context.signal);
};
