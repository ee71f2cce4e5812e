import { InferenceClient } from '@inferkit/core';
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, preview, type InlineConfig } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inferenceProxy } from '../vite';
import { TOKEN, ZERO_SHOT, expectNoTokenAnywhere, observe } from './proxy-test-utils';

let emulator: RunningEmulator;
let root: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0, tokens: [TOKEN] });
  // A built app for `vite preview` to serve, and a page for `vite dev`.
  root = await mkdtemp(join(tmpdir(), 'inferkit-vite-'));
  await mkdir(join(root, 'dist'));
  await writeFile(join(root, 'index.html'), '<!doctype html><title>dev</title>');
  await writeFile(join(root, 'dist', 'index.html'), '<!doctype html><title>built</title>');
});

afterAll(async () => {
  await emulator?.close();
  await rm(root, { recursive: true, force: true });
  await expectNoTokenAnywhere();
});

const config = (): InlineConfig => ({
  root,
  configFile: false,
  logLevel: 'silent',
  server: { port: 0, host: '127.0.0.1', watch: null, ws: false },
  preview: { port: 0, host: '127.0.0.1' },
  plugins: [
    inferenceProxy({ accessToken: TOKEN, upstream: emulator.url, hubUpstream: emulator.url, allowModels: [ZERO_SHOT] }),
  ],
});

const observed = (async (input: RequestInfo | URL, init?: RequestInit) =>
  observe(await fetch(input, init))) as typeof fetch;

async function exercise(origin: string, title: string) {
  const client = new InferenceClient({ baseUrl: `${origin}/api/inference`, provider: 'hf-inference', fetch: observed });
  const result = await client.zeroShotClassification({
    model: ZERO_SHOT,
    inputs: 'I want my money back',
    parameters: { candidateLabels: ['refund', 'faq'] },
  });
  expect(result[0]!.label).toBe('refund');
  const denied = observe(await fetch(`${origin}/api/inference/api/models/gpt2`));
  expect(denied.status).toBe(403);
  // Everything else is still Vite's.
  const page = await fetch(`${origin}/`);
  expect(await page.text()).toContain(`<title>${title}</title>`);
}

describe('the Vite plugin', () => {
  it('serves the proxy below /api/inference in `vite dev`', async () => {
    const server = await createServer(config());
    await server.listen();
    try {
      const { port } = server.httpServer!.address() as AddressInfo;
      await exercise(`http://127.0.0.1:${port}`, 'dev');
    } finally {
      await server.close();
    }
  });

  it('serves the proxy in `vite preview` too', async () => {
    const server = await preview(config());
    try {
      const { port } = server.httpServer.address() as AddressInfo;
      await exercise(`http://127.0.0.1:${port}`, 'built');
    } finally {
      await server.close();
    }
  });
});
