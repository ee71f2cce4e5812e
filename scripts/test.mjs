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
// Browser tests (Storybook stories, end-to-end) drive Debian's chromium, never a downloaded browser;
// the proxy's shared-limit tests start Debian's redis-server.
const debianPackages = [
  ['chromium', existsSync('/usr/bin/chromium')],
  ['redis-server', existsSync('/usr/bin/redis-server') || has('redis-server')],
]
  .filter(([, present]) => !present)
  .map(([name]) => name);
if (debianPackages.length > 0) {
  if (has('apt-get')) {
    console.log(`[inferkit] installing Debian ${debianPackages.join(' and ')} for the browser and Redis tests`);
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    run(
      `${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${debianPackages.join(' ')}`,
    );
  } else {
    console.error(
      `[inferkit] ${debianPackages.join(' and ')} missing and apt-get is not available: install them to run the browser and Redis tests`,
    );
    process.exit(1);
  }
}
const result = spawnSync('pnpm', ['exec', 'vitest', 'run', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
