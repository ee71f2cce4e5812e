import { spawn, spawnSync, type ChildProcess, type SpawnSyncOptions } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this folder's parent). */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The published packages, by name: `{ '@inferkit/core': 'packages/core', ... }`. */
export function publishedPackages(): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of readdirSync(join(ROOT, 'packages'), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join('packages', entry.name);
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    if (!pkg.private) found[pkg.name] = dir;
  }
  return found;
}

/** A fresh folder in the OS temp dir, outside the workspace (no pnpm, no workspace node_modules above it). */
export function scratchDir(name: string) {
  return mkdtempSync(join(tmpdir(), `inferkit-${name}-`));
}

export function removeScratch(dir: string) {
  if (process.env.INFERKIT_KEEP_SCRATCH) console.log(`[packaging] kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/**
 * The environment for npm and the tools it installs: without the npm_* and pnpm variables `npm test`
 * and `pnpm exec` set (they would point npm at this workspace), but with the registry, cache and
 * proxy settings a machine may need.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const keep = /^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/i.test(key) && !keep.test(key)) continue;
    if (key === 'NODE_OPTIONS' || key === 'VITEST' || key.startsWith('VITEST_') || key === 'TEST' || key === 'NODE_ENV')
      continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to completion; throws with its output when it fails. */
export function run(command: string, args: string[], options: SpawnSyncOptions & { cwd: string }) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0) {
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${options.cwd} failed (${result.status ?? result.signal}):\n${output}`,
    );
  }
  return output;
}

/** One `npm install` of a scratch project (its package.json already written). */
export function npmInstall(cwd: string) {
  return run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--no-package-lock'], {
    cwd,
    env: cleanEnv(),
  });
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A long-running child process whose output is kept for error messages. */
export function startProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv) {
  const child: ChildProcess = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  return {
    child,
    output: () => output,
    /** Stops the process and everything it started (its process group). */
    stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    },
  };
}

/** Polls `url` until it answers (any status), the process exits, or `timeoutMs` passes. */
export async function waitForHttp(url: string, process: { child: ChildProcess; output(): string }, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (process.child.exitCode !== null)
      throw new Error(`exited (${process.child.exitCode}) before ${url} answered:\n${process.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${process.output()}`);
}

/** Every file below `dir`, as absolute paths. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}
