import type { TokenClassificationEntity } from '@inferkit/core';
import { describe, expect, it } from 'vitest';
import { createCodePointIndex, highlightSegments, toEntitySpans, toSegments } from '../segments';

/** Code-point offsets of `word` in `text` (its `nth` occurrence), as the Python API would give them. */
function at(text: string, word: string, nth = 0) {
  let i = -1;
  for (let n = 0; n <= nth; n++) i = text.indexOf(word, i + 1);
  if (i < 0) throw new Error(`${word} not in text`);
  const start = Array.from(text.slice(0, i)).length;
  return { start, end: start + Array.from(word).length };
}
const group = (text: string, word: string, type: string, score = 0.9, nth = 0): TokenClassificationEntity => ({
  entityGroup: type,
  score,
  word,
  ...at(text, word, nth),
});
/** The highlighted strings, in order. */
const marked = (text: string, entities: TokenClassificationEntity[]) =>
  toEntitySpans(text, entities).map((s) => [s.type, text.slice(s.start, s.end)]);

describe('createCodePointIndex', () => {
  it('is the identity for BMP-only text', () => {
    const index = createCodePointIndex('héllo 東京');
    expect(index.length).toBe(8);
    expect(index.toUtf16(6)).toBe(6);
  });

  it('maps code points to UTF-16 offsets across astral characters', () => {
    const text = 'a👋🏽b🇫🇷c𠮷d';
    const index = createCodePointIndex(text);
    const points = Array.from(text);
    expect(index.length).toBe(points.length);
    for (let cp = 0; cp <= points.length; cp++) {
      expect(index.toUtf16(cp)).toBe(points.slice(0, cp).join('').length);
    }
  });

  it('counts a lone surrogate as one code point, like Array.from', () => {
    const text = 'a\ud83db\udc4bc';
    const index = createCodePointIndex(text);
    expect(index.length).toBe(Array.from(text).length);
    expect(index.toUtf16(4)).toBe(4);
  });
});

describe('highlightSegments: Unicode offsets', () => {
  it.each([
    ['emoji with skin tone', 'Hi 👋🏽 I am Zoë from Paris', ['Zoë', 'Paris']],
    ['flags', '🇫🇷🇩🇪 Macron met Scholz in Berlin 🇩🇪', ['Macron', 'Scholz', 'Berlin']],
    ['CJK', '東京都に住む山田太郎さん', ['東京都', '山田太郎']],
    ['astral CJK', '𠮷野家で𠮷田さんに会った', ['𠮷野家', '𠮷田']],
    ['RTL Arabic', 'مرحبا 👋 اسمي سارة وأعيش في القاهرة', ['سارة', 'القاهرة']],
    ['RTL Hebrew with emoji', '🎉 שלום, אני דוד מירושלים', ['דוד', 'ירושלים']],
    ['ZWJ family emoji', '👨‍👩‍👧‍👦 The Smiths live in Leeds', ['Smiths', 'Leeds']],
  ])('%s: highlights exactly the entity characters', (_, text, words) => {
    const entities = words.map((w) => group(text, w, 'X'));
    expect(marked(text, entities)).toEqual(words.map((w) => ['X', w]));
  });

  it('highlights an entity that is itself an emoji sequence', () => {
    const text = 'I ❤️ 🇫🇷 and 👋🏽!';
    expect(marked(text, [group(text, '🇫🇷', 'FLAG'), group(text, '👋🏽', 'WAVE')])).toEqual([
      ['FLAG', '🇫🇷'],
      ['WAVE', '👋🏽'],
    ]);
  });

  it('would be wrong with UTF-16 offsets used as code points (guards the conversion)', () => {
    const text = '👋🏽 Paris';
    const { start, end } = at(text, 'Paris');
    expect([start, end]).toEqual([3, 8]);
    expect(text.slice(start, end)).not.toBe('Paris');
    expect(marked(text, [{ entityGroup: 'LOC', score: 1, word: 'Paris', start, end }])).toEqual([['LOC', 'Paris']]);
  });
});

describe('highlightSegments: edge cases', () => {
  const text = 'Ada Lovelace met Charles Babbage in London.';

  it('treats an entity at offset 0 as an entity', () => {
    expect(marked(text, [group(text, 'Ada', 'PER')])).toEqual([['PER', 'Ada']]);
  });

  it('segments cover the whole text in order', () => {
    const { segments } = highlightSegments(text, [group(text, 'Ada Lovelace', 'PER'), group(text, 'London', 'LOC')]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
    expect(segments.map((s) => s.kind)).toEqual(['entity', 'text', 'entity', 'text']);
    expect(segments.every((s, i) => i === 0 || s.start === segments[i - 1]!.end)).toBe(true);
  });

  it('clamps out-of-range offsets and drops what becomes empty', () => {
    const n = Array.from(text).length;
    const result = highlightSegments(text, [
      { entityGroup: 'A', score: 1, word: 'x', start: -5, end: 3 },
      { entityGroup: 'B', score: 1, word: 'x', start: n - 1, end: n + 50 },
      { entityGroup: 'C', score: 1, word: 'x', start: n + 1, end: n + 9 },
      { entityGroup: 'D', score: 1, word: 'x', start: -9, end: -1 },
    ]);
    expect(result.spans.map((s) => [s.type, text.slice(s.start, s.end)])).toEqual([
      ['A', 'Ada'],
      ['B', '.'],
    ]);
    expect(result.dropped).toBe(2);
  });

  it('drops zero-length, inverted and non-finite-offset entities that cannot be found', () => {
    const result = highlightSegments(text, [
      { entityGroup: 'A', score: 1, word: 'Ada', start: 4, end: 4 },
      { entityGroup: 'B', score: 1, word: 'Ada', start: 9, end: 2 },
      { entityGroup: 'C', score: 1, word: 'Nobody', start: Number.NaN, end: 3 },
      { entityGroup: '', score: 1, word: 'Ada', start: 0, end: 3 },
      { entity: 'O', score: 1, word: 'Ada', start: 0, end: 3 },
      { score: 1, word: 'Ada', start: 0, end: 3 },
    ]);
    expect(result.spans).toEqual([]);
    expect(result.segments).toEqual([{ kind: 'text', text, start: 0, end: text.length }]);
    expect(result.dropped).toBe(6);
  });

  it('overlapping: the earlier-starting one wins and the later one is dropped whole', () => {
    // "Lovelace met" overlaps "Ada Lovelace".
    expect(marked(text, [group(text, 'Lovelace met', 'B'), group(text, 'Ada Lovelace', 'A')])).toEqual([
      ['A', 'Ada Lovelace'],
    ]);
  });

  it('nested: the longer one wins on the same start, the outer one otherwise', () => {
    expect(
      marked(text, [
        group(text, 'Charles', 'FIRST'),
        group(text, 'Charles Babbage', 'PER'),
        group(text, 'Babbage', 'LAST'),
      ]),
    ).toEqual([['PER', 'Charles Babbage']]);
  });

  it('identical spans: the first given wins', () => {
    expect(marked(text, [group(text, 'London', 'LOC'), group(text, 'London', 'GPE')])).toEqual([['LOC', 'London']]);
  });

  it('adjacent spans stay separate', () => {
    const t = 'NewYork';
    const result = highlightSegments(t, [
      { entityGroup: 'A', score: 1, word: 'New', start: 0, end: 3 },
      { entityGroup: 'B', score: 1, word: 'York', start: 3, end: 7 },
    ]);
    expect(result.segments.map((s) => [s.kind, s.text])).toEqual([
      ['entity', 'New'],
      ['entity', 'York'],
    ]);
  });

  it('sorts spans given out of order', () => {
    expect(marked(text, [group(text, 'London', 'LOC'), group(text, 'Ada', 'PER')])).toEqual([
      ['PER', 'Ada'],
      ['LOC', 'London'],
    ]);
  });

  it('counts types after merging and overlap resolution, sorted by type', () => {
    const { types } = highlightSegments(text, [
      group(text, 'London', 'LOC'),
      group(text, 'Ada', 'PER'),
      group(text, 'Charles Babbage', 'PER'),
      group(text, 'Babbage', 'LOC'),
    ]);
    expect(types).toEqual([
      { type: 'LOC', count: 1 },
      { type: 'PER', count: 2 },
    ]);
  });

  it('is deterministic: the same input gives equal output', () => {
    const entities = [
      group(text, 'London', 'LOC'),
      group(text, 'Lovelace met', 'X'),
      group(text, 'Ada Lovelace', 'PER'),
    ];
    expect(highlightSegments(text, entities)).toEqual(highlightSegments(text, [...entities]));
  });

  it('does not crash on empty text or garbage entities', () => {
    const garbage = [null, 42, { entityGroup: 7 }, { entity: 'B-PER' }] as unknown as TokenClassificationEntity[];
    expect(highlightSegments('', garbage)).toEqual({ segments: [], spans: [], types: [], dropped: 4 });
    expect(highlightSegments(text, garbage).spans).toEqual([]);
  });
});

describe('highlightSegments: entities without offsets', () => {
  it('finds each word from the end of the previous entity', () => {
    const text = 'Paris is not Paris, Texas';
    const result = toEntitySpans(text, [
      { entityGroup: 'LOC', score: 1, word: 'Paris' },
      { entityGroup: 'LOC', score: 1, word: 'Paris' },
      { entityGroup: 'LOC', score: 1, word: 'Texas' },
    ]);
    expect(result.map((s) => [s.start, s.end])).toEqual([
      [0, 5],
      [13, 18],
      [20, 25],
    ]);
  });

  it('falls back to a case-insensitive search (uncased models) and drops words not found', () => {
    const text = 'Sarah lives in Berlin';
    const result = highlightSegments(text, [
      { entityGroup: 'PER', score: 1, word: 'sarah' },
      { entityGroup: 'LOC', score: 1, word: 'Tokyo' },
      { entityGroup: 'LOC', score: 1, word: 'berlin' },
    ]);
    expect(result.spans.map((s) => text.slice(s.start, s.end))).toEqual(['Sarah', 'Berlin']);
    expect(result.dropped).toBe(1);
  });

  it('finds words after astral characters in UTF-16 directly', () => {
    const text = '🇫🇷👋🏽 Zoë';
    expect(marked(text, [{ entityGroup: 'PER', score: 1, word: 'Zoë' }])).toEqual([['PER', 'Zoë']]);
  });
});

describe('highlightSegments: per-token output (B-/I- tags)', () => {
  // What dslim/bert-base-NER returns with aggregation_strategy "none" (O tokens left out).
  const text = 'My name is Wolfgang and I live in Berlin and New York City';
  const token = (entity: string, word: string, index: number, score = 0.9, nth = 0): TokenClassificationEntity => ({
    entity,
    index,
    score,
    word,
    ...at(text, word.replace(/^##/, ''), nth),
  });

  it('merges B- and following I- tokens of the same type, averaging scores', () => {
    const spans = toEntitySpans(text, [
      token('B-PER', 'Wolfgang', 4, 0.99),
      token('B-LOC', 'Berlin', 9, 0.98),
      token('B-LOC', 'New', 11, 0.9),
      token('I-LOC', 'York', 12, 0.8),
      token('I-LOC', 'City', 13, 0.7),
    ]);
    expect(spans.map((s) => [s.type, text.slice(s.start, s.end), s.word, s.tokens])).toEqual([
      ['PER', 'Wolfgang', 'Wolfgang', 1],
      ['LOC', 'Berlin', 'Berlin', 1],
      ['LOC', 'New York City', 'New York City', 3],
    ]);
    expect(spans[2]!.score).toBeCloseTo(0.8);
  });

  it('merges BERT ## word pieces, even when a piece is tagged B-', () => {
    const t = 'Hugging Face is in Brooklyn';
    const spans = toEntitySpans(t, [
      { entity: 'B-ORG', index: 1, score: 0.9, word: 'Hu', start: 0, end: 2 },
      { entity: 'I-ORG', index: 2, score: 0.9, word: '##gging', start: 2, end: 7 },
      { entity: 'I-ORG', index: 3, score: 0.9, word: 'Face', start: 8, end: 12 },
      { entity: 'B-LOC', index: 6, score: 0.9, word: 'Brook', start: 19, end: 24 },
      { entity: 'B-LOC', index: 7, score: 0.9, word: '##lyn', start: 24, end: 27 },
    ]);
    expect(spans.map((s) => [s.type, t.slice(s.start, s.end), s.word])).toEqual([
      ['ORG', 'Hugging Face', 'Hugging Face'],
      ['LOC', 'Brooklyn', 'Brooklyn'],
    ]);
  });

  it('starts a new span on B-, on a type change, and across a gap in token indices', () => {
    const t = 'Paris Berlin and Rome';
    const spans = toEntitySpans(t, [
      { entity: 'B-LOC', index: 1, score: 1, word: 'Paris', start: 0, end: 5 },
      { entity: 'B-LOC', index: 2, score: 1, word: 'Berlin', start: 6, end: 12 },
      { entity: 'I-LOC', index: 4, score: 1, word: 'Rome', start: 17, end: 21 },
    ]);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['Paris', 'Berlin', 'Rome']);
    const typeChange = toEntitySpans(t, [
      { entity: 'B-LOC', index: 1, score: 1, word: 'Paris', start: 0, end: 5 },
      { entity: 'I-PER', index: 2, score: 1, word: 'Berlin', start: 6, end: 12 },
    ]);
    expect(typeChange.map((s) => s.type)).toEqual(['LOC', 'PER']);
  });

  it('without indices, I- continues only across whitespace', () => {
    const t = 'New York, Paris';
    const spans = toEntitySpans(t, [
      { entity: 'B-LOC', score: 1, word: 'New', start: 0, end: 3 },
      { entity: 'I-LOC', score: 1, word: 'York', start: 4, end: 8 },
      { entity: 'I-LOC', score: 1, word: 'Paris', start: 10, end: 15 },
    ]);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['New York', 'Paris']);
  });

  it('an I- tag with nothing to continue starts a span; tags without prefix act as I-', () => {
    const t = 'Ada Lovelace';
    expect(
      toEntitySpans(t, [
        { entity: 'I-PER', score: 1, word: 'Ada', start: 0, end: 3 },
        { entity: 'I-PER', score: 1, word: 'Lovelace', start: 4, end: 12 },
      ]).map((s) => t.slice(s.start, s.end)),
    ).toEqual(['Ada Lovelace']);
    expect(
      toEntitySpans(t, [
        { entity: 'PER', score: 1, word: 'Ada', start: 0, end: 3 },
        { entity: 'PER', score: 1, word: 'Lovelace', start: 4, end: 12 },
      ]).map((s) => [s.type, t.slice(s.start, s.end)]),
    ).toEqual([['PER', 'Ada Lovelace']]);
  });

  it('BIOES: E- closes a span and S- is a single-token span', () => {
    const t = 'Ada Lovelace Byron';
    const spans = toEntitySpans(t, [
      { entity: 'B-PER', index: 1, score: 1, word: 'Ada', start: 0, end: 3 },
      { entity: 'E-PER', index: 2, score: 1, word: 'Lovelace', start: 4, end: 12 },
      { entity: 'I-PER', index: 3, score: 1, word: 'Byron', start: 13, end: 18 },
    ]);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['Ada Lovelace', 'Byron']);
  });

  it('merges tokens located by word when offsets are missing', () => {
    const t = 'hugging face rocks';
    const spans = toEntitySpans(t, [
      { entity: 'B-ORG', index: 1, score: 1, word: 'Hu' },
      { entity: 'I-ORG', index: 2, score: 1, word: '##gging' },
      { entity: 'I-ORG', index: 3, score: 1, word: 'Face' },
    ]);
    expect(spans.map((s) => t.slice(s.start, s.end))).toEqual(['hugging face']);
  });

  it('grouped entities are never merged with each other', () => {
    const t = 'New York';
    expect(
      toEntitySpans(t, [
        { entityGroup: 'LOC', score: 1, word: 'New', start: 0, end: 3 },
        { entityGroup: 'LOC', score: 1, word: 'York', start: 4, end: 8 },
      ]),
    ).toHaveLength(2);
  });
});

describe('toSegments', () => {
  it('leaves text before, between and after spans as text segments', () => {
    const t = 'a Bc d';
    const spans = [{ type: 'X', score: 1, word: 'B', start: 2, end: 3, source: 0, tokens: 1 }];
    expect(toSegments(t, spans)).toEqual([
      { kind: 'text', text: 'a ', start: 0, end: 2 },
      { kind: 'entity', text: 'B', start: 2, end: 3, span: 0 },
      { kind: 'text', text: 'c d', start: 3, end: 6 },
    ]);
  });
});

describe('performance shape', () => {
  it('handles 100,000 characters and 10,000 entities with astral text in well under a second', () => {
    const unit = '👋🏽 Ada met Bob. ';
    const text = unit.repeat(Math.ceil(100_000 / unit.length)).slice(0, 100_000);
    const perUnit = Array.from(unit).length;
    const entities: TokenClassificationEntity[] = [];
    for (let i = 0; entities.length < 10_000; i++) {
      entities.push({ entityGroup: 'PER', score: 0.9, word: 'Ada', start: i * perUnit + 3, end: i * perUnit + 6 });
      entities.push({ entityGroup: 'PER', score: 0.9, word: 'Bob', start: i * perUnit + 11, end: i * perUnit + 14 });
    }
    const t0 = performance.now();
    const result = highlightSegments(text, entities);
    const ms = performance.now() - t0;
    expect(result.spans).toHaveLength(10_000);
    expect(result.spans.every((s, i) => text.slice(s.start, s.end) === (i % 2 ? 'Bob' : 'Ada'))).toBe(true);
    expect(ms).toBeLessThan(1000);
  });
});
