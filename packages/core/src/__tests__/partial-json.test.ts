import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PartialJsonReader, PartialJsonSyntaxError } from '../partial-json';

/** Feeds `text` in the given piece sizes, returning every snapshot and the final value. */
function feed(text: string, sizes: number[]) {
  const reader = new PartialJsonReader();
  const snapshots: unknown[] = [];
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length] ?? 1);
    reader.write(text.slice(at, at + size));
    at += size;
    snapshots.push(reader.value());
  }
  return { snapshots, final: reader.end() };
}

/** Whether `part` is what a reader may show of `whole` before the end: a prefix of each string, a subset of each container. */
function isPartOf(part: unknown, whole: unknown): boolean {
  if (part === undefined) return true;
  if (typeof part === 'string') return typeof whole === 'string' && whole.startsWith(part);
  if (Array.isArray(part)) {
    return Array.isArray(whole) && part.length <= whole.length && part.every((item, i) => isPartOf(item, whole[i]));
  }
  if (part && typeof part === 'object') {
    return (
      !!whole &&
      typeof whole === 'object' &&
      !Array.isArray(whole) &&
      Object.keys(part).every(
        (key) => Object.hasOwn(whole, key) && isPartOf((part as never)[key], (whole as never)[key]),
      )
    );
  }
  return Object.is(part, whole);
}

describe('PartialJsonReader', () => {
  it('shows an object as far as it has come: unfinished strings in, unfinished keys, numbers and literals out', () => {
    const reader = new PartialJsonReader();
    const steps: [string, unknown][] = [
      ['{"ti', {}],
      ['tle":"Tomato s', { title: 'Tomato s' }],
      ['oup","serv', { title: 'Tomato soup' }],
      ['ings":4', { title: 'Tomato soup' }],
      [',"tags":["a","b', { title: 'Tomato soup', servings: 4, tags: ['a', 'b'] }],
      ['"],"veg":tr', { title: 'Tomato soup', servings: 4, tags: ['a', 'b'] }],
      ['ue,"x":null}', { title: 'Tomato soup', servings: 4, tags: ['a', 'b'], veg: true, x: null }],
    ];
    for (const [chunk, expected] of steps) {
      reader.write(chunk);
      expect(reader.value()).toEqual(expected);
    }
    expect(reader.end()).toEqual(
      JSON.parse('{"title":"Tomato soup","servings":4,"tags":["a","b"],"veg":true,"x":null}'),
    );
  });

  it('shows only parts of the final value, and ends with exactly what JSON.parse gives, however the text is cut', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        (value, pretty, sizes) => {
          const text = JSON.stringify(value, null, pretty ? 2 : undefined);
          const { snapshots, final } = feed(text, sizes);
          expect(final).toEqual(JSON.parse(text));
          for (const snapshot of snapshots) expect(isPartOf(snapshot, final)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('keeps the identity of finished parts from one snapshot to the next', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: fc.string(), n: fc.integer(), tags: fc.array(fc.string(), { maxLength: 3 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 1, max: 7 }),
        (items, size) => {
          const text = JSON.stringify({ items });
          const reader = new PartialJsonReader();
          let previous: { items?: unknown[] } | undefined;
          for (let at = 0; at < text.length; at += size) {
            reader.write(text.slice(at, at + size));
            const now = reader.value() as { items?: unknown[] } | undefined;
            // Each finished item is one object from the moment it finishes to the end.
            (previous?.items ?? []).slice(0, -1).forEach((item, i) => expect(now!.items![i]).toBe(item));
            previous = now;
          }
          expect(reader.end()).toEqual({ items });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same snapshot object while nothing changed', () => {
    const reader = new PartialJsonReader();
    reader.write('{"a":[1,2],"b":"x');
    const first = reader.value();
    expect(reader.value()).toBe(first);
    reader.write('');
    expect(reader.value()).toBe(first);
  });

  it('decodes escapes cut between pieces, and keeps a "__proto__" key as data', () => {
    const text = '{"s":"a\\"b\\\\c\\u00e9\\ud83d\\ude00\\n","__proto__":{"polluted":true}}';
    const { final } = feed(text, [1]);
    expect(final).toEqual(JSON.parse(text));
    expect(Object.getPrototypeOf(final)).toBe(Object.prototype);
    expect(Object.keys(final as object)).toEqual(['s', '__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('reads a bare number or literal at the top level once the text ends', () => {
    const reader = new PartialJsonReader();
    reader.write('12');
    expect(reader.value()).toBeUndefined();
    reader.write('.5e1');
    expect(reader.end()).toBe(125);
  });

  it.each([
    ['{"a":1,}', 'Expected a string key'],
    ['[1,,2]', 'Unexpected ","'],
    ['{"a" 1}', 'Expected ":"'],
    ['[01]', 'Unexpected "01"'],
    ['{"a":tru}', 'Unexpected "tru"'],
    ['"a\\x"', 'Bad escape'],
    ['{} {}', 'after the value'],
    ['"a\nb"', 'control character'],
  ])('refuses %j with a typed error naming the offset', (text, message) => {
    const reader = new PartialJsonReader();
    let error: unknown;
    try {
      reader.write(text);
      reader.end();
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PartialJsonSyntaxError);
    expect((error as Error).message).toContain(message);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('says an unfinished text is unfinished', () => {
    const reader = new PartialJsonReader();
    reader.write('{"a":[1');
    expect(reader.value()).toEqual({ a: [] });
    expect(() => reader.end()).toThrow(/Unexpected end of JSON/);
  });
});
