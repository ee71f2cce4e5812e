import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { runOverhead } from '../../bench/overhead.mjs';

// The benchmarks do not run in CI; this one did rot once (its in-memory fetch answered inferkit's Hub
// lookup with the task's answer after provider routing came), so a few rounds of it run here. Only
// that it finishes with every row is checked, never a timing.
describe('bench/overhead.mjs', () => {
  it('runs all three callers over HTTP and in memory, and reports every row', async () => {
    const section = await runOverhead({ requests: 5, inMemory: 20 });
    expect(section.id).toBe('overhead');
    expect(section.rows.map((r: { metric: string }) => r.metric)).toEqual(
      expect.arrayContaining(['p50 overhead over raw fetch', 'p50 client cost over raw fetch, in-memory fetch']),
    );
  }, 60_000);
});
