/**
 * The README's framework snippets, run as written against the request shapes each framework really
 * produces: Express 5 (a real app, mounted under its path prefix, which Express strips), Hono (a real
 * app whose handler passes `c.req.raw`), and a Next.js App Router route handler
 * (`app/api/inference/[...path]/route.ts`, called as Next calls it: the full URL and a `{ params }`
 * context). Each answers a classic task and a streamed chat through core, with the token only on
 * the server.
 */
import { chatCompletionStream, zeroShotClassification } from '@inferkit/core';
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import express from 'express';
import { Hono } from 'hono';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceProxy } from '../index';
import { toNodeListener } from '../node';
import { LLAMA, TOKEN, ZERO_SHOT } from './proxy-test-utils';

let emulator: RunningEmulator;
const servers: Server[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokens: [TOKEN] });
});

afterAll(async () => {
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await emulator.close();
});

async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** What a browser app does through the proxy: no token, just the proxy's URL as `baseUrl`. */
async function useThrough(baseUrl: string, fetch: typeof globalThis.fetch = globalThis.fetch) {
  const labels = await zeroShotClassification({
    baseUrl,
    fetch,
    model: ZERO_SHOT,
    inputs: 'I want my money back',
    parameters: { candidateLabels: ['refund', 'legal'] },
  });
  expect(labels.map((l) => l.label).sort()).toEqual(['legal', 'refund']);
  let text = '';
  for await (const chunk of chatCompletionStream({
    baseUrl,
    fetch,
    model: LLAMA,
    messages: [{ role: 'user', content: 'Hello!' }],
    maxTokens: 8,
  })) {
    text += chunk.choices[0]?.delta.content ?? '';
  }
  expect(text.length).toBeGreaterThan(0);
}

/** A fetch that records every request and response text, to show the token never reached the app. */
function recording() {
  const seen: string[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    expect(request.headers.get('authorization')).toBeNull();
    const response = await globalThis.fetch(request);
    seen.push(JSON.stringify([...response.headers]), await response.clone().text());
    return response;
  };
  return { fetch, seen };
}

describe("the README's framework mounts", () => {
  it('Express 5: app.use(prefix, toNodeListener(proxy)) without basePath (Express strips the prefix)', async () => {
    const app = express();
    app.get('/health', (_req, res) => {
      res.send('ok');
    });
    // As in the README: Express strips the mount path, so basePath is left out.
    app.use(
      '/api/inference',
      toNodeListener(createInferenceProxy({ accessToken: TOKEN, upstream: emulator.url, hubUpstream: emulator.url })),
    );
    const url = await listen(app);
    const { fetch, seen } = recording();
    await useThrough(`${url}/api/inference`, fetch);
    expect(seen.join('\n')).not.toContain(TOKEN);
    // The app's own routes stay its own; the proxy sees nothing outside its prefix.
    expect(await (await fetch(`${url}/health`)).text()).toBe('ok');
    expect((await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it("Hono: app.all('/api/inference/*', (c) => proxy(c.req.raw)) with basePath", async () => {
    const proxy = createInferenceProxy({
      accessToken: TOKEN,
      upstream: emulator.url,
      hubUpstream: emulator.url,
      basePath: '/api/inference',
    });
    const app = new Hono();
    app.all('/api/inference/*', (c) => proxy(c.req.raw));
    app.get('/', (c) => c.text('home'));
    // Hono's own fetch entry, as Bun, Deno, Workers or @hono/node-server call it.
    const seen: string[] = [];
    const through: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      expect(request.headers.get('authorization')).toBeNull();
      const response = await app.fetch(request);
      seen.push(JSON.stringify([...response.headers]), await response.clone().text());
      return response;
    };
    await useThrough('http://app.test/api/inference', through);
    expect(seen.join('\n')).not.toContain(TOKEN);
    expect(await (await app.fetch(new Request('http://app.test/'))).text()).toBe('home');
  });

  it('Next.js App Router: app/api/inference/[...path]/route.ts exporting GET and POST', async () => {
    // The route module, as the README writes it.
    const route = (() => {
      const proxy = createInferenceProxy({
        accessToken: TOKEN,
        upstream: emulator.url,
        hubUpstream: emulator.url,
        basePath: '/api/inference',
      });
      return { dynamic: 'force-dynamic', GET: proxy, POST: proxy };
    })();
    // Next calls the handler with the request (its full URL, path prefix included) and a context
    // whose `params` is a promise of the catch-all segments.
    const seen: string[] = [];
    const next: typeof globalThis.fetch = async (input, init) => {
      const request = new Request(input, init);
      expect(request.headers.get('authorization')).toBeNull();
      const path = new URL(request.url).pathname.replace(/^\/api\/inference\//, '').split('/');
      const handler = request.method === 'GET' ? route.GET : route.POST;
      const response = await (handler as (r: Request, c: unknown) => Promise<Response>)(request, {
        params: Promise.resolve({ path }),
      });
      seen.push(JSON.stringify([...response.headers]), await response.clone().text());
      return response;
    };
    await useThrough('http://localhost:3000/api/inference', next);
    expect(seen.join('\n')).not.toContain(TOKEN);
    expect(route.dynamic).toBe('force-dynamic');
  });
});
