/**
 * visual-question-answering (ViLT-like): answers from what the image looks like. "What colour"
 * ranks the image's colours, "how many" counts what object detection finds, yes/no questions say
 * yes when the question's words match the image's scene words, "where" picks a place, and other
 * questions the most likely subjects. Scores are independent sigmoids, as ViLT's are; `top_k`
 * (default 5) is honoured. Output `[{ answer, score }]`, best first.
 */
import { analyzeImage, imageWords, type ImageAnalysis } from './image-analysis';
import { readImageQuestion, topKParam } from './request';
import { contentStems, round, stem, unit } from './embeddings';
import { sigmoid } from './textkit';
import { COCO, IMAGENET, imageLogits } from './image-classification';
import { detectObjects } from './object-detection';
import type { Engine } from './types';

const YES_NO = /^(is|are|was|were|does|do|did|can|could|will|would|has|have|had|should|shall|am)\b/i;
const PLACES = [
  'beach',
  'park',
  'street',
  'city',
  'forest',
  'field',
  'lake',
  'sea',
  'desert',
  'mountain',
  'kitchen',
  'room',
  'outside',
  'inside',
  'road',
  'sky',
  'water',
];
const NUMBERS = ['0', '1', '2', '3', '4', '5', '6'];

/** Candidate answers with logits for a question about an image. */
export function vqaLogits(image: ImageAnalysis, question: string): Map<string, number> {
  const q = question.toLowerCase();
  const scene = imageWords(image);
  const sceneStems = new Set(scene.map(stem));
  const logits = new Map<string, number>();
  const put = (answer: string, logit: number) =>
    logits.set(answer, Math.max(logits.get(answer) ?? -Infinity, logit + 0.4 * unit(`${image.seed}|${q}|${answer}`)));
  const colours = Object.entries(image.stats.colourShare).sort((a, b) => b[1] - a[1]);
  if (/\bcolou?rs?\b/.test(q)) {
    colours.forEach(([name, share], i) => put(name, 3 * share + 1.5 - 0.8 * i));
    put('multicolored', -1);
  } else if (/\bhow many\b|\bnumber of\b|\bcount\b/.test(q)) {
    // The objects the detector would report at its default threshold.
    const count = Math.min(6, detectObjects(image, Object.keys(COCO)).filter((d) => d.score >= 0.5).length);
    NUMBERS.forEach((n, i) => put(n, 3 - 1.2 * Math.abs(i - count)));
  } else if (YES_NO.test(q.trim())) {
    const asked = contentStems(question);
    const hits = asked.filter((w) => sceneStems.has(w)).length;
    const ratio = asked.length ? hits / asked.length : 0;
    put('yes', ratio > 0 ? 1.5 + 3 * ratio : -1.2);
    put('no', ratio > 0 ? -1.5 : 2);
  } else if (/\bwhere\b/.test(q)) {
    const places = scene.filter((w) => PLACES.includes(w));
    places.forEach((p, i) => put(p, 2.5 - 0.7 * i));
    put(image.stats.brightness > 0.45 ? 'outside' : 'inside', 0.5);
  } else {
    const labels = Object.keys(IMAGENET);
    const subject = imageLogits(image, labels);
    const order = labels.map((l, i) => ({ l, s: subject[i]! })).sort((a, b) => b.s - a.s);
    order.slice(0, 4).forEach(({ l }, i) => put(l.split(',')[0]!.toLowerCase(), 2.2 - 0.9 * i));
    scene.slice(0, 4).forEach((w, i) => put(w, 0.8 - 0.5 * i));
  }
  return logits;
}

export const visualQuestionAnswering: Engine = (ctx) => {
  const { bytes, question, parameters } = readImageQuestion(ctx);
  const image = analyzeImage(bytes);
  const topK = topKParam(parameters, 5);
  return [...vqaLogits(image, question)]
    .map(([answer, logit]) => ({ score: round(sigmoid(logit), 6), answer }))
    .sort((a, b) => b.score - a.score || (a.answer < b.answer ? -1 : 1))
    .slice(0, topK);
};
