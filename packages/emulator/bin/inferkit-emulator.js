#!/usr/bin/env node
/**
 * inferkit-emulator: a local Hugging Face Inference API.
 *
 * Runs the built `dist/node.js` when it exists and is newer than the sources. In the workspace
 * without a build it runs `src/` directly: a small module loader (below) transpiles the TypeScript
 * with the esbuild (or typescript) the workspace already has. Published installs always have `dist/`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const HELP = `Usage: inferkit-emulator [options]

A local server that speaks the Hugging Face Inference API (and TGI) wire protocol.

Options
  --port <n>             Port to listen on (default 8787; 0 picks a free one)
  --host <host>          Interface to bind (default 127.0.0.1)
  --latency <demo|none>  demo: ~250 ms to first byte, 40 tokens/s (default); none: instant
  --token-mode           Require "Authorization: Bearer <token>"; 401 otherwise
  --token <token>        A valid token in token mode (repeatable; default: any hf_... token)
  --fault <list>         Faults for every request, e.g. "cold-start=5" or "token-rate=20,drop-after=30"
                         (repeatable; same syntax as the x-inferkit-fault header)
  --model-fault <m>:<list>  Faults for one model, e.g. "facebook/bart-large-mnli:cold-start=10"
  --legacy-zero-shot     Answer zero-shot classification as { sequence, labels, scores }
  --max-body-bytes <n>   Largest request body; bigger gets 413 (default 8388608, 8 MiB)
  --max-input-chars <n>  Longest text input of the classic text tasks; longer gets 422 (default 50000)
  --list-models          Print the catalogue and exit
  --quiet                Do not log requests
  -h, --help             Show this help

Faults: cold-start[=s] rate-limit[=s] server-error[=status] bad-request[=msg] unauthorized payment-required
        slow-first-byte=ms token-rate=n drop-after=n stream-error[=type][@n] malformed[=n]
        slow-queue[=polls] failed-job[=msg] (provider jobs: fal-ai, replicate, novita, wavespeed, ...)
        Suffix "*N" limits an item to the first N requests per model (rate-limit=1*2).

Point @inferkit/core at it with baseUrl: 'http://127.0.0.1:8787'.`;

// Transpiles src/*.ts on the fly with esbuild (fast) or, failing that, the TypeScript compiler;
// only used when there is no up-to-date build.
const LOADER = `
let transpile;
export async function initialize(data) {
  if (data.esbuild) {
    const mod = await import(data.esbuild);
    const esbuild = mod.default ?? mod;
    transpile = (source, url) => esbuild.transformSync(source, { loader: 'ts', format: 'esm', target: 'es2022', sourcefile: url }).code;
  } else {
    const mod = await import(data.typescript);
    const ts = mod.default ?? mod;
    transpile = (source, url) =>
      ts.transpileModule(source, {
        fileName: url,
        compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: true },
      }).outputText;
  }
}
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || !context.parentURL || !context.parentURL.endsWith('.ts')) throw error;
    for (const suffix of ['.ts', '/index.ts']) {
      try {
        return await next(specifier + suffix, context);
      } catch {}
    }
    throw error;
  }
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL(url), 'utf8');
  return { format: 'module', source: transpile(source, url), shortCircuit: true };
}
`;

/** File URL of a package resolvable from the emulator (the workspace's dev tools), or undefined. */
function locate(name) {
  try {
    return pathToFileURL(createRequire(join(root, 'package.json')).resolve(name)).href;
  } catch {
    return undefined;
  }
}

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '__tests__') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

async function loadEmulator() {
  const dist = join(root, 'dist', 'node.js');
  const src = join(root, 'src', 'node.ts');
  const fromSource = process.env.INFERKIT_EMULATOR_SOURCE === '1';
  // The sources include the Node adapter shared with @inferkit/server (bundled into dist/node.js).
  const shared = join(root, '..', 'server', 'src', 'node-adapter.ts');
  const sources = () => Math.max(newest(join(root, 'src')), existsSync(shared) ? statSync(shared).mtimeMs : 0);
  const distFresh = existsSync(dist) && (!existsSync(src) || statSync(dist).mtimeMs >= sources());
  if (distFresh && !fromSource) return import(pathToFileURL(dist).href);
  if (!existsSync(src)) throw new Error('No build found: run `pnpm --filter @inferkit/emulator build`.');
  const esbuild = locate('esbuild');
  const typescript = esbuild ? undefined : locate('typescript');
  if (!esbuild && !typescript) {
    if (existsSync(dist)) return import(pathToFileURL(dist).href);
    throw new Error(
      'No build found, and neither esbuild nor typescript to run the sources: run `pnpm --filter @inferkit/emulator build`.',
    );
  }
  register(`data:text/javascript,${encodeURIComponent(LOADER)}`, { data: { esbuild, typescript } });
  return import(pathToFileURL(src).href);
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      host: { type: 'string', default: '127.0.0.1' },
      latency: { type: 'string', default: 'demo' },
      'token-mode': { type: 'boolean', default: false },
      token: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      'model-fault': { type: 'string', multiple: true },
      'legacy-zero-shot': { type: 'boolean', default: false },
      'max-body-bytes': { type: 'string' },
      'max-input-chars': { type: 'string' },
      'list-models': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a port number, got "${values.port}"`);
  if (values.latency !== 'demo' && values.latency !== 'none')
    throw new Error(`--latency must be "demo" or "none", got "${values.latency}"`);
  const limits = {};
  for (const [flag, key] of [
    ['max-body-bytes', 'maxBodyBytes'],
    ['max-input-chars', 'maxInputChars'],
  ]) {
    if (values[flag] === undefined) continue;
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${flag} must be a positive integer, got "${values[flag]}"`);
    limits[key] = n;
  }
  const modelFaults = {};
  for (const spec of values['model-fault'] ?? []) {
    const at = spec.indexOf(':');
    if (at <= 0) throw new Error(`--model-fault expects <model>:<faults>, got "${spec}"`);
    modelFaults[spec.slice(0, at)] = spec.slice(at + 1);
  }

  const { startEmulator, listModels, parseFaults } = await loadEmulator();
  if (values['list-models']) {
    for (const model of listModels()) console.log(`${model.task.padEnd(32)} ${model.id}`);
    return;
  }
  const faults = (values.fault ?? []).join(',');
  parseFaults(faults); // fail fast on a typo
  for (const spec of Object.values(modelFaults)) parseFaults(spec);

  const emulator = await startEmulator({
    port,
    host: values.host,
    latency: values.latency,
    tokenMode: values['token-mode'],
    tokens: values.token,
    faults: faults || undefined,
    modelFaults,
    legacyZeroShot: values['legacy-zero-shot'],
    limits,
    warmUp: true,
    onRequest: values.quiet
      ? undefined
      : (e) =>
          console.log(`${e.method} ${e.path} → ${e.status} ${e.ms}ms${e.model ? ` [${e.model}]` : ''} ${e.requestId}`),
  });
  console.log(
    `inferkit-emulator listening on ${emulator.url} (${emulator.handler.catalogue.models.length} models, latency ${values.latency}` +
      `${values['token-mode'] ? ', token mode' : ''}${faults ? `, faults: ${faults}` : ''})`,
  );
  // close() ends every connection, streams and requests still being computed included; engines
  // yield to the event loop as they work, so this runs within milliseconds. The timer is a last
  // resort should anything still hold the process: a stop signal always stops it.
  const stop = () => {
    setTimeout(() => process.exit(0), 2_000).unref();
    emulator.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(`inferkit-emulator: ${error?.message ?? error}`);
  process.exit(1);
});
