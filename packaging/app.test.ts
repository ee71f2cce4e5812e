import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  freePort,
  npmInstall,
  removeScratch,
  ROOT,
  run,
  scratchDir,
  startProcess,
  waitForHttp,
  cleanEnv,
} from './support';

/**
 * What an app that installs our packages from npm gets. The tarballs `pnpm pack` made (global setup)
 * go into a scratch Vite + React app in the OS temp dir, with one `npm install`; the app is built,
 * served by `vite` dev, and its Node side imports the emulator and the proxy.
 */
const tarballs = inject('tarballs');
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
/** The versions the workspace itself is tested with (root devDependencies). */
const version = (name: string) => {
  const range = rootPackage.devDependencies[name];
  if (!range) throw new Error(`${name} is not a root devDependency`);
  return range;
};

const tar = (tarball: string, ...args: string[]) => run('tar', [...args, '-f', tarball], { cwd: ROOT });

let app: string;
const node = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, args, { cwd: app, env: cleanEnv(env) });

beforeAll(() => {
  app = scratchDir('app');
  cpSync(join(ROOT, 'packaging', 'app'), app, { recursive: true });
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of Object.entries(tarballs)) dependencies[name] = `file:${tarball}`;
  for (const name of ['react', 'react-dom', '@tanstack/react-query']) dependencies[name] = version(name);
  const devDependencies = { vite: version('vite'), '@vitejs/plugin-react': version('@vitejs/plugin-react') };
  // The tarballs depend on each other by version (`@inferkit/core: ^0.1.0`); the overrides point
  // those at the tarballs too instead of the registry.
  const overrides = Object.fromEntries(Object.keys(tarballs).map((name) => [name, `$${name}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify(
      { name: 'inferkit-packaging-app', private: true, type: 'module', dependencies, devDependencies, overrides },
      null,
      2,
    ),
  );
  npmInstall(app);
}, 600_000);

afterAll(() => {
  if (app) removeScratch(app);
});

describe('the packed tarballs', () => {
  it.each(Object.keys(tarballs))(
    '%s: publish-ready package.json, every export and bin in the tarball, no sources',
    (name) => {
      const files = tar(tarballs[name]!, '-tz').trim().split('\n');
      const pkg = JSON.parse(tar(tarballs[name]!, '-xzO', 'package/package.json'));
      const manifest = JSON.stringify(pkg);
      expect(manifest).not.toContain('workspace:');
      expect(manifest).not.toContain('@inferkit/source');
      expect(Object.keys(pkg.exports['.'])).not.toContain('development');
      expect(files.filter((file) => file.startsWith('package/src/') && file !== 'package/src/styles.css')).toEqual([]);
      const targets = (value: unknown): string[] =>
        typeof value === 'string'
          ? [value]
          : value && typeof value === 'object'
            ? Object.values(value).flatMap(targets)
            : [];
      const shipped = [...targets(pkg.exports), ...targets(pkg.bin ?? {}), pkg.main, pkg.types].filter(Boolean);
      const missing = shipped.filter((target) => !files.includes(`package/${target.replace(/^\.\//, '')}`));
      expect(missing, `${name} points at files it does not ship`).toEqual([]);
    },
  );
});

describe('a Vite + React app that installed the tarballs with npm', () => {
  it('vite build bundles it, styles included', () => {
    node(['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn']);
    const assets = readdirSync(join(app, 'dist', 'assets'));
    const js = assets
      .filter((file) => file.endsWith('.js'))
      .map((file) => readFileSync(join(app, 'dist', 'assets', file), 'utf8'));
    const css = assets
      .filter((file) => file.endsWith('.css'))
      .map((file) => readFileSync(join(app, 'dist', 'assets', file), 'utf8'));
    expect(existsSync(join(app, 'dist', 'index.html'))).toBe(true);
    // The client's default router root and a component's class name: core and components are in the bundle.
    expect(js.join('\n')).toContain('router.huggingface.co');
    expect(js.join('\n')).toContain('ik-');
    expect(css.join('\n')).toContain('.ik-');
  }, 180_000);

  it('in Node, core, the emulator and the proxy import from dist and answer', () => {
    const result = JSON.parse(node(['smoke.mjs']).trim().split('\n').at(-1)!);
    for (const [entry, url] of Object.entries<string>(result.resolved)) {
      const pkg = entry.split('/').slice(0, 2).join('/');
      expect(url, entry).toMatch(new RegExp(`/node_modules/${pkg}/dist/[^/]+\\.js$`));
    }
    expect(result.exported).toEqual(['function', 'function', 'function', 'function']);
    expect(result.direct.label).toBe('refund');
    expect(result.viaProxy.label).toBe('refund');
  }, 120_000);

  it('vite dev serves the app compiled, from the packages’ dist, and proxies to the emulator', async () => {
    const [emulatorPort, vitePort] = [await freePort(), await freePort()];
    const emulator = startProcess(
      process.execPath,
      ['node_modules/.bin/inferkit-emulator', '--port', String(emulatorPort), '--latency', 'none'],
      app,
      cleanEnv(),
    );
    const upstream = `http://127.0.0.1:${emulatorPort}`;
    const vite = startProcess(
      process.execPath,
      ['node_modules/vite/bin/vite.js', '--port', String(vitePort), '--strictPort', '--host', '127.0.0.1'],
      app,
      cleanEnv({ INFERKIT_UPSTREAM: upstream }),
    );
    try {
      const base = `http://127.0.0.1:${vitePort}`;
      await waitForHttp(`${upstream}/`, emulator);
      await waitForHttp(`${base}/`, vite);
      const get = async (path: string) => {
        const response = await fetch(new URL(path, base));
        const body = await response.text();
        expect(response.status, `${path}: ${body.slice(0, 500)}\n${vite.output()}`).toBe(200);
        return { body, type: response.headers.get('content-type') ?? '' };
      };
      /** The `sources` of the source maps of a served module and of the chunks it imports, as URL paths. */
      const servedSources = async (path: string, seen = new Set<string>()): Promise<string[]> => {
        if (seen.has(path)) return [];
        seen.add(path);
        const module = await get(path);
        expect(module.type).toMatch(/javascript/);
        const url = new URL(path, base);
        const mapUrl = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(module.body)?.[1];
        const mapText = !mapUrl
          ? undefined
          : mapUrl.startsWith('data:')
            ? Buffer.from(mapUrl.slice(mapUrl.indexOf(',') + 1), 'base64').toString('utf8')
            : (await get(new URL(mapUrl, url).href.slice(base.length))).body;
        const map = mapText ? (JSON.parse(mapText) as { sources: string[] }) : undefined;
        const sources = (map?.sources ?? []).map((source) => new URL(source, url).pathname);
        for (const [, chunk] of module.body.matchAll(
          /from\s*["']((?:\.\/|\/node_modules\/\.vite\/deps\/)[\w.-]+\.js(?:\?v=\w+)?)["']/g,
        ))
          sources.push(...(await servedSources(new URL(chunk!, url).href.slice(base.length), seen)));
        return sources;
      };
      expect((await get('/')).body).toContain('/src/main.tsx');
      const main = await get('/src/main.tsx');
      expect(main.type).toMatch(/javascript/);
      // Compiled: no TypeScript left (the inline source map, which quotes the source, aside).
      const code = main.body.replace(/\/\/# sourceMappingURL=.*$/s, '');
      expect(code).not.toMatch(/satisfies string\[\]|: \{ text: string \}/);
      expect(code).toMatch(/jsxDEV\(/);
      // Each package import, rewritten by the dev server to its pre-bundled module.
      for (const name of ['core', 'react', 'components']) {
        const url = new RegExp(`["'](/node_modules/\\.vite/deps/@inferkit_${name}\\.js\\?v=[\\w]+)["']`).exec(
          main.body,
        )?.[1];
        expect(url, `main.tsx imports @inferkit/${name}:\n${main.body.slice(0, 1500)}`).toBeDefined();
        // The pre-bundle's source maps name the files it took: the package's dist, never its sources.
        const sources = (await servedSources(url!)).filter((file) => file.includes(`/node_modules/@inferkit/${name}/`));
        expect(sources.length, `no source map of ${url} names @inferkit/${name}`).toBeGreaterThan(0);
        expect(
          sources.filter((file) => !file.includes(`/node_modules/@inferkit/${name}/dist/`) || !file.endsWith('.js')),
        ).toEqual([]);
      }
      // The proxy plugin from @inferkit/server/vite answers in the dev server, in front of the emulator.
      const result = JSON.parse(
        node(['smoke.mjs', `${base}/api/inference`])
          .trim()
          .split('\n')
          .at(-1)!,
      );
      expect(result.viaDevServer.label).toBe('refund');
    } finally {
      vite.stop();
      emulator.stop();
    }
  }, 180_000);
});
