/**
 * The "perception" the image engines share: image size and colour statistics (PNG decoded for real;
 * other formats read their size from the header and get deterministic stand-in colours), colour
 * names, and the words an image "looks like". Browser-safe.
 */
import { hashBytes, rng, words } from './embeddings';
import { decodePng, pngSize, PngError, PngTooLargeError, type RasterImage } from './png';
import { ascii, sniffImage, type ImageFormat } from './request';
import { EngineInputError } from './types';

function jpegSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) {
      i++;
      continue;
    }
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (bytes[i + 5]! << 8) | bytes[i + 6]!;
      const width = (bytes[i + 7]! << 8) | bytes[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : undefined;
    }
    if (marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function headerSize(bytes: Uint8Array, format: ImageFormat): { width: number; height: number } | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    switch (format) {
      case 'png':
        return pngSize(bytes);
      case 'jpeg':
        return jpegSize(bytes);
      case 'gif':
        return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
      case 'bmp':
        return { width: Math.abs(view.getInt32(18, true)), height: Math.abs(view.getInt32(22, true)) };
      case 'webp': {
        const kind = ascii(bytes, 12, 4);
        if (kind === 'VP8 ')
          return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
        if (kind === 'VP8L') {
          const b = view.getUint32(21, true);
          return { width: (b & 0x3fff) + 1, height: ((b >>> 14) & 0x3fff) + 1 };
        }
        if (kind === 'VP8X') {
          const w = bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16);
          const h = bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16);
          return { width: w + 1, height: h + 1 };
        }
        return undefined;
      }
    }
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Image perception

/** Colour statistics of an image, everything in [0, 1] unless said otherwise. */
export interface ImageStats {
  r: number;
  g: number;
  b: number;
  brightness: number;
  saturation: number;
  /** Standard deviation of luma. */
  contrast: number;
  /** Mean luma gradient between grid cells. */
  edges: number;
  /** Hue of the mean colour, degrees. */
  hue: number;
  /** Name of the most common colour, and of the second. */
  colour: string;
  secondColour: string;
  /** Share of the image per colour name. */
  colourShare: Record<string, number>;
}

/** What the image engines know about an input image. */
export interface ImageAnalysis {
  format: ImageFormat;
  width: number;
  height: number;
  /** True when the pixels were really decoded (PNG); otherwise colours are stand-ins derived from the bytes. */
  decoded: boolean;
  /** Full RGBA pixels, when decoded. */
  pixels?: RasterImage & { channels: 4 };
  /** Mean RGB (0-255) of a `gridW`×`gridH` grid of cells, row-major. */
  grid: Float32Array;
  gridW: number;
  gridH: number;
  stats: ImageStats;
  /** A hash of the bytes, to seed deterministic choices. */
  seed: number;
}

export const GRID = 16;

/** Hue (degrees), saturation and value of an RGB colour (0-255). */
export function hsv(r: number, g: number, b: number): { h: number; s: number; v: number } {
  const rn = r / 255;
  const gn = g / 255;
  const bn = b / 255;
  const max = Math.max(rn, gn, bn);
  const min = Math.min(rn, gn, bn);
  const d = max - min;
  let h = 0;
  if (d > 0) {
    if (max === rn) h = 60 * (((gn - bn) / d + 6) % 6);
    else if (max === gn) h = 60 * ((bn - rn) / d + 2);
    else h = 60 * ((rn - gn) / d + 4);
  }
  return { h, s: max === 0 ? 0 : d / max, v: max };
}

/** A basic colour name for an RGB colour (0-255). */
export function colourName(r: number, g: number, b: number): string {
  const { h, s, v } = hsv(r, g, b);
  if (v < 0.18) return 'black';
  if (s < 0.18) return v > 0.82 ? 'white' : 'gray';
  if ((h < 45 || h >= 345) && v < 0.55 && s > 0.3) return 'brown';
  if (h < 15 || h >= 345) return 'red';
  if (h < 45) return 'orange';
  if (h < 70) return 'yellow';
  if (h < 165) return 'green';
  if (h < 195) return 'teal';
  if (h < 255) return 'blue';
  if (h < 290) return 'purple';
  return 'pink';
}

/** Named colours the engines use to paint and to recognise. */
export const COLOURS: Record<string, [number, number, number]> = {
  red: [220, 40, 40],
  orange: [245, 140, 30],
  yellow: [245, 215, 50],
  green: [60, 170, 70],
  teal: [30, 160, 160],
  blue: [40, 100, 220],
  purple: [130, 60, 190],
  pink: [240, 120, 180],
  brown: [120, 75, 40],
  black: [15, 15, 20],
  white: [245, 245, 245],
  gray: [128, 128, 128],
};

function gridFromPixels(img: RasterImage & { channels: 4 }): Float32Array {
  const grid = new Float32Array(GRID * GRID * 3);
  const counts = new Float32Array(GRID * GRID);
  // Sample at most ~65k pixels so huge images stay fast.
  const step = Math.max(1, Math.floor(Math.sqrt((img.width * img.height) / 65536)));
  for (let y = 0; y < img.height; y += step) {
    const gy = Math.min(GRID - 1, Math.floor((y * GRID) / img.height));
    for (let x = 0; x < img.width; x += step) {
      const gx = Math.min(GRID - 1, Math.floor((x * GRID) / img.width));
      const o = (y * img.width + x) * 4;
      const a = img.data[o + 3]! / 255;
      // Transparent pixels count as white, as a viewer shows them on a light page.
      const cell = gy * GRID + gx;
      for (let k = 0; k < 3; k++) grid[cell * 3 + k] = grid[cell * 3 + k]! + img.data[o + k]! * a + 255 * (1 - a);
      counts[cell] = counts[cell]! + 1;
    }
  }
  // Images smaller than the grid leave cells empty: copy from the nearest filled one.
  for (let cell = 0; cell < GRID * GRID; cell++) {
    if (counts[cell]! > 0) {
      for (let k = 0; k < 3; k++) grid[cell * 3 + k] = grid[cell * 3 + k]! / counts[cell]!;
    }
  }
  for (let cell = 0; cell < GRID * GRID; cell++) {
    if (counts[cell]! > 0) continue;
    const gy = Math.floor(cell / GRID);
    const gx = cell % GRID;
    const sy = Math.min(img.height - 1, Math.floor(((gy + 0.5) * img.height) / GRID));
    const sx = Math.min(img.width - 1, Math.floor(((gx + 0.5) * img.width) / GRID));
    const o = (sy * img.width + sx) * 4;
    for (let k = 0; k < 3; k++) grid[cell * 3 + k] = img.data[o + k]!;
  }
  return grid;
}

/**
 * Stand-in colours for an image whose pixels we do not decode (JPEG, GIF, ...): a smooth
 * arrangement of two to four colours chosen from the file's hash, so the same file always "looks"
 * the same and different files differ.
 */
function gridFromSeed(seed: number): Float32Array {
  const random = rng(seed);
  const names = Object.keys(COLOURS);
  const count = 2 + Math.floor(random() * 3);
  const centres = Array.from({ length: count }, () => ({
    x: random() * GRID,
    y: random() * GRID,
    c: COLOURS[names[Math.floor(random() * names.length)]!]!,
    w: 0.5 + random(),
  }));
  const horizon = random() < 0.5 ? 4 + random() * 8 : -1;
  const grid = new Float32Array(GRID * GRID * 3);
  for (let y = 0; y < GRID; y++) {
    for (let x = 0; x < GRID; x++) {
      let total = 0;
      const rgb = [0, 0, 0];
      for (const [i, c] of centres.entries()) {
        const bias = horizon >= 0 ? (i === 0 ? (y < horizon ? 3 : 0) : i === 1 ? (y >= horizon ? 3 : 0) : 0) : 0;
        const d = Math.hypot(x - c.x, y - c.y) + 0.5;
        const weight = c.w / (d * d) + bias;
        total += weight;
        for (let k = 0; k < 3; k++) rgb[k]! += c.c[k]! * weight;
      }
      for (let k = 0; k < 3; k++) grid[(y * GRID + x) * 3 + k] = rgb[k]! / total + (random() - 0.5) * 16;
    }
  }
  return grid;
}

function statsOf(grid: Float32Array): ImageStats {
  const n = GRID * GRID;
  let r = 0;
  let g = 0;
  let b = 0;
  let sat = 0;
  let luma = 0;
  let luma2 = 0;
  let edges = 0;
  const share: Record<string, number> = {};
  const lumaAt = (cell: number) =>
    (0.299 * grid[cell * 3]! + 0.587 * grid[cell * 3 + 1]! + 0.114 * grid[cell * 3 + 2]!) / 255;
  for (let cell = 0; cell < n; cell++) {
    const cr = grid[cell * 3]!;
    const cg = grid[cell * 3 + 1]!;
    const cb = grid[cell * 3 + 2]!;
    r += cr;
    g += cg;
    b += cb;
    sat += hsv(cr, cg, cb).s;
    const l = lumaAt(cell);
    luma += l;
    luma2 += l * l;
    const x = cell % GRID;
    const y = Math.floor(cell / GRID);
    if (x + 1 < GRID) edges += Math.abs(l - lumaAt(cell + 1));
    if (y + 1 < GRID) edges += Math.abs(l - lumaAt(cell + GRID));
    const name = colourName(cr, cg, cb);
    share[name] = (share[name] ?? 0) + 1 / n;
  }
  const mean = luma / n;
  const ranked = Object.entries(share).sort((a, c) => c[1] - a[1] || (a[0] < c[0] ? -1 : 1));
  return {
    r: r / n / 255,
    g: g / n / 255,
    b: b / n / 255,
    brightness: mean,
    saturation: sat / n,
    contrast: Math.sqrt(Math.max(0, luma2 / n - mean * mean)),
    edges: edges / (2 * GRID * (GRID - 1)),
    hue: hsv(r / n, g / n, b / n).h,
    colour: ranked[0]![0],
    secondColour: (ranked[1] ?? ranked[0]!)[0],
    colourShare: share,
  };
}

const IMAGE_ERROR = 'cannot identify image file (send PNG, JPEG, GIF, WebP or BMP bytes)';

/** Reads, validates and analyses image bytes. Garbage is a 400 like the API's. */
export function analyzeImage(bytes: Uint8Array): ImageAnalysis {
  const format = sniffImage(bytes);
  if (!format) throw new EngineInputError(IMAGE_ERROR);
  const seed = hashBytes(bytes);
  if (format === 'png') {
    let pixels: RasterImage & { channels: 4 };
    try {
      pixels = decodePng(bytes);
    } catch (error) {
      if (error instanceof PngTooLargeError) throw new EngineInputError(error.message);
      throw new EngineInputError(
        error instanceof PngError ? `cannot identify image file: ${error.message}` : IMAGE_ERROR,
      );
    }
    const grid = gridFromPixels(pixels);
    return {
      format,
      width: pixels.width,
      height: pixels.height,
      decoded: true,
      pixels,
      grid,
      gridW: GRID,
      gridH: GRID,
      stats: statsOf(grid),
      seed,
    };
  }
  const size = headerSize(bytes, format);
  if (!size || size.width < 1 || size.height < 1)
    throw new EngineInputError(`${IMAGE_ERROR}: the ${format.toUpperCase()} header has no size`);
  const grid = gridFromSeed(seed);
  return {
    format,
    width: size.width,
    height: size.height,
    decoded: false,
    grid,
    gridW: GRID,
    gridH: GRID,
    stats: statsOf(grid),
    seed,
  };
}

/** Mean colour (0-255) of the grid cells in a region given in grid units. */
export function regionColour(
  a: ImageAnalysis,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(a.gridH, Math.ceil(y1)); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(a.gridW, Math.ceil(x1)); x++) {
      for (let k = 0; k < 3; k++) sum[k]! += a.grid[(y * a.gridW + x) * 3 + k]!;
      n++;
    }
  }
  return n === 0 ? [0, 0, 0] : [sum[0]! / n, sum[1]! / n, sum[2]! / n];
}

/**
 * Words describing what the image "looks like": colour names, and scene words suggested by where
 * the colours sit (blue on top → sky, green below → grass, ...). The vocabulary the zero-shot,
 * captioning and question-answering engines match text against.
 */
export function imageWords(a: ImageAnalysis): string[] {
  const out: string[] = [];
  const { stats } = a;
  const top = colourName(...regionColour(a, 0, 0, GRID, GRID / 3));
  const middle = colourName(...regionColour(a, 0, GRID / 3, GRID, (2 * GRID) / 3));
  const bottom = colourName(...regionColour(a, 0, (2 * GRID) / 3, GRID, GRID));
  const centre = colourName(...regionColour(a, GRID / 4, GRID / 4, (3 * GRID) / 4, (3 * GRID) / 4));
  out.push(stats.colour, stats.secondColour, centre);
  const scene: Record<string, string[]> = {
    'top:blue': ['sky', 'outdoor', 'day', 'landscape'],
    'top:teal': ['sky', 'outdoor'],
    'top:white': ['sky', 'cloud', 'snow'],
    'top:gray': ['sky', 'cloud', 'city', 'building'],
    'top:black': ['night', 'dark', 'space', 'stars'],
    'top:orange': ['sunset', 'sun', 'dusk', 'sky'],
    'top:yellow': ['sun', 'light', 'bright'],
    'top:pink': ['sunset', 'dawn', 'sky'],
    'bottom:blue': ['water', 'sea', 'ocean', 'lake', 'beach'],
    'bottom:teal': ['water', 'sea', 'pool'],
    'bottom:green': ['grass', 'field', 'lawn', 'park', 'nature'],
    'bottom:yellow': ['sand', 'beach', 'desert', 'field', 'wheat'],
    'bottom:orange': ['sand', 'desert', 'autumn'],
    'bottom:brown': ['ground', 'earth', 'wood', 'table', 'road'],
    'bottom:gray': ['road', 'street', 'floor', 'concrete', 'city'],
    'bottom:white': ['snow', 'floor', 'paper', 'table'],
    'bottom:black': ['shadow', 'night', 'road'],
    'middle:green': ['tree', 'forest', 'plant', 'leaf', 'nature'],
    'middle:gray': ['building', 'city', 'car', 'street'],
    'middle:brown': ['animal', 'dog', 'horse', 'wood', 'house'],
    'middle:blue': ['sea', 'water', 'horizon'],
    'centre:red': ['flower', 'apple', 'car', 'rose', 'fruit'],
    'centre:orange': ['cat', 'fox', 'orange', 'fruit', 'fire'],
    'centre:yellow': ['flower', 'banana', 'lemon', 'sunflower'],
    'centre:pink': ['flower', 'rose', 'cake'],
    'centre:purple': ['flower', 'lavender', 'grape'],
    'centre:brown': ['dog', 'cat', 'animal', 'bread', 'coffee'],
    'centre:white': ['person', 'document', 'paper', 'text', 'plate'],
    'centre:black': ['person', 'cat', 'silhouette', 'car'],
    'centre:green': ['plant', 'frog', 'leaf', 'tree'],
    'centre:gray': ['building', 'car', 'machine', 'elephant'],
  };
  out.push(
    ...(scene[`top:${top}`] ?? []),
    ...(scene[`middle:${middle}`] ?? []),
    ...(scene[`bottom:${bottom}`] ?? []),
    ...(scene[`centre:${centre}`] ?? []),
  );
  if (stats.brightness > 0.75) out.push('bright', 'light', 'white');
  if (stats.brightness < 0.3) out.push('dark', 'night', 'shadow');
  if (stats.saturation > 0.5) out.push('colorful', 'vivid');
  if (stats.saturation < 0.12) out.push('black and white', 'monochrome', 'gray');
  if (stats.edges > 0.08) out.push('detailed', 'busy', 'texture', 'pattern');
  if (stats.edges < 0.02) out.push('plain', 'simple', 'minimal', 'flat', 'background');
  if (stats.brightness > 0.8 && stats.saturation < 0.15) out.push('document', 'page', 'text', 'paper', 'screenshot');
  if (a.width > a.height * 1.3) out.push('wide', 'landscape', 'panorama');
  else if (a.height > a.width * 1.3) out.push('tall', 'portrait', 'person');
  else out.push('square');
  return [...new Set(out.flatMap((w) => (words(w).length > 1 ? [w, ...words(w)] : [w])))];
}
