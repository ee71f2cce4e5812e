import { createEmulatorHandler, type EmulatorHandler } from '@inferkit/emulator';
import { http } from 'msw';
import { setupWorker } from 'msw/browser';

/** Where the hook stories' `InferenceClient` sends requests; MSW answers them with the emulator. */
export const INFERENCE_BASE_URL = '/api/inference';

/** `none` answers at once (the Vitest run); `demo` feels like a hosted model (the Storybook UI). */
export type EmulatorLatency = 'none' | 'demo';

/** One request the emulator answered. */
export interface EmulatorLogEntry {
  method: string;
  path: string;
  status: number;
}

let log: EmulatorLogEntry[] = [];
let hubLog: EmulatorLogEntry[] = [];

// Hub lookups go to their own log: core caches them per model across stories, so whether a story
// makes one depends on the stories before it.
const create = (latency: EmulatorLatency) =>
  createEmulatorHandler({
    latency,
    onRequest: ({ method, path, status }) => (path.startsWith('/api/') ? hubLog : log).push({ method, path, status }),
  });

let emulator: EmulatorHandler = create('none');

/**
 * A fresh emulator for each story: cold starts, `*N` fault counters and the request log never
 * leak from one story into the next.
 */
export function resetEmulator(latency: EmulatorLatency = 'none'): void {
  log = [];
  hubLog = [];
  emulator = create(latency);
}

/** The requests the emulator answered since the story started (for play functions). */
export const emulatorLog = (): readonly EmulatorLogEntry[] => log;

/** The Hub lookups (`/api/models/…`) the emulator answered since the story started. */
export const emulatorHubLog = (): readonly EmulatorLogEntry[] => hubLog;

/** The same request, with the `/api/inference` prefix taken off (the emulator is mounted at its root). */
async function toEmulatorRequest(request: Request): Promise<Request> {
  const url = new URL(request.url);
  url.pathname = url.pathname.slice(INFERENCE_BASE_URL.length) || '/';
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  return new Request(url, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    signal: request.signal,
  });
}

/** MSW handlers that hand every inference request to the emulator (SSE streams included). */
export const emulatorHandlers = [
  http.all(`${INFERENCE_BASE_URL}/*`, async ({ request }) => emulator(await toEmulatorRequest(request))),
];

/**
 * Starts the MSW worker with the emulator as its initial handler, so it survives the addon's
 * `resetHandlers()` between stories. Stories can still add handlers with `msw.use(...)`.
 */
export async function startEmulatorWorker() {
  const worker = setupWorker(...emulatorHandlers);
  await worker.start({
    quiet: true,
    // Storybook and Vite fetch their own modules and assets: let them through silently.
    onUnhandledRequest: 'bypass',
    serviceWorker: { url: new URL('mockServiceWorker.js', document.baseURI).pathname },
  });
  return worker;
}
