/** Helpers shared by the proxy's tests: a proxy in front of the in-process emulator, and leak checks. */
import { InferenceClient, InferenceHTTPError } from '@inferkit/core';
import { createEmulatorHandler, type EmulatorConfig } from '@inferkit/emulator';
import { expect } from 'vitest';
import { createInferenceProxy, type InferenceProxyOptions, type ProxyLogEntry } from '../proxy';

/** The server's token: the emulator accepts only this one, so a 200 proves the proxy sent it. */
export const TOKEN = 'hf_ProxySecret0123456789abcdefghijKLMN';
/** A token a browser might send; it must never reach the upstream. */
export const BROWSER_TOKEN = 'hf_BrowserToken9876543210zyxwvutsrq';

export const APP = 'http://app.test';
export const BASE = `${APP}/api/inference`;
/** The router root the test proxies forward to. */
export const UPSTREAM = 'http://router.test';
/** The Hub root the test proxies send lookups to. */
export const HUB = 'http://hub.test';

export const ZERO_SHOT = 'facebook/bart-large-mnli';
export const LLAMA = 'meta-llama/Llama-3.1-8B-Instruct';
export const EMBEDDER = 'sentence-transformers/all-MiniLM-L6-v2';
export const VIT = 'google/vit-base-patch16-224';

/** A 4×4 orange PNG. */
export const PNG = Uint8Array.from(
  atob('iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGN4XSEHRwzEcQB+whgRGhXm5AAAAABJRU5ErkJggg=='),
  (c) => c.charCodeAt(0),
);

/** What the upstream received. */
export interface UpstreamCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Uint8Array;
  signal: AbortSignal;
}

/** Everything the proxy sent back to a client, gathered for leak checks. */
export const seen: { texts: Promise<string>[]; headers: string[]; logs: ProxyLogEntry[] } = {
  texts: [],
  headers: [],
  logs: [],
};

/** Records a response for the leak check without disturbing the caller's reading of it. */
export function observe(response: Response): Response {
  seen.headers.push(JSON.stringify([...response.headers]));
  seen.texts.push(
    response
      .clone()
      .text()
      .catch(() => ''),
  );
  return response;
}

/** Fails when the token appears in any response body, header or log entry seen so far. */
export async function expectNoTokenAnywhere(token = TOKEN) {
  const texts = await Promise.all(seen.texts);
  expect(texts.length + seen.headers.length + seen.logs.length).toBeGreaterThan(0);
  for (const text of [...texts, ...seen.headers, ...seen.logs.map((entry) => JSON.stringify(entry))]) {
    expect(text).not.toContain(token);
  }
}

/** A proxy mounted at `/api/inference` in front of an in-process emulator that requires {@link TOKEN}. */
export function setup(options: InferenceProxyOptions & { emulator?: EmulatorConfig } = {}) {
  const { emulator: emulatorConfig, ...proxyOptions } = options;
  const emulator = createEmulatorHandler({ tokens: [TOKEN], ...emulatorConfig });
  const upstream: UpstreamCall[] = [];
  const logs: ProxyLogEntry[] = [];
  const proxy = createInferenceProxy({
    accessToken: TOKEN,
    basePath: '/api/inference',
    upstream: UPSTREAM,
    hubUpstream: HUB,
    fetch: async (request) => {
      const body = new Uint8Array(await request.clone().arrayBuffer());
      upstream.push({
        url: request.url,
        method: request.method,
        headers: Object.fromEntries(request.headers),
        body,
        signal: request.signal,
      });
      return emulator(request);
    },
    onLog: (entry) => {
      logs.push(entry);
      seen.logs.push(entry);
    },
    ...proxyOptions,
  });
  /** `fetch` that lands in the proxy, as a browser's would. */
  const fetchProxy = async (input: RequestInfo | URL, init?: RequestInit) =>
    observe(await proxy(new Request(input, init)));
  // hf-inference named, so a call makes no Hub lookup first and the upstream sees one request per call.
  const client = new InferenceClient({ baseUrl: BASE, provider: 'hf-inference', fetch: fetchProxy as typeof fetch });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetchProxy(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
  const get = (path: string, headers: Record<string, string> = {}) => fetchProxy(`${BASE}${path}`, { headers });
  return { proxy, emulator, upstream, logs, client, fetchProxy, post, get };
}

/** The `data:` payloads of an SSE body. */
export const sseData = (text: string) =>
  text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length));

export const chatBody = (content: string, extra: Record<string, unknown> = {}) => ({
  messages: [{ role: 'user', content }],
  max_tokens: 8,
  ...extra,
});

/** The typed error a call rejects with; fails the test when it resolves or throws something else. */
export async function httpError(call: Promise<unknown>): Promise<InferenceHTTPError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InferenceHTTPError);
  return error as InferenceHTTPError;
}
