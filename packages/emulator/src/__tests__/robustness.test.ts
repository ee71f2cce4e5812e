/**
 * The Node server and the CLI against hostile or unlucky clients: a malformed Host header is the
 * client's 400 (not a 500), an endless upload is cut off after its 413, and SIGTERM stops the CLI
 * within seconds while a long stream and a slow request are still running.
 */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../node';

let emulator: RunningEmulator;

beforeAll(async () => {
  const { startEmulator } = await import('../node');
  emulator = await startEmulator({ port: 0, limits: { maxBodyBytes: 100_000 } });
});

afterAll(async () => {
  await emulator?.close();
});

/** Sends raw bytes, resolves with everything the server wrote before closing (or after 3 s). */
const raw = (text: string) =>
  new Promise<string>((resolve) => {
    const socket = connect(emulator.port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.on('data', (data) => (out += data.toString()));
    socket.on('close', () => resolve(out));
    socket.on('error', () => resolve(out));
    setTimeout(() => socket.destroy(), 3000).unref();
  });

describe('the Node server', () => {
  it('answers a malformed Host header with 400, and keeps serving', async () => {
    for (const host of ['a b', '[::1', 'exa mple.com:80']) {
      const answer = await raw(`GET /health HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(answer, host).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('"error":"The Host header is malformed."');
    }
    const ok = await raw(`GET /health HTTP/1.1\r\nHost: localhost:${emulator.port}\r\nConnection: close\r\n\r\n`);
    expect(ok).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers an endless upload with 413 and cuts it off, without buffering it', async () => {
    const rssBefore = process.memoryUsage().rss;
    const outcome = await new Promise<{ status?: number; body: string; sent: number }>((resolve) => {
      let sent = 0;
      let body = '';
      let status: number | undefined;
      const req = request(
        `${emulator.url}/models/dslim/bert-base-NER`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          status = res.statusCode;
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status, body, sent }));
        },
      );
      req.on('error', () => resolve({ status, body, sent }));
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      // Up to 1 GB, written as fast as the server reads it: it must stop reading long before that.
      const pump = () => {
        while (sent < 2 ** 30) {
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    expect(outcome.status).toBe(413);
    expect(outcome.body).toContain('length limit exceeded');
    expect(outcome.sent).toBeLessThan(64 * 2 ** 20);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 2 ** 20);
    expect((await fetch(`${emulator.url}/health`)).status).toBe(200);
  });
});

describe('the CLI', () => {
  it('exits within seconds on SIGTERM while a stream and a slow request are running', { timeout: 30_000 }, async () => {
    const bin = fileURLToPath(new URL('../../bin/inferkit-emulator.js', import.meta.url));
    const child = spawn(process.execPath, [bin, '--port', '0', '--latency', 'none', '--quiet'], {
      env: { ...process.env, INFERKIT_EMULATOR_SOURCE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: performance.now() })),
    );
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (data) => {
          out += data;
          const m = /listening on (\S+)/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', () => reject(new Error(`the CLI exited early: ${out}`)));
      });
      // A stream paced at one token a second: it would run for minutes.
      const streamed = await fetch(`${url}/models/meta-llama/Llama-3.1-8B-Instruct/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-inferkit-fault': 'token-rate=1' },
        body: JSON.stringify({
          model: 'meta-llama/Llama-3.1-8B-Instruct',
          stream: true,
          max_tokens: 200,
          messages: [{ role: 'user', content: 'Tell me a long story' }],
        }),
      });
      const reader = streamed.body!.getReader();
      await reader.read();
      // And a maximum-size request to a slow engine, in flight when the signal arrives.
      const slow = fetch(`${url}/models/facebook/bart-large-cnn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: 'A b. '.repeat(6400) }),
      }).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const signalled = performance.now();
      child.kill('SIGTERM');
      const { code, at } = await exited;
      expect(code).toBe(0);
      expect(at - signalled).toBeLessThan(3000);
      await reader.cancel().catch(() => {});
      await slow;
    } finally {
      child.kill('SIGKILL');
    }
  });
});
