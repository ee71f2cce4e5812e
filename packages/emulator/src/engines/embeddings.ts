/**
 * Shared text machinery of the emulator's engines: hashing, a seeded PRNG, tokenisation with
 * code-point offsets, light stemming, and deterministic hashed n-gram embeddings (the "model"
 * behind feature extraction, sentence similarity, summarisation and zero-shot image labels).
 * No Node-only API: runs in the browser too.
 */
import { sigmoid, softmax } from './textkit';
import { EngineInputError } from './types';

/**
 * The FNV-1a state after `text`. FNV-1a runs left to right, so `fnvState(b, fnvState(a))` equals
 * `fnvState(a + b)`: a long shared prefix is hashed once, not once per suffix.
 */
export function fnvState(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

/** 32-bit FNV-1a hash of a string (UTF-16 code units, which is enough for bucketing). */
export const hash32 = (text: string, seed = 0x811c9dc5): number => fnvFinish(fnvState(text, seed));

/** The final avalanche of {@link hash32} over an FNV state. */
export function fnvFinish(state: number): number {
  let h = state;
  // Final avalanche (murmur3 fmix) so nearby strings land far apart.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of bytes. Large inputs are sampled (head, tail and a stride), which is plenty to tell files apart. */
export function hashBytes(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  const mix = (b: number) => {
    h ^= b;
    h = Math.imul(h, 0x01000193);
  };
  if (bytes.length <= 65536) {
    for (let i = 0; i < bytes.length; i++) mix(bytes[i]!);
  } else {
    for (let i = 0; i < 16384; i++) mix(bytes[i]!);
    const stride = Math.max(1, Math.floor(bytes.length / 16384));
    for (let i = 16384; i < bytes.length - 16384; i += stride) mix(bytes[i]!);
    for (let i = bytes.length - 16384; i < bytes.length; i++) mix(bytes[i]!);
    mix(bytes.length & 0xff);
    mix((bytes.length >>> 8) & 0xff);
    mix((bytes.length >>> 16) & 0xff);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A float in [0, 1) from a string. */
export const unit = (text: string, seed = 0): number => hash32(text, (0x811c9dc5 ^ seed) >>> 0) / 4294967296;

/** Rounds a score like a float32 printed by Python, keeping outputs tidy. */
export const round = (value: number, digits = 6): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** `table[key]` when `key` is the table's own key (never an inherited `constructor`, `toString`, ...). */
export const own = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

export const clamp = (value: number, min: number, max: number): number => Math.min(max, Math.max(min, value));

/** Applies a classification head's `function_to_apply` to logits. */
export function applyFunction(logits: number[], fn: unknown, fallback: 'softmax' | 'sigmoid' = 'softmax'): number[] {
  const name = fn === undefined || fn === null ? fallback : fn;
  if (name === 'softmax') return softmax(logits);
  if (name === 'sigmoid') return logits.map(sigmoid);
  if (name === 'none') return logits.slice();
  throw new EngineInputError(
    `function_to_apply must be one of "softmax", "sigmoid", "none", got ${JSON.stringify(fn)}`,
  );
}

/** One word of a text with its offsets. */
export interface Token {
  /** The word as written. */
  text: string;
  /** Lower-cased. */
  lower: string;
  /** UTF-16 offsets (for JS slicing). */
  start16: number;
  end16: number;
  /** Unicode code-point offsets (Python string offsets, what the API reports). */
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+|(?<=\p{N}),\p{N}+)*/gu;

/** Words of a text (letters/digits, keeping inner apostrophes, dots and hyphens) with UTF-16 and code-point offsets. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let cp = 0;
  let last16 = 0;
  for (const match of text.matchAll(WORD)) {
    const start16 = match.index;
    cp += codePointLength(text, last16, start16);
    const start = cp;
    const end16 = start16 + match[0].length;
    cp += codePointLength(text, start16, end16);
    last16 = end16;
    tokens.push({ text: match[0], lower: match[0].toLowerCase(), start16, end16, start, end: cp });
  }
  return tokens;
}

/** Number of code points in `text.slice(from, to)`. */
export function codePointLength(text: string, from = 0, to = text.length): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point; count it once.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Lower-cased words of a text. */
export const words = (text: string): string[] => tokenize(text).map((t) => t.lower);

/** English function words, ignored when matching content. */
export const STOPWORDS = new Set(
  (
    'a an the and or but if of at by for with about against between into through during before after above below to from up down in out on off over ' +
    'under again further then once here there when where why how all any both each few more most other some such no nor not only own same so than too ' +
    'very s t can will just don should now is are was were be been being have has had having do does did doing i me my myself we our ours ourselves you ' +
    'your yours yourself yourselves he him his himself she her hers herself it its itself they them their theirs themselves what which who whom this that ' +
    'these those am would could shall may might must also as until while whose many much'
  ).split(' '),
);

/** A light English stemmer: enough for "cats" ~ "cat", "running" ~ "run", "happily" ~ "happi". */
export function stem(word: string): string {
  let w = word.toLowerCase();
  if (w.length <= 3) return w;
  if (w.endsWith("'s") || w.endsWith('’s')) w = w.slice(0, -2);
  if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (w.endsWith('ing') && w.length > 5) {
    w = w.slice(0, -3);
    return /(.)\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
  }
  if (w.endsWith('ed') && w.length > 4) {
    w = w.slice(0, -2);
    return /(.)\1$/.test(w) && !/(ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
  }
  if (w.endsWith('ly') && w.length > 5) return w.slice(0, -2);
  if (w.endsWith('es') && /(ch|sh|x|z|s)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) return w.slice(0, -1);
  return w;
}

/** Stemmed content words (stop words removed). */
export const contentStems = (text: string): string[] =>
  words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);

/** Approximate word-piece token count of a text (words, long words split, punctuation). */
export function approxTokens(text: string): number {
  let n = 0;
  for (const t of tokenize(text)) n += Math.max(1, Math.ceil(t.text.length / 6));
  n += (text.match(/[^\p{L}\p{N}\s]/gu) ?? []).length;
  return n;
}

/**
 * Sentences of a text with their UTF-16 offsets. A sentence ends at a line break, or at `.`, `!`
 * or `?` (and closing quotes) followed by a space or the end, so "3.5" and "e.g.x" stay whole.
 */
export function sentences(text: string): { text: string; start16: number; end16: number }[] {
  const out: { text: string; start16: number; end16: number }[] = [];
  const push = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const trimmed = raw.trim();
    if (!trimmed || !/[\p{L}\p{N}]/u.test(trimmed)) return;
    const start16 = from + (raw.length - raw.trimStart().length);
    out.push({ text: trimmed, start16, end16: start16 + trimmed.length });
  };
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      push(start, i);
      start = i + 1;
    } else if ('.!?。！？'.includes(c)) {
      let j = i + 1;
      while (j < text.length && '.!?。！？"\'”’)]'.includes(text[j]!)) j++;
      if (j >= text.length || /\s/.test(text[j]!) || '。！？'.includes(c)) {
        push(start, j);
        start = j;
        i = j - 1;
      }
    }
  }
  push(start, text.length);
  return out;
}

/** Options of {@link embed}. */
export interface EmbedOptions {
  /** L2-normalise the vector (default true). */
  normalize?: boolean;
  /** Mix of the model id into the hashes, so different models give different (but consistent) spaces. */
  space?: string;
  /** Weight of the character trigrams against whole words (default 0.6). */
  charWeight?: number;
}

/**
 * Deterministic embedding of a text: signed feature hashing of stemmed words, word bigrams and
 * character trigrams into `dim` buckets. Texts sharing words or word parts get a higher cosine.
 * Unnormalised vectors grow with the text; normalised ones have unit L2 norm.
 */
export function embed(text: string, dim: number, options: EmbedOptions = {}): number[] {
  const vector = new Float64Array(dim);
  const salt = options.space ? hash32(options.space) : 0x811c9dc5;
  const add = (feature: string, weight: number) => {
    const h = hash32(feature, salt);
    const sign = (h & 1) === 1 ? 1 : -1;
    vector[(h >>> 1) % dim]! += sign * weight;
    // A second, weaker bucket smooths collisions in small dimensions.
    const h2 = hash32(feature, salt ^ 0x9e3779b9);
    vector[(h2 >>> 1) % dim]! += ((h2 & 1) === 1 ? 1 : -1) * weight * 0.5;
  };
  // A constant feature so even an empty text has a direction, as a real model's [CLS] does.
  add('\u0000bias', 0.35);
  const list = words(text);
  const stems = list.map(stem);
  for (let i = 0; i < list.length; i++) {
    const word = list[i]!;
    const s = stems[i]!;
    const weight = STOPWORDS.has(word) ? 0.25 : 1;
    add(`w:${s}`, weight);
    if (i + 1 < list.length) add(`b:${s} ${stems[i + 1]}`, 0.5 * weight);
    const padded = `<${s}>`;
    const grams = Math.max(1, padded.length - 2);
    const charWeight = options.charWeight ?? 0.6;
    if (charWeight > 0)
      for (let j = 0; j + 3 <= padded.length; j++)
        add(`c:${padded.slice(j, j + 3)}`, (charWeight * weight) / Math.sqrt(grams));
  }
  const out = Array.from(vector);
  if (options.normalize === false) return out.map((v) => round(v, 7));
  const norm = Math.sqrt(out.reduce((acc, v) => acc + v * v, 0)) || 1;
  return out.map((v) => v / norm);
}

/** Cosine similarity of two vectors. */
export function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Similarity of two texts in a small default space (for ranking, not output). */
export const textSimilarity = (a: string, b: string, dim = 256): number => cosine(embed(a, dim), embed(b, dim));
