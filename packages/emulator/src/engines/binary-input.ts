/**
 * Reading requests for the emulator's engines: JSON `inputs`/`parameters` with API-like 400s,
 * binary inputs (raw bytes, or base64 in JSON), sniffing of image and audio formats so garbage is
 * refused, and the "perception" the image and audio engines share: image size and colour
 * statistics (PNG decoded for real; other formats read their size from the header and get
 * deterministic stand-in colours), audio duration, energy and zero-crossing rate (WAV decoded;
 * FLAC/MP3 durations from their headers). Browser-safe.
 */
import { hashBytes, rng, words } from './embeddings';
import { decodePng, pngSize, PngError, PngTooLargeError, type RasterImage } from './png';
import { EngineInputError, type EngineContext } from './types';
import { decodeWav, isWav, WavError } from './wav';

// ---------------------------------------------------------------------------------------------
// JSON bodies and parameters

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** The JSON body as an object. A raw text body is read as `{ inputs: text }`, as the API does. */
export function jsonBody(ctx: EngineContext): Record<string, unknown> {
  if (isObject(ctx.body)) return ctx.body;
  if (ctx.body === undefined && ctx.bytes && ctx.bytes.length > 0) {
    const text = new TextDecoder().decode(ctx.bytes);
    try {
      const parsed: unknown = JSON.parse(text);
      if (isObject(parsed)) return parsed;
    } catch {
      // not JSON: a bare text input
    }
    return { inputs: text };
  }
  if (ctx.body === undefined || ctx.body === null) throw new EngineInputError('Error in `inputs`: field required');
  throw new EngineInputError('The request body must be a JSON object with `inputs`');
}

/** `inputs` of the JSON body, required. */
export function inputsOf(ctx: EngineContext): unknown {
  const body = jsonBody(ctx);
  if (!('inputs' in body) || body.inputs === undefined || body.inputs === null)
    throw new EngineInputError('Error in `inputs`: field required');
  return body.inputs;
}

/** `parameters` of the JSON body (`{}` when absent or when the body was raw bytes). */
export function paramsOf(ctx: EngineContext): Record<string, unknown> {
  if (!isObject(ctx.body)) return {};
  const params = ctx.body.parameters;
  if (params === undefined || params === null) return {};
  if (!isObject(params)) throw new EngineInputError('Error in `parameters`: value is not a valid dict');
  return params;
}

/** A required non-empty string. */
export function requireString(value: unknown, name: string): string {
  if (typeof value !== 'string')
    throw new EngineInputError(`Error in \`${name}\`: ${value === undefined ? 'field required' : 'str type expected'}`);
  if (value.trim() === '') throw new EngineInputError(`Error in \`${name}\`: must not be empty`);
  return value;
}

/** A string or a non-empty list of strings (batched inputs). */
export function stringOrList(value: unknown, name = 'inputs'): { list: string[]; batched: boolean } {
  if (typeof value === 'string') return { list: [value], batched: false };
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string'))
    return { list: value as string[], batched: true };
  throw new EngineInputError(`Error in \`${name}\`: expected a string or a list of strings`);
}

/** An optional integer parameter within bounds. */
export function intParam(
  params: Record<string, unknown>,
  name: string,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value))
    throw new EngineInputError(`Error in \`parameters.${name}\`: value is not a valid integer`);
  if (value < min)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is greater than or equal to ${min}`);
  if (value > max)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is less than or equal to ${max}`);
  return value;
}

/** An optional number parameter within bounds. */
export function numParam(
  params: Record<string, unknown>,
  name: string,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new EngineInputError(`Error in \`parameters.${name}\`: value is not a valid float`);
  if (value < min)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is greater than or equal to ${min}`);
  if (value > max)
    throw new EngineInputError(`Error in \`parameters.${name}\`: ensure this value is less than or equal to ${max}`);
  return value;
}

/** An optional boolean parameter. */
export function boolParam(params: Record<string, unknown>, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean')
    throw new EngineInputError(`Error in \`parameters.${name}\`: value could not be parsed to a boolean`);
  return value;
}

/** An optional string parameter. */
export function strParam(
  params: Record<string, unknown>,
  name: string,
  allowed?: readonly string[],
): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new EngineInputError(`Error in \`parameters.${name}\`: str type expected`);
  if (allowed && !allowed.includes(value)) {
    throw new EngineInputError(
      `Error in \`parameters.${name}\`: value is not a valid enumeration member; permitted: ${allowed.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return value;
}

/**
 * The nested generation settings: `generation_parameters` (the spec's name for media tasks) or
 * `generate_parameters` (summarisation/translation), with top-level `max_new_tokens`/`max_length`
 * as fallbacks. Returns the token limit they imply, if any.
 */
export function generationLimit(params: Record<string, unknown>): { maxTokens?: number; minTokens?: number } {
  const nested = params.generation_parameters ?? params.generate_parameters;
  if (nested !== undefined && !isObject(nested))
    throw new EngineInputError('Error in `parameters.generation_parameters`: value is not a valid dict');
  const g = (nested ?? {}) as Record<string, unknown>;
  const pick = (name: string, min: number) => intParam(g, name, min) ?? intParam(params, name, min);
  const maxTokens = pick('max_new_tokens', 1) ?? pick('max_length', 1);
  const minTokens = pick('min_new_tokens', 0) ?? pick('min_length', 0);
  const out: { maxTokens?: number; minTokens?: number } = {};
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  if (minTokens !== undefined) out.minTokens = minTokens;
  return out;
}

/** `top_k`, validated (positive integer) or the default. */
export const topKParam = (params: Record<string, unknown>, fallback: number): number =>
  intParam(params, 'top_k', 1) ?? fallback;

// ---------------------------------------------------------------------------------------------
// Binary inputs

const DATA_URL = /^data:[^,]*;base64,/i;

/** Bytes of a base64 string, or a 400 naming the field. */
export function decodeBase64(value: string, field = 'inputs'): Uint8Array {
  if (/^https?:\/\//i.test(value.trim())) {
    throw new EngineInputError(
      `Error in \`${field}\`: the emulator does not fetch URLs; send the file bytes (raw, or base64 in JSON)`,
    );
  }
  const data = value.replace(DATA_URL, '').replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (data.length === 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(data) || data.length % 4 === 1) {
    throw new EngineInputError(`Error in \`${field}\`: expected base64-encoded file bytes`);
  }
  let binary: string;
  try {
    binary = atob(data);
  } catch {
    throw new EngineInputError(`Error in \`${field}\`: expected base64-encoded file bytes`);
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Standard base64 of bytes (chunked, so large files do not overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  return btoa(s);
}

/** A binary task's input: the bytes and the parameters that came with them. */
export interface BinaryRequest {
  bytes: Uint8Array;
  parameters: Record<string, unknown>;
}

/**
 * The file bytes of a binary task: the raw body, or base64 `inputs` of a JSON body (then with its
 * `parameters`). Empty input is a 400.
 */
export function readBinary(ctx: EngineContext): BinaryRequest {
  if (isObject(ctx.body)) {
    const inputs = ctx.body.inputs;
    if (inputs === undefined || inputs === null) throw new EngineInputError('Error in `inputs`: field required');
    if (typeof inputs !== 'string')
      throw new EngineInputError(
        'Error in `inputs`: expected the file as a base64 string (or send the raw bytes as the body)',
      );
    return { bytes: decodeBase64(inputs), parameters: paramsOf(ctx) };
  }
  if (typeof ctx.body === 'string') return { bytes: decodeBase64(ctx.body), parameters: {} };
  if (!ctx.bytes || ctx.bytes.length === 0)
    throw new EngineInputError('Error in `inputs`: field required (the request body is empty)');
  return { bytes: ctx.bytes, parameters: {} };
}

/** `{ inputs: { image: base64, question }, parameters }` of the image+question tasks. */
export function readImageQuestion(ctx: EngineContext): {
  bytes: Uint8Array;
  question: string;
  parameters: Record<string, unknown>;
} {
  const inputs = inputsOf(ctx);
  if (!isObject(inputs)) throw new EngineInputError('Error in `inputs`: expected an object { image, question }');
  const image = inputs.image;
  if (typeof image !== 'string')
    throw new EngineInputError(
      `Error in \`inputs.image\`: ${image === undefined ? 'field required' : 'expected a base64 string'}`,
    );
  const question = requireString(inputs.question, 'inputs.question');
  return { bytes: decodeBase64(image, 'inputs.image'), question, parameters: paramsOf(ctx) };
}

const startsWith = (bytes: Uint8Array, sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
const ascii = (bytes: Uint8Array, at: number, n: number) => String.fromCharCode(...bytes.subarray(at, at + n));

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp';
export type AudioFormat = 'wav' | 'flac' | 'mp3' | 'ogg' | 'webm' | 'm4a';

/** The image format from magic bytes, if any. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 2) === 'BM' && bytes.length > 26) return 'bmp';
  return undefined;
}

/** The audio format from magic bytes, if any. */
export function sniffAudio(bytes: Uint8Array): AudioFormat | undefined {
  if (isWav(bytes)) return 'wav';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'flac';
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
  if (startsWith(bytes, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  if (ascii(bytes, 4, 4) === 'ftyp') return 'm4a';
  return undefined;
}

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

// ---------------------------------------------------------------------------------------------
// Audio perception

/** What the audio engines know about an input clip. */
export interface AudioAnalysis {
  format: AudioFormat;
  /** Seconds (estimated from the header for formats we do not decode). */
  duration: number;
  sampleRate: number;
  /** True when the samples were decoded (WAV). */
  decoded: boolean;
  /** Mono samples in [-1, 1], when decoded. */
  samples?: Float32Array;
  /** Root-mean-square level, 0-1. */
  rms: number;
  /** Peak level, 0-1. */
  peak: number;
  /** Zero crossings per sample, 0-1 (high for noise and hiss, low for hum and voiced sound). */
  zcr: number;
  /** Share of 20 ms frames that are near-silent. */
  silence: number;
  /** WAV `LIST/INFO` text. */
  info: Record<string, string>;
  seed: number;
}

function flacInfo(bytes: Uint8Array): { sampleRate: number; duration: number } | undefined {
  // fLaC, then a metadata block header (4 bytes), then STREAMINFO.
  if (bytes.length < 42 || (bytes[4]! & 0x7f) !== 0) return undefined;
  const s = 8;
  const sampleRate = (bytes[s + 10]! << 12) | (bytes[s + 11]! << 4) | (bytes[s + 12]! >> 4);
  const total =
    (bytes[s + 13]! & 0x0f) * 2 ** 32 +
    ((bytes[s + 14]! << 24) >>> 0) +
    (bytes[s + 15]! << 16) +
    (bytes[s + 16]! << 8) +
    bytes[s + 17]!;
  if (sampleRate <= 0) return undefined;
  return { sampleRate, duration: total / sampleRate };
}

const MP3_BITRATES = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_RATES = [44100, 48000, 32000];

function mp3Info(bytes: Uint8Array): { sampleRate: number; duration: number } | undefined {
  let i = 0;
  if (ascii(bytes, 0, 3) === 'ID3' && bytes.length > 10) {
    i = 10 + ((bytes[6]! & 0x7f) << 21) + ((bytes[7]! & 0x7f) << 14) + ((bytes[8]! & 0x7f) << 7) + (bytes[9]! & 0x7f);
  }
  for (; i + 4 < bytes.length && i < 1 << 20; i++) {
    if (bytes[i] !== 0xff || (bytes[i + 1]! & 0xe0) !== 0xe0) continue;
    const version = (bytes[i + 1]! >> 3) & 3;
    const bitrate = MP3_BITRATES[(bytes[i + 2]! >> 4) & 0x0f];
    const rate = MP3_RATES[(bytes[i + 2]! >> 2) & 3];
    if (!bitrate || !rate || version === 1) continue;
    const scale = version === 3 ? 1 : version === 2 ? 2 : 4;
    return { sampleRate: rate / scale, duration: ((bytes.length - i) * 8) / (bitrate * 1000) };
  }
  return undefined;
}

const AUDIO_ERROR = 'Malformed soundfile (send WAV, FLAC, MP3, OGG, WebM or M4A bytes)';

/** Reads, validates and analyses audio bytes. Garbage is a 400 like the API's. */
export function analyzeAudio(bytes: Uint8Array): AudioAnalysis {
  const format = sniffAudio(bytes);
  if (!format) throw new EngineInputError(AUDIO_ERROR);
  const seed = hashBytes(bytes);
  if (format === 'wav') {
    let decoded;
    try {
      decoded = decodeWav(bytes);
    } catch (error) {
      throw new EngineInputError(error instanceof WavError ? `Malformed soundfile: ${error.message}` : AUDIO_ERROR);
    }
    const { samples, sampleRate } = decoded;
    let sum = 0;
    let peak = 0;
    let crossings = 0;
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]!;
      sum += v * v;
      peak = Math.max(peak, Math.abs(v));
      if (i > 0 && v >= 0 !== samples[i - 1]! >= 0) crossings++;
    }
    const frame = Math.max(1, Math.floor(sampleRate * 0.02));
    let frames = 0;
    let quiet = 0;
    for (let f = 0; f + frame <= samples.length; f += frame) {
      let e = 0;
      for (let i = f; i < f + frame; i++) e += samples[i]! * samples[i]!;
      frames++;
      if (Math.sqrt(e / frame) < 0.01) quiet++;
    }
    return {
      format,
      duration: decoded.duration,
      sampleRate,
      decoded: true,
      samples,
      rms: samples.length ? Math.sqrt(sum / samples.length) : 0,
      peak,
      zcr: samples.length > 1 ? crossings / (samples.length - 1) : 0,
      silence: frames ? quiet / frames : 1,
      info: decoded.info,
      seed,
    };
  }
  const header = format === 'flac' ? flacInfo(bytes) : format === 'mp3' ? mp3Info(bytes) : undefined;
  if (format === 'flac' && !header) throw new EngineInputError(`${AUDIO_ERROR}: FLAC without STREAMINFO`);
  const random = rng(seed);
  return {
    format,
    // Without a header, assume a 128 kbit/s stream.
    duration: header?.duration ?? bytes.length / 16000,
    sampleRate: header?.sampleRate ?? 16000,
    decoded: false,
    rms: 0.05 + random() * 0.25,
    peak: 0.4 + random() * 0.6,
    zcr: 0.02 + random() * 0.2,
    silence: random() * 0.4,
    info: {},
    seed,
  };
}
