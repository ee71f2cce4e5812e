import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  cleanEnv,
  filesBelow,
  freePort,
  npmInstall,
  publishedPackages,
  removeScratch,
  ROOT,
  run,
  scratchDir,
} from './support';

/**
 * The lowest versions our peer ranges allow. The packed tarballs of @inferkit/react and
 * @inferkit/components go into a scratch project in the OS temp dir with the lowest version of every
 * peer they declare (react 18.0.0 and react-dom 18.0.0, @tanstack/react-query 5.82.0, ...), and
 * their own test suites run there, in jsdom, against the built `dist` and those peers: query hooks,
 * mutations with progress and cancel, streaming chat, every component.
 */
const tarballs = inject('tarballs');
const packages = publishedPackages();
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const manifest = (name: string) => JSON.parse(readFileSync(join(ROOT, packages[name]!, 'package.json'), 'utf8'));

/** The packages whose test suites run here, and the tests that cannot run on the lowest peers (and why). */
const UNDER_TEST = ['@inferkit/react', '@inferkit/components'];
const SKIPPED_FILES: Record<string, string> = {
  'packages/components/src/__tests__/package.test.tsx': 'reads the package sources, which a tarball does not ship',
};
/**
 * Tests that assert behaviour of a newer React than the lowest, skipped when the lowest React is
 * older: `[file, test title, since, why]`.
 */
const NEWER_REACT_TESTS: [string, string, number, string][] = [
  [
    'packages/react/src/__tests__/use-chat-completion.test.tsx',
    'inside an <Activity> that hides and shows again',
    19.2,
    '<Activity> is React 19.2',
  ],
];

/** The lowest version a peer range allows, for the forms we use (`^5.82.0`, `>=18`, `>=0.1.0 <1`). */
function lowestOf(range: string) {
  const match = /^\s*(?:\^|~|>=)?\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\s+<\S+)?\s*$/.exec(range);
  if (!match) throw new Error(`no rule for the lowest version of the peer range "${range}"`);
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`;
}

/** Packages whose peers are installed at their lowest: those under test, and the proxy (its Vite plugin). */
const WITH_PEERS = [...UNDER_TEST, '@inferkit/server'];

/** Every peer of those packages, at its lowest version; react-dom follows react. */
function lowestPeers() {
  const peers: Record<string, string> = {};
  for (const name of WITH_PEERS) {
    for (const [peer, range] of Object.entries<string>(manifest(name).peerDependencies ?? {})) {
      const lowest = lowestOf(range.replace(/^workspace:/, ''));
      if (peers[peer] && peers[peer] !== lowest) throw new Error(`${peer}: lowest ${peers[peer]} and ${lowest} differ`);
      peers[peer] = lowest;
    }
  }
  peers['react-dom'] ??= peers.react!;
  return peers;
}

const peers = lowestPeers();
/**
 * Peers installed under another name: Vitest needs a newer Vite of its own. The proxy's plugin only
 * takes Vite's types, so the check of it runs the lowest Vite from its alias.
 */
const ALIASES: Record<string, string> = { vite: 'lowest-vite' };
const installedName = (peer: string) => ALIASES[peer] ?? peer;
const reactVersion = Number(peers.react!.split('.').slice(0, 2).join('.'));

let project: string;
/** Package files the tests take from a copy of the source: helpers the build inlines or does not export. */
const fromSource = new Set<string>();
const testsDir = () => join(project, 'tests');

/** The names a built module exports (`export { a, b as c }`, `export function d`). */
function exportsOf(file: string) {
  const text = readFileSync(file, 'utf8');
  const names = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap(([, list]) =>
    list!.split(',').map((item) =>
      item
        .trim()
        .split(/\s+as\s+/)
        .at(-1)!,
    ),
  );
  names.push(
    ...[...text.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([\w$]+)/g)].map(([, name]) => name!),
  );
  return new Set(names.filter(Boolean));
}

/** The value bindings an import clause takes: `{ a, b as c, type D }` gives `a`, `b`; `* as x` and defaults give none. */
function namedImports(clause: string) {
  if (/^\s*type\s/.test(clause)) return [];
  const list = /\{([^}]*)\}/.exec(clause)?.[1] ?? '';
  return list
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item && !item.startsWith('type '))
    .map((item) => item.split(/\s+as\s+/)[0]!);
}

/**
 * Copies a test file and the test helpers it imports into the scratch project, keeping their paths.
 * An import of package code becomes the installed package's built file (`dist/<same path>.js`) when
 * that file exports what the test takes, else the package itself when its entry does; a test of a
 * helper the build inlines (a formatter, say) gets a copy of that source file, which then runs on the
 * scratch project's peers as well.
 */
function copyFile(file: string, copied: Set<string>) {
  if (copied.has(file)) return;
  copied.add(file);
  let text = readFileSync(join(ROOT, file), 'utf8');
  const importPattern =
    /(import\s+([^'";]*?)\s*from\s*|import\s*\(?\s*|export\s+[^'";]*?\s*from\s*)(['"])(\.{1,2}(?:\/[^'"]*)?)\3/g;
  text = text.replace(
    importPattern,
    (whole, head: string, clause: string | undefined, quote: string, specifier: string) => {
      const target = resolveSource(join(dirname(file), specifier));
      const posix = target.split(sep).join('/');
      const [, pkgDir, inner] = /^(packages\/[^/]+)\/src\/(.+)\.tsx?$/.exec(posix) ?? [];
      const name = Object.keys(packages).find((candidate) => packages[candidate] === pkgDir);
      if (!name || !inner) throw new Error(`${file} imports ${specifier}, outside any package's src`);
      if (posix.includes('/__tests__/') || copied.has(target)) {
        copyFile(target, copied);
        return whole;
      }
      const wanted = clause === undefined ? [] : namedImports(clause);
      const built = join(project, 'node_modules', name, 'dist', `${inner}.js`);
      const entry = join(project, 'node_modules', name, 'dist', 'index.js');
      const has = (module: string) => existsSync(module) && wanted.every((binding) => exportsOf(module).has(binding));
      if (has(built)) return `${head}${quote}${built}${quote}`;
      if (has(entry)) return `${head}${quote}${name}${quote}`;
      fromSource.add(`${posix} (${wanted.join(', ')})`);
      copyFile(target, copied);
      return whole;
    },
  );
  for (const [testFile, title, since, why] of NEWER_REACT_TESTS) {
    if (testFile !== file || reactVersion >= since) continue;
    const call = `it('${title}`;
    if (!text.includes(call)) throw new Error(`${file} has no test "${title}" any more: update NEWER_REACT_TESTS`);
    text = text.replace(call, `it.skip('${title}`);
    console.log(`[packaging] skipped on React ${peers.react}: "${title}" (${why})`);
  }
  const out = join(testsDir(), file);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
}

function resolveSource(path: string) {
  for (const candidate of [path, `${path}.ts`, `${path}.tsx`, join(path, 'index.ts'), join(path, 'index.tsx')]) {
    if (existsSync(join(ROOT, candidate)) && !candidate.endsWith(sep) && /\.tsx?$/.test(candidate)) return candidate;
  }
  throw new Error(`cannot resolve ${path}`);
}

/** The proxy's Vite plugin in a dev server of the lowest Vite, in front of the emulator: prints the Vite version and a label. */
const VITE_SMOKE = `
import { zeroShotClassification } from '@inferkit/core';
import { startEmulator } from '@inferkit/emulator/node';
import { inferenceProxy } from '@inferkit/server/vite';
import { createServer, version } from 'lowest-vite';

const emulator = await startEmulator({ port: 0, latency: 'none' });
const upstream = emulator.url;
const server = await createServer({
  configFile: false,
  logLevel: 'silent',
  server: { host: '127.0.0.1', port: Number(process.argv[2]), strictPort: true },
  plugins: [inferenceProxy({ path: '/api/inference', accessToken: 'hf_packaging', upstream, hubUpstream: upstream })],
});
await server.listen();
try {
  const [top] = await zeroShotClassification({
    baseUrl: 'http://127.0.0.1:' + process.argv[2] + '/api/inference',
    model: 'facebook/bart-large-mnli',
    inputs: 'I want a refund',
    parameters: { candidateLabels: ['refund', 'faq'] },
  });
  console.log(JSON.stringify({ vite: version, label: top.label }));
} finally {
  await server.close();
  await emulator.close();
}
`;

/** The tarball of an internal peer at its lowest version, or that version from the registry. */
function internal(name: string, version: string) {
  return manifest(name).version === version ? `file:${tarballs[name]}` : version;
}

beforeAll(() => {
  project = scratchDir('lowest-peers');
  const dependencies: Record<string, string> = {};
  for (const name of WITH_PEERS) dependencies[name] = `file:${tarballs[name]}`;
  for (const [peer, version] of Object.entries(peers)) {
    const spec = packages[peer] ? internal(peer, version) : ALIASES[peer] ? `npm:${peer}@${version}` : version;
    dependencies[installedName(peer)] = spec;
  }
  // The react tests and the Vite plugin's check run the emulator.
  dependencies['@inferkit/emulator'] = `file:${tarballs['@inferkit/emulator']}`;
  dependencies['@inferkit/core'] ??= `file:${tarballs['@inferkit/core']}`;
  const devDependencies = Object.fromEntries(
    [
      'vitest',
      'jsdom',
      '@testing-library/react',
      '@testing-library/dom',
      '@testing-library/user-event',
      'axe-core',
    ].map((name) => [name, rootPackage.devDependencies[name]]),
  );
  const overrides = Object.fromEntries(
    Object.keys(dependencies)
      .filter((name) => name.startsWith('@inferkit/') || (name in peers && !ALIASES[name]))
      .map((name) => [name, `$${name}`]),
  );
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify(
      { name: 'inferkit-lowest-peers', private: true, type: 'module', dependencies, devDependencies, overrides },
      null,
      2,
    ),
  );
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { jsx: 'react-jsx', target: 'es2022', module: 'esnext', moduleResolution: 'bundler' },
    }),
  );
  writeFileSync(
    join(project, 'vitest.config.mjs'),
    [
      "import { defineConfig } from 'vitest/config';",
      '',
      'export default defineConfig({',
      "  test: { environment: 'jsdom', include: ['tests/**/*.test.{ts,tsx}'], testTimeout: 15_000 },",
      '});',
      '',
    ].join('\n'),
  );
  writeFileSync(join(project, 'vite-smoke.mjs'), VITE_SMOKE);
  npmInstall(project);
  const copied = new Set<string>();
  for (const name of UNDER_TEST) {
    for (const file of filesBelow(join(ROOT, packages[name]!, 'src'))) {
      const path = relative(ROOT, file);
      if (/\.test\.tsx?$/.test(path) && !(path.split(sep).join('/') in SKIPPED_FILES)) copyFile(path, copied);
    }
  }
  for (const [file, why] of Object.entries(SKIPPED_FILES)) console.log(`[packaging] not run: ${file} (${why})`);
  if (fromSource.size > 0) console.log(`[packaging] from source copies: ${[...fromSource].join('; ')}`);
}, 600_000);

afterAll(() => {
  if (project) removeScratch(project);
});

describe('on the lowest versions the peer ranges allow', () => {
  it('installs exactly those versions, each once', () => {
    const installed = (name: string, dir = project) =>
      JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
    for (const [peer, version] of Object.entries(peers)) expect(installed(installedName(peer)), peer).toBe(version);
    // One React and one TanStack Query: nothing pulled in its own newer copy.
    const copies = filesBelow(join(project, 'node_modules')).filter((file) =>
      /node_modules\/(react|react-dom|@tanstack\/react-query|@inferkit\/core)\/package\.json$/.test(
        file.split(sep).join('/'),
      ),
    );
    expect(copies.map((file) => relative(project, file)).sort()).toEqual(
      ['react', 'react-dom', '@tanstack/react-query', '@inferkit/core']
        .map((name) => `node_modules/${name}/package.json`)
        .sort(),
    );
    console.log(
      `[packaging] lowest peers: ${Object.entries(peers)
        .map(([name, version]) => `${name}@${version}`)
        .join(', ')}`,
    );
  });

  it('the proxy plugin of @inferkit/server/vite serves in the lowest Vite', async () => {
    const output = run(process.execPath, ['vite-smoke.mjs', String(await freePort())], {
      cwd: project,
      env: cleanEnv(),
    });
    const result = JSON.parse(output.trim().split('\n').at(-1)!);
    expect(result).toEqual({ vite: peers.vite, label: 'refund' });
  }, 120_000);

  it(`the react and components test suites pass against the built packages`, () => {
    const report = join(project, 'report.json');
    let failure: unknown;
    try {
      run(
        process.execPath,
        ['node_modules/vitest/vitest.mjs', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=${report}`],
        {
          cwd: project,
          env: cleanEnv(),
        },
      );
    } catch (error) {
      failure = error;
    }
    const results = existsSync(report) ? JSON.parse(readFileSync(report, 'utf8')) : undefined;
    if (results) {
      const files = (results.testResults as { name: string }[]).map((result) => relative(testsDir(), result.name));
      console.log(
        `[packaging] lowest peers: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped in ${files.length} files`,
      );
      // Every package under test had its tests run.
      for (const name of UNDER_TEST)
        expect(
          files.some((file) => file.startsWith(`${packages[name]}/`)),
          name,
        ).toBe(true);
      expect(results.numPassedTests).toBeGreaterThan(100);
    }
    if (failure) throw failure;
  }, 600_000);
});
