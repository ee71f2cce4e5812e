import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { generated, stale, taskFiles } from '../generate-task-table.mjs';

const src = fileURLToPath(new URL('../../packages/core/src/', import.meta.url));

describe('the generated task table', () => {
  it('is fresh: task-table.ts and the export lines of index.ts are what `pnpm generate` writes', async () => {
    expect(await stale()).toEqual([]);
  });

  it('lists every task function of every task file, and each file once in the entry point', async () => {
    const files = taskFiles() as { file: string; functions: string[] }[];
    const out = (await generated()) as Record<string, string>;
    const table = out[`${src}task-table.ts`]!;
    for (const { file, functions } of files) {
      expect(functions.length).toBeGreaterThan(0);
      for (const name of functions) expect(table).toMatch(new RegExp(`^  ${name},$`, 'm'));
      expect(out[`${src}index.ts`]!.split(`export * from './tasks/${file}';`)).toHaveLength(2);
    }
    expect(files.map((f) => f.file)).toContain('zero-shot-classification');
  });

  it('calls a table without a task, or an entry point without its export line, stale', async () => {
    const onDisk = (path: string) => readFileSync(path, 'utf8');
    const without = (path: string, text: string) => (p: string) =>
      p === path ? onDisk(p).replace(text, '') : onDisk(p);
    expect(await stale(without(`${src}task-table.ts`, '  fillMask,\n'))).toEqual([`${src}task-table.ts`]);
    expect(await stale(without(`${src}index.ts`, "export * from './tasks/fill-mask';\n"))).toEqual([`${src}index.ts`]);
  });
});
