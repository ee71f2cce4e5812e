import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { toNodeListener, type FetchHandler } from '../node';

const CHUNK = 64 * 1024;
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: FetchHandler): Promise<string> {
  server = createServer(toNodeListener(handler));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** An endless byte stream that only produces when pulled, counting what it produced. */
function endless() {
  const stats = { produced: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.produced += CHUNK;
      controller.enqueue(new Uint8Array(CHUNK));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

describe('toNodeListener', () => {
  it('a body that fails mid-way breaks the connection only after what came before it was sent', async () => {
    const events = Array.from({ length: 5 }, (_, i) => `data: {"token":${i}}\n\n`);
    const url = await serve(() => {
      const encoder = new TextEncoder();
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          // Every event at once, then the failure: nothing gives the socket time to flush between.
          if (sent < events.length) controller.enqueue(encoder.encode(events[sent++]!));
          else controller.error(new Error('upstream dropped'));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const response = await fetch(url);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    let failure: unknown;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeDefined();
    expect(received).toBe(events.join(''));
  });

  it('passes method, path, query, headers and body to the handler and the answer back', async () => {
    const url = await serve(async (request) => {
      const body = await request.text();
      return Response.json(
        { method: request.method, url: request.url, header: request.headers.get('x-test'), body },
        {
          status: 201,
          headers: [
            ['set-cookie', 'a=1'],
            ['set-cookie', 'b=2'],
          ],
        },
      );
    });
    const res = await fetch(`${url}/a/b?c=d`, { method: 'POST', headers: { 'x-test': 'yes' }, body: 'hello' });
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(await res.json()).toEqual({ method: 'POST', url: `${url}/a/b?c=d`, header: 'yes', body: 'hello' });
  });

  it('reads a response body only as fast as the client takes it (backpressure)', async () => {
    const { stream, stats } = endless();
    const url = await serve(() => new Response(stream));
    const controller = new AbortController();
    const res = await fetch(url, { signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    await sleep(150);
    const stalled = stats.produced;
    await sleep(100);
    console.log(`response backpressure: ${(stalled / MB).toFixed(1)} MB produced while the client read one chunk`);
    // Socket and stream buffers hold a few MB at most; without backpressure this would be hundreds.
    expect(stalled).toBeLessThan(32 * MB);
    expect(stats.produced).toBe(stalled);
    controller.abort();
    const until = performance.now() + 1000;
    while (!stats.cancelled && performance.now() < until) await sleep(10);
    expect(stats.cancelled).toBe(true);
  });

  it('pulls an upload only as fast as the handler reads it (backpressure)', async () => {
    const { stream, stats } = endless();
    let readByHandler = 0;
    const url = await serve(async (request) => {
      await sleep(150);
      const reader = request.body!.getReader();
      const { value } = await reader.read();
      readByHandler += value?.byteLength ?? 0;
      await reader.cancel();
      return new Response('enough');
    });
    const res = await fetch(url, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    expect(await res.text()).toBe('enough');
    expect(readByHandler).toBeGreaterThan(0);
    console.log(
      `upload backpressure: ${(stats.produced / MB).toFixed(1)} MB produced while the handler read one chunk`,
    );
    expect(stats.produced).toBeLessThan(32 * MB);
  });

  it("aborts the handler's request signal when the client disconnects", async () => {
    let aborted = false;
    const url = await serve(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener('abort', () => {
            aborted = true;
            resolve(new Response('late'));
          });
        }),
    );
    const controller = new AbortController();
    const pending = fetch(url, { signal: controller.signal }).catch(() => undefined);
    await sleep(30);
    controller.abort();
    await pending;
    const until = performance.now() + 1000;
    while (!aborted && performance.now() < until) await sleep(10);
    expect(aborted).toBe(true);
  });

  it('answers 500 without details when the handler throws, and breaks a body that fails mid-way', async () => {
    const url = await serve((request) => {
      if (request.url.endsWith('/throw')) throw new Error('secret detail');
      return new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('partial'));
            setTimeout(() => controller.error(new Error('upstream dropped')), 10);
          },
        }),
      );
    });
    const thrown = await fetch(`${url}/throw`);
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).not.toContain('secret detail');
    const broken = await fetch(`${url}/stream`);
    await expect(broken.text()).rejects.toThrow();
  });
});
