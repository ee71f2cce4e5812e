#!/usr/bin/env node
// Package checks CI runs after the build: publint (exports map, files, types) and
// are-the-types-wrong (types resolve for ESM consumers under node16 and bundler resolution).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const bin = (name) => join(process.cwd(), 'node_modules', '.bin', name);
const packages = readdirSync('packages', { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => join('packages', entry.name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);

for (const dir of packages) {
  console.log(`\n--- ${dir}`);
  execFileSync(bin('publint'), ['--strict'], { cwd: dir, stdio: 'inherit' });
  execFileSync(
    bin('attw'),
    ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped', '--exclude-entrypoints', 'styles.css'],
    {
      cwd: dir,
      stdio: 'inherit',
    },
  );
}
