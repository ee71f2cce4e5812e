/** Helpers shared by the emulator's tests: call a handler like a client would, read SSE. */
import { createEmulatorHandler, type EmulatorConfig, type EmulatorHandler } from '../handler';

export const BASE = 'http://emulator.test';

export function emulator(config: EmulatorConfig = {}) {
  const handler = createEmulatorHandler(config);
  const post = (path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) =>
    handler(
      new Request(`${BASE}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal,
      }),
    );
  const get = (path: string, headers: Record<string, string> = {}) =>
    handler(new Request(`${BASE}${path}`, { headers }));
  return { handler, post, get };
}

export type Emulator = ReturnType<typeof emulator> & { handler: EmulatorHandler };

/** The `data:` payloads of an SSE body, in order, as strings. */
export function sseData(text: string): string[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      if (!block.startsWith('data: ')) throw new Error(`not an SSE data event: ${JSON.stringify(block)}`);
      return block.slice('data: '.length);
    });
}

/** Parsed JSON events of an SSE body, without the `[DONE]` marker. */
export const sseEvents = (text: string): Record<string, any>[] =>
  sseData(text)
    .filter((d) => d !== '[DONE]')
    .map((d) => JSON.parse(d));

export const chatUrl = (model: string) => `/models/${model}/v1/chat/completions`;
