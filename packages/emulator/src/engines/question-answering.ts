/**
 * question-answering (extractive): returns real spans of the context, with `start`/`end` in
 * Unicode code points (Python offsets, as the API reports them). Candidate spans are runs of
 * content words in the context; each is scored by how many question words its sentence shares,
 * how close it sits to them, and whether it fits the question type (who → a capitalised name,
 * when → a date, how many → a number, ...). Scores are a softmax over all candidates.
 * `top_k`, `max_answer_len` and `handle_impossible_answer` are honoured; as transformers does,
 * a single answer is sent as a bare object and several as a list.
 */
import { boolParam, inputsOf, intParam, paramsOf, requireString } from './request';
import {
  contentStems,
  fnvFinish,
  fnvState,
  round,
  sentences,
  stem,
  STOPWORDS,
  tokenize,
  type Token,
} from './embeddings';
import { softmax } from './textkit';
import { EngineInputError, type Engine } from './types';

type QuestionType = 'person' | 'place' | 'time' | 'number' | 'reason' | 'thing';

const MONTHS =
  /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow)$/i;
const NUMBER_WORDS =
  /^(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|several|many|few)$/i;
const WH = new Set(['what', 'who', 'whom', 'whose', 'where', 'when', 'why', 'how', 'which']);
const LINKERS = new Set(['of', 'de', 'the', 'and', 'von', 'van', 'la', 'le', 'du', 'del', '&']);

function questionType(question: string): QuestionType {
  const q = question.toLowerCase();
  if (/\bhow (many|much|old|long|far|big|tall|often)\b|\bwhat (number|percentage|amount)\b/.test(q)) return 'number';
  if (/\bwhen\b|\b(year|date|day|month)\b|\bwhat time\b/.test(q)) return 'time';
  if (/\bwho(m|se)?\b/.test(q)) return 'person';
  if (/\b(number|no|amount|total|price|cost|id|sum|balance|subtotal|tax|percentage|age)\b/.test(q)) return 'number';
  if (/\bwhere\b|\bwhich (city|country|place)\b|\bwhat (city|country|place)\b/.test(q)) return 'place';
  if (/\bwhy\b/.test(q)) return 'reason';
  return 'thing';
}

const isCapitalised = (t: Token) => /^\p{Lu}/u.test(t.text);
const isNumeric = (t: Token) => /\p{N}/u.test(t.text) || NUMBER_WORDS.test(t.text);
const isDate = (t: Token) =>
  MONTHS.test(t.text) ||
  /^(1[5-9]|20)\d\d$/.test(t.text) ||
  /^\d{4}-\d\d-\d\d$|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$/.test(t.text);

/**
 * `min(first - h for hits h < first, h - last for hits h >= first)` by binary search over the
 * sorted hits, instead of a scan of every hit for every candidate.
 */
function nearestHit(hits: readonly number[], first: number, last: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid]! < first) lo = mid + 1;
    else hi = mid;
  }
  let best = Infinity;
  if (lo > 0) best = first - hits[lo - 1]!;
  if (lo < hits.length) best = Math.min(best, hits[lo]! - last);
  return best;
}

interface Candidate {
  first: number;
  last: number;
  logit: number;
}

/** Scores every candidate span of one (question, context) pair; best first. */
export function answerSpans(
  question: string,
  context: string,
  maxAnswerLen = 15,
): { answer: string; start: number; end: number; logit: number; overlap: number }[] {
  const tokens = tokenize(context);
  const qStems = new Set(contentStems(question).filter((w) => !WH.has(w)));
  const type = questionType(question);
  const matches = tokens.map((t) => qStems.has(stem(t.lower)));
  // The jitter hashes `${question}|${span}`: the question's share is hashed once, not per candidate.
  const questionState = fnvState(`${question}|`);
  // Sentences and tokens are both in text order: one cursor finds each sentence's first token.
  let cursor = 0;
  const spansOfSentences = sentences(context).map((s) => {
    while (cursor < tokens.length && tokens[cursor]!.start16 < s.start16) cursor++;
    const first = cursor < tokens.length ? cursor : -1;
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.end16 <= s.end16) last++;
    const hit = new Set<string>();
    for (let i = first; i >= 0 && i <= last; i++) if (matches[i]) hit.add(stem(tokens[i]!.lower));
    return { first, last, overlap: qStems.size ? hit.size / qStems.size : 0 };
  });
  const candidates: Candidate[] = [];
  const seen = new Set<string>();
  let bestOverlap = 0;
  for (const s of spansOfSentences) {
    if (s.first < 0 || s.last < s.first) continue;
    bestOverlap = Math.max(bestOverlap, s.overlap);
    const hits: number[] = [];
    for (let i = s.first; i <= s.last; i++) if (matches[i]) hits.push(i);
    const add = (first: number, last: number) => {
      if (last - first + 1 > maxAnswerLen) last = first + maxAnswerLen - 1;
      const key = `${first}:${last}`;
      if (seen.has(key) || last < first) return;
      seen.add(key);
      const span = tokens.slice(first, last + 1);
      const distance = hits.length ? nearestHit(hits, first, last) : 8;
      let fit = 0;
      const caps = span.filter(isCapitalised).length / span.length;
      const sentenceStart = first === s.first;
      const prev = tokens[first - 1]?.lower;
      const length = span.length;
      if (type === 'person')
        fit =
          (caps > 0.99 ? (sentenceStart && length === 1 ? 2 : 2.5) : caps > 0.5 ? 1 : -1) +
          (prev && ['by', 'named', 'called', 'with'].includes(prev) ? 1.5 : 0);
      else if (type === 'place')
        fit = (caps > 0.99 ? 1.5 : -0.5) + (prev && ['in', 'at', 'from', 'near', 'to'].includes(prev) ? 1.5 : 0);
      else if (type === 'time') fit = span.some(isDate) ? 3 : span.some(isNumeric) ? 1 : -1;
      else if (type === 'number') fit = span.some(isNumeric) ? 3 : -1.5;
      else if (type === 'reason') fit = prev === 'because' || prev === 'since' || prev === 'to' ? 2.5 : 0;
      else fit = span.some(isNumeric) ? 0 : 0.5;
      // Numbers and dates are single tokens more often than not.
      if ((type === 'number' || type === 'time') && length > 1) fit -= 0.4 * (length - 1);
      const logit =
        4 * s.overlap +
        fit -
        0.45 * Math.min(distance, 8) -
        0.12 * Math.max(0, length - 2) +
        0.3 * (fnvFinish(fnvState(`${first}:${last}`, questionState)) / 4294967296);
      candidates.push({ first, last, logit });
    };
    // Runs of content words that are not question words, split at punctuation.
    let runStart = -1;
    const flush = (last: number) => {
      // A run never ends on a linking word ("Clara and").
      let end = last;
      while (end > runStart && LINKERS.has(tokens[end]!.lower)) end--;
      add(runStart, end);
      // Shorter answers inside long runs: capitalised groups, numbers with their unit, the head words.
      for (let a = runStart; a <= end; a++) {
        if (isNumeric(tokens[a]!)) {
          add(a, a);
          add(a, Math.min(end, a + 1));
        }
        if (isCapitalised(tokens[a]!) && (a === runStart || !isCapitalised(tokens[a - 1]!))) {
          let b = a;
          while (
            b + 1 <= end &&
            (isCapitalised(tokens[b + 1]!) ||
              (LINKERS.has(tokens[b + 1]!.lower) && b + 2 <= end && isCapitalised(tokens[b + 2]!)))
          )
            b++;
          add(a, b);
        }
      }
      if (end - runStart >= 3) add(runStart, runStart + 2);
      runStart = -1;
    };
    for (let i = s.first; i <= s.last + 1; i++) {
      const inside = i <= s.last;
      const t = tokens[i];
      const prevToken = tokens[i - 1];
      const punctuated =
        inside && runStart >= 0 && !!t && !!prevToken && /[,;:()"“”!?]/.test(context.slice(prevToken.end16, t.start16));
      const nextToken = tokens[i + 1];
      const linker =
        inside &&
        runStart >= 0 &&
        !!t &&
        LINKERS.has(t.lower) &&
        !!nextToken &&
        i + 1 <= s.last &&
        isCapitalised(nextToken) &&
        !STOPWORDS.has(nextToken.lower) &&
        !!prevToken &&
        isCapitalised(prevToken);
      // A word followed by a colon is a field name ("Date:"), not part of an answer.
      const label = !!t && /^\s*:/.test(context.slice(t.end16, t.end16 + 3));
      const joinable = inside && !!t && !matches[i] && !label && (!STOPWORDS.has(t.lower) || linker);
      if (runStart >= 0 && (!joinable || punctuated)) flush(i - 1);
      if (joinable && runStart < 0 && !(t && LINKERS.has(t.lower) && STOPWORDS.has(t.lower))) runStart = i;
    }
  }
  return candidates
    .map((c) => {
      const a = tokens[c.first]!;
      const b = tokens[c.last]!;
      return {
        answer: context.slice(a.start16, b.end16),
        start: a.start,
        end: b.end,
        logit: c.logit,
        overlap: bestOverlap,
      };
    })
    .sort((x, y) => y.logit - x.logit || x.start - y.start);
}

function answerOne(value: unknown, params: Record<string, unknown>, topK: number | undefined) {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new EngineInputError('Error in `inputs`: expected an object { question, context }');
  const { question: q, context: c } = value as Record<string, unknown>;
  const question = requireString(q, 'inputs.question');
  const context = requireString(c, 'inputs.context');
  const maxAnswerLen = intParam(params, 'max_answer_len', 1) ?? 15;
  intParam(params, 'doc_stride', 0);
  intParam(params, 'max_seq_len', 1);
  intParam(params, 'max_question_len', 1);
  boolParam(params, 'align_to_words');
  const impossible = boolParam(params, 'handle_impossible_answer') ?? false;
  const spans = answerSpans(question, context, maxAnswerLen);
  const entries = spans.map((s) => ({ answer: s.answer, start: s.start, end: s.end, logit: s.logit }));
  if (impossible) {
    const overlap = spans[0]?.overlap ?? 0;
    entries.push({ answer: '', start: 0, end: 0, logit: 3.5 - 6 * overlap });
  }
  if (entries.length === 0) entries.push({ answer: '', start: 0, end: 0, logit: 0 });
  // A real model's span scores are sharp: scale the logits before the softmax.
  const probs = softmax(entries.map((e) => e.logit * 1.6));
  const ranked = entries
    .map((e, i) => ({ score: round(probs[i]!, 6), start: e.start, end: e.end, answer: e.answer }))
    .sort((a, b) => b.score - a.score || a.start - b.start);
  const answers = ranked.slice(0, topK ?? 1);
  return answers.length === 1 ? answers[0] : answers;
}

export const questionAnswering: Engine = (ctx) => {
  const inputs = inputsOf(ctx);
  const params = paramsOf(ctx);
  const topK = intParam(params, 'top_k', 1);
  if (Array.isArray(inputs)) {
    if (inputs.length === 0)
      throw new EngineInputError('Error in `inputs`: expected at least one { question, context }');
    return inputs.map((item) => answerOne(item, params, topK));
  }
  return answerOne(inputs, params, topK);
};
