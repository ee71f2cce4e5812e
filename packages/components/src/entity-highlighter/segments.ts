import type { TokenClassificationEntity } from '@inferkit/core';

/**
 * Maps code-point offsets (what the Inference API returns: Python string indices) to UTF-16 offsets
 * (what JavaScript strings use). Built once per text in O(n); each lookup is O(1).
 */
export interface CodePointIndex {
  /** Length of the text in code points. */
  readonly length: number;
  /** UTF-16 offset of code point `codePoint`, for `0 <= codePoint <= length`. */
  toUtf16(codePoint: number): number;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Builds the code point → UTF-16 offset table of a text, in one pass. Text without astral characters
 * (no surrogate pairs) gets the identity without allocating. A lone surrogate counts as one code
 * point, as `Array.from(text)` counts it.
 * @example
 * const index = createCodePointIndex('👋🏽 Paris');
 * index.length; // 8 (two code points for the emoji, space, five letters)
 * index.toUtf16(3); // 5: "Paris" starts at code point 3, UTF-16 offset 5
 */
export function createCodePointIndex(text: string): CodePointIndex {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  if (pairs === 0) return { length: text.length, toUtf16: (codePoint) => codePoint };
  const length = text.length - pairs;
  const table = new Uint32Array(length + 1);
  let unit = 0;
  for (let codePoint = 0; codePoint < length; codePoint++) {
    table[codePoint] = unit;
    unit += isHigh(text.charCodeAt(unit)) && isLow(text.charCodeAt(unit + 1)) ? 2 : 1;
  }
  table[length] = text.length;
  return { length, toUtf16: (codePoint) => table[codePoint] ?? text.length };
}

/** One highlighted span of the text: an entity, or per-token tags merged into one. */
export interface EntitySpan {
  /** The entity type without B-/I- prefix (`PER`, `LOC`, ...). */
  type: string;
  /** The entity's score; the mean of the merged tokens' scores (NaN when the model gave none). */
  score: number;
  /** The `word` the model returned (merged tokens joined, `##` pieces glued on). */
  word: string;
  /** Start in the text, in UTF-16 code units (JavaScript string offsets), inclusive. */
  start: number;
  /** End in the text, in UTF-16 code units, exclusive. */
  end: number;
  /** Index in `entities` of the first entity or token this span came from. */
  source: number;
  /** How many entities or tokens were merged into this span (1 for grouped output). */
  tokens: number;
}

/** A piece of the text to render: plain text, or the text of one entity span. */
export type Segment =
  | { kind: 'text'; text: string; start: number; end: number }
  | {
      kind: 'entity';
      text: string;
      start: number;
      end: number;
      /** Index of the span in `spans`. */
      span: number;
    };

/** What {@link highlightSegments} returns. */
export interface HighlightResult {
  /** The text cut into consecutive pieces; joining their `text` gives back the whole text. */
  segments: Segment[];
  /** The entity spans kept, in text order. */
  spans: EntitySpan[];
  /** Each entity type with the number of spans of that type, sorted by type. */
  types: { type: string; count: number }[];
  /** How many input entities were dropped (unusable, not found, zero-length, or overlapping). */
  dropped: number;
}

const TAG = /^([BIESLU])-(.+)$/;
/** Markers tokenizers put on word pieces: BERT `##` continuation, SentencePiece `▁`, byte-level BPE `Ġ`. */
const PIECE_MARKER = /^(?:##|▁|Ġ)/;
/** Gaps longer than this are never "adjacent", which keeps the whitespace check O(1) per token. */
const MAX_GAP = 32;

interface Located {
  type: string;
  /** B/I/E/S/L/U for per-token tags, null for grouped entities (never merged). */
  prefix: string | null;
  subword: boolean;
  score: number;
  word: string;
  start: number;
  end: number;
  index: number | undefined;
  source: number;
}

function readType(entity: TokenClassificationEntity): { type: string; prefix: string | null } | null {
  const group = entity.entityGroup;
  if (typeof group === 'string' && group !== '') return { type: group, prefix: null };
  const tag = entity.entity;
  if (typeof tag !== 'string' || tag === '' || tag === 'O') return null;
  const match = TAG.exec(tag);
  // A tag without prefix (IO scheme: `PER`) continues like I-.
  return match ? { type: match[2]!, prefix: match[1]! } : { type: tag, prefix: 'I' };
}

/** Locates every usable entity in UTF-16 offsets (phase 1 of {@link toEntitySpans}). */
function locate(text: string, entities: readonly TokenClassificationEntity[], index: CodePointIndex): Located[] {
  const out: Located[] = [];
  let cursor = 0;
  let lower: string | null | undefined;
  for (let i = 0; i < entities.length; i++) {
    const entity = entities[i];
    if (entity == null || typeof entity !== 'object') continue;
    const kind = readType(entity);
    if (!kind) continue;
    const rawWord = typeof entity.word === 'string' ? entity.word : '';
    const subword = kind.prefix !== null && rawWord.startsWith('##');
    let start: number;
    let end: number;
    if (Number.isFinite(entity.start) && Number.isFinite(entity.end)) {
      // Out of range: clamp to the text, then drop what became empty.
      start = index.toUtf16(Math.min(Math.max(Math.trunc(entity.start!), 0), index.length));
      end = index.toUtf16(Math.min(Math.max(Math.trunc(entity.end!), 0), index.length));
      if (end <= start) continue;
    } else {
      // No offsets: find the word in the text, searching forward from the previous entity's end.
      const needle = rawWord.replace(PIECE_MARKER, '').trim();
      if (needle === '') continue;
      let found = text.indexOf(needle, cursor);
      if (found < 0) {
        // Uncased models return lower-cased words; only safe when lower-casing keeps every offset.
        if (lower === undefined) {
          const candidate = text.toLowerCase();
          lower = candidate.length === text.length ? candidate : null;
        }
        if (lower !== null) found = lower.indexOf(needle.toLowerCase(), cursor);
      }
      if (found < 0) continue;
      start = found;
      end = found + needle.length;
    }
    cursor = end;
    const score = typeof entity.score === 'number' ? entity.score : Number.NaN;
    const tokenIndex = typeof entity.index === 'number' ? entity.index : undefined;
    // No object spread here: it is the slowest line of the loop on 10,000 entities.
    out.push({
      type: kind.type,
      prefix: kind.prefix,
      subword,
      score,
      word: rawWord,
      start,
      end,
      index: tokenIndex,
      source: i,
    });
  }
  return out;
}

function isWhitespace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || (c >= 0x2000 && c <= 0x200b))) return false;
  }
  return true;
}

/** Merges per-token output into spans (phase 2 of {@link toEntitySpans}); grouped entities pass through. */
function merge(text: string, located: Located[]): EntitySpan[] {
  const spans: EntitySpan[] = [];
  // The span the next token may continue, with its last token's index and its score sum.
  let open: EntitySpan | null = null;
  let lastIndex: number | undefined;
  let scoreSum = 0;
  for (const token of located) {
    if (token.prefix === null) {
      open = null;
      lastIndex = undefined;
      spans.push({
        type: token.type,
        score: token.score,
        word: token.word,
        start: token.start,
        end: token.end,
        source: token.source,
        tokens: 1,
      });
      continue;
    }
    const word = token.word.replace(PIECE_MARKER, '');
    let adjacent = false;
    if (open && open.type === token.type && token.start >= open.end) {
      adjacent =
        lastIndex !== undefined && token.index !== undefined
          ? token.index === lastIndex + 1
          : token.start - open.end <= MAX_GAP && isWhitespace(text, open.end, token.start);
    }
    const continues = open !== null && adjacent && (token.subword || 'IEL'.includes(token.prefix));
    if (open && continues) {
      open.word += token.subword || token.start === open.end ? word : ` ${word}`;
      open.end = token.end;
      open.tokens++;
      scoreSum += token.score;
      open.score = scoreSum / open.tokens;
    } else {
      open = {
        type: token.type,
        score: token.score,
        word,
        start: token.start,
        end: token.end,
        source: token.source,
        tokens: 1,
      };
      scoreSum = token.score;
      spans.push(open);
    }
    lastIndex = token.index;
    // E-/L- end a span and S-/U- are single-token spans: nothing continues them.
    if ('ELSU'.includes(token.prefix)) open = null;
  }
  return spans;
}

/**
 * Turns token-classification output into non-overlapping spans in UTF-16 offsets, in text order.
 * See {@link highlightSegments} for the rules.
 * @example
 * toEntitySpans('Hi Ada', [{ entity: 'B-PER', score: 0.9, word: 'Ada', start: 3, end: 6 }]);
 * // [{ type: 'PER', score: 0.9, word: 'Ada', start: 3, end: 6, source: 0, tokens: 1 }]
 */
export function toEntitySpans(
  text: string,
  entities: readonly TokenClassificationEntity[],
  index: CodePointIndex = createCodePointIndex(text),
): EntitySpan[] {
  const merged = merge(text, locate(text, entities, index));
  // Overlaps: the earliest start wins, then the longest, then the first given; the rest are dropped.
  const order = merged.map((_, i) => i);
  order.sort((a, b) => merged[a]!.start - merged[b]!.start || merged[b]!.end - merged[a]!.end || a - b);
  const kept: EntitySpan[] = [];
  let reach = 0;
  for (const i of order) {
    const span = merged[i]!;
    if (span.start < reach) continue;
    kept.push(span);
    reach = span.end;
  }
  return kept;
}

/**
 * Cuts `text` into plain and entity segments from spans that are sorted and do not overlap (what
 * {@link toEntitySpans} returns). O(text + spans).
 * @example
 * toSegments('Hi Ada', [{ type: 'PER', score: 0.9, word: 'Ada', start: 3, end: 6, source: 0, tokens: 1 }]);
 * // [{ kind: 'text', text: 'Hi ', start: 0, end: 3 }, { kind: 'entity', text: 'Ada', start: 3, end: 6, span: 0 }]
 */
export function toSegments(text: string, spans: readonly EntitySpan[]): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  spans.forEach((span, i) => {
    if (span.start > at) segments.push({ kind: 'text', text: text.slice(at, span.start), start: at, end: span.start });
    segments.push({
      kind: 'entity',
      text: text.slice(span.start, span.end),
      start: span.start,
      end: span.end,
      span: i,
    });
    at = span.end;
  });
  if (at < text.length) segments.push({ kind: 'text', text: text.slice(at), start: at, end: text.length });
  return segments;
}

/**
 * Turns a text and the output of token classification into render segments, spans and counts per
 * type. Deterministic, never throws on odd model output, O(text + entities log entities).
 *
 * Rules:
 * - Offsets are code points (Python indices) and are converted to UTF-16 with one table per text.
 * - Out of range: `start`/`end` are clamped to `[0, text length]`; a span that becomes empty is
 *   dropped. Zero-length or inverted spans (`end <= start`) are dropped. Offset 0 is a valid start.
 * - Missing (or non-finite) offsets: the `word` (without `##`/`▁`/`Ġ` marker) is searched from the
 *   end of the previous entity, first exactly, then case-insensitively; not found, it is dropped.
 * - Grouped output (`entityGroup`) is used as is. Per-token output (`entity` = `B-PER`, `I-PER`, ...,
 *   also E-/S-/L-/U-; `O` ignored; a tag without prefix acts as I-) is merged: B- starts a span, I-
 *   continues the previous one when it has the same type and is adjacent (next token `index`, or
 *   only whitespace between them when there are no indices); a `##` piece continues an adjacent
 *   same-type span even when tagged B-. A merged span's score is the mean of its tokens'.
 * - Overlapping or nested spans: the earlier-starting one wins, then the longer one, then the one
 *   given first; the others are dropped whole (not trimmed). Adjacent spans stay separate.
 * @example
 * const { segments, types } = highlightSegments('Ada lives in Paris', entities);
 * types; // [{ type: 'LOC', count: 1 }, { type: 'PER', count: 1 }]
 */
export function highlightSegments(
  text: string,
  entities: readonly TokenClassificationEntity[],
  index: CodePointIndex = createCodePointIndex(text),
): HighlightResult {
  const spans = toEntitySpans(text, entities, index);
  const counts = new Map<string, number>();
  for (const span of spans) counts.set(span.type, (counts.get(span.type) ?? 0) + 1);
  const types = [...counts].map(([type, count]) => ({ type, count }));
  types.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const merged = spans.reduce((n, span) => n + span.tokens, 0);
  return { segments: toSegments(text, spans), spans, types, dropped: entities.length - merged };
}
