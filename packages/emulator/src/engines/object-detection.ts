/**
 * object-detection (DETR-like): finds regions that stand out from the background (connected
 * groups of same-coloured grid cells that are not the image's border-spanning "stuff") and boxes
 * them in pixels, inside the image bounds. Each box is labelled with the COCO label whose look best
 * matches the region's colours and the scene, and scored by how strongly the region stands out.
 * `threshold` (default 0.5) drops weaker detections. A flat image has no objects.
 */
import { analyzeImage, colourName, imageWords, type ImageAnalysis } from './image-analysis';
import { numParam, readBinary } from './request';
import { own, round, unit } from './embeddings';
import { COCO, labelLogit, labelsOf } from './image-classification';
import { clusterColours } from './image-segmentation';
import type { Engine } from './types';

export interface Detection {
  score: number;
  label: string;
  box: { xmin: number; ymin: number; xmax: number; ymax: number };
}

/** A region of grid cells that stands out from the background. */
export interface Region {
  cells: number[];
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** How far its colours are from the background, 0-1. */
  strength: number;
}

/**
 * Regions of the image that stand out: connected groups of grid cells of one colour cluster that
 * are neither most of the image nor spread along its border (that is background: sky, grass,
 * walls), and whose colour differs from what surrounds them. Largest first.
 */
export function findRegions(image: ImageAnalysis): Region[] {
  const { grid, gridW: w, gridH: h } = image;
  const n = w * h;
  const distinct = Object.values(image.stats.colourShare).filter((s) => s >= 0.03).length;
  const clusters = clusterColours(image, Math.min(6, Math.max(2, distinct + 1)));
  const cluster = new Int32Array(n);
  clusters.forEach((c, j) => c.cells.forEach((cell) => (cluster[cell] = j)));
  const seen = new Uint8Array(n);
  const regions: Region[] = [];
  const neighbours = (cell: number) => {
    const x = cell % w;
    const y = Math.floor(cell / w);
    const out: number[] = [];
    if (x + 1 < w) out.push(cell + 1);
    if (x > 0) out.push(cell - 1);
    if (y + 1 < h) out.push(cell + w);
    if (y > 0) out.push(cell - w);
    return out;
  };
  for (let start = 0; start < n; start++) {
    if (seen[start]) continue;
    const stack = [start];
    seen[start] = 1;
    const cells: number[] = [];
    while (stack.length > 0) {
      const cell = stack.pop()!;
      cells.push(cell);
      for (const nb of neighbours(cell)) {
        if (!seen[nb] && cluster[nb] === cluster[start]) {
          seen[nb] = 1;
          stack.push(nb);
        }
      }
    }
    const size = cells.length / n;
    const border = cells.filter((c) => c % w === 0 || c % w === w - 1 || c < w || c >= n - w).length;
    if (size >= 0.5 || (border / cells.length > 0.35 && size > 0.12)) continue;
    // Contrast with the cells around the region.
    const inside = new Set(cells);
    const ring = new Set<number>();
    for (const c of cells) for (const nb of neighbours(c)) if (!inside.has(nb)) ring.add(nb);
    const mean = (list: Iterable<number>) => {
      const sum = [0, 0, 0];
      let count = 0;
      for (const c of list) {
        for (let k = 0; k < 3; k++) sum[k]! += grid[c * 3 + k]!;
        count++;
      }
      return sum.map((v) => v / Math.max(1, count));
    };
    const a = mean(cells);
    const b = ring.size > 0 ? mean(ring) : a;
    const strength = Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!) / 441.7;
    if (strength < 0.08) continue;
    const xs = cells.map((c) => c % w);
    const ys = cells.map((c) => Math.floor(c / w));
    // A band across the whole image (a horizon of grass, a strip of sea) is background too.
    const spansWidth = Math.max(...xs) - Math.min(...xs) >= w - 2;
    const spansHeight = Math.max(...ys) - Math.min(...ys) >= h - 2;
    if ((spansWidth || spansHeight) && size > 0.1) continue;
    regions.push({
      cells,
      x0: Math.min(...xs),
      y0: Math.min(...ys),
      x1: Math.max(...xs) + 1,
      y1: Math.max(...ys) + 1,
      strength,
    });
  }
  return regions.sort((a, b) => b.cells.length - a.cells.length || a.x0 - b.x0 || a.y0 - b.y0);
}

/** Every detection of an image, best first, before the threshold. */
export function detectObjects(image: ImageAnalysis, labels: string[]): Detection[] {
  const sceneWords = new Set(imageWords(image));
  const sx = image.width / image.gridW;
  const sy = image.height / image.gridH;
  return findRegions(image)
    .slice(0, 12)
    .map((region) => {
      const share: Record<string, number> = {};
      for (const cell of region.cells) {
        const name = colourName(image.grid[cell * 3]!, image.grid[cell * 3 + 1]!, image.grid[cell * 3 + 2]!);
        share[name] = (share[name] ?? 0) + 1 / region.cells.length;
      }
      const tall = (region.y1 - region.y0) * sy > 1.6 * (region.x1 - region.x0) * sx;
      const logits = labels.map(
        (label) =>
          labelLogit(label, own(COCO, label) ?? { colours: [], words: [label] }, share, sceneWords, image.seed) +
          (tall && label === 'person' ? 1.5 : 0),
      );
      const best = logits.indexOf(Math.max(...logits));
      const size = region.cells.length / (image.gridW * image.gridH);
      const raw =
        0.25 +
        0.55 * Math.tanh(3 * region.strength) +
        0.25 * Math.tanh(12 * size) +
        0.08 * (unit(`${image.seed}:${region.x0}:${region.y0}`) - 0.5);
      const score = round(Math.min(0.9995, Math.max(0.05, raw)), 4);
      const box = {
        xmin: Math.max(0, Math.floor(region.x0 * sx)),
        ymin: Math.max(0, Math.floor(region.y0 * sy)),
        xmax: Math.min(image.width - 1, Math.ceil(region.x1 * sx) - 1),
        ymax: Math.min(image.height - 1, Math.ceil(region.y1 * sy) - 1),
      };
      return { score, label: labels[best]!, box };
    })
    .sort((a, b) => b.score - a.score);
}

export const objectDetection: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const image = analyzeImage(bytes);
  const threshold = numParam(parameters, 'threshold', 0, 1) ?? 0.5;
  return detectObjects(image, labelsOf(ctx.model.options, COCO)).filter((d) => d.score >= threshold);
};
