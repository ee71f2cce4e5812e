#!/usr/bin/env node
// `pnpm dev`: runs the demo against the local emulator, straight from TypeScript sources.
import { spawn } from 'node:child_process';

const child = spawn(
  process.execPath,
  ['--conditions=development', '--import', 'tsx', 'scripts/demo.ts', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
