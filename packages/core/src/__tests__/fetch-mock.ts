/** A `fetch` stand-in that records every request and answers from a script. Test-only. */
export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  bytes: Uint8Array;
  signal: AbortSignal | null;
}

export type Responder = (request: Recorded, index: number) => Response | Promise<Response>;

export function mockFetch(...responders: (Responder | Response | unknown)[]) {
  const calls: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const recorded: Recorded = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: new TextDecoder().decode(bytes),
      bytes,
      signal: init?.signal ?? null,
    };
    calls.push(recorded);
    init?.signal?.throwIfAborted();
    const index = calls.length - 1;
    const responder = responders[Math.min(index, responders.length - 1)];
    if (typeof responder === 'function') return (responder as Responder)(recorded, index);
    if (responder instanceof Response) return responder.clone();
    return Response.json(responder);
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A streamed response whose chunks the test pushes by hand. */
export function controlledStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled: unknown = false;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel(reason) {
      cancelled = reason ?? true;
    },
  });
  const encoder = new TextEncoder();
  return {
    response: new Response(body, { headers: { 'content-type': 'text/event-stream' } }),
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    close: () => controller.close(),
    fail: (error: unknown) => controller.error(error),
    get cancelled() {
      return cancelled;
    },
  };
}

export const sse = (...events: (string | object)[]) =>
  events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');
