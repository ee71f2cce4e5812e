/**
 * Server-Sent Events as TGI writes them (`data: {json}\n\n`), paced token by token, with the
 * stream faults (drop, error event, malformed event) applied here so every streaming engine gets
 * them for free. Uses only web streams, so it runs in Node and in the browser alike.
 */
import type { StreamSettings } from './types';

/** Resolves after `ms`, or rejects as soon as `signal` aborts, clearing its timer either way. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * One event to send. `token` frames are paced and counted by the fault settings; `final` frames
 * (the finishing chunk, `[DONE]`) are what a fault set past the last token cuts off.
 */
export interface SseFrame {
  data: string;
  token?: boolean;
  final?: boolean;
}

/** The TGI error message for each `error_type` a stream can fail with. */
const STREAM_ERRORS: Record<string, string> = {
  overloaded: 'Model is overloaded',
  generation: 'Request failed during generation: Server error: CUDA out of memory.',
  validation: 'Input validation error: the request is invalid',
  incomplete_generation: 'Incomplete generation',
};

/** Thrown into the body when a `drop-after` fault cuts the stream, as a broken connection would. */
export class DroppedConnectionError extends Error {
  override name = 'DroppedConnectionError';
  constructor() {
    super('The emulator dropped the connection mid-stream (drop-after fault).');
  }
}

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/**
 * A `200 text/event-stream` response that emits `frames` one at a time as the reader pulls, so
 * slow readers apply backpressure and a cancelled reader (closed client) stops it at once.
 */
export function sseResponse(frames: readonly SseFrame[], settings: StreamSettings, signal?: AbortSignal): Response {
  const encoder = new TextEncoder();
  const stopped = new AbortController();
  const onAbort = () => stopped.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const tokenTotal = frames.filter((f) => f.token && !f.final).length;
  // A fault set past the end of the tokens still fires, just before the final frames.
  const at = (n: number | undefined) => (n === undefined ? undefined : Math.min(Math.max(0, n), tokenTotal));
  const dropAt = at(settings.dropAfterTokens);
  const errorAt = at(settings.errorAfterTokens);
  const malformedAt = at(settings.malformedAfterTokens);
  let next = 0;
  let tokens = 0;
  let malformedSent = false;

  const finish = () => signal?.removeEventListener('abort', onAbort);

  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const frame = frames[next];
          const atTokenBoundary = !frame || frame.token || frame.final;
          if (atTokenBoundary && dropAt !== undefined && tokens === dropAt) {
            finish();
            controller.error(new DroppedConnectionError());
            return;
          }
          if (atTokenBoundary && errorAt !== undefined && tokens === errorAt) {
            const type = settings.errorType ?? 'generation';
            const error = { error: STREAM_ERRORS[type] ?? `Request failed: ${type}`, error_type: type };
            controller.enqueue(encoder.encode(`data: ${JSON.stringify(error)}\n\n`));
            finish();
            controller.close();
            return;
          }
          if (atTokenBoundary && !malformedSent && malformedAt !== undefined && tokens === malformedAt) {
            malformedSent = true;
            // Cut mid-object, as a buggy proxy that splits an event would deliver it.
            controller.enqueue(encoder.encode('data: {"token": {"id": 0, "text": "\n\n'));
            return;
          }
          if (!frame) {
            finish();
            controller.close();
            return;
          }
          if (frame.token && tokens > 0 && settings.tokenDelayMs > 0)
            await sleep(settings.tokenDelayMs, stopped.signal);
          next += 1;
          if (frame.token) tokens += 1;
          controller.enqueue(encoder.encode(`data: ${frame.data}\n\n`));
        } catch (error) {
          finish();
          // Aborted by the client: nobody is reading any more, so just end quietly.
          if (stopped.signal.aborted) controller.error(stopped.signal.reason);
          else controller.error(error);
        }
      },
      cancel(reason) {
        finish();
        stopped.abort(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}
