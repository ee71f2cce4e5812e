/**
 * Counts the completion tokens of an answer as its bytes pass through to the client. The stream
 * is tapped, never held: each chunk goes on as soon as it is read, and the count is made from a
 * copy. The answer's own count (`usage.completion_tokens`, TGI's `details.generated_tokens`) is
 * used when it is there and sane, but never below what was seen passing, so an answer without
 * usage (a client that did not ask for it) or with a lying one is still charged.
 */

/** How many completion tokens an answer is charged, and where the number came from. */
export interface UsageCount {
  /** Tokens to charge: a non-negative integer. */
  completionTokens: number;
  /** `usage`: the answer's own count; `counted`: what was seen (events, words, or bytes). */
  source: 'usage' | 'counted';
}

/** An SSE event (or a line) past this is not parsed; it is charged as one token. */
const MAX_EVENT_CHARS = 1024 * 1024;
/** A JSON answer past this is not parsed; on chat routes it is charged by its size. */
const MAX_JSON_BYTES = 2 * 1024 * 1024;
/** The usual rule of thumb for English text: about 4 characters per token. */
const CHARS_PER_TOKEN = 4;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => !!value && typeof value === 'object' && !Array.isArray(value);
const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A count the upstream reported, or `undefined` when it is not a usable one (negative, NaN, a string). */
function reportedCount(value: unknown): number | undefined {
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) return undefined;
  // A huge count (1e308 parses as a number) is still a count; it is kept a safe integer.
  return Math.min(Math.ceil(value), Number.MAX_SAFE_INTEGER);
}

const maxOf = (a: number | undefined, b: number | undefined) =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

/** The generated text pieces of a chat message or delta. */
function messageTexts(message: unknown): string[] {
  if (!isObject(message)) return [];
  const out: string[] = [];
  for (const field of ['content', 'reasoning_content', 'reasoning', 'refusal']) {
    const value = message[field];
    if (nonEmpty(value)) out.push(value);
    else if (Array.isArray(value))
      for (const part of value) if (isObject(part) && nonEmpty(part.text)) out.push(part.text);
  }
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isObject(call) ? call.function : undefined;
      if (isObject(fn) && nonEmpty(fn.arguments)) out.push(fn.arguments);
      if (isObject(fn) && nonEmpty(fn.name)) out.push(fn.name);
    }
  }
  return out;
}

/** How many generated pieces one SSE event carries: one per choice with content, one per TGI token. */
function eventPieces(event: Json): number {
  let pieces = 0;
  if (Array.isArray(event.choices)) {
    for (const choice of event.choices) {
      if (!isObject(choice)) continue;
      if (messageTexts(choice.delta).length > 0 || messageTexts(choice.message).length > 0 || nonEmpty(choice.text))
        pieces++;
    }
  }
  if (isObject(event.token)) pieces++;
  return pieces;
}

/** The count an answer or event reports for itself: OpenAI-style `usage`, or TGI's `details`. */
function reportedBy(value: Json): number | undefined {
  let reported = isObject(value.usage) ? reportedCount(value.usage.completion_tokens) : undefined;
  if (isObject(value.details)) {
    let tgi = reportedCount(value.details.generated_tokens);
    // With `best_of`, the other candidates were generated (and billed) too.
    const others = value.details.best_of_sequences;
    if (tgi !== undefined && Array.isArray(others)) {
      for (const other of others) tgi += (isObject(other) && reportedCount(other.generated_tokens)) || 0;
      tgi = Math.min(tgi, Number.MAX_SAFE_INTEGER);
    }
    reported = maxOf(reported, tgi);
  }
  return reported;
}

/** The generated texts of a whole JSON answer: chat, text generation, summarization, translation. */
function answerTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => (isObject(item) ? answerTexts(item) : []));
  if (!isObject(value)) return [];
  const out: string[] = [];
  for (const field of ['generated_text', 'summary_text', 'translation_text']) {
    const text = value[field];
    if (nonEmpty(text)) out.push(text);
  }
  if (Array.isArray(value.choices)) {
    for (const choice of value.choices) {
      if (!isObject(choice)) continue;
      out.push(...messageTexts(choice.message));
      if (nonEmpty(choice.text)) out.push(choice.text);
    }
  }
  if (isObject(value.details) && Array.isArray(value.details.best_of_sequences)) {
    for (const other of value.details.best_of_sequences) out.push(...answerTexts(other));
  }
  return out;
}

/** Words are a floor: ordinary text never has fewer tokens than whitespace-separated words. */
const wordCount = (texts: string[]) => texts.reduce((sum, text) => sum + (text.match(/\S+/g)?.length ?? 0), 0);

/** A JSON answer's reported count and reported-less estimate. */
function countJsonAnswer(value: unknown): UsageCount {
  const texts = answerTexts(value);
  const words = wordCount(texts);
  let reported: number | undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const own = isObject(item) ? reportedBy(item) : undefined;
      if (own !== undefined) reported = Math.min((reported ?? 0) + own, Number.MAX_SAFE_INTEGER);
    }
  } else if (isObject(value)) {
    reported = reportedBy(value);
  }
  if (reported !== undefined) return { completionTokens: Math.max(reported, words), source: 'usage' };
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  return { completionTokens: Math.max(words, Math.ceil(chars / CHARS_PER_TOKEN)), source: 'counted' };
}

/** Counts one answer from its bytes, pushed in as they pass. */
export interface UsageCounter {
  push(chunk: Uint8Array): void;
  /** The count, once the answer ended or was cut short (then it is what passed). Call it once. */
  result(): UsageCount;
}

/**
 * A counter for an answer of the given content type. Server-sent events are counted event by
 * event; JSON is parsed once whole; anything else (images, audio) counts no completion tokens.
 * @example
 * const counter = createUsageCounter('text/event-stream', { chat: true });
 * counter.push(bytes);
 * counter.result(); // { completionTokens: 12, source: 'counted' }
 */
export function createUsageCounter(contentType: string, route: { chat: boolean }): UsageCounter {
  const type = contentType.toLowerCase();
  if (type.includes('text/event-stream')) return sseCounter();
  if (/[/+]json\b/.test(type)) return jsonCounter(route.chat);
  return { push() {}, result: () => ({ completionTokens: 0, source: 'counted' }) };
}

function jsonCounter(chat: boolean): UsageCounter {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let overflow = false;
  return {
    push(chunk) {
      size += chunk.byteLength;
      if (overflow) return;
      if (size > MAX_JSON_BYTES) {
        overflow = true;
        chunks.length = 0;
        return;
      }
      // A copy: the chunk itself goes on to the client, which may reuse or transfer its buffer.
      chunks.push(chunk.slice());
    },
    result() {
      const unreadable = { completionTokens: chat ? Math.ceil(size / CHARS_PER_TOKEN) : 0, source: 'counted' } as const;
      if (overflow) return unreadable;
      let parsed: unknown;
      try {
        const decoder = new TextDecoder();
        let text = '';
        for (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
        parsed = JSON.parse(text + decoder.decode());
      } catch {
        return size === 0 ? { completionTokens: 0, source: 'counted' } : unreadable;
      }
      return countJsonAnswer(parsed);
    },
  };
}

function sseCounter(): UsageCounter {
  const decoder = new TextDecoder();
  let line = '';
  let lineTooLong = false;
  let afterCR = false;
  let data: string[] = [];
  let dataChars = 0;
  let eventTooLong = false;
  let pieces = 0;
  let reported: number | undefined;

  const dispatch = () => {
    if (eventTooLong) {
      pieces++;
    } else if (data.length > 0) {
      const payload = data.join('\n');
      if (payload.trim() !== '[DONE]') {
        let event: unknown;
        try {
          event = JSON.parse(payload);
        } catch {
          event = undefined;
        }
        if (isObject(event)) {
          pieces += eventPieces(event);
          reported = maxOf(reported, reportedBy(event));
        } else if (payload.trim() !== '') {
          // Something the client may still read as text: it is charged, never free.
          pieces++;
        }
      }
    }
    data = [];
    dataChars = 0;
    eventTooLong = false;
  };

  const onLine = (text: string, tooLong: boolean) => {
    if (tooLong) {
      eventTooLong = true;
      return;
    }
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    if (field !== 'data') return;
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    dataChars += value.length;
    if (dataChars > MAX_EVENT_CHARS) eventTooLong = true;
    else data.push(value);
  };

  const feed = (text: string) => {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      // "\r\n" is one line break, even when a chunk ends between the two.
      if (code === 10 && afterCR && i === start && line === '') {
        afterCR = false;
        start = i + 1;
        continue;
      }
      onLine(line + text.slice(start, i), lineTooLong);
      line = '';
      lineTooLong = false;
      start = i + 1;
      afterCR = code === 13;
    }
    if (start < text.length) {
      afterCR = false;
      if (lineTooLong || line.length + text.length - start > MAX_EVENT_CHARS) {
        line = '';
        lineTooLong = true;
      } else {
        line += text.slice(start);
      }
    }
  };

  return {
    push(chunk) {
      feed(decoder.decode(chunk, { stream: true }));
    },
    result() {
      // What is still pending (no blank line after the last event) was sent to the client too.
      if (line !== '' || lineTooLong) onLine(line, lineTooLong);
      line = '';
      lineTooLong = false;
      dispatch();
      if (reported !== undefined) return { completionTokens: Math.max(reported, pieces), source: 'usage' };
      return { completionTokens: pieces, source: 'counted' };
    },
  };
}

/**
 * Passes `body` through unchanged while `onChunk` sees each chunk, and calls `onEnd` once: at the
 * end, or when the stream fails or the client cancels it (`complete` false). It reads the source
 * only when the client asks for more, so backpressure and incremental delivery are kept.
 * @example
 * const tapped = tapStream(response.body, (chunk) => counter.push(chunk), () => charge(counter.result()));
 */
export function tapStream(
  body: ReadableStream<Uint8Array>,
  onChunk: (chunk: Uint8Array) => void,
  onEnd: (complete: boolean) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let ended = false;
  const end = (complete: boolean) => {
    if (ended) return;
    ended = true;
    try {
      onEnd(complete);
    } catch {
      // Metering must never break the answer.
    }
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await reader.read();
        } catch (error) {
          end(false);
          controller.error(error);
          return;
        }
        if (result.done) {
          end(true);
          controller.close();
          return;
        }
        try {
          onChunk(result.value);
        } catch {
          // As above: a counting bug costs accuracy, not the client's answer.
        }
        controller.enqueue(result.value);
      },
      cancel(reason) {
        end(false);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
