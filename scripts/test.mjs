#!/usr/bin/env node
// The README's test command. It works on a fresh machine with only Node 20 and npm: it installs
// pnpm 10 and the workspace when they are missing, then runs every test suite.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (command) => execSync(command, { stdio: 'inherit' });
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (!has('pnpm')) {
  console.log('[inferkit] installing pnpm 10');
  run('npm i -g pnpm@10');
}
if (!existsSync('node_modules/.pnpm') || !existsSync('node_modules/.bin/vitest')) {
  console.log('[inferkit] installing the workspace');
  run(`pnpm install${process.env.CI ? ' --frozen-lockfile' : ''}`);
}
const result = spawnSync('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
