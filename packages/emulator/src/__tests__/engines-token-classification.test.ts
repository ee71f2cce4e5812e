import { describe, expect, it } from 'vitest';
import { emulator } from './emu-test-utils';

interface Grouped {
  entity_group: string;
  score: number;
  word: string;
  start: number;
  end: number;
}
interface Piece {
  entity: string;
  score: number;
  index: number;
  word: string;
  start: number;
  end: number;
}

const { post } = emulator();
const BERT = '/models/dslim/bert-base-NER';
const ROBERTA = '/models/Jean-Baptiste/roberta-large-ner-english';
const TEXT = 'Barack Obama visited Paris and met Google executives.';

async function ner<T = Grouped>(inputs: string, parameters?: Record<string, unknown>, path = BERT): Promise<T[]> {
  const res = await post(path, parameters ? { inputs, parameters } : { inputs });
  expect(res.status).toBe(200);
  return (await res.json()) as T[];
}
/** Python-style slicing by code points, which is what the API's offsets index. */
const pySlice = (text: string, start: number, end: number) => Array.from(text).slice(start, end).join('');

describe('token classification (NER)', () => {
  it('finds people, places and organisations (default aggregation: simple)', async () => {
    const out = await ner(TEXT);
    expect(out.map((e) => [e.entity_group, e.word])).toEqual([
      ['PER', 'Barack Obama'],
      ['LOC', 'Paris'],
      ['ORG', 'Google'],
    ]);
    for (const e of out) {
      expect(pySlice(TEXT, e.start, e.end)).toBe(e.word);
      expect(e.score).toBeGreaterThan(0.5);
      expect(e.score).toBeLessThan(1);
    }
  });

  it('gives start/end in code points: an emoji before the entity counts once', async () => {
    const text = '🎉🎉 Angela Merkel flew to Berlin.';
    const out = await ner(text);
    const merkel = out.find((e) => e.entity_group === 'PER')!;
    const berlin = out.find((e) => e.entity_group === 'LOC')!;
    expect(merkel).toMatchObject({ word: 'Angela Merkel', start: 3, end: 16 });
    expect(pySlice(text, merkel.start, merkel.end)).toBe('Angela Merkel');
    expect(pySlice(text, berlin.start, berlin.end)).toBe('Berlin');
    // UTF-16 offsets would be two more per emoji.
    expect(text.indexOf('Angela')).toBe(5);
  });

  it('an emoji right after a name is not part of it (ZWJ sequences included)', async () => {
    const text = 'I am Sarah 👩🏽‍💻 from London';
    const out = await ner(text);
    const sarah = out.find((e) => e.entity_group === 'PER')!;
    expect(sarah.word).toBe('Sarah');
    expect(pySlice(text, sarah.start, sarah.end)).toBe('Sarah');
    expect(out.find((e) => e.entity_group === 'LOC')?.word).toBe('London');
  });

  it('is deterministic and depends on the text', async () => {
    expect(await ner(TEXT)).toEqual(await ner(TEXT));
    const other = await ner('Satya Nadella leads Microsoft from Redmond.');
    expect(other.map((e) => e.entity_group)).toEqual(['PER', 'ORG', 'LOC']);
    expect(other.map((e) => e.word)).toEqual(['Satya Nadella', 'Microsoft', 'Redmond']);
  });

  it('aggregation none: one item per word piece with B-/I- tags, index and ## pieces', async () => {
    const pieces = await ner<Piece>(TEXT, { aggregation_strategy: 'none' });
    expect(pieces.every((p) => /^[BI]-(PER|LOC|ORG|MISC)$/.test(p.entity))).toBe(true);
    const person = pieces.filter((p) => p.entity.endsWith('PER'));
    expect(person[0]!.entity).toBe('B-PER');
    expect(person.slice(1).every((p) => p.entity === 'I-PER')).toBe(true);
    expect(person.some((p) => p.word.startsWith('##'))).toBe(true);
    expect(
      person
        .map((p) => p.word)
        .join(' ')
        .replace(/ ##/g, ''),
    ).toBe('Barack Obama');
    // Indices count from 1 ([CLS] is 0) and increase.
    expect(person[0]!.index).toBe(1);
    expect(pieces.map((p) => p.index)).toEqual([...pieces.map((p) => p.index)].sort((a, b) => a - b));
    for (const p of pieces) expect(pySlice(TEXT, p.start, p.end)).toBe(p.word.replace(/^##/, ''));
  });

  it('simple, first, average and max group the same entities but score them differently', async () => {
    const results = await Promise.all(
      ['simple', 'first', 'average', 'max'].map((s) => ner(TEXT, { aggregation_strategy: s })),
    );
    for (const out of results) expect(out.map((e) => e.word)).toEqual(['Barack Obama', 'Paris', 'Google']);
    const obama = results.map((out) => out[0]!.score);
    expect(new Set(obama).size).toBe(4);
    const [simple, first, average, max] = obama as [number, number, number, number];
    // "Barack" is split in pieces; the last piece is surest, so max > average > first.
    expect(max).toBeGreaterThan(average);
    expect(average).toBeGreaterThan(first);
    expect(simple).toBeLessThan(max);
  });

  it('ignore_labels drops those labels; an empty list keeps the O tokens', async () => {
    const noPeople = await ner(TEXT, { ignore_labels: ['O', 'PER'] });
    expect(noPeople.map((e) => e.entity_group)).toEqual(['LOC', 'ORG']);
    const all = await ner<Piece>(TEXT, { aggregation_strategy: 'none', ignore_labels: [] });
    expect(all.some((p) => p.entity === 'O')).toBe(true);
    expect(all.map((p) => p.index)).toEqual(all.map((_, i) => i + 1));
    const groups = await ner(TEXT, { ignore_labels: [] });
    expect(groups.map((g) => g.entity_group)).toContain('O');
  });

  it('RoBERTa-style models use IO tags, Ġ-prefixed pieces and a leading space in grouped words', async () => {
    const pieces = await ner<Piece>('We met Angela Merkel in Berlin.', { aggregation_strategy: 'none' }, ROBERTA);
    expect(pieces.map((p) => p.entity)).toContain('PER');
    expect(pieces.every((p) => !/^[BI]-/.test(p.entity))).toBe(true);
    expect(pieces.some((p) => p.word.startsWith('Ġ'))).toBe(true);
    const grouped = await ner('We met Angela Merkel in Berlin.', undefined, ROBERTA);
    expect(grouped.map((g) => g.word)).toEqual([' Angela Merkel', ' Berlin']);
  });

  it('rejects an unknown aggregation strategy', async () => {
    expect((await post(BERT, { inputs: TEXT, parameters: { aggregation_strategy: 'mean' } })).status).toBe(400);
  });
});
