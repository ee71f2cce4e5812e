#!/usr/bin/env node
// Runs a long-lived command (a dev server) and exits 0 when it is stopped with Ctrl-C or SIGTERM,
// so pnpm does not report "ELIFECYCLE Command failed" for the normal way of ending it. Any other
// exit passes its code through.
//
//   node scripts/until-stopped.mjs storybook dev -p 6006 -c .storybook
//
// Use it with `exec` in a package.json script: a shell left between pnpm and this process would die
// of the Ctrl-C itself.
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/until-stopped.mjs <command> [args...]');
  process.exit(2);
}
const child = spawn(command, args, { stdio: 'inherit' });
let stopping = false;
// The terminal sends Ctrl-C to the whole process group; forwarding covers `kill <pid>` of this one.
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => {
    stopping = true;
    child.kill(signal);
  });
child.on('error', (error) => {
  console.error(`${command}: ${error.message}`);
  process.exit(1);
});
child.on('exit', (code, signal) => process.exit(stopping && (code === 0 || signal || code === 130) ? 0 : (code ?? 1)));
