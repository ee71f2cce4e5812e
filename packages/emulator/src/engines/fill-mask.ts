/**
 * fill-mask: predicts the word behind the model's mask token (`[MASK]` for BERT-likes, `<mask>`
 * for RoBERTa-likes, from the catalogue's `options.maskToken`) from a small built-in vocabulary,
 * chosen by the words around the mask (a determiner wants a noun, "is" an adjective, "to" a verb,
 * "the capital of France is" a city...). Scores are a softmax over the whole small vocabulary,
 * so they sum to at most 1 like a real model's. Several masks give one list per mask; `top_k` and
 * `targets` are honoured. Uncased models answer in lower case, as their tokenizer decodes.
 */
import { inputsOf, paramsOf, stringOrList, topKParam } from './request';
import { cosine, embed, fnvFinish, fnvState, hash32, own, round, stem } from './embeddings';
import { softmax } from './textkit';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

const CAPITALS: Record<string, string> = {
  france: 'paris',
  germany: 'berlin',
  italy: 'rome',
  spain: 'madrid',
  japan: 'tokyo',
  china: 'beijing',
  england: 'london',
  britain: 'london',
  russia: 'moscow',
  canada: 'ottawa',
  india: 'delhi',
  egypt: 'cairo',
  portugal: 'lisbon',
  greece: 'athens',
  ireland: 'dublin',
  austria: 'vienna',
  poland: 'warsaw',
  sweden: 'stockholm',
  norway: 'oslo',
  australia: 'canberra',
  mexico: 'mexico',
  brazil: 'brasilia',
  kenya: 'nairobi',
  netherlands: 'amsterdam',
  belgium: 'brussels',
};

/** The built-in vocabulary by part of speech. */
const VOCAB: Record<string, string[]> = {
  noun: [
    'man',
    'woman',
    'child',
    'doctor',
    'teacher',
    'friend',
    'mother',
    'father',
    'student',
    'king',
    'car',
    'house',
    'book',
    'phone',
    'computer',
    'city',
    'dog',
    'cat',
    'world',
    'money',
    'water',
    'food',
    'music',
    'game',
    'job',
    'school',
    'door',
    'road',
    'country',
    'family',
    'company',
    'team',
    'war',
    'house',
    'song',
    'movie',
    'capital',
    'problem',
    'idea',
    'story',
  ],
  abstract: [
    'happiness',
    'love',
    'life',
    'success',
    'peace',
    'freedom',
    'knowledge',
    'wisdom',
    'death',
    'truth',
    'beauty',
    'power',
    'hope',
    'fun',
  ],
  time: ['day', 'year', 'week', 'morning', 'night', 'today', 'tomorrow', 'time', 'summer', 'weekend'],
  adjective: [
    'good',
    'great',
    'happy',
    'beautiful',
    'important',
    'new',
    'big',
    'small',
    'best',
    'bad',
    'simple',
    'real',
    'free',
    'hard',
    'easy',
    'delicious',
    'amazing',
    'terrible',
    'long',
    'old',
  ],
  verb: [
    'go',
    'see',
    'eat',
    'make',
    'play',
    'read',
    'find',
    'help',
    'learn',
    'work',
    'love',
    'live',
    'win',
    'buy',
    'be',
    'do',
    'get',
    'say',
    'know',
    'sleep',
  ],
  past: [
    'was',
    'went',
    'said',
    'made',
    'saw',
    'found',
    'came',
    'lived',
    'died',
    'played',
    'loved',
    'knew',
    'had',
    'got',
    'left',
    'won',
    'barked',
    'ran',
    'jumped',
    'looked',
    'smiled',
    'waited',
    'shouted',
    'laughed',
    'walked',
    'stared',
  ],
  pronoun: ['he', 'she', 'it', 'they', 'we', 'i', 'you', 'this', 'there', 'everyone'],
  city: [...new Set(Object.values(CAPITALS))],
  country: Object.keys(CAPITALS),
  preposition: ['in', 'on', 'at', 'with', 'for', 'from', 'to', 'by', 'of', 'about'],
  determiner: ['the', 'a', 'his', 'her', 'my', 'this', 'their', 'our', 'every', 'no'],
  punctuation: ['.', '!', '?', ';', ','],
};
const PROPER = new Set([...VOCAB.city!, ...VOCAB.country!]);
const ALL = [...new Set(Object.values(VOCAB).flat())];
const CATEGORY = new Map<string, string>();
for (const [category, list] of Object.entries(VOCAB))
  for (const w of list) if (!CATEGORY.has(w)) CATEGORY.set(w, category);

/** Words that make a candidate more likely when they appear near it. */
const ASSOCIATIONS: Record<string, string[]> = {
  dog: ['bark', 'barked', 'barks', 'puppy', 'walk', 'pet', 'leash', 'bone'],
  barked: ['dog', 'puppy', 'mailman', 'postman', 'stranger'],
  ran: ['fast', 'race', 'away', 'home'],
  smiled: ['happy', 'smile', 'friend'],
  laughed: ['joke', 'funny'],
  cat: ['meow', 'purr', 'purred', 'mouse', 'pet', 'kitten'],
  car: ['drive', 'drove', 'road', 'engine', 'park', 'wheel', 'fast'],
  book: ['read', 'page', 'library', 'author', 'wrote', 'chapter'],
  music: ['listen', 'song', 'band', 'concert', 'dance', 'play'],
  song: ['sing', 'sang', 'listen', 'music'],
  food: ['eat', 'ate', 'hungry', 'cook', 'dinner', 'lunch', 'restaurant', 'tasty'],
  delicious: ['food', 'eat', 'pizza', 'cake', 'dinner', 'taste', 'restaurant'],
  water: ['drink', 'swim', 'sea', 'river', 'thirsty', 'rain'],
  money: ['pay', 'buy', 'bank', 'rich', 'cost', 'price', 'spend'],
  phone: ['call', 'text', 'ring', 'message'],
  computer: ['code', 'program', 'software', 'screen', 'keyboard'],
  school: ['student', 'teacher', 'learn', 'class', 'study'],
  teacher: ['school', 'class', 'student', 'taught'],
  doctor: ['hospital', 'sick', 'ill', 'medicine', 'patient'],
  happiness: ['life', 'goal', 'meaning', 'purpose'],
  life: ['goal', 'meaning', 'live'],
  love: ['heart', 'married', 'romance'],
  capital: ['city', 'country', 'government'],
  king: ['queen', 'throne', 'crown', 'kingdom', 'ruled'],
  war: ['army', 'soldier', 'battle', 'fought'],
  game: ['play', 'win', 'won', 'team', 'score'],
  win: ['game', 'match', 'team', 'prize'],
  sleep: ['tired', 'bed', 'night'],
  eat: ['food', 'hungry', 'dinner', 'lunch', 'breakfast'],
  read: ['book', 'page', 'story', 'newspaper'],
  beautiful: ['flower', 'view', 'sunset', 'woman', 'garden'],
  night: ['dark', 'moon', 'stars', 'sleep'],
  morning: ['breakfast', 'coffee', 'woke', 'early'],
};

/** The API's usual vocabulary sizes, for token ids. */
const vocabSize = (model: CatalogueModel) => {
  const size = model.options?.vocabSize;
  return typeof size === 'number' ? size : 30522;
};

/** The model's mask token (`options.maskToken`, default `[MASK]`). */
export const maskTokenOf = (model: CatalogueModel): string => {
  const token = model.options?.maskToken;
  return typeof token === 'string' && token ? token : '[MASK]';
};

/**
 * Most masks one input may hold: every mask answers `top_k` full sequences, so the answer grows
 * with masks × text; real models stop at 512 tokens long before this matters.
 */
export const MAX_MASKS = 32;

const tokenId = (word: string, model: CatalogueModel) =>
  1000 + (hash32(`${model.id}:${word}`) % (vocabSize(model) - 1000));

interface Context {
  prev: string | undefined;
  prev2: string | undefined;
  next: string | undefined;
  all: string[];
  text: string;
  /** What every mask of the input shares, computed once so each mask and vocabulary word costs O(1). */
  facts: TextFacts;
}

/** Whole-text facts the logits read, computed once per input rather than once per vocabulary word. */
interface TextFacts {
  mentionsCapital: boolean;
  /** Some word of the text is a country with a known capital, or a known city. */
  namesPlace: boolean;
  mentionsPurpose: boolean;
  /** The first country with a capital at or after the first `capital`. */
  countryAfterCapital: string | undefined;
  firstCity: string | undefined;
  /** `near` association count per vocabulary word, filled on first use. */
  nearCounts: Map<string, number>;
  distinct: { word: string; stem: string; count: number }[];
  textVector: number[];
  /** FNV state after hashing `${text}|`, so the jitter of each word hashes only the word. */
  jitterState: number;
}

function textFacts(all: string[], text: string): TextFacts {
  const counts = new Map<string, number>();
  for (const w of all) counts.set(w, (counts.get(w) ?? 0) + 1);
  const capitalIndex = all.indexOf('capital');
  const isPlace = (w: string) => own(CAPITALS, w) !== undefined || VOCAB.city!.includes(w);
  return {
    mentionsCapital: capitalIndex >= 0,
    namesPlace: [...counts.keys()].some(isPlace),
    mentionsPurpose: ['goal', 'meaning', 'purpose', 'life', 'key', 'secret'].some((w) => counts.has(w)),
    countryAfterCapital:
      capitalIndex >= 0 ? all.slice(capitalIndex).find((w) => own(CAPITALS, w) !== undefined) : undefined,
    firstCity: all.find((w) => VOCAB.city!.includes(w)),
    nearCounts: new Map(),
    distinct: [...counts].map(([word, count]) => ({ word, stem: stem(word), count })),
    textVector: embed(text, 64),
    jitterState: fnvState(`${text}|`),
  };
}

/** How many words of the text are `near` (or stem to something near) the vocabulary word. */
function nearCount(facts: TextFacts, word: string, near: readonly string[]): number {
  let n = facts.nearCounts.get(word);
  if (n === undefined) {
    n = 0;
    for (const d of facts.distinct) if (near.includes(d.word) || near.includes(d.stem)) n += d.count;
    facts.nearCounts.set(word, n);
  }
  return n;
}

const DETERMINERS = new Set([
  'the',
  'a',
  'an',
  'my',
  'your',
  'his',
  'her',
  'our',
  'their',
  'this',
  'that',
  'every',
  'some',
  'its',
  'no',
  'any',
]);
const COPULAS = new Set([
  'is',
  'was',
  'are',
  'were',
  'be',
  'been',
  'seems',
  'seemed',
  'feels',
  'felt',
  'looks',
  'looked',
  'very',
  'so',
  'too',
  'really',
  'quite',
  'became',
  'become',
]);
const MODALS = new Set([
  'to',
  'will',
  'can',
  'could',
  'would',
  'should',
  'must',
  'might',
  "'ll",
  'not',
  "don't",
  "didn't",
  "let's",
  'please',
  'cannot',
]);
const PRONOUNS = new Set(['i', 'you', 'we', 'they', 'he', 'she', 'it', 'who']);
const PREPOSITIONS = new Set(['in', 'on', 'at', 'from', 'into', 'near', 'of', 'to', 'visited', 'visit']);

/** Category weights (log-prior boosts) for a mask in this context. */
function categoryBoosts(ctx: Context): Record<string, number> {
  const boost: Record<string, number> = {};
  const add = (category: string, value: number) => (boost[category] = (boost[category] ?? 0) + value);
  const { prev, next, facts } = ctx;
  const mentionsCapital = facts.mentionsCapital;
  const atEnd = next === undefined || /^[.!?]$/.test(next);
  if (prev === undefined) {
    add('pronoun', 4);
    add('determiner', 2.5);
    if (mentionsCapital) add('city', 5);
  } else if (DETERMINERS.has(prev)) {
    add('noun', 4);
    add('time', 2);
    add('abstract', 1.5);
    if (next && CATEGORY.get(next) === 'noun') add('adjective', 5);
    if (mentionsCapital && facts.namesPlace) boost.capitalWord = 6;
  } else if (COPULAS.has(prev)) {
    add('adjective', 4);
    add('abstract', 2.5);
    add('determiner', 1.5);
    if (mentionsCapital) add('city', 6);
    if (facts.mentionsPurpose) add('abstract', 3);
  } else if (MODALS.has(prev)) {
    add('verb', 5);
    add('determiner', 1);
  } else if (PRONOUNS.has(prev)) {
    add('past', 4);
    add('verb', 3);
  } else if (PREPOSITIONS.has(prev)) {
    add('determiner', 2);
    add('country', mentionsCapital ? 6 : 1.5);
    add('city', mentionsCapital ? 1 : 2);
    add('time', 1);
    add('noun', 1);
  } else if (CATEGORY.get(prev) === 'noun' || CATEGORY.get(prev) === 'abstract') {
    if (atEnd) add('past', 2);
    add('past', 3);
    add('preposition', 2);
  } else if (CATEGORY.get(prev) === 'adjective') {
    add('noun', 4);
    add('abstract', 1);
  } else {
    add('noun', 2);
    add('adjective', 1.5);
    add('verb', 1);
    add('preposition', 1);
  }
  if (next === undefined && prev !== undefined && !DETERMINERS.has(prev)) add('punctuation', 1.5);
  return boost;
}

function logitFor(word: string, ctx: Context, boosts: Record<string, number>): number {
  const category = CATEGORY.get(word);
  let logit = category ? (boosts[category] ?? 0) : -1;
  if (word === 'capital' && boosts.capitalWord) logit += boosts.capitalWord;
  // "Paris is the [MASK] of France."
  const { facts } = ctx;
  if (word === 'capital' && ctx.next === 'of' && facts.namesPlace) logit += 6;
  // "the capital of France is [MASK]" / "[MASK] is the capital of France": the right city.
  if (facts.mentionsCapital) {
    const country = facts.countryAfterCapital;
    if (country && CAPITALS[country] === word) logit += 5;
    const city = facts.firstCity;
    if (city && own(CAPITALS, word) === city && ctx.prev === 'of') logit += 5;
  }
  const near = own(ASSOCIATIONS, word);
  if (near) logit += 1.6 * nearCount(facts, word, near);
  // Do not predict a word that is already right next to the mask.
  if (word === ctx.prev || word === ctx.next) logit -= 3;
  // a/an agreement.
  if (ctx.prev === 'an' && !/^[aeiou]/.test(word)) logit -= 2;
  if (ctx.prev === 'a' && /^[aeiou]/.test(word)) logit -= 2;
  logit += 0.8 * cosine(embed(word, 64), facts.textVector);
  logit += 1.2 * (fnvFinish(fnvState(word, facts.jitterState)) / 4294967296);
  return logit;
}

/** How the tokenizer writes a word back: cased models keep proper nouns capitalised. */
function surface(word: string, model: CatalogueModel, sentenceStart: boolean): string {
  if (model.options?.uncased === true) return word;
  if (PROPER.has(word) || word === 'i') return word[0]!.toUpperCase() + word.slice(1);
  return sentenceStart ? word[0]!.toUpperCase() + word.slice(1) : word;
}

const cleanUp = (text: string) =>
  text
    .replace(/\s+/g, ' ')
    .replace(/ ([.,!?;:])/g, '$1')
    .trim();

function fillOne(text: string, model: CatalogueModel, params: Record<string, unknown>): unknown[] | unknown[][] {
  const mask = maskTokenOf(model);
  const parts = text.split(mask);
  if (parts.length < 2) throw new EngineInputError(`No mask_token (${mask}) found on the input`);
  const topK = topKParam(params, 5);
  const targets = params.targets;
  let targetList: string[] | undefined;
  if (targets !== undefined && targets !== null) {
    const list = typeof targets === 'string' ? [targets] : targets;
    if (!Array.isArray(list) || list.length === 0 || !list.every((t) => typeof t === 'string' && t.trim() !== '')) {
      throw new EngineInputError('Error in `parameters.targets`: expected a non-empty list of strings');
    }
    targetList = [...new Set((list as string[]).map((t) => t.trim()))];
  }
  const uncased = model.options?.uncased === true;
  const spaced = model.options?.spaceToken === true;
  if (parts.length - 1 > MAX_MASKS) {
    throw new EngineInputError(
      `Input validation error: \`inputs\` must have at most ${MAX_MASKS} mask tokens (${mask}). Given: ${parts.length - 1}`,
      422,
      'validation',
    );
  }
  // Every mask sees the same text with the masks blanked out, so its words, their facts and its
  // embedding are computed once; each mask then only looks at its neighbours. (The other masks'
  // own "mask" words, which the per-mask split used to see, match no vocabulary list.)
  const TOKEN = /[\p{L}\p{N}']+|[.!?]/gu;
  const maskWords = mask.toLowerCase().match(TOKEN) ?? [];
  const partWords = parts.map((part) => part.toLowerCase().match(TOKEN) ?? []);
  const blanked = parts.join(' ');
  const all = partWords.flat().filter((w) => !/^[.!?]$/.test(w));
  const facts = textFacts(all, blanked);
  const vocabulary = [...new Set([...ALL, ...(targetList ?? []).map((t) => t.toLowerCase())])];
  /** The words before mask `m` (other masks read as their own words), last first, up to `k`. */
  const wordsBefore = (m: number, k: number) => {
    const out: string[] = [];
    for (let p = m; p >= 0 && out.length < k; p--) {
      for (let i = partWords[p]!.length - 1; i >= 0 && out.length < k; i--) out.push(partWords[p]![i]!);
      if (p > 0) for (let i = maskWords.length - 1; i >= 0 && out.length < k; i--) out.push(maskWords[i]!);
    }
    return out;
  };
  const firstAfter = (m: number) => {
    for (let p = m + 1; p < parts.length; p++) {
      if (partWords[p]!.length > 0) return partWords[p]![0];
      if (p < parts.length - 1 && maskWords.length > 0) return maskWords[0];
    }
    return undefined;
  };
  const lists = parts.slice(0, -1).map((_, m) => {
    const before = parts.slice(0, m + 1).join(mask);
    const after = parts.slice(m + 1).join(mask);
    const [lastBefore, secondBefore] = wordsBefore(m, 2);
    const ctx: Context = {
      prev: lastBefore && /^[.!?]$/.test(lastBefore) ? undefined : lastBefore,
      prev2: secondBefore,
      next: firstAfter(m),
      all,
      text: blanked,
      facts,
    };
    const sentenceStart = ctx.prev === undefined;
    const boosts = categoryBoosts(ctx);
    const logits = vocabulary.map((w) => logitFor(w, ctx, boosts));
    const probs = softmax(logits);
    let ranked = vocabulary.map((w, i) => ({ w, p: probs[i]! }));
    if (targetList) {
      const wanted = new Set(targetList.map((t) => t.toLowerCase()));
      ranked = ranked.filter((r) => wanted.has(r.w));
    }
    ranked.sort((a, b) => b.p - a.p || (a.w < b.w ? -1 : 1));
    return ranked.slice(0, topK).map(({ w, p }) => {
      const original = targetList?.find((t) => t.toLowerCase() === w);
      const word = uncased ? w : (original ?? surface(w, model, sentenceStart));
      const needsSpace = /\s$/.test(before) || before === '';
      const tokenStr = spaced && needsSpace && before !== '' && !/^[.!?;,]$/.test(word) ? ` ${word}` : word;
      // Uncased tokenizers decode in lower case; other masks of the text stay as they are.
      const lower = (s: string) =>
        uncased
          ? s
              .split(mask)
              .map((piece) => piece.toLowerCase())
              .join(mask)
          : s;
      const sequence = cleanUp(lower(before) + word + lower(after));
      return { score: round(p, 6), token: tokenId(w, model), token_str: tokenStr, sequence };
    });
  });
  return lists.length === 1 ? lists[0]! : lists;
}

export const fillMask: Engine = (ctx) => {
  const { list, batched } = stringOrList(inputsOf(ctx));
  const params = paramsOf(ctx);
  const results = list.map((text) => fillOne(text, ctx.model, params));
  return batched ? results : results[0];
};
