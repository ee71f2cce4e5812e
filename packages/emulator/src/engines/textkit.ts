/**
 * Small text helpers shared by the emulator's language engines: hashing, word
 * splitting with a crude stemmer, code-point offsets and a fake sub-word tokenizer. Everything is
 * deterministic so the same request always gets the same answer.
 */

/** 32-bit FNV-1a hash of a string; cheap and stable across runs and platforms. */
export function hash(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A number in [0, 1) derived from the text, for deterministic jitter. */
export const unit = (text: string): number => hash(text) / 0x1_0000_0000;

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((l) => Math.exp(l - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** Rounds like a float32 printed by Python, so scores look like the API's (no 17-digit tails). */
export const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

/** Lower-cased words of a text (letters and digits, keeping inner apostrophes: `don't`). */
export function words(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/’/g, "'"));
}

export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but if then so of to in on at by for with about from into over under as is are was were be been being ' +
    'am do does did have has had having i me my we our you your he him his she her it its they them their this that these ' +
    'those there here what which who whom whose when where why how can could should would will shall may might must not no ' +
    'yes all any some each every few more most other such only own same than too very just also up down out off again once ' +
    "please tell give let make get got like want need know think say said one two its it's i'm you're don't can't"
  ).split(' '),
);

/**
 * A light suffix-stripping stemmer (a handful of Porter's rules): enough for `refunds`, `refunded`
 * and `refunding` to meet, without pretending to be linguistics.
 */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length <= 3) return w;
  const rules: [RegExp, string][] = [
    [/ies$/, 'y'],
    [/sses$/, 'ss'],
    [/ational$/, 'ate'],
    [/ization$/, 'ize'],
    [/fulness$/, 'ful'],
    [/iveness$/, 'ive'],
    [/ations?$/, 'ate'],
    [/ments?$/, ''],
    [/ness$/, ''],
    [/ingly$/, ''],
    [/edly$/, ''],
    [/ing$/, ''],
    [/ed$/, ''],
    [/ers?$/, ''],
    [/ly$/, ''],
    [/ies$/, 'y'],
    [/([^s])s$/, '$1'],
  ];
  for (const [pattern, replacement] of rules) {
    if (pattern.test(w)) {
      const next = w.replace(pattern, replacement);
      if (next.length >= 3) {
        w = next;
        break;
      }
    }
  }
  // `running` → `runn` → `run`; `hoped` → `hop` is close enough.
  if (/([b-df-hj-np-tv-z])\1$/.test(w) && !/(ll|ss|zz)$/.test(w)) w = w.slice(0, -1);
  return w.replace(/e$/, '');
}

/** Content words (no stopwords), stemmed. */
export const stems = (text: string): string[] =>
  words(text)
    .filter((w) => !STOPWORDS.has(w))
    .map(stem);

/**
 * A hashed bag of character trigrams, L2-normalised: a poor man's sentence embedding that makes
 * `sport` close to `sports` and `football` close to `footballer`.
 */
export function trigramVector(text: string, dimension = 512): Float64Array {
  const v = new Float64Array(dimension);
  for (const w of words(text)) {
    if (STOPWORDS.has(w)) continue;
    const padded = `#${w}#`;
    for (let i = 0; i + 3 <= padded.length; i++) v[hash(padded.slice(i, i + 3)) % dimension]! += 1;
  }
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

export function cosine(a: Float64Array, b: Float64Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
}

/**
 * Maps UTF-16 indices (what JavaScript strings use) to code-point indices (what Python, and so the
 * API, uses for `start`/`end`). `map[i]` is the code-point index of UTF-16 unit `i`.
 */
export function codePointIndex(text: string): Uint32Array {
  const map = new Uint32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    map[i] = cp;
    const c = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point: the low unit shares its index.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        map[i + 1] = cp;
        i++;
      }
    }
    cp++;
  }
  map[text.length] = cp;
  return map;
}

/** How far ahead a word-piece split looks; longer than any real word, so real words split as before. */
export const PIECE_WINDOW = 64;

/** One token of the fake LLM tokenizer. */
export interface LlmToken {
  id: number;
  text: string;
}

/**
 * Splits text the way a byte-level BPE roughly does: a leading space sticks to the next word, long
 * words break into 3–6 character pieces, punctuation stands alone. Ids are hashed into the vocab.
 */
export function llmTokens(text: string, vocabSize = 32_000): LlmToken[] {
  const out: LlmToken[] = [];
  const parts = text.match(/\s*[\p{L}\p{N}]+|\s*[^\s\p{L}\p{N}]|\s+/gu) ?? [];
  for (const part of parts) {
    const lead = part.match(/^\s*/)![0];
    const body = part.slice(lead.length);
    if (body.length <= 6) {
      out.push({ id: tokenId(part, vocabSize), text: part });
      continue;
    }
    // Deterministic piece lengths, so `extraordinary` always splits the same way.
    let i = 0;
    let first = true;
    while (i < body.length) {
      // The piece size hashes what follows, capped to a window: a word of any length splits in
      // linear time (a whole-suffix hash made one very long "word" cost seconds).
      const size = 3 + (hash(body.slice(i, i + PIECE_WINDOW)) % 4);
      const piece = body.slice(i, i + size);
      const textPiece = first ? lead + piece : piece;
      out.push({ id: tokenId(textPiece, vocabSize), text: textPiece });
      first = false;
      i += size;
    }
  }
  return out;
}

const tokenId = (piece: string, vocabSize: number) => 100 + (hash(piece) % (vocabSize - 100));

/**
 * Rough token count of a prompt, for `usage` and `max_input_tokens` checks: the length of
 * `llmTokens(text)`, counted without building the tokens. With `stopAfter`, counting stops once the
 * count passes it (the caller only needs to know the prompt is too long), so an oversized prompt
 * costs no more than the model's context.
 */
export function countTokens(text: string, stopAfter = Infinity): number {
  let n = 0;
  const parts = /\s*[\p{L}\p{N}]+|\s*[^\s\p{L}\p{N}]|\s+/gu;
  for (let m = parts.exec(text); m && n <= stopAfter; m = parts.exec(text)) {
    const part = m[0];
    const lead = /^\s*/.exec(part)![0].length;
    const body = part.length - lead;
    if (body <= 6) {
      n += 1;
      continue;
    }
    for (let i = lead; i < part.length; n++) i += 3 + (hash(part.slice(i, i + PIECE_WINDOW)) % 4);
  }
  return n;
}

/** Frequent tokens, so that even a one-token reply has runners-up to list. */
const COMMON_TOKENS = [
  ' the',
  ',',
  '.',
  ' a',
  ' and',
  ' of',
  ' to',
  ' is',
  ' in',
  ' it',
  ' that',
  ' for',
  ' with',
  ' on',
  ' as',
  ' was',
  ' I',
  ' you',
  ' be',
  ' this',
  ' are',
];

/**
 * The `count` most likely tokens at step `i` of a reply (for `top_logprobs` / `top_n_tokens`): the
 * chosen token first, then distinct others (from the reply, then frequent ones), each less likely
 * than the one before.
 */
export function runnersUp(
  reply: readonly string[],
  i: number,
  chosenLogprob: number,
  count: number,
): { text: string; logprob: number }[] {
  const chosen = reply[i]!;
  const out = [{ text: chosen, logprob: chosenLogprob }];
  const pool = [...reply.slice(i + 1), ...reply.slice(0, i), ...COMMON_TOKENS];
  for (const text of pool) {
    if (out.length >= count) break;
    if (out.some((t) => t.text === text)) continue;
    const drop = 0.4 + unit(`${text}\u0000${i}\u0000${out.length}`);
    out.push({ text, logprob: round(out[out.length - 1]!.logprob - drop, 4) });
  }
  return out;
}

/**
 * Lets the event loop run (other requests, `/health`, timers) before resolving: a macrotask, not a
 * microtask, so pending I/O callbacks get their turn. `setImmediate` in Node, a zero timeout in
 * browsers.
 */
export const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (fn: () => void) => unknown }).setImmediate;
    if (immediate) immediate(resolve);
    else setTimeout(resolve, 0);
  });

/**
 * A budget of synchronous work between yields: `await slice.check()` in a loop yields to the event
 * loop once `budgetMs` of work has run since the last yield, so a long request keeps the server
 * answering others (the benchmark `bench/emulator-stall.mjs` measures it). `yields` counts them.
 */
export class WorkSlice {
  yields = 0;
  private since = performance.now();
  constructor(
    private readonly budgetMs = 8,
    private readonly signal?: AbortSignal,
  ) {}
  /** Yields when the budget is spent; throws the abort reason when the client went away. */
  async check(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return;
    await yieldToEventLoop();
    this.yields += 1;
    this.since = performance.now();
    if (this.signal?.aborted) throw this.signal.reason;
  }
}
