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
// Browser tests (Storybook stories, end-to-end) drive Debian's chromium; never a downloaded browser.
if (!existsSync('/usr/bin/chromium')) {
  if (has('apt-get')) {
    console.log('[inferkit] installing Debian chromium for the browser tests');
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    run(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`);
  } else {
    console.error(
      '[inferkit] /usr/bin/chromium is missing and apt-get is not available: install chromium to run browser tests',
    );
    process.exit(1);
  }
}
const result = spawnSync('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
