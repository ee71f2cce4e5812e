/**
 * Builds and serves the playground once for every e2e test (see support/serve-playground.ts), in
 * a child process so the config and the workspace packages load from source, as `pnpm dev` does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { READY_PREFIX, type E2EServer } from './support/constants';

declare module 'vitest' {
  export interface ProvidedContext {
    server: E2EServer;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let child: ChildProcess | undefined;

export async function setup(project: TestProject) {
  const started = Date.now();
  const proc = spawn(
    process.execPath,
    ['--conditions=@inferkit/source', '--import', 'tsx', path.join(root, 'e2e/support/serve-playground.ts')],
    // Vitest sets NODE_ENV=test, which would give the bundle React's development build.
    { cwd: root, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_ENV: 'production' } },
  );
  child = proc;
  const server = await new Promise<E2EServer>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('The playground was not served within 90 s')), 90_000);
    proc.once('exit', (code) => reject(new Error(`serve-playground exited with code ${code} before it was ready`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (!line.startsWith(READY_PREFIX)) return console.log(line);
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(READY_PREFIX.length)) as E2EServer);
    });
  });
  console.log(`[e2e] playground built and served at ${server.url} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('server', server);
}

export async function teardown() {
  const proc = child;
  if (!proc || proc.exitCode !== null) return;
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
