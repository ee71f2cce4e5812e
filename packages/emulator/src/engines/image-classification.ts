/**
 * image-classification: labels from the model's label set (ImageNet-style names for ViT by
 * default, or `options.labels`), scored by how much of the image has each label's colours and
 * how well the label's scene words match what the image looks like (blue on top → sky, green
 * below → grass, ...). PNGs are decoded for real; other formats use stand-in colours from their
 * bytes. `function_to_apply` (default softmax) and `top_k` (default 5) are honoured.
 */
import { analyzeImage, imageWords, type ImageAnalysis } from './image-analysis';
import { readBinary, strParam, topKParam } from './request';
import { applyFunction, own, round, unit } from './embeddings';
import type { Engine } from './types';

/** A label's look: the colours it is made of and the scene words that go with it. */
export interface LabelProfile {
  colours: string[];
  words: string[];
}

/** ImageNet labels (as ViT names them) with their look. */
export const IMAGENET: Record<string, LabelProfile> = {
  'tabby, tabby cat': { colours: ['brown', 'gray', 'orange'], words: ['cat', 'animal', 'pet'] },
  'Egyptian cat': { colours: ['gray', 'brown'], words: ['cat', 'animal'] },
  'golden retriever': { colours: ['yellow', 'orange', 'brown'], words: ['dog', 'animal', 'grass'] },
  'Labrador retriever': { colours: ['black', 'brown'], words: ['dog', 'animal'] },
  'seashore, coast, seacoast, sea-coast': {
    colours: ['blue', 'yellow', 'white'],
    words: ['sea', 'water', 'beach', 'sky', 'sand'],
  },
  'lakeside, lakeshore': { colours: ['blue', 'green'], words: ['lake', 'water', 'tree', 'sky'] },
  alp: { colours: ['white', 'blue', 'gray'], words: ['snow', 'sky', 'cloud'] },
  volcano: { colours: ['gray', 'red', 'orange', 'black'], words: ['sky', 'fire', 'dark'] },
  'valley, vale': { colours: ['green', 'blue'], words: ['grass', 'field', 'sky', 'landscape'] },
  daisy: { colours: ['white', 'yellow', 'green'], words: ['flower', 'plant', 'grass'] },
  banana: { colours: ['yellow'], words: ['banana', 'fruit'] },
  orange: { colours: ['orange'], words: ['orange', 'fruit'] },
  lemon: { colours: ['yellow', 'green'], words: ['lemon', 'fruit'] },
  broccoli: { colours: ['green'], words: ['plant', 'leaf', 'food'] },
  'Granny Smith': { colours: ['green'], words: ['apple', 'fruit'] },
  strawberry: { colours: ['red', 'green'], words: ['fruit', 'red'] },
  'pizza, pizza pie': { colours: ['orange', 'red', 'yellow', 'brown'], words: ['food', 'bread'] },
  'traffic light, traffic signal, stoplight': { colours: ['black', 'red', 'green'], words: ['street', 'city', 'road'] },
  'fire engine, fire truck': { colours: ['red'], words: ['car', 'street', 'road'] },
  'sports car, sport car': { colours: ['red', 'black', 'gray'], words: ['car', 'road'] },
  'school bus': { colours: ['yellow'], words: ['road', 'street'] },
  'goldfish, Carassius auratus': { colours: ['orange', 'blue'], words: ['water', 'fish'] },
  jellyfish: { colours: ['blue', 'purple', 'black'], words: ['water', 'sea', 'dark'] },
  'brown bear, bruin, Ursus arctos': { colours: ['brown', 'green'], words: ['animal', 'forest'] },
  zebra: { colours: ['black', 'white'], words: ['animal', 'grass', 'pattern'] },
  'web site, website, internet site, site': { colours: ['white', 'gray'], words: ['screenshot', 'text', 'document'] },
  envelope: { colours: ['white'], words: ['paper', 'document', 'plain'] },
  'crossword puzzle, crossword': { colours: ['white', 'black'], words: ['text', 'paper', 'pattern'] },
  'space shuttle': { colours: ['black', 'white'], words: ['night', 'space', 'sky'] },
  geyser: { colours: ['white', 'blue'], words: ['sky', 'water'] },
  flamingo: { colours: ['pink'], words: ['bird', 'water'] },
  'red wine': { colours: ['red', 'purple'], words: ['dark'] },
  espresso: { colours: ['brown', 'black'], words: ['coffee', 'dark'] },
  candle: { colours: ['orange', 'black', 'yellow'], words: ['dark', 'light', 'fire'] },
  'sandbar, sand bar': { colours: ['yellow', 'blue'], words: ['sand', 'beach', 'water'] },
  'lawn mower, mower': { colours: ['green', 'red'], words: ['grass', 'lawn', 'machine'] },
};

/** COCO labels (as DETR names them) with their look. */
export const COCO: Record<string, LabelProfile> = {
  person: { colours: ['pink', 'brown', 'black', 'white'], words: ['person', 'portrait', 'silhouette'] },
  bicycle: { colours: ['black', 'gray'], words: ['street', 'road'] },
  car: { colours: ['red', 'gray', 'black', 'blue'], words: ['car', 'street', 'road', 'city'] },
  bus: { colours: ['yellow', 'red'], words: ['street', 'road', 'city'] },
  truck: { colours: ['gray', 'white'], words: ['road', 'street'] },
  'traffic light': { colours: ['black', 'red', 'green'], words: ['street', 'city'] },
  bird: { colours: ['blue', 'brown', 'white'], words: ['bird', 'sky', 'tree'] },
  cat: { colours: ['orange', 'brown', 'gray', 'black'], words: ['cat', 'animal'] },
  dog: { colours: ['brown', 'yellow', 'black'], words: ['dog', 'animal', 'grass'] },
  horse: { colours: ['brown'], words: ['animal', 'horse', 'field'] },
  sheep: { colours: ['white'], words: ['animal', 'grass', 'field'] },
  cow: { colours: ['black', 'white', 'brown'], words: ['animal', 'grass', 'field'] },
  elephant: { colours: ['gray'], words: ['animal', 'elephant'] },
  zebra: { colours: ['black', 'white'], words: ['animal', 'pattern'] },
  umbrella: { colours: ['blue', 'red', 'black'], words: ['beach', 'rain'] },
  bottle: { colours: ['green', 'teal'], words: ['table'] },
  cup: { colours: ['white'], words: ['coffee', 'table'] },
  banana: { colours: ['yellow'], words: ['fruit', 'banana'] },
  apple: { colours: ['red', 'green'], words: ['fruit', 'apple'] },
  orange: { colours: ['orange'], words: ['fruit', 'orange'] },
  broccoli: { colours: ['green'], words: ['plant', 'food'] },
  pizza: { colours: ['orange', 'red', 'yellow'], words: ['food'] },
  cake: { colours: ['pink', 'white', 'brown'], words: ['cake', 'food'] },
  chair: { colours: ['brown', 'black'], words: ['floor', 'wood'] },
  couch: { colours: ['gray', 'brown'], words: ['floor'] },
  'potted plant': { colours: ['green'], words: ['plant', 'leaf'] },
  bed: { colours: ['white'], words: ['floor'] },
  'dining table': { colours: ['brown', 'white'], words: ['table', 'wood'] },
  tv: { colours: ['black'], words: ['screen', 'dark'] },
  laptop: { colours: ['gray', 'black'], words: ['screen', 'machine'] },
  'cell phone': { colours: ['black'], words: ['screen'] },
  book: { colours: ['white', 'red', 'blue'], words: ['paper', 'text'] },
  clock: { colours: ['white', 'black'], words: ['wall'] },
  vase: { colours: ['blue', 'white'], words: ['flower'] },
  'teddy bear': { colours: ['brown'], words: ['toy'] },
  boat: { colours: ['white', 'blue'], words: ['water', 'sea', 'lake'] },
  'stop sign': { colours: ['red'], words: ['street', 'road'] },
};

const profileOf = (label: string, table: Record<string, LabelProfile>): LabelProfile =>
  own(table, label) ?? {
    colours: [
      ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'brown', 'gray', 'white', 'black'][
        Math.floor(unit(label) * 10)
      ]!,
    ],
    words: label
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean),
  };

/** Logit of a label for colours (share of each colour name) and scene words. */
export function labelLogit(
  label: string,
  profile: LabelProfile,
  share: Record<string, number>,
  sceneWords: Set<string>,
  seed: number,
): number {
  const colour =
    profile.colours.reduce((s, c, i) => s + (share[c] ?? 0) * (i === 0 ? 1.5 : 1), 0) /
    Math.sqrt(profile.colours.length);
  const scene = profile.words.filter((w) => sceneWords.has(w)).length / Math.max(1, profile.words.length);
  return 6 * colour + 2.5 * scene + 0.8 * unit(`${seed}:${label}`);
}

/** Ranked labels of an image (logits, not yet normalised). */
export function imageLogits(
  image: ImageAnalysis,
  labels: string[],
  table: Record<string, LabelProfile> = IMAGENET,
): number[] {
  const sceneWords = new Set(imageWords(image));
  return labels.map((label) =>
    labelLogit(label, profileOf(label, table), image.stats.colourShare, sceneWords, image.seed),
  );
}

/** The model's labels: `options.labels`, or the ImageNet subset. */
export const labelsOf = (
  options: Record<string, unknown> | undefined,
  table: Record<string, LabelProfile>,
): string[] => (Array.isArray(options?.labels) ? (options.labels as string[]) : Object.keys(table));

export const imageClassification: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const image = analyzeImage(bytes);
  const topK = topKParam(parameters, 5);
  const fn = strParam(parameters, 'function_to_apply', ['softmax', 'sigmoid', 'none']);
  const labels = labelsOf(ctx.model.options, IMAGENET);
  const scores = applyFunction(imageLogits(image, labels), fn);
  return labels
    .map((label, i) => ({ label, score: round(scores[i]!, 6) }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1))
    .slice(0, topK);
};
