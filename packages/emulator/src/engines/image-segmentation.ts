/**
 * image-segmentation: clusters the image's colours (k-means on a 16×16 grid, k from the number
 * of distinct colours), then gives every pixel a soft membership to each cluster, so the masks
 * follow the real shapes of a PNG (block-shaped for formats the emulator does not decode). Each
 * mask is a black-and-white PNG of the input's size. Clusters touching the border are "stuff"
 * labelled by colour and place (blue on top → sky, green below → grass, ...); enclosed ones are
 * "things" labelled from the COCO looks. `subtask` (panoptic / instance / semantic, as the model
 * supports), `threshold` (default 0.9), `mask_threshold` (default 0.5) and
 * `overlap_mask_area_threshold` (default 0.5) are honoured; semantic segments have `score: null`.
 */
import { analyzeImage, colourName, imageWords, type ImageAnalysis } from './image-analysis';
import { numParam, readBinary, strParam, toBase64 } from './request';
import { round, unit } from './embeddings';
import { COCO, labelLogit } from './image-classification';
import { encodePng } from './png';
import { EngineInputError, type Engine } from './types';

interface Cluster {
  centre: [number, number, number];
  cells: number[];
}

/** Deterministic k-means over the grid colours (farthest-point initialisation). */
export function clusterColours(image: ImageAnalysis, k: number): Cluster[] {
  const n = image.gridW * image.gridH;
  const colour = (cell: number): [number, number, number] => [
    image.grid[cell * 3]!,
    image.grid[cell * 3 + 1]!,
    image.grid[cell * 3 + 2]!,
  ];
  const dist2 = (a: number[], b: number[]) => (a[0]! - b[0]!) ** 2 + (a[1]! - b[1]!) ** 2 + (a[2]! - b[2]!) ** 2;
  const centres: [number, number, number][] = [colour(0)];
  // Start from the cell nearest the mean, then keep adding the cell farthest from all centres.
  const mean = [0, 0, 0];
  for (let c = 0; c < n; c++) for (let j = 0; j < 3; j++) mean[j]! += image.grid[c * 3 + j]! / n;
  let first = 0;
  for (let c = 1; c < n; c++) if (dist2(colour(c), mean) < dist2(colour(first), mean)) first = c;
  centres[0] = colour(first);
  while (centres.length < k) {
    let far = 0;
    let farD = -1;
    for (let c = 0; c < n; c++) {
      const d = Math.min(...centres.map((ct) => dist2(colour(c), ct)));
      if (d > farD) {
        farD = d;
        far = c;
      }
    }
    if (farD < 400) break;
    centres.push(colour(far));
  }
  let assignment = new Int32Array(n);
  for (let iter = 0; iter < 8; iter++) {
    assignment = new Int32Array(n);
    for (let c = 0; c < n; c++) {
      let best = 0;
      for (let j = 1; j < centres.length; j++)
        if (dist2(colour(c), centres[j]!) < dist2(colour(c), centres[best]!)) best = j;
      assignment[c] = best;
    }
    for (let j = 0; j < centres.length; j++) {
      const sum = [0, 0, 0];
      let count = 0;
      for (let c = 0; c < n; c++) {
        if (assignment[c] !== j) continue;
        for (let m = 0; m < 3; m++) sum[m]! += image.grid[c * 3 + m]!;
        count++;
      }
      if (count > 0) centres[j] = [sum[0]! / count, sum[1]! / count, sum[2]! / count];
    }
  }
  return centres
    .map((centre, j) => ({ centre, cells: [...assignment.keys()].filter((c) => assignment[c] === j) }))
    .filter((cl) => cl.cells.length > 0)
    .sort((a, b) => b.cells.length - a.cells.length);
}

const STUFF_TO_ADE: Record<string, string> = {
  'sky-other-merged': 'sky',
  'tree-merged': 'tree',
  'grass-merged': 'grass',
  sea: 'sea',
  'water-other': 'water',
  'wall-other-merged': 'wall',
  'building-other-merged': 'building',
  road: 'road',
  'dirt-merged': 'earth',
  sand: 'sand',
  snow: 'snow',
  'floor-other-merged': 'floor',
  'mountain-merged': 'mountain',
};

function stuffLabel(colour: string, place: 'top' | 'middle' | 'bottom'): string {
  switch (colour) {
    case 'blue':
    case 'teal':
      return place === 'top' ? 'sky-other-merged' : place === 'bottom' ? 'sea' : 'water-other';
    case 'green':
      return place === 'bottom' ? 'grass-merged' : 'tree-merged';
    case 'white':
      return place === 'top' ? 'sky-other-merged' : place === 'bottom' ? 'snow' : 'wall-other-merged';
    case 'gray':
      return place === 'top' ? 'building-other-merged' : place === 'bottom' ? 'road' : 'mountain-merged';
    case 'brown':
      return place === 'bottom' ? 'dirt-merged' : 'wall-other-merged';
    case 'yellow':
    case 'orange':
      return place === 'bottom' ? 'sand' : 'sky-other-merged';
    case 'black':
      return place === 'top' ? 'sky-other-merged' : 'floor-other-merged';
    default:
      return 'wall-other-merged';
  }
}

interface Segment {
  label: string;
  score: number;
  thing: boolean;
  clusters: number[];
}

export const imageSegmentation: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const options = ctx.model.options ?? {};
  const supported = Array.isArray(options.subtasks)
    ? (options.subtasks as string[])
    : ['panoptic', 'instance', 'semantic'];
  const subtask =
    strParam(parameters, 'subtask', ['panoptic', 'instance', 'semantic']) ??
    (typeof options.subtask === 'string' ? options.subtask : supported[0]!);
  if (!supported.includes(subtask))
    throw new EngineInputError(
      `Subtask ${subtask} is not supported for model ${ctx.model.id} (supported: ${supported.join(', ')})`,
    );
  const threshold = numParam(parameters, 'threshold', 0, 1) ?? 0.9;
  const maskThreshold = numParam(parameters, 'mask_threshold', 0, 1) ?? 0.5;
  const overlapThreshold = numParam(parameters, 'overlap_mask_area_threshold', 0, 1) ?? 0.5;
  const image = analyzeImage(bytes);
  const { gridW: gw, gridH: gh } = image;

  const distinct = Object.values(image.stats.colourShare).filter((s) => s >= 0.02).length;
  const clusters = clusterColours(image, Math.min(6, Math.max(2, distinct + 1)));
  const sceneWords = new Set(imageWords(image));
  const ade = options.labelSet === 'ade';
  const segments: Segment[] = [];
  clusters.forEach((cluster, index) => {
    const ys = cluster.cells.map((c) => Math.floor(c / gw));
    const cy = ys.reduce((a, b) => a + b, 0) / ys.length / gh;
    const place = cy < 0.4 ? 'top' : cy > 0.6 ? 'bottom' : 'middle';
    const onBorder = cluster.cells.filter(
      (c) => c % gw === 0 || c % gw === gw - 1 || c < gw || c >= gw * (gh - 1),
    ).length;
    const thing = onBorder / cluster.cells.length < 0.25 && cluster.cells.length < gw * gh * 0.5;
    const name = colourName(...cluster.centre);
    let label: string;
    if (thing) {
      const share = { [name]: 1 };
      const labels = Object.keys(COCO);
      const logits = labels.map((l) => labelLogit(l, COCO[l]!, share, sceneWords, image.seed));
      label = labels[logits.indexOf(Math.max(...logits))]!;
    } else {
      const stuff = stuffLabel(name, place);
      label = ade ? (STUFF_TO_ADE[stuff] ?? stuff) : stuff;
    }
    const spread = Math.sqrt(
      cluster.cells.reduce(
        (s, c) =>
          s +
          (image.grid[c * 3]! - cluster.centre[0]) ** 2 +
          (image.grid[c * 3 + 1]! - cluster.centre[1]) ** 2 +
          (image.grid[c * 3 + 2]! - cluster.centre[2]) ** 2,
        0,
      ) / cluster.cells.length,
    );
    const size = cluster.cells.length / (gw * gh);
    const score = round(
      Math.min(
        0.9995,
        0.8 +
          0.12 * Math.tanh(20 * size) +
          0.08 * (1 - Math.min(1, spread / 60)) -
          0.02 * unit(`${image.seed}:${index}`),
      ),
      4,
    );
    // Panoptic and semantic answers have one segment per stuff class.
    const same = segments.find((s) => s.label === label && (!s.thing || subtask === 'semantic'));
    if (same && (!thing || subtask === 'semantic')) {
      same.clusters.push(index);
      same.score = Math.max(same.score, score);
    } else segments.push({ label, score, thing, clusters: [index] });
  });

  let kept = segments.filter((s) => (subtask === 'instance' ? s.thing : true));
  if (subtask !== 'semantic') kept = kept.filter((s) => s.score >= threshold);
  if (kept.length === 0) return [];

  // Soft membership of every pixel to every cluster; a segment's mask is where its clusters' membership passes mask_threshold.
  const { width, height } = image;
  const step = Math.max(1, Math.ceil(Math.sqrt((width * height) / 4_000_000)));
  const sigma2 = 2 * 28 * 28;
  const masks = kept.map(() => new Uint8Array(width * height));
  const hardArea = new Float64Array(kept.length);
  const softArea = new Float64Array(kept.length);
  const clusterOf = new Int32Array(clusters.length).fill(-1);
  kept.forEach((s, i) => s.clusters.forEach((c) => (clusterOf[c] = i)));
  const pixel = (x: number, y: number): [number, number, number] => {
    if (image.pixels) {
      const o = (y * width + x) * 4;
      const a = image.pixels.data[o + 3]! / 255;
      const d = image.pixels.data;
      return [d[o]! * a + 255 * (1 - a), d[o + 1]! * a + 255 * (1 - a), d[o + 2]! * a + 255 * (1 - a)];
    }
    const cell = Math.min(gh - 1, Math.floor((y * gh) / height)) * gw + Math.min(gw - 1, Math.floor((x * gw) / width));
    return [image.grid[cell * 3]!, image.grid[cell * 3 + 1]!, image.grid[cell * 3 + 2]!];
  };
  const weights = new Float64Array(clusters.length);
  for (let y = 0; y < height; y += step) {
    for (let x = 0; x < width; x += step) {
      const [r, g, b] = pixel(x, y);
      let total = 0;
      let hard = 0;
      let min = Infinity;
      for (let j = 0; j < clusters.length; j++) {
        const c = clusters[j]!.centre;
        const d = (r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2;
        if (d < min) {
          min = d;
          hard = j;
        }
        weights[j] = d;
      }
      for (let j = 0; j < clusters.length; j++) {
        weights[j] = Math.exp(-(weights[j]! - min) / sigma2);
        total += weights[j]!;
      }
      const perSegment = new Float64Array(kept.length);
      for (let j = 0; j < clusters.length; j++)
        if (clusterOf[j]! >= 0) perSegment[clusterOf[j]!]! += weights[j]! / total;
      if (clusterOf[hard]! >= 0) hardArea[clusterOf[hard]!]! += 1;
      for (let i = 0; i < kept.length; i++) {
        if (perSegment[i]! <= maskThreshold) continue;
        softArea[i]! += 1;
        const mask = masks[i]!;
        for (let yy = y; yy < Math.min(height, y + step); yy++)
          mask.fill(255, yy * width + x, yy * width + Math.min(width, x + step));
      }
    }
  }
  return kept
    .map((s, i) => ({ s, i }))
    .filter(({ i }) => softArea[i]! > 0 && (hardArea[i]! === 0 || softArea[i]! / hardArea[i]! >= overlapThreshold))
    .map(({ s, i }) => ({
      score: subtask === 'semantic' ? null : s.score,
      label: s.label,
      mask: toBase64(encodePng({ width, height, channels: 1, data: masks[i]! })),
    }));
};
