/**
 * Named-entity recognition: `compromise` finds the people, places and organisations; this engine
 * dresses them as a BERT-style NER pipeline would answer: word pieces with B-/I- tags (or IO tags
 * for RoBERTa-style models), each `aggregation_strategy` grouping them its own way, `ignore_labels`
 * applied, and `start`/`end` in Unicode code points like Python's string indices.
 */
import { codePointIndex, hash, PIECE_WINDOW, round, unit, WorkSlice } from './textkit';
import { EngineInputError, type Engine } from './types';
import { inputsOf, paramsOf, strParam } from './request';

type Entity = 'PER' | 'LOC' | 'ORG' | 'MISC';
type Strategy = 'none' | 'simple' | 'first' | 'average' | 'max';

interface Span {
  start: number;
  end: number;
  label: Entity;
}

interface CompromiseTerm {
  text: string;
  post: string;
  tags: string[];
  offset: { start: number; length: number };
}

type Nlp = (text: string) => { json: (options: object) => { terms: CompromiseTerm[] }[] };

// Loaded on first use: compromise is the heaviest dependency and only this engine needs it.
let nlpPromise: Promise<Nlp> | undefined;
const loadNlp = () => (nlpPromise ??= import('compromise').then((m) => (m.default ?? m) as unknown as Nlp));

/** Loads the NLP library ahead of the first request (the CLI calls it once listening). */
export const preloadNlp = async (): Promise<void> => {
  (await loadNlp())('Warm up in Paris.').json({ offset: true });
};

const PERSON_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName'];
const ORG_TAGS = ['Organization', 'Company', 'SportsTeam', 'School', 'Acronym'];
const PLACE_TAGS = ['Place', 'Country', 'City', 'Region', 'Address'];
const MISC_TAGS = ['Demonym', 'Language', 'Religion'];
const NOT_NAMES = [
  'Pronoun',
  'Possessive',
  'Determiner',
  'Date',
  'Month',
  'WeekDay',
  'Holiday',
  'Expression',
  'Value',
  'Conjunction',
  'Preposition',
  'Emoji',
  'Emoticon',
  'Honorific',
];
// Function words compromise sometimes tags as names when capitalised ("The Beatles", "👋 My name").
const FUNCTION_WORDS = new Set([
  'the',
  'a',
  'an',
  'my',
  'our',
  'your',
  'his',
  'her',
  'their',
  'its',
  'this',
  'that',
  'these',
  'those',
  'i',
  'we',
  'you',
]);
const ORG_SUFFIXES =
  /^(inc|corp|corporation|ltd|llc|plc|group|bank|university|institute|company|co|foundation|association|agency|party|club|united|fc)$/i;
const MISC_WORDS = /^(cup|games|olympics|war|prize|award|awards|festival|championship|league|series)$/i;

/** What a term alone says: a known entity type, `?` for an unknown proper name, or nothing. */
function termKind(
  term: CompromiseTerm,
  sentenceStart: boolean,
  next: CompromiseTerm | undefined,
): Entity | '?' | undefined {
  const has = (list: string[]) => list.some((t) => term.tags.includes(t));
  if (has(NOT_NAMES) || FUNCTION_WORDS.has(term.text.toLowerCase())) return undefined;
  if (has(PERSON_TAGS)) return 'PER';
  if (has(ORG_TAGS)) return 'ORG';
  if (has(PLACE_TAGS)) return 'LOC';
  if (has(MISC_TAGS)) return 'MISC';
  const capitalised = /^\p{Lu}/u.test(term.text);
  if (!capitalised) return undefined;
  if (term.tags.includes('ProperNoun') && !sentenceStart) return '?';
  if (!sentenceStart) return term.tags.includes('Noun') || term.tags.includes('Adjective') ? '?' : undefined;
  // A capitalised first word is a name only when a name follows ("Elon Musk said ...").
  return next && /^\p{Lu}/u.test(next.text) && next.tags.includes('ProperNoun') && !/[.,;:!?]/.test(term.post)
    ? '?'
    : undefined;
}

/**
 * Characters compromise parses at once. Its cost per character is flat, but one call cannot be
 * interrupted: long texts are cut at line or sentence ends into pieces of about this size, with a
 * yield to the event loop between pieces, so a long request never holds the server for more than
 * a few tens of milliseconds at a time. Shorter texts are parsed whole, exactly as before.
 */
export const NLP_CHUNK_CHARS = 1_000;

/** Cuts `text` into pieces of at most ~`size` characters at line or sentence ends (UTF-16 offsets). */
export function chunkText(text: string, size = NLP_CHUNK_CHARS): { start: number; text: string }[] {
  const out: { start: number; text: string }[] = [];
  let start = 0;
  while (text.length - start > size) {
    const window = text.slice(start, start + size);
    // The last line break, else the last sentence end followed by a space, else the last space.
    let cut = window.lastIndexOf('\n') + 1;
    for (let i = window.length - 2; cut < size / 2 && i >= size / 2; i--)
      if ('.!?'.includes(window[i]!) && /\s/.test(window[i + 1]!)) cut = i + 2;
    if (cut < size / 2) cut = window.lastIndexOf(' ') + 1;
    if (cut <= 0) cut = size;
    // Never split a surrogate pair.
    const code = text.charCodeAt(start + cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) cut += 1;
    out.push({ start, text: text.slice(start, start + cut) });
    start += cut;
  }
  if (start < text.length || out.length === 0) out.push({ start, text: text.slice(start) });
  return out;
}

/** Entity spans (UTF-16 offsets) found by compromise, merged the way a NER model labels them. */
export async function findEntities(text: string, slice = new WorkSlice()): Promise<Span[]> {
  const nlp = await loadNlp();
  const spans: Span[] = [];
  for (const chunk of chunkText(text)) {
    await slice.check();
    for (const span of entitiesIn(nlp, chunk.text))
      spans.push({ start: span.start + chunk.start, end: span.end + chunk.start, label: span.label });
  }
  return spans;
}

function entitiesIn(nlp: Nlp, text: string): Span[] {
  const spans: Span[] = [];
  for (const sentence of nlp(text).json({ offset: true })) {
    let current:
      { start: number; end: number; kinds: (Entity | '?')[]; words: string[]; before: string | undefined } | undefined;
    const close = () => {
      if (current)
        spans.push({
          start: current.start,
          end: current.end,
          label: resolve(current.kinds, current.words, current.before),
        });
      current = undefined;
    };
    // The sentence starts at its first word: a leading emoji or quote does not count.
    const first = sentence.terms.findIndex((t) => /[\p{L}\p{N}]/u.test(t.text) && !t.tags.includes('Emoji'));
    sentence.terms.forEach((term, i) => {
      // A term with no letter or digit (an emoji, a ZWJ sequence piece) is never part of a name.
      if (!/[\p{L}\p{N}]/u.test(term.text)) return close();
      const kind = termKind(term, i <= first, sentence.terms[i + 1]);
      if (!kind) return close();
      const known = current?.kinds.find((k) => k !== '?');
      if (current && kind !== '?' && known && known !== kind) close();
      const start = term.offset.start;
      const end = start + term.offset.length;
      if (current) {
        current.end = end;
        current.kinds.push(kind);
        current.words.push(term.text);
      } else current = { start, end, kinds: [kind], words: [term.text], before: sentence.terms[i - 1]?.text };
      // Punctuation after a word ends the entity: "Cupertino, California" is two places.
      if (/[,.;:!?()"]/.test(term.post)) close();
    });
    close();
  }
  return spans;
}

const PLACE_PREPOSITIONS = new Set([
  'in',
  'from',
  'to',
  'at',
  'near',
  'across',
  'around',
  'outside',
  'inside',
  'towards',
  'into',
]);

function resolve(kinds: (Entity | '?')[], words: string[], before: string | undefined): Entity {
  const known = kinds.find((k): k is Entity => k !== '?');
  if (known) return known;
  if (words.some((w) => MISC_WORDS.test(w))) return 'MISC';
  if (words.some((w) => ORG_SUFFIXES.test(w))) return 'ORG';
  // "... from Redmond", "... in Tbilisi": an unknown name after a place preposition is a place.
  if (before && PLACE_PREPOSITIONS.has(before.toLowerCase())) return 'LOC';
  // Two or more unknown capitalised words are most often a person's name; one alone, a brand.
  return words.length > 1 ? 'PER' : 'ORG';
}

/** A token of the fake tokenizer, with its UTF-16 offsets in the input. */
interface Token {
  text: string;
  start: number;
  end: number;
  /** First piece of its word (word pieces after it start with `##` in BERT vocabularies). */
  wordStart: boolean;
  /** Last piece of its word. */
  wordEnd: boolean;
}

/** Splits text as BERT's basic tokenizer does (words, single punctuation), then into word pieces. */
function tokenize(text: string, style: 'wordpiece' | 'bpe'): Token[] {
  const out: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu)) {
    const word = match[0];
    const start = match.index;
    const spaced = start > 0 && /\s/.test(text[start - 1]!);
    const pieces: [number, number][] = [];
    if (word.length <= 5) pieces.push([0, word.length]);
    else {
      // Deterministic split points so "Barack" is always "Bar" + "##ack".
      let i = 0;
      while (i < word.length) {
        // Suffix hashes look at most PIECE_WINDOW characters ahead, so a long "word" splits in linear time.
        const size =
          i === 0 ? 3 + (unit(word) > 0.5 ? 1 : 0) : 2 + Math.floor(unit(word.slice(i, i + PIECE_WINDOW)) * 3);
        const end = word.length - (i + size) < 2 ? word.length : i + size;
        pieces.push([i, end]);
        i = end;
      }
    }
    pieces.forEach(([a, b], p) => {
      const piece = word.slice(a, b);
      const shown = style === 'wordpiece' ? (p === 0 ? piece : `##${piece}`) : p === 0 && spaced ? `Ġ${piece}` : piece;
      out.push({ text: shown, start: start + a, end: start + b, wordStart: p === 0, wordEnd: p === pieces.length - 1 });
    });
  }
  return out;
}

/** How the tokenizer turns tokens back into text (`convert_tokens_to_string`). */
const detokenize = (tokens: string[], style: 'wordpiece' | 'bpe') =>
  style === 'wordpiece' ? tokens.join(' ').replace(/ ##/g, '') : tokens.join('').replace(/Ġ/g, ' ');

interface Tagged {
  entity: string;
  score: number;
  index: number;
  word: string;
  start: number;
  end: number;
  wordStart: boolean;
}

const tagOf = (entity: string): [string, string] =>
  entity.startsWith('B-') || entity.startsWith('I-') ? [entity[0]!, entity.slice(2)] : ['I', entity];

/** `group_entities` of the pipeline: adjacent pieces with the same tag merge unless one starts with B-. */
function group(items: Tagged[], style: 'wordpiece' | 'bpe') {
  const groups: Tagged[][] = [];
  for (const item of items) {
    const last = groups[groups.length - 1];
    const [bi, tag] = tagOf(item.entity);
    if (last && tagOf(last[last.length - 1]!.entity)[1] === tag && bi !== 'B') last.push(item);
    else groups.push([item]);
  }
  return groups.map((g) => ({
    entity_group: tagOf(g[0]!.entity)[1],
    score: round(g.reduce((sum, t) => sum + t.score, 0) / g.length),
    word: detokenize(
      g.map((t) => t.word),
      style,
    ),
    start: g[0]!.start,
    end: g[g.length - 1]!.end,
  }));
}

/** Word-level strategies: pieces of one word share one label, scored as the strategy says. */
function aggregateWords(tokens: Tagged[], strategy: 'first' | 'average' | 'max', style: 'wordpiece' | 'bpe'): Tagged[] {
  const words: Tagged[][] = [];
  for (const t of tokens) {
    if (t.wordStart || words.length === 0) words.push([t]);
    else words[words.length - 1]!.push(t);
  }
  return words.map((pieces) => {
    const best = pieces.reduce((a, b) => (b.score > a.score ? b : a));
    const entity = strategy === 'max' ? best.entity : pieces[0]!.entity;
    const score =
      strategy === 'first'
        ? pieces[0]!.score
        : strategy === 'max'
          ? best.score
          : pieces.reduce((sum, t) => sum + t.score, 0) / pieces.length;
    return {
      ...pieces[0]!,
      entity,
      score,
      word: detokenize(
        pieces.map((t) => t.word),
        style,
      ),
      end: pieces[pieces.length - 1]!.end,
    };
  });
}

const STRATEGIES = ['none', 'simple', 'first', 'average', 'max'];

/** Token classification (NER) engine. */
export const tokenClassification: Engine = async (context) => {
  const text = inputsOf(context);
  if (typeof text !== 'string' || text.trim() === '') {
    throw new EngineInputError('Error in `inputs`: expected a non-empty string');
  }
  const parameters = paramsOf(context);
  const strategy = (strParam(parameters, 'aggregation_strategy', STRATEGIES) ?? 'simple') as Strategy;
  const ignore = parameters.ignore_labels ?? ['O'];
  if (!Array.isArray(ignore))
    throw new EngineInputError('Error in `parameters.ignore_labels`: value is not a valid list');
  const options = context.model.options ?? {};
  const style = (options.tokenizer as 'wordpiece' | 'bpe' | undefined) ?? 'wordpiece';
  const scheme = (options.scheme as 'IOB' | 'IO' | undefined) ?? 'IOB';

  const slice = new WorkSlice(8, context.signal);
  const spans = await findEntities(text, slice);
  const cp = codePointIndex(text);
  const tokens = tokenize(text, style);
  await slice.check();
  const seen = new Set<Span>();
  // FNV-1a runs left to right, so hashing the text once and continuing from its state gives the same
  // jitter as hashing `text + suffix` per token, without rehashing the whole text for every token.
  const textState = hash(`${text}\u0000`);
  // Spans come sorted and disjoint, as do tokens: one pointer walks both in a single pass.
  let at = 0;
  const tagged: Tagged[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (i % 512 === 511) await slice.check();
    const token = tokens[i]!;
    while (at < spans.length && spans[at]!.end <= token.start) at++;
    const candidate = spans[at];
    const span = candidate && token.start >= candidate.start && token.end <= candidate.end ? candidate : undefined;
    let entity = 'O';
    if (span) {
      entity = scheme === 'IO' ? span.label : `${seen.has(span) ? 'I' : 'B'}-${span.label}`;
      seen.add(span);
    }
    const jitter = hash(`${i}\u0000${token.text}`, textState) / 0x1_0000_0000;
    // Whole words are confident; in split words the last piece is surest and middle pieces least:
    // that spread is what tells the first, average and max strategies apart.
    const score =
      entity === 'O'
        ? 0.995 + 0.0049 * jitter
        : token.wordStart && token.wordEnd
          ? 0.97 + 0.029 * jitter
          : token.wordStart
            ? 0.86 + 0.08 * jitter
            : token.wordEnd
              ? 0.955 + 0.04 * jitter
              : 0.6 + 0.25 * jitter;
    tagged.push({
      entity,
      score,
      index: i + 1,
      word: token.text,
      start: cp[token.start]!,
      end: cp[token.end]!,
      wordStart: token.wordStart,
    });
  }
  await slice.check();

  if (strategy === 'none') {
    return tagged
      .filter((t) => !ignore.includes(t.entity))
      .map((t) => ({
        entity: t.entity,
        score: round(t.score),
        index: t.index,
        word: t.word,
        start: t.start,
        end: t.end,
      }));
  }
  const items = strategy === 'simple' ? tagged : aggregateWords(tagged, strategy, style);
  return group(items, style).filter((g) => !ignore.includes(g.entity_group));
};
