/**
 * The emulator behind a real HTTP server (Node only), through the fetch → `node:http` adapter it
 * shares with @inferkit/server: requests become fetch `Request`s for the handler; responses are
 * written chunk by chunk as they are produced, so streams arrive incrementally, and a client that
 * disconnects aborts the work behind its request.
 */
// The adapter the proxy uses too, bundled into this package's build (it imports only node:http).
import { adaptFetchHandler, listen } from '../../server/src/node-adapter';
import { preloadNlp } from './engines/token-classification';
import { createEmulatorHandler, resolveLimits, type EmulatorConfig, type EmulatorHandler } from './handler';

/** Options of {@link startEmulator}: where to listen, plus the handler's config. */
export interface StartEmulatorOptions extends EmulatorConfig {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number | undefined;
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string | undefined;
  /** Load the NER library in the background once listening, so the first NER answer is quick (the CLI does). */
  warmUp?: boolean | undefined;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL to give core as `baseUrl`, e.g. `http://127.0.0.1:8787`. */
  url: string;
  port: number;
  host: string;
  /** The handler behind the server (its `reset()` forgets cold starts and fault counters). */
  handler: EmulatorHandler;
  /** Stops listening and closes open connections, streams included. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on a port; resolves once it is listening.
 * @example
 * const emulator = await startEmulator({ port: 0 });
 * await zeroShotClassification({ baseUrl: emulator.url, inputs: 'I want a refund', parameters: { candidateLabels: ['refund', 'faq'] } });
 * await emulator.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 8787, host = '127.0.0.1', warmUp = false, ...config } = options;
  const handler = createEmulatorHandler(config);
  const listener = adaptFetchHandler(handler, {
    // An oversized body is drained after its 413 up to four times the limit, then cut off.
    drainBytes: 4 * resolveLimits(config.limits).maxBodyBytes,
    internalError: (error) => `Internal emulator error: ${(error as Error)?.message ?? String(error)}`,
  });
  const { url, port: bound, close } = await listen(listener, { port, host, keepAliveTimeout: 5_000 });
  if (warmUp) void preloadNlp().catch(() => {});
  return { url, port: bound, host, handler, close };
}

export {
  DEFAULT_LIMITS,
  createEmulatorHandler,
  type EmulatorConfig,
  type EmulatorHandler,
  type EmulatorLimits,
  type RequestLogEntry,
} from './handler';
export { listModels } from './catalogue';
export { parseFaults } from './faults';
