#!/usr/bin/env node
// `pnpm dev`: the playground (apps/playground) on Vite's dev server, with the inference proxy
// mounted at /api/inference, against the local emulator, or against Hugging Face when HF_TOKEN is
// set. One process tree; Ctrl-C stops everything.
//
//   pnpm dev            start and keep running
//   pnpm dev --once     start, load the page and one API call through the proxy, print OK, exit
//
// Environment: PORT (playground, default 5173), EMULATOR_PORT (default 8787), HF_TOKEN (use
// Hugging Face; read by the proxy on the server only), INFERKIT_UPSTREAM (any other router root, which also answers the Hub's lookups).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const once = process.argv.includes('--once') || process.argv.includes('--check');

// The workspace packages run from their TypeScript sources: Node needs the `@inferkit/source` export
// condition and tsx's loader. Re-run this file once with both, in the same process tree.
if (!process.env.INFERKIT_DEV_CHILD) {
  const child = spawn(
    process.execPath,
    ['--conditions=@inferkit/source', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', cwd: root, env: { ...process.env, INFERKIT_DEV_CHILD: '1' } },
  );
  // The terminal sends Ctrl-C to the whole group; forwarding covers `kill <pid>` of this process.
  // Stopping is how a dev server ends, so it exits 0 (no "ELIFECYCLE Command failed" from pnpm),
  // even when the child is still starting and dies of the signal. The root script runs this file
  // with `exec`, so no shell sits between pnpm and here to die of the Ctrl-C itself.
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => {
      stopping = true;
      child.kill(signal);
    });
  child.on('exit', (code, signal) => process.exit(stopping && (code === 0 || signal) ? 0 : (code ?? 1)));
} else {
  await main();
}

async function main() {
  const { startEmulator } = await import('@inferkit/emulator/node');
  const { createServer } = await import('vite');
  const closers = [];
  let closing = false;
  const shutdown = async (code) => {
    if (closing) return;
    closing = true;
    for (const close of closers.reverse()) await close().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  try {
    let target;
    if (process.env.INFERKIT_UPSTREAM) {
      target = `upstream ${process.env.INFERKIT_UPSTREAM}`;
    } else if (process.env.HF_TOKEN) {
      target = 'Hugging Face (router.huggingface.co, token from HF_TOKEN, kept on the server)';
    } else {
      const emulator = await startLocalEmulator(startEmulator);
      closers.push(() => emulator.close());
      // vite.config.ts reads the upstream from here.
      process.env.INFERKIT_UPSTREAM = emulator.url;
      target = `local emulator ${emulator.url}`;
    }

    const server = await createServer({
      root: path.join(root, 'apps/playground'),
      configFile: path.join(root, 'apps/playground/vite.config.ts'),
      // Node imports the config itself, so `@inferkit/server/vite` resolves to its sources too.
      configLoader: 'native',
      server: once ? { port: 0, strictPort: false } : {},
      logLevel: once ? 'warn' : 'info',
    });
    closers.push(() => server.close());
    await server.listen();
    const url = server.resolvedUrls?.local[0] ?? `http://localhost:${server.config.server.port}/`;

    if (once) {
      await check(url);
      console.log(`OK  playground ${url}  →  ${target}`);
      await shutdown(0);
      return;
    }
    const line = '─'.repeat(Math.max(url.length + 4, 40));
    console.log(
      `\n  ${line}\n  inferkit playground   ${url}\n  requests go to        ${url}api/inference → ${target}\n  ${line}\n`,
    );
    console.log('  Ctrl-C to stop.\n');
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    await shutdown(1);
  }
}

/** The emulator on EMULATOR_PORT (default 8787), or on a free port when that one is taken. */
async function startLocalEmulator(startEmulator) {
  const options = { host: '127.0.0.1', latency: once ? 'none' : 'demo', warmUp: true };
  if (once) return startEmulator({ ...options, port: 0 });
  const port = Number(process.env.EMULATOR_PORT ?? 8787);
  try {
    return await startEmulator({ ...options, port });
  } catch (error) {
    if (error?.code !== 'EADDRINUSE') throw error;
    console.warn(`[inferkit] port ${port} is taken; the emulator picks a free one.`);
    return startEmulator({ ...options, port: 0 });
  }
}

/** The smoke test of `--once`: the page, then a zero-shot call through the proxy (Hub lookup, then hf-inference). */
async function check(url) {
  const page = await fetch(url);
  const html = await page.text();
  if (!page.ok || !html.includes('id="root"')) throw new Error(`GET ${url} answered ${page.status} without the app`);

  const lookup = `${url}api/inference/api/models/facebook/bart-large-mnli?expand[]=inferenceProviderMapping`;
  const mapping = await fetch(lookup);
  if (!mapping.ok) throw new Error(`GET ${lookup} answered ${mapping.status}: ${(await mapping.text()).slice(0, 200)}`);
  const api = `${url}api/inference/hf-inference/models/facebook/bart-large-mnli`;
  const response = await fetch(api, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`POST ${api} answered ${response.status}: ${body.slice(0, 200)}`);
  const labels = JSON.parse(body);
  if (!Array.isArray(labels) || typeof labels[0]?.label !== 'string')
    throw new Error(`POST ${api} answered an unexpected body: ${body.slice(0, 200)}`);
}
