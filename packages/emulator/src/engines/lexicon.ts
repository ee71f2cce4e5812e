/**
 * Small built-in word lists that stand in for learned weights: polarity words for sentiment, a
 * finance list for FinBERT, emotions, and related words for labels people commonly try in
 * zero-shot classification. Keys and entries are stems (see `stem` in textkit.ts) or plain words.
 */
import { stem } from './textkit';

const polarity = (spec: string, weight: number): [string, number][] =>
  spec
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => [w, weight]);

/** General sentiment, AFINN-like weights in [-3, 3]; keyed by plain lower-case word. */
export const SENTIMENT: ReadonlyMap<string, number> = new Map([
  ...polarity(
    'love loved loves adore adored amazing awesome excellent fantastic wonderful brilliant superb outstanding perfect masterpiece',
    3,
  ),
  ...polarity(
    'great good nice happy glad enjoy enjoyed enjoying like liked likes beautiful best better fun delight delighted delightful pleased impressive recommend recommended fast friendly helpful thanks thank lovely favorite favourite win won wins winning success successful smooth easy cool sweet',
    2,
  ),
  ...polarity(
    'ok okay fine fair decent interesting works worked working clean fresh solid tasty comfortable calm safe',
    1,
  ),
  ...polarity('slow late expensive boring meh confusing confused difficult hard weird odd tired cold noisy', -1),
  ...polarity(
    'bad poor sad unhappy dislike disliked annoying annoyed angry upset broken buggy bug bugs crash crashed crashes fail failed fails failure problem problems issue issues wrong worse lost lose losing refund rude dirty ugly sick hurt disappointing disappointed disappointment waste wasted',
    -2,
  ),
  ...polarity(
    'hate hated hates terrible horrible awful worst disgusting useless pathetic scam fraud furious disaster nightmare garbage trash appalling dreadful',
    -3,
  ),
]);

/** Financial news polarity for FinBERT-style models. */
export const FINANCE: ReadonlyMap<string, number> = new Map([
  ...polarity(
    'profit profits profitable growth grew grow grows gain gains gained surge surged soar soared rally rallied beat beats record rise rose rising up upgrade upgraded dividend expansion expand expands strong stronger outperform bullish boost boosted recovery rebound',
    2,
  ),
  ...polarity(
    'loss losses lost decline declined declines fall fell falling drop dropped plunge plunged slump slumped miss missed weak weaker downgrade downgraded debt default bankruptcy bankrupt layoff layoffs cut cuts bearish lawsuit fine fined recession inflation warning warns down crisis',
    -2,
  ),
]);

/** Emotion words per label of the common 7-emotion models. */
export const EMOTIONS: Readonly<Record<string, readonly string[]>> = {
  anger: 'angry anger furious mad rage hate hated annoyed irritated outraged livid'.split(' '),
  disgust: 'disgusting disgusted gross nasty revolting sick vile yuck'.split(' '),
  fear: 'afraid scared fear terrified worried anxious nervous panic frightened dread'.split(' '),
  joy: 'happy joy love loved great glad excited delighted wonderful amazing fun yay cheerful'.split(' '),
  sadness: 'sad cry cried crying lonely miss depressed unhappy grief sorrow heartbroken lost'.split(' '),
  surprise: 'wow surprised surprise unexpected shocked amazed astonished suddenly whoa'.split(' '),
};

/** Words that flip the polarity of the next few words. */
export const NEGATORS: ReadonlySet<string> = new Set(
  "not no never none nobody nothing neither nor hardly barely without isn't wasn't aren't weren't don't doesn't didn't can't couldn't won't wouldn't shouldn't haven't hasn't hadn't cannot".split(
    ' ',
  ),
);

/** Words that strengthen the next sentiment word. */
export const INTENSIFIERS: ReadonlyMap<string, number> = new Map([
  ['very', 1.5],
  ['really', 1.4],
  ['so', 1.3],
  ['extremely', 1.8],
  ['incredibly', 1.7],
  ['absolutely', 1.6],
  ['totally', 1.4],
  ['super', 1.5],
  ['quite', 1.2],
  ['slightly', 0.6],
  ['somewhat', 0.7],
]);

const topic = (spec: string) => spec.split(/\s+/).filter(Boolean);

/**
 * Related words for labels people commonly try in zero-shot classification, so that `refund`
 * scores high for "I want my money back" without a model.
 */
const TOPICS_RAW: Record<string, string[]> = {
  sport: topic(
    'sport game match team player score goal win league coach football soccer basketball tennis baseball cricket olympic championship tournament athlete stadium season referee race',
  ),
  politics: topic(
    'politic election vote voter government president minister senate congress parliament law policy party democrat republican campaign candidate governor diplomat',
  ),
  technology: topic(
    'technology tech software hardware computer app phone smartphone internet ai algorithm code program data device chip gadget robot cloud startup digital google apple microsoft laptop',
  ),
  business: topic(
    'business company market stock share investor revenue profit sale ceo startup industry trade deal merger economy firm corporate customer',
  ),
  finance: topic(
    'finance money bank loan credit interest stock bond invest investment fund price cost payment dollar euro budget tax',
  ),
  economy: topic('economy economic inflation recession gdp growth unemployment market trade tariff'),
  health: topic(
    'health medical medicine doctor hospital patient disease illness virus vaccine symptom treatment therapy nurse clinic pain sick diet fitness',
  ),
  science: topic(
    'science research scientist study experiment physic chemistry biology space planet nasa discovery theory lab',
  ),
  entertainment: topic(
    'entertainment movie film music song singer actor actress show series tv television concert celebrity album netflix',
  ),
  travel: topic(
    'travel trip flight hotel vacation holiday airport beach tour tourist passport destination journey booking',
  ),
  food: topic(
    'food eat eating meal restaurant dinner lunch breakfast cook cooking recipe delicious taste pizza pasta dish chef',
  ),
  cooking: topic('cook cooking recipe kitchen bake baking oven ingredient chef dish meal boil fry'),
  weather: topic('weather rain sunny snow storm temperature forecast wind cloud hot cold climate'),
  education: topic(
    'education school student teacher university college class exam course study learn learning lesson homework degree',
  ),
  environment: topic(
    'environment climate pollution green carbon emission recycle energy renewable nature forest ocean wildlife',
  ),
  religion: topic('religion god church faith prayer pray temple mosque spiritual belief bible'),
  crime: topic('crime police arrest murder theft robbery court prison criminal suspect investigation'),
  legal: topic('legal lawyer attorney lawsuit court judge contract law sue sued liability compliance regulation'),
  refund: topic(
    'refund money back return reimburse reimbursement charge charged cancel cancellation compensation credit',
  ),
  billing: topic('bill billing invoice charge charged payment pay price subscription fee card'),
  shipping: topic('ship shipping delivery deliver package parcel order track tracking courier arrive arrived late'),
  complaint: topic('complaint complain unhappy disappointed broken bad terrible awful issue problem wrong angry'),
  urgent: topic('urgent urgently asap immediately emergency now quickly critical deadline hurry'),
  question: topic('question how what why when where which who help explain wonder'),
  faq: topic('faq question how what why when where help information info hours policy'),
  support: topic('support help issue problem error fix broken assist trouble account login password'),
  travelling: topic('travel trip flight hotel vacation journey'),
  dancing: topic('dance dancing dancer ballet salsa party music rhythm'),
  art: topic('art artist painting paint museum gallery sculpture drawing design creative'),
  animal: topic('animal dog cat pet bird horse wildlife zoo puppy kitten'),
  family: topic('family mother father parent child children kid son daughter brother sister home'),
  love: topic('love romance romantic date dating relationship partner girlfriend boyfriend wedding marriage'),
  work: topic('work job career office boss employee colleague salary hire hired meeting manager'),
  spam: topic('free win winner prize click offer cash claim limited urgent buy discount'),
  positive: topic('good great love excellent happy amazing wonderful best like enjoy'),
  negative: topic('bad terrible hate awful worst poor sad angry disappointed broken'),
  neutral: topic('okay fine average normal regular standard'),
  music: topic('music song singer band album concert guitar piano melody lyric'),
  gaming: topic('game gaming gamer console playstation xbox nintendo level player'),
  car: topic('car vehicle drive driving engine road traffic truck electric tesla'),
  fashion: topic('fashion clothes dress shirt style wear designer brand shoe'),
};

/** Stemmed related words per stemmed label word. */
export const TOPICS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(TOPICS_RAW).map(([label, related]) => [stem(label), new Set(related.map(stem))]),
);
