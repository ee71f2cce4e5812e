/**
 * image-to-text (captioning): a caption built from what the image looks like: its most likely
 * subject (the image-classification scorer), its main colours and the scene its colour layout
 * suggests, in a template chosen by the image's hash. `max_new_tokens` (top level or in
 * `generation_parameters`) shortens it. Output `[{ generated_text }]`.
 */
import { analyzeImage, colourName, imageWords, regionColour, type ImageAnalysis } from './image-analysis';
import { generationLimit, readBinary } from './request';
import { rng } from './embeddings';
import { IMAGENET, imageLogits } from './image-classification';
import { cutToTokens } from './summarization';
import type { Engine } from './types';

const PLACES = [
  'beach',
  'field',
  'park',
  'street',
  'city',
  'forest',
  'lake',
  'sea',
  'desert',
  'snow',
  'sky',
  'table',
  'floor',
  'road',
  'grass',
  'water',
  'sand',
];

/** A short noun for the image's most likely subject ("golden retriever", "seashore"). */
export function subjectOf(image: ImageAnalysis): string {
  const labels = Object.keys(IMAGENET);
  const logits = imageLogits(image, labels);
  const best = labels[logits.indexOf(Math.max(...logits))]!;
  return best.split(',')[0]!.toLowerCase();
}

/** A caption of the image. */
export function caption(image: ImageAnalysis): string {
  const random = rng(image.seed);
  const subject = subjectOf(image);
  const scene = imageWords(image);
  const place = scene.find((w) => PLACES.includes(w) && !subject.includes(w));
  const { colour, secondColour } = image.stats;
  const top = colourName(...regionColour(image, 0, 0, image.gridW, image.gridH / 3));
  const article = /^[aeiou]/.test(subject) ? 'an' : 'a';
  const mood = image.stats.brightness < 0.3 ? 'dark ' : image.stats.brightness > 0.78 ? 'bright ' : '';
  const templates = [
    `${article} ${subject}${place ? ` on the ${place}` : ''} with a ${colour} background`,
    `a ${mood}photo of ${article} ${subject}${place ? ` near the ${place}` : ''}`,
    `there is ${article} ${subject} that is ${colour} and ${secondColour}`,
    `${article} ${subject} under a ${top} sky${place ? ` by the ${place}` : ''}`,
    `a ${colour} and ${secondColour} picture of ${article} ${subject}`,
  ];
  return templates[Math.floor(random() * templates.length)]!;
}

export const imageToText: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const image = analyzeImage(bytes);
  const { maxTokens } = generationLimit(parameters);
  const text = caption(image);
  return [{ generated_text: maxTokens ? cutToTokens(text, maxTokens) : text }];
};
