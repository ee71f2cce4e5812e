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

/**
 * What an app that installs a package gets: the workspace's TypeScript sources stay behind a private
 * export condition (`@inferkit/source`, never `development`, which Vite and webpack turn on in every
 * app's dev server), the published exports (`publishConfig.exports`) have none, and no `src` is
 * shipped (but the components' stylesheet).
 */
function checkPublished(dir) {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const problems = [];
  const conditions = (exportsMap) =>
    Object.values(exportsMap ?? {}).flatMap((entry) => (entry && typeof entry === 'object' ? Object.keys(entry) : []));
  if (conditions(pkg.exports).includes('development')) problems.push('exports use the `development` condition');
  if (!pkg.publishConfig?.exports) problems.push('no publishConfig.exports');
  if (conditions(pkg.publishConfig?.exports).includes('@inferkit/source'))
    problems.push('publishConfig.exports keep the source condition');
  for (const file of pkg.files ?? []) {
    if (/^!?src(\/|$)/.test(file) && file !== 'src/styles.css') problems.push(`files publishes ${file}`);
  }
  const query = pkg.peerDependencies?.['@tanstack/react-query'];
  // `mutationOptions` first shipped in @tanstack/react-query 5.82.0.
  if (query && !/^\^5\.(8[2-9]|9\d|\d{3,})\./.test(query))
    problems.push(`peer @tanstack/react-query ${query} < ^5.82.0`);
  // Internal ranges (see CONTRIBUTING.md, "Releasing"): a dependency on another @inferkit package is
  // `workspace:^` (published as ^x.y.z, so apps keep one copy); a peer on one is an explicit range,
  // never `workspace:*`, `^` or `~`: changesets makes a peer's dependents major when the peer leaves
  // that range, which in 0.x is every minor.
  for (const [name, range] of Object.entries(pkg.dependencies ?? {})) {
    if (name.startsWith('@inferkit/') && range !== 'workspace:^')
      problems.push(`dependency ${name} ${range} is not workspace:^`);
  }
  for (const [name, range] of Object.entries(pkg.peerDependencies ?? {})) {
    if (name.startsWith('@inferkit/') && !/^workspace:>=\d+\.\d+\.\d+ <\d+$/.test(range))
      problems.push(`peer ${name} ${range} is not an explicit workspace:>=x.y.z <major range`);
  }
  if (problems.length) throw new Error(`${dir}: ${problems.join('; ')}`);
}

for (const dir of packages) {
  console.log(`\n--- ${dir}`);
  checkPublished(dir);
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
