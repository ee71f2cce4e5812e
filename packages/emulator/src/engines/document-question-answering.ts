/**
 * document-question-answering (LayoutLM-like): reads the document's words (the `word_boxes`
 * parameter when given, as `[word, box]` pairs; otherwise a stand-in OCR made from the image's
 * hash: an invoice, a receipt or a letter with numbers, dates, names and totals), then answers
 * with the extractive QA engine. `start`/`end` are word indices (inclusive), as the API gives
 * them. `top_k` (default 1) and `max_answer_len` are honoured. Output `[{ answer, score, start, end }]`.
 */
import { analyzeImage } from './image-analysis';
import { boolParam, intParam, readImageQuestion, strParam, topKParam } from './request';
import { rng, round } from './embeddings';
import { softmax } from './textkit';
import { answerSpans } from './question-answering';
import { EngineInputError, type Engine } from './types';

const NAMES = [
  'Jane Smith',
  'Carlos Diaz',
  'Amina Yusuf',
  'Li Wei',
  'Marta Novak',
  'John Carter',
  'Priya Patel',
  'Lukas Weber',
];
const COMPANIES = [
  'Acme Corp',
  'Globex Ltd',
  'Initech',
  'Umbrella Supplies',
  'Stark Industries',
  'Wayne Logistics',
  'Hooli Inc',
];
const STREETS = ['Market Street', 'Oak Avenue', 'Station Road', 'High Street', 'Elm Drive'];
const CITIES = ['Springfield', 'Riverton', 'Lakeside', 'Fairview', 'Greenville'];

/** A plausible OCR text for a document image, chosen by its hash. */
export function standInDocument(seed: number): string {
  const r = rng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(r() * list.length)]!;
  const date = (offset = 0) => {
    const m = 1 + Math.floor(r() * 12);
    const d = 1 + Math.floor(r() * 28);
    return `2024-${String(Math.min(12, m + offset)).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  };
  const money = (max: number) =>
    (Math.round(r() * max * 100) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const company = pick(COMPANIES);
  const name = pick(NAMES);
  const kind = Math.floor(r() * 3);
  if (kind === 0) {
    const qty = 1 + Math.floor(r() * 9);
    return `${company} INVOICE Invoice number: INV-${10000 + Math.floor(r() * 89999)} Invoice date: ${date()} Bill to: ${name} ${1 + Math.floor(r() * 200)} ${pick(STREETS)}, ${pick(CITIES)} Description: consulting services Quantity: ${qty} Unit price: $${money(900)} Total amount: $${money(9000)} Due date: ${date(1)} Payment terms: 30 days`;
  }
  if (kind === 1) {
    return `${company} RECEIPT Receipt number: ${100000 + Math.floor(r() * 899999)} Date: ${date()} Cashier: ${name} Coffee $${money(6)} Sandwich $${money(12)} Subtotal: $${money(20)} Tax: $${money(3)} Total: $${money(25)} Paid by card ending ${1000 + Math.floor(r() * 8999)}`;
  }
  return `${company} ${1 + Math.floor(r() * 200)} ${pick(STREETS)}, ${pick(CITIES)} Date: ${date()} Dear ${name}, we are pleased to confirm your order number ${200000 + Math.floor(r() * 799999)}. Delivery is planned for ${date(1)}. Sincerely, ${pick(NAMES)}, Customer Service Manager`;
}

/** The words of `word_boxes` (`[word, [x0, y0, x1, y1]]` pairs), if given. */
function wordsFromBoxes(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value))
    throw new EngineInputError('Error in `parameters.word_boxes`: expected a list of [word, box] pairs');
  const out: string[] = [];
  for (const item of value) {
    if (Array.isArray(item) && typeof item[0] === 'string') out.push(item[0]);
    else if (!(Array.isArray(item) && item.every((n) => typeof n === 'number'))) {
      throw new EngineInputError(
        'Error in `parameters.word_boxes`: each item must be [word, [x0, y0, x1, y1]] or a box',
      );
    }
  }
  return out.length > 0 ? out : undefined;
}

export const documentQuestionAnswering: Engine = (ctx) => {
  const { bytes, question, parameters } = readImageQuestion(ctx);
  const image = analyzeImage(bytes);
  const topK = topKParam(parameters, 1);
  const maxAnswerLen = intParam(parameters, 'max_answer_len', 1) ?? 15;
  intParam(parameters, 'doc_stride', 0);
  intParam(parameters, 'max_question_len', 1);
  intParam(parameters, 'max_seq_len', 1);
  boolParam(parameters, 'handle_impossible_answer');
  strParam(parameters, 'lang');
  const ocr = wordsFromBoxes(parameters.word_boxes) ?? standInDocument(image.seed).split(/\s+/);
  const text = ocr.join(' ');
  // Character offset → word index.
  const wordAt: number[] = [];
  ocr.forEach((w, i) => {
    for (let k = 0; k < w.length; k++) wordAt.push(i);
    wordAt.push(i);
  });
  const spans = answerSpans(question, text, maxAnswerLen);
  if (spans.length === 0) return [];
  const probs = softmax(spans.map((s) => s.logit * 1.6));
  const chars = Array.from(text);
  const toUtf16 = (cp: number) => chars.slice(0, cp).join('').length;
  return spans
    .map((s, i) => ({
      score: round(probs[i]!, 6),
      answer: s.answer,
      start: wordAt[toUtf16(s.start)] ?? 0,
      end: wordAt[Math.max(0, toUtf16(s.end) - 1)] ?? 0,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, topK);
};
