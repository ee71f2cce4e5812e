/**
 * The READMEs' quick starts run as written. The first ```ts block under "## Quick start: `@inferkit/core`"
 * in the root README.md, and under "## Quick start" in packages/core/README.md, is
 *
 * 1. type-checked against the workspace's sources (as a module in this folder, with the root
 *    tsconfig.test.json), so a renamed option, parameter or export fails here;
 * 2. bundled by esbuild with the `development` condition (core's sources, not a stale `dist/`), and
 *    run by `node` in a child process against an emulator started on a free port. The one change made
 *    to the code: the emulator's documented URL, `http://127.0.0.1:8787`, which must appear exactly
 *    once, becomes the free port's URL;
 * 3. checked against what it says it prints: each `// → …` comment is a line of its output (in order;
 *    `…` stands for any text), and the one other line is the streamed chat reply.
 *
 * The code blocks of "## Use it with a real token" (root) and "## With a real token" (core) need
 * Hugging Face, so they are type-checked only.
 */
import { startEmulator, type RunningEmulator } from '@inferkit/emulator/node';
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../../../..');
/** The URL the quick starts give the emulator; the test swaps it for its own emulator's. */
const DOCUMENTED_URL = 'http://127.0.0.1:8787';

interface Readme {
  file: string;
  quickStart: string;
  realToken: string;
}

const READMES: Readme[] = [
  { file: 'README.md', quickStart: '## Quick start: `@inferkit/core`', realToken: '## Use it with a real token' },
  { file: 'packages/core/README.md', quickStart: '## Quick start', realToken: '## With a real token' },
];

/** The ```ts blocks of the section under `heading` (up to the next `## ` heading). */
function tsBlocks(file: string, heading: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`${file} has no "${heading}" heading`);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  const section = lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);
}

function quickStart(readme: Readme): string {
  const [block] = tsBlocks(readme.file, readme.quickStart);
  if (!block) throw new Error(`${readme.file}: no \`\`\`ts block under "${readme.quickStart}"`);
  return block;
}

/** Type errors of `sources` (virtual files in this folder), as `file:line: message` lines. */
function typeErrors(sources: Record<string, string>): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.test.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  const options = { ...config!.options, noEmit: true };
  const files = new Map(Object.entries(sources).map(([name, code]) => [join(HERE, name), code]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (name, language, ...rest) => {
    const code = files.get(name);
    return code === undefined
      ? getSourceFile.call(host, name, language, ...rest)
      : ts.createSourceFile(name, code, language);
  };
  host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
  host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
  const program = ts.createProgram({ rootNames: [...files.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file
      ? `${d.file.fileName.replace(`${ROOT}/`, '')}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}`
      : '';
    return `${where}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

/** A `// → …` comment as a whole-line pattern: literal text, `…` for any text. */
const expectation = (text: string) =>
  new RegExp(
    `^${text
      .split('…')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 'inferkit-readme-'));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README code', () => {
  it('type-checks: the quick starts, and the real-token examples', { timeout: 60_000 }, () => {
    const sources: Record<string, string> = {};
    for (const readme of READMES) {
      const name = readme.file.replace(/\W+/g, '-');
      sources[`__${name}-quick-start.ts`] = quickStart(readme);
      const realToken = tsBlocks(readme.file, readme.realToken);
      expect(realToken.length, `${readme.file}: ts blocks under "${readme.realToken}"`).toBeGreaterThan(0);
      realToken.forEach((code, i) => (sources[`__${name}-real-token-${i}.ts`] = code));
    }
    expect(typeErrors(sources)).toEqual([]);
  });

  for (const readme of READMES) {
    it(
      `${readme.file}: the quick start runs against the emulator and prints what it says`,
      { timeout: 60_000 },
      async () => {
        const code = quickStart(readme);
        // The one substitution: the documented emulator URL → this test's emulator.
        expect(code.split(`'${DOCUMENTED_URL}'`)).toHaveLength(2);
        const runnable = code.replace(`'${DOCUMENTED_URL}'`, JSON.stringify(emulator.url));

        const bundle = await build({
          stdin: { contents: runnable, loader: 'ts', resolveDir: HERE, sourcefile: readme.file },
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          conditions: ['@inferkit/source'],
          write: false,
          logLevel: 'silent',
        });
        const script = join(dir, `${readme.file.replace(/\W+/g, '-')}.mjs`);
        writeFileSync(script, bundle.outputFiles[0]!.text);

        const {
          stdout,
          stderr,
          code: exit,
        } = await new Promise<{ stdout: string; stderr: string; code: number }>((resolve) => {
          execFile(process.execPath, [script], { timeout: 30_000 }, (error, stdout, stderr) =>
            resolve({ stdout, stderr, code: error ? ((error.code as number | undefined) ?? 1) : 0 }),
          );
        });
        expect(stderr).toBe('');
        expect(exit).toBe(0);

        const expected = [...code.matchAll(/\/\/ → (.*)$/gm)].map((match) => match[1]!.trim());
        expect(expected.length, 'the quick start says what it prints').toBeGreaterThan(0);
        const lines = stdout.replace(/\n$/, '').split('\n');
        const others: string[] = [];
        let next = 0;
        for (const line of lines) {
          if (next < expected.length && expectation(expected[next]!).test(line)) next++;
          else others.push(line);
        }
        expect(expected.slice(next), `not printed, in order, by:\n${stdout}`).toEqual([]);
        // The one line no comment describes: the streamed chat reply.
        expect(others).toHaveLength(1);
        expect(others[0]!.trim()).not.toBe('');
      },
    );
  }
});
