/**
 * Request body limits. `content-length` can be absent (chunked uploads) or wrong, so the size limit
 * is also enforced on the bytes as they stream through; and a client that stops sending mid-upload
 * would hold the proxy and the upstream connection open, so an idle body is cut as well.
 */

/** Thrown into the request body stream once it passes the limit. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  readonly limit: number;
  constructor(limit: number) {
    super(`The request body exceeds ${limit} bytes.`);
    this.limit = limit;
  }
}

/** Thrown into the request body stream when no byte arrived for `timeoutMs`. */
export class BodyTimeoutError extends Error {
  override name = 'BodyTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`No byte of the request body arrived for ${timeoutMs} ms.`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * One read of `reader`, failing with {@link BodyTimeoutError} (and cancelling the source) when it
 * takes longer than `timeoutMs`. Only time spent waiting on the client counts: while the proxy is
 * not reading (backpressure from a slow upstream) no timer runs.
 */
async function readWithin<T>(
  reader: ReadableStreamDefaultReader<T>,
  timeoutMs: number | undefined,
): Promise<ReadableStreamReadResult<T>> {
  if (timeoutMs === undefined) return reader.read();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BodyTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([reader.read(), timeout]);
  } catch (error) {
    if (error instanceof BodyTimeoutError) void reader.cancel(error).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** Limits on a request body: its size, and how long it may go without sending a byte. */
export interface BodyLimits {
  maxBytes: number;
  idleTimeoutMs?: number | undefined;
  /** Called once, before the stream fails, with the reason. */
  onFail?: ((error: BodyTooLargeError | BodyTimeoutError) => void) | undefined;
}

/**
 * A body that fails with {@link BodyTooLargeError} once more than `maxBytes` went through, or with
 * {@link BodyTimeoutError} when the client sends nothing for `idleTimeoutMs`.
 */
export function limitStream(body: ReadableStream<Uint8Array>, limits: BodyLimits): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let seen = 0;
  const fail = (
    controller: ReadableStreamDefaultController<Uint8Array>,
    error: BodyTooLargeError | BodyTimeoutError,
  ) => {
    limits.onFail?.(error);
    controller.error(error);
    void reader.cancel(error).catch(() => {});
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: ReadableStreamReadResult<Uint8Array>;
        try {
          result = await readWithin(reader, limits.idleTimeoutMs);
        } catch (error) {
          if (error instanceof BodyTimeoutError) fail(controller, error);
          else controller.error(error);
          return;
        }
        if (result.done) {
          controller.close();
          return;
        }
        seen += result.value.byteLength;
        if (seen > limits.maxBytes) {
          fail(controller, new BodyTooLargeError(limits.maxBytes));
          return;
        }
        controller.enqueue(result.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Reads a body up to `limit` bytes; what lies beyond is cancelled and reported as `truncated`. */
export async function readUpTo(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  idleTimeoutMs?: number,
): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  if (body) {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await readWithin(reader, idleTimeoutMs);
      if (done) break;
      if (size + value.byteLength > limit) {
        chunks.push(value.subarray(0, limit - size));
        size = limit;
        truncated = true;
        await reader.cancel().catch(() => {});
        break;
      }
      chunks.push(value);
      size += value.byteLength;
    }
  }
  return { bytes: concatBytes(chunks), truncated };
}

/** The parts as one array; a single part is returned as it is, without a copy. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const out = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/**
 * Reads a whole body, failing with {@link BodyTooLargeError} as soon as it passes `limit`, or with
 * {@link BodyTimeoutError} when no byte arrives for `idleTimeoutMs`.
 */
export async function readLimited(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  idleTimeoutMs?: number,
): Promise<Uint8Array> {
  const { bytes, truncated } = await readUpTo(body, limit, idleTimeoutMs);
  if (truncated) throw new BodyTooLargeError(limit);
  return bytes;
}
