/**
 * text-to-image: paints a real PNG from the prompt. Colour words and scene words choose the
 * palette (sky → blue, forest → green, sunset → orange, night → dark, ...); ground words add a
 * horizon band (sea, grass, sand, snow, road); every other content word adds a shape (the sun or
 * a ball is a circle, a mountain a triangle, a house a rectangle, ...) placed by a hash of the
 * word and the seed. `width`/`height` (default 512, capped at 1024), `seed` (default: from the
 * prompt), `negative_prompt` (removes what it names), `num_inference_steps` (fewer → grainier),
 * `guidance_scale` (higher → more saturated) and `target_size` are honoured.
 */
import { COLOURS } from './image-analysis';
import { inputsOf, intParam, numParam, paramsOf, requireString, strParam } from './request';
import { hash32, own, rng, STOPWORDS, words } from './embeddings';
import { targetSize } from './image-to-image';
import { encodePng } from './png';
import { EngineInputError, type Engine } from './types';

/** Default and largest side of a generated image. */
export const DEFAULT_SIDE = 512;
export const MAX_SIDE = 1024;

type Rgb = [number, number, number];

/** Colours that scene words suggest. */
const WORD_COLOURS: Record<string, Rgb> = {
  sky: [110, 170, 235],
  sea: [30, 90, 170],
  ocean: [25, 80, 160],
  water: [40, 110, 190],
  lake: [50, 120, 180],
  river: [60, 130, 190],
  forest: [30, 110, 50],
  tree: [40, 130, 60],
  grass: [80, 170, 70],
  field: [120, 180, 80],
  jungle: [20, 120, 40],
  sun: [255, 210, 60],
  sunset: [250, 120, 60],
  sunrise: [255, 170, 90],
  fire: [240, 90, 20],
  night: [15, 20, 50],
  space: [10, 10, 30],
  moon: [230, 230, 210],
  snow: [240, 245, 255],
  winter: [220, 230, 245],
  cloud: [235, 235, 240],
  desert: [230, 190, 120],
  sand: [225, 200, 140],
  beach: [235, 210, 150],
  city: [120, 120, 130],
  street: [90, 90, 95],
  road: [70, 70, 75],
  robot: [160, 165, 175],
  mountain: [110, 100, 110],
  flower: [240, 110, 170],
  rose: [210, 30, 60],
  cat: [220, 140, 60],
  dog: [160, 110, 60],
  fox: [230, 110, 30],
  astronaut: [240, 240, 240],
  castle: [150, 140, 130],
  house: [190, 90, 60],
  car: [200, 30, 40],
  apple: [200, 30, 30],
  banana: [245, 220, 60],
  ball: [240, 80, 60],
  planet: [200, 120, 80],
  star: [255, 240, 150],
};

const ROUND = new Set([
  'sun',
  'moon',
  'planet',
  'ball',
  'apple',
  'orange',
  'face',
  'eye',
  'earth',
  'bubble',
  'coin',
  'circle',
  'star',
  'cat',
  'dog',
  'head',
  'flower',
]);
const POINTED = new Set([
  'mountain',
  'mountains',
  'volcano',
  'pyramid',
  'tree',
  'trees',
  'tent',
  'rocket',
  'triangle',
  'hill',
  'forest',
]);
const BOXY = new Set([
  'house',
  'building',
  'city',
  'robot',
  'car',
  'box',
  'castle',
  'tower',
  'door',
  'window',
  'book',
  'computer',
  'train',
  'truck',
  'skyscraper',
]);
const GROUND: Record<string, Rgb> = {
  sea: [30, 90, 170],
  ocean: [25, 80, 160],
  lake: [50, 120, 180],
  water: [40, 110, 190],
  beach: [235, 210, 150],
  sand: [225, 200, 140],
  desert: [230, 190, 120],
  grass: [80, 170, 70],
  field: [120, 180, 80],
  meadow: [110, 185, 80],
  snow: [240, 245, 255],
  road: [70, 70, 75],
  street: [90, 90, 95],
  floor: [150, 120, 90],
  table: [140, 100, 60],
};

const colourOf = (word: string): Rgb | undefined => (own(COLOURS, word) as Rgb | undefined) ?? own(WORD_COLOURS, word);

/** Renders the prompt into RGB pixels. */
export function paint(
  prompt: string,
  negative: string,
  width: number,
  height: number,
  seed: number,
  steps: number,
  guidance: number,
): Uint8Array {
  const avoid = new Set(words(negative));
  const list = words(prompt).filter((w) => !avoid.has(w));
  const random = rng(seed);
  const named = list.map(colourOf).filter((c): c is Rgb => !!c);
  const fallback = (i: number): Rgb => {
    const h = hash32(`${list.join(' ')}|${seed}|${i}`);
    return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff];
  };
  const dark = list.includes('night') || list.includes('space') || list.includes('dark');
  let top: Rgb = list.includes('sky') || list.includes('day') ? WORD_COLOURS.sky! : (named[0] ?? fallback(0));
  if (list.includes('sunset') || list.includes('sunrise')) top = WORD_COLOURS.sunset!;
  if (dark) top = WORD_COLOURS.night!;
  let bottom: Rgb = named[1] ?? named[0] ?? fallback(1);
  const groundWord = list.find((w) => own(GROUND, w));
  const horizon = groundWord ? Math.round(height * (0.55 + 0.2 * random())) : -1;
  const ground = groundWord ? own(GROUND, groundWord) : undefined;
  if (ground) bottom = top;
  // Saturation grows with guidance: blend each colour away from its grey.
  const boost = Math.min(1.6, Math.max(0.5, 0.7 + guidance / 20));
  const saturate = (c: Rgb): Rgb => {
    const l = (c[0] + c[1] + c[2]) / 3;
    return c.map((v) => Math.max(0, Math.min(255, l + (v - l) * boost))) as Rgb;
  };
  top = saturate(top);
  bottom = saturate(bottom);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const t = y / Math.max(1, height - 1);
    const below = horizon >= 0 && y >= horizon;
    const c: Rgb = below
      ? (saturate(ground!).map(
          (v, k) => v * (0.85 + 0.15 * ((y - horizon) / Math.max(1, height - horizon))) + (k === 2 ? 0 : 0),
        ) as Rgb)
      : ([0, 1, 2].map((k) => top[k]! * (1 - t) + bottom[k]! * t) as Rgb);
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
    }
  }
  // One shape per content word (up to 8), placed and sized by hashes of the word and the seed.
  const things = [
    ...new Set(
      list.filter(
        (w) =>
          !STOPWORDS.has(w) &&
          !own(COLOURS, w) &&
          !own(GROUND, w) &&
          ![
            'sky',
            'night',
            'day',
            'dark',
            'photo',
            'image',
            'picture',
            'painting',
            'style',
            'realistic',
            'detailed',
            'high',
            'quality',
            '4k',
            '8k',
          ].includes(w),
      ),
    ),
  ].slice(0, 8);
  const minSide = Math.min(width, height);
  things.forEach((word, index) => {
    const h = rng(hash32(word, seed >>> 0));
    const cx = width * (0.15 + 0.7 * h());
    const cy = horizon >= 0 && (POINTED.has(word) || BOXY.has(word)) ? horizon : height * (0.15 + 0.6 * h());
    const size = minSide * (0.08 + 0.18 * h()) * (index === 0 ? 1.4 : 1);
    const colourWord = list[list.indexOf(word) - 1];
    let colour: Rgb =
      (colourWord && (own(COLOURS, colourWord) as Rgb | undefined)) || colourOf(word) || fallback(index + 2);
    colour = saturate(colour);
    const kind = ROUND.has(word)
      ? 'circle'
      : POINTED.has(word)
        ? 'triangle'
        : BOXY.has(word)
          ? 'rect'
          : (['circle', 'rect', 'triangle', 'ellipse'] as const)[hash32(word) % 4]!;
    const x0 = Math.max(0, Math.floor(cx - size * 1.2));
    const x1 = Math.min(width - 1, Math.ceil(cx + size * 1.2));
    const y0 = Math.max(0, Math.floor(cy - size * 1.6));
    const y1 = Math.min(height - 1, Math.ceil(cy + size * 1.2));
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) {
        const dx = x - cx;
        const dy = y - cy;
        let inside: boolean;
        let shade = 1;
        if (kind === 'circle') {
          const r = Math.hypot(dx, dy) / size;
          inside = r <= 1;
          shade = 1.1 - 0.3 * r;
        } else if (kind === 'ellipse') inside = (dx / (size * 1.2)) ** 2 + (dy / (size * 0.7)) ** 2 <= 1;
        else if (kind === 'rect') {
          inside = Math.abs(dx) <= size * 0.8 && dy <= 0 && dy >= -size * 1.5;
          shade = 0.9 + 0.2 * (dx > 0 ? 0 : 1);
        } else {
          const up = -dy / (size * 1.5);
          inside = up >= 0 && up <= 1 && Math.abs(dx) <= size * (1 - up);
          shade = 0.85 + 0.25 * (dx < 0 ? 1 : 0);
        }
        if (!inside) continue;
        const o = (y * width + x) * 3;
        data[o] = Math.min(255, colour[0] * shade);
        data[o + 1] = Math.min(255, colour[1] * shade);
        data[o + 2] = Math.min(255, colour[2] * shade);
      }
    }
  });
  if (dark) {
    // Stars.
    for (let i = 0; i < (width * height) / 2000; i++) {
      const x = Math.floor(random() * width);
      const y = Math.floor(random() * (horizon >= 0 ? horizon : height));
      const o = (y * width + x) * 3;
      data[o] = data[o + 1] = data[o + 2] = 230;
    }
  }
  // Grain: few steps leave the image noisy, as an unfinished diffusion does.
  const grain = Math.max(2, 60 / Math.sqrt(Math.max(1, steps)));
  const noise = rng(seed ^ 0x5bd1e995);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round(data[i]! + (noise() - 0.5) * grain)));
  return data;
}

export const textToImage: Engine = (ctx) => {
  const prompt = requireString(inputsOf(ctx), 'inputs');
  const params = paramsOf(ctx);
  const defaultSide = typeof ctx.model.options?.defaultSize === 'number' ? ctx.model.options.defaultSize : DEFAULT_SIDE;
  const target = targetSize(params);
  const width = Math.min(MAX_SIDE, target?.width ?? intParam(params, 'width', 1) ?? defaultSide);
  const height = Math.min(MAX_SIDE, target?.height ?? intParam(params, 'height', 1) ?? defaultSide);
  const seedParam = params.seed;
  if (
    seedParam !== undefined &&
    seedParam !== null &&
    (typeof seedParam !== 'number' || !Number.isInteger(seedParam) || seedParam < 0)
  ) {
    throw new EngineInputError('Error in `parameters.seed`: value is not a valid non-negative integer');
  }
  const seed = typeof seedParam === 'number' ? seedParam >>> 0 : hash32(prompt);
  const negative = strParam(params, 'negative_prompt') ?? '';
  const steps =
    intParam(params, 'num_inference_steps', 1, 500) ??
    (typeof ctx.model.options?.steps === 'number' ? ctx.model.options.steps : 28);
  const guidance = numParam(params, 'guidance_scale', 0) ?? 7;
  strParam(params, 'scheduler');
  const pixels = paint(prompt, negative, width, height, seed, steps, guidance);
  const png = encodePng(
    { width, height, channels: 3, data: pixels },
    { text: { Software: 'inferkit-emulator', Prompt: prompt, Seed: String(seed) } },
  );
  return new Response(png, { status: 200, headers: { 'content-type': 'image/png' } });
};
