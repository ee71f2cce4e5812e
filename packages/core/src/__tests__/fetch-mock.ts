import { taskTable } from '../task-table';

const HUB_LOOKUP =
  /\/api\/models\/(.+)\?expand%5B%5D=inferenceProviderMapping$|\/api\/models\/(.+)\?expand\[\]=inferenceProviderMapping$/;
const TASKS = [...new Set(Object.values(taskTable).map((fn) => fn.definition.task))];

/**
 * The Hub's answer for a model the tests call with the default provider: served by hf-inference for
 * every task, so the lookup each task call now makes first finds it, whatever the task.
 */
export const hfInferenceMapping = (model: string) => ({
  _id: 'x',
  id: model,
  inferenceProviderMapping: TASKS.map((task) => ({
    provider: 'hf-inference',
    providerId: model,
    status: 'live',
    task,
  })),
});

/**
 * A `fetch` stand-in that records every request and answers from a script. Test-only. Hub mapping
 * lookups (which every non-chat call with the default provider makes first) are answered with
 * {@link hfInferenceMapping} and recorded apart, in `hubCalls`, so the script and `calls` see the
 * inference requests only.
 */
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
  const hubCalls: Recorded[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const hub = HUB_LOOKUP.exec(request.url);
    if (hub && request.method === 'GET') {
      hubCalls.push({
        method: 'GET',
        url: request.url,
        headers: Object.fromEntries(request.headers),
        body: '',
        bytes: new Uint8Array(),
        signal: init?.signal ?? null,
      });
      return Response.json(hfInferenceMapping(decodeURIComponent(hub[1] ?? hub[2]!)));
    }
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
  return { fetch: fetch as typeof globalThis.fetch, calls, hubCalls };
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
