import { InferenceStreamError } from './errors';

/** One Server-Sent Event. */
export interface SSEEvent {
  /** `event:` field; `message` when absent. */
  event: string;
  /** `data:` lines joined with `\n`. */
  data: string;
  /** `id:` field, when present. */
  id: string | undefined;
}

/**
 * An incremental Server-Sent Events parser (WHATWG rules): accepts text in chunks of any size,
 * with LF, CRLF or CR line endings split anywhere, and calls `onEvent` for each complete event.
 * Written here rather than taken from a package so it costs a few hundred bytes; bench/ compares it
 * with `eventsource-parser`.
 */
export class SSEParser {
  private partial = '';
  private skipLF = false;
  private data = '';
  private hasData = false;
  private type = '';
  private id: string | undefined;

  constructor(private readonly onEvent: (event: SSEEvent) => void) {}

  /** Feeds decoded text. */
  feed(text: string): void {
    const length = text.length;
    let pos = 0;
    // An empty chunk between a CR and its LF must not use up the wait for that LF.
    if (this.skipLF && length) {
      this.skipLF = false;
      if (text.charCodeAt(0) === 10) pos = 1;
    }
    // Line ends are found with the engine's native string search rather than a loop over every
    // character, which bench/sse.mjs found much slower (figures in bench/RESULTS.md).
    let lf = text.indexOf('\n', pos);
    let cr = text.indexOf('\r', pos);
    while (lf !== -1 || cr !== -1) {
      const end = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
      if (this.partial) {
        const line = this.partial + text.slice(pos, end);
        this.partial = '';
        this.line(line);
      } else if (text.startsWith('data: ', pos)) {
        // The common case: one slice for the value, no field split.
        this.dataLine(text.slice(pos + 6, end));
      } else this.line(text.slice(pos, end));
      pos = end + 1;
      if (end === cr) {
        if (pos < length) {
          if (text.charCodeAt(pos) === 10) pos++;
        } else this.skipLF = true;
      }
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
    }
    if (pos < length) this.partial += text.slice(pos);
  }

  private dataLine(value: string): void {
    this.data = this.hasData ? `${this.data}\n${value}` : value;
    this.hasData = true;
  }

  private line(line: string): void {
    if (line === '') {
      if (this.hasData) this.onEvent({ event: this.type || 'message', data: this.data, id: this.id });
      this.data = '';
      this.hasData = false;
      this.type = '';
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') this.dataLine(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

/**
 * Reads a response body as SSE and yields each event's JSON payload. Ends at `data: [DONE]` or at
 * the end of the body; a last event not followed by a blank line still counts when its JSON is
 * complete. A server error (`{"error": ..., "error_type": ...}`, or any `event: error`) or a broken
 * connection throws `InferenceStreamError`. Breaking out of the loop or aborting `signal` cancels
 * the body at once, releasing the connection. Errors are not scrubbed here: callers do that.
 */
export async function* readJsonEvents(
  body: ReadableStream<Uint8Array>,
  options: { signal?: AbortSignal | undefined; model?: string | undefined },
): AsyncGenerator<unknown, void, undefined> {
  const { signal, model } = options;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const queue: SSEEvent[] = [];
  const parser = new SSEParser((event) => queue.push(event));
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      signal?.throwIfAborted();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        signal?.throwIfAborted();
        throw new InferenceStreamError('The stream was interrupted before it finished (connection lost).', {
          model,
          cause,
        });
      }
      signal?.throwIfAborted();
      if (chunk.done) {
        parser.feed(decoder.decode());
        const ended = queue.length;
        // Servers often close without the blank line after their last event; that event is only
        // kept when its JSON is complete, else the reply was cut off mid-event.
        parser.feed('\n\n');
        const last = queue[ended];
        if (last && last.data !== '[DONE]') {
          try {
            JSON.parse(last.data);
          } catch {
            queue.pop();
          }
        }
      } else {
        parser.feed(decoder.decode(chunk.value, { stream: true }));
      }
      while (queue.length > 0) {
        const event = queue.shift()!;
        if (event.data === '[DONE]') return;
        yield parseEvent(event, model);
      }
      if (chunk.done) return;
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.cancel().catch(() => {});
  }
}

function parseEvent({ data, event }: SSEEvent, model: string | undefined): unknown {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (cause) {
    if (event !== 'error') {
      throw new InferenceStreamError(`The server sent an event that is not JSON: ${data.slice(0, 120)}`, {
        model,
        cause,
      });
    }
    value = { error: data };
  }
  const {
    error,
    error_type,
    message: text,
  } = (value ?? {}) as { error?: unknown; error_type?: unknown; message?: unknown };
  // TGI sends `data: {"error": ...}`; others name the event `error` and put `message` in the payload.
  if (error != null || event === 'error') {
    const message =
      typeof error === 'string'
        ? error
        : ((error as { message?: string } | undefined)?.message ??
          (typeof text === 'string' ? text : JSON.stringify(error ?? value)));
    throw new InferenceStreamError(`The server reported an error mid-stream: ${message}`, {
      model,
      errorType: typeof error_type === 'string' ? error_type : undefined,
    });
  }
  return value;
}
