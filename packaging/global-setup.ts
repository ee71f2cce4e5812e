import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { filesBelow, publishedPackages, removeScratch, ROOT, run, scratchDir } from './support';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The packed tarball of each published package, by name (absolute paths in a temp folder). */
    tarballs: Record<string, string>;
  }
}

const newest = (paths: string[]) => Math.max(0, ...paths.filter(existsSync).map((path) => statSync(path).mtimeMs));

/** A package's build is stale when a source, its package.json or its build config is newer than `dist/index.js`. */
function isStale(dir: string) {
  const built = join(ROOT, dir, 'dist', 'index.js');
  if (!existsSync(built)) return true;
  const inputs = [
    ...filesBelow(join(ROOT, dir, 'src')),
    join(ROOT, dir, 'package.json'),
    join(ROOT, dir, 'tsdown.config.ts'),
    join(ROOT, 'tsdown.shared.ts'),
  ];
  return newest(inputs) > statSync(built).mtimeMs;
}

/**
 * Builds the published packages when their `dist` is missing or older than their sources (CI has
 * just built them), then packs each with `pnpm pack`, as `pnpm publish` would: `workspace:` ranges
 * become versions and `publishConfig.exports` replaces `exports`.
 */
let out: string | undefined;

export function setup(project: TestProject) {
  const packages = publishedPackages();
  const stale = Object.values(packages).filter(isStale);
  if (stale.length > 0) {
    console.log(`[packaging] building the packages (${stale.join(', ')} not built or older than its sources)`);
    // Only the stale ones, and --no-bail: a failing build must not stop the others halfway (cleaned).
    run('pnpm', ['--no-bail', ...stale.flatMap((dir) => ['--filter', `./${dir}`]), 'build'], { cwd: ROOT });
  }
  out = scratchDir('tarballs');
  const tarballs: Record<string, string> = {};
  for (const [name, dir] of Object.entries(packages)) {
    const output = run('pnpm', ['pack', '--pack-destination', out], { cwd: join(ROOT, dir) });
    const tarball = output.trim().split('\n').at(-1)!.trim();
    if (!tarball.endsWith('.tgz') || !existsSync(tarball))
      throw new Error(`pnpm pack printed no tarball for ${name}:\n${output}`);
    tarballs[name] = tarball;
  }
  project.provide('tarballs', tarballs);
}

export function teardown() {
  if (out) removeScratch(out);
}
