import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { describeIssues } from '../task-input';
import { holds, int, intFrom, mapped, nonEmpty } from '../wire';

describe('mapped: a valid output turned into another, as z.pipe + z.transform would', () => {
  const one = z.object({ text: z.string() });
  const oneOrBatch = mapped(z.union([one, z.array(one).check(z.minLength(1))]), (value) => ({
    text: (Array.isArray(value) ? value[0]! : value).text.toUpperCase(),
  }));

  it('maps every accepted shape', () => {
    expect(oneOrBatch.parse({ text: 'a' })).toEqual({ text: 'A' });
    expect(oneOrBatch.parse([{ text: 'b' }, { text: 'c' }])).toEqual({ text: 'B' });
  });

  it('does not map a value the schema refused, even for a problem that does not abort', () => {
    // `[]` fails minLength, which lets later checks run; the map would throw on it.
    const result = oneOrBatch.safeParse([]);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]).toMatchObject({ code: 'too_small' });
    expect(oneOrBatch.safeParse({ text: 1 }).success).toBe(false);
  });

  it('fails the parse when the map reports an issue', () => {
    const even = mapped(z.number(), (n, issues) => {
      if (n % 2) issues.push({ code: 'custom', message: 'must be even', input: n });
      return n / 2;
    });
    expect(even.parse(4)).toBe(2);
    expect(even.safeParse(3).error!.issues).toMatchObject([{ message: 'must be even' }]);
  });

  it('works inside arrays and objects, each element mapped once', () => {
    let calls = 0;
    const doubled = mapped(z.number(), (n) => (calls++, n * 2));
    expect(z.object({ list: z.array(doubled) }).parse({ list: [1, 2, 3] })).toEqual({ list: [2, 4, 6] });
    expect(calls).toBe(3);
  });
});

describe('holds, int and intFrom: checks with a message that names the fix', () => {
  it('holds reports its message when the predicate fails', () => {
    const template = z.string().check(holds((t) => t.includes('{}'), 'must contain "{}"'));
    expect(template.parse('about {}')).toBe('about {}');
    expect(template.safeParse('about').error!.issues).toMatchObject([{ code: 'custom', message: 'must contain "{}"' }]);
  });

  it('int takes integers only; intFrom(n) integers from n up', () => {
    expect(int().safeParse(-3).success).toBe(true);
    expect(int().safeParse(1.5).error!.issues).toMatchObject([{ message: 'must be an integer' }]);
    expect(intFrom(0).safeParse(0).success).toBe(true);
    for (const bad of [-1, 0.5]) {
      expect(intFrom(0).safeParse(bad).error!.issues).toMatchObject([{ message: 'must be an integer ≥ 0' }]);
    }
    expect(intFrom(1).safeParse(0).error!.issues).toMatchObject([{ message: 'must be an integer ≥ 1' }]);
  });
});

describe('nonEmpty: the issue z.minLength(1) reports, without bundling zod length checks', () => {
  const issuesOf = (schema: z.ZodMiniType, value: unknown) => schema.safeParse(value).error?.issues ?? [];
  const strip = (issues: readonly unknown[]) =>
    issues.map((issue) => {
      const { inst: _inst, ...rest } = issue as Record<string, unknown>;
      return rest;
    });

  it('reports what zod reports for an empty string and an empty list, and nothing for a filled one', () => {
    for (const [ours, zods, empty, filled] of [
      [z.string().check(nonEmpty), z.string().check(z.minLength(1)), '', 'a'],
      [z.array(z.number()).check(nonEmpty), z.array(z.number()).check(z.minLength(1)), [], [1]],
    ] as const) {
      expect(strip(issuesOf(ours, empty))).toEqual(strip(issuesOf(zods, empty)));
      expect(issuesOf(ours, empty)).toMatchObject([{ code: 'too_small', minimum: 1, message: 'Invalid input' }]);
      expect(ours.parse(filled)).toEqual(filled);
      // A value of the wrong type is named by its type only.
      expect(issuesOf(ours, 5)).toMatchObject([{ code: 'invalid_type' }]);
    }
  });

  it('does not abort: a union names the branch that nearly fit, and the message says the fix', () => {
    const oneOrMany = z.object({ inputs: z.union([z.string().check(nonEmpty), z.array(z.string()).check(nonEmpty)]) });
    const input = { inputs: [] };
    expect(describeIssues(issuesOf(oneOrMany, input) as never, input)).toEqual([
      { path: 'inputs', message: 'needs at least 1 item(s)' },
    ]);
    expect(describeIssues(issuesOf(oneOrMany, { inputs: '' }) as never, { inputs: '' })).toEqual([
      { path: 'inputs', message: 'must not be empty' },
    ]);
  });
});
