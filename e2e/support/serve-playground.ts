/**
 * Builds the playground and serves it the way users deploy it: `vite build`, then `vite preview`
 * with the inference proxy from apps/playground/vite.config.ts, in front of an emulator that only
 * accepts the server's token. Started by the e2e global setup as its own Node process (with the
 * `@inferkit/source` condition and tsx, so the workspace packages run from source); prints one
 * READY line with JSON, and closes everything on SIGTERM.
 */
import { startEmulator } from '@inferkit/emulator/node';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';
import { E2E_TOKEN, READY_PREFIX, type E2EServer } from './constants';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const app = path.join(root, 'apps/playground');
const configFile = path.join(app, 'vite.config.ts');

// Zero latency: the tests that need a slow or failing model ask for it with the fault header.
const emulator = await startEmulator({ port: 0, tokens: [E2E_TOKEN], latency: 'none', warmUp: true });
const outDir = await mkdtemp(path.join(tmpdir(), 'inferkit-playground-e2e-'));

// vite.config.ts reads these on the server side only.
process.env.HF_TOKEN = E2E_TOKEN;
process.env.INFERKIT_UPSTREAM = emulator.url;

const shared = { root: app, configFile, configLoader: 'native' as const, logLevel: 'warn' as const };
let server: Awaited<ReturnType<typeof preview>> | undefined;
const close = async () => {
  await server?.close().catch(() => {});
  await emulator.close().catch(() => {});
  await rm(outDir, { recursive: true, force: true }).catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', () => void close());
process.on('SIGINT', () => void close());
// The parent went away without a signal: do not outlive it.
process.stdin.on('end', () => void close());
process.stdin.resume();

try {
  await build({ ...shared, build: { outDir, emptyOutDir: true } });
  server = await preview({
    ...shared,
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report its URL');
  const ready: E2EServer = { url, emulatorUrl: emulator.url, outDir };
  process.stdout.write(`${READY_PREFIX}${JSON.stringify(ready)}\n`);
} catch (error) {
  console.error(error);
  await emulator.close().catch(() => {});
  await rm(outDir, { recursive: true, force: true }).catch(() => {});
  process.exit(1);
}
