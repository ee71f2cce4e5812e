/**
 * A small PNG encoder and decoder (signature, IHDR, PLTE/tRNS, IDAT through fflate's zlib, IEND,
 * real CRCs). Browser-safe: Uint8Array only.
 */
import { Unzlib, zlibSync } from 'fflate';
import { concatBytes } from './bytes';

/** 8-bit pixels, row-major, `channels` interleaved samples per pixel. */
export interface RasterImage {
  width: number;
  height: number;
  /** 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA. */
  channels: 1 | 2 | 3 | 4;
  data: Uint8Array;
}

export const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO-HDLC, as PNG uses) of bytes; pass a previous value to continue. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const COLOR_TYPE = { 1: 0, 2: 4, 3: 2, 4: 6 } as const;

/** Encodes 8-bit pixels as a PNG (no interlace; each row filtered with Sub or Up, whichever is smaller). */
export function encodePng(
  image: RasterImage,
  options: { level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9; text?: Record<string, string> } = {},
): Uint8Array<ArrayBuffer> {
  const { width, height, channels, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new RangeError('PNG size must be positive integers');
  if (data.length !== width * height * channels)
    throw new RangeError('PNG data length does not match width × height × channels');
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = data.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? data.subarray((y - 1) * stride, y * stride) : undefined;
    // Pick the filter with the smaller sum of absolute residuals (the usual heuristic).
    let sumSub = 0;
    let sumUp = 0;
    for (let x = 0; x < stride; x++) {
      const sub = (row[x]! - (x >= channels ? row[x - channels]! : 0)) & 0xff;
      const up = (row[x]! - (prev ? prev[x]! : 0)) & 0xff;
      sumSub += sub < 128 ? sub : 256 - sub;
      sumUp += up < 128 ? up : 256 - up;
    }
    const o = y * (stride + 1);
    if (prev && sumUp < sumSub) {
      raw[o] = 2;
      for (let x = 0; x < stride; x++) raw[o + 1 + x] = (row[x]! - prev[x]!) & 0xff;
    } else {
      raw[o] = 1;
      for (let x = 0; x < stride; x++) raw[o + 1 + x] = (row[x]! - (x >= channels ? row[x - channels]! : 0)) & 0xff;
    }
  }
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8;
  ihdr[9] = COLOR_TYPE[channels];
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const parts = [PNG_SIGNATURE, chunk('IHDR', ihdr)];
  for (const [key, value] of Object.entries(options.text ?? {})) {
    parts.push(chunk('tEXt', latin1(`${key}\u0000${value.replace(/[^\x20-\x7e]/g, '?')}`)));
  }
  parts.push(chunk('IDAT', zlibSync(raw, { level: options.level ?? 6 })), chunk('IEND', new Uint8Array(0)));
  return concatBytes(parts);
}

/** Why a PNG could not be read. */
export class PngError extends Error {}

/** Width and height from the IHDR chunk, without decoding. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A PNG's chunks in order, with their CRC checked. */
export function readChunks(bytes: Uint8Array): { type: string; data: Uint8Array }[] {
  if (bytes.length < 8 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) throw new PngError('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: { type: string; data: Uint8Array }[] = [];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = view.getUint32(offset);
    if (offset + 12 + length > bytes.length) throw new PngError('truncated PNG chunk');
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const crc = view.getUint32(offset + 8 + length);
    if (crc !== crc32(bytes.subarray(offset + 4, offset + 8 + length)))
      throw new PngError(`broken PNG file (bad CRC in ${type})`);
    chunks.push({ type, data });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/**
 * Decodes a PNG to 8-bit RGBA (any bit depth and colour type; Adam7-interlaced images too).
 * Throws {@link PngError} for a damaged file.
 */
/**
 * Most pixels the emulator decodes (4096 × 4096): bigger PNGs are refused the way Pillow refuses a
 * decompression bomb, so a small file that declares a huge size costs neither memory nor seconds.
 */
export const MAX_PNG_PIXELS = 4096 * 4096;

/** A PNG whose declared size is over the limit (Pillow's `DecompressionBombError`). */
export class PngTooLargeError extends Error {}

export function decodePng(bytes: Uint8Array, maxPixels = MAX_PNG_PIXELS): RasterImage & { channels: 4 } {
  const chunks = readChunks(bytes);
  const header = chunks[0];
  if (!header || header.type !== 'IHDR' || header.data.length !== 13) throw new PngError('PNG without IHDR');
  const hv = new DataView(header.data.buffer, header.data.byteOffset, 13);
  const width = hv.getUint32(0);
  const height = hv.getUint32(4);
  const depth = header.data[8]!;
  const colorType = header.data[9]!;
  const interlace = header.data[12]!;
  if (width < 1 || height < 1) throw new PngError('PNG with an empty size');
  if (width * height > maxPixels)
    throw new PngTooLargeError(
      `Image size (${width * height} pixels) exceeds limit of ${maxPixels} pixels, could be decompression bomb DOS attack.`,
    );
  const samples = ({ 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!samples || ![1, 2, 4, 8, 16].includes(depth)) throw new PngError('unsupported PNG colour type or bit depth');
  let palette: Uint8Array | undefined;
  let transparency: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (const c of chunks) {
    if (c.type === 'PLTE') palette = c.data;
    else if (c.type === 'tRNS') transparency = c.data;
    else if (c.type === 'IDAT') idat.push(c.data);
  }
  if (idat.length === 0) throw new PngError('PNG without image data');
  if (colorType === 3 && !palette) throw new PngError('palette PNG without PLTE');
  const joined = concatBytes(idat);
  const bitsPerPixel = samples * depth;
  const bpp = Math.max(1, bitsPerPixel >> 3);
  const maxValue = (1 << Math.min(depth, 8)) - 1;

  const passes =
    interlace === 1
      ? [
          [0, 0, 8, 8],
          [4, 0, 8, 8],
          [0, 4, 4, 8],
          [2, 0, 4, 4],
          [0, 2, 2, 4],
          [1, 0, 2, 2],
          [0, 1, 1, 2],
        ]
      : [[0, 0, 1, 1]];
  // Inflate no more than the header promises: a zlib bomb in the IDAT stops there instead of
  // costing memory and CPU for every byte it would expand to (a short one fails the row checks).
  let expected = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw > 0 && ph > 0) expected += ph * (1 + Math.ceil((pw * bitsPerPixel) / 8));
  }
  let raw: Uint8Array;
  try {
    raw = inflateAtMost(joined, expected);
  } catch {
    throw new PngError('broken PNG file (bad image data)');
  }
  const out = new Uint8Array(width * height * 4);
  let offset = 0;
  for (const [x0, y0, dx, dy] of passes as [number, number, number, number][]) {
    const pw = Math.ceil((width - x0) / dx);
    const ph = Math.ceil((height - y0) / dy);
    if (pw <= 0 || ph <= 0) continue;
    const stride = Math.ceil((pw * bitsPerPixel) / 8);
    let prev: Uint8Array = new Uint8Array(stride);
    // Defined once per image rather than per pixel: closures allocated in the pixel loop made
    // decoding costs time per pixel: seconds for a few megapixels.
    let line = prev;
    let col = 0;
    const sample = (k: number): number => {
      if (depth === 8) return line[col * samples + k]!;
      if (depth === 16) return line[(col * samples + k) * 2]!;
      const bit = (col * samples + k) * depth;
      const v = (line[bit >> 3]! >> (8 - depth - (bit & 7))) & maxValue;
      return colorType === 3 ? v : Math.round((v * 255) / maxValue);
    };
    const raw16 = (k: number) =>
      depth === 16 ? (line[(col * samples + k) * 2]! << 8) | line[(col * samples + k) * 2 + 1]! : -1;
    // The common case (8-bit RGB or RGBA, no tRNS key) copies bytes straight across.
    const direct = depth === 8 && (colorType === 6 || (colorType === 2 && !transparency));
    for (let row = 0; row < ph; row++) {
      if (offset + 1 + stride > raw.length) throw new PngError('truncated PNG image data');
      const filter = raw[offset]!;
      line = raw.subarray(offset + 1, offset + 1 + stride);
      offset += 1 + stride;
      unfilter(filter, line, prev, bpp);
      prev = line;
      const y = y0 + row * dy;
      if (direct) {
        for (let c = 0; c < pw; c++) {
          const o = (y * width + x0 + c * dx) * 4;
          const i = c * samples;
          out[o] = line[i]!;
          out[o + 1] = line[i + 1]!;
          out[o + 2] = line[i + 2]!;
          out[o + 3] = samples === 4 ? line[i + 3]! : 255;
        }
        continue;
      }
      for (col = 0; col < pw; col++) {
        const x = x0 + col * dx;
        const o = (y * width + x) * 4;
        if (colorType === 3) {
          const index = sample(0);
          out[o] = palette![index * 3] ?? 0;
          out[o + 1] = palette![index * 3 + 1] ?? 0;
          out[o + 2] = palette![index * 3 + 2] ?? 0;
          out[o + 3] = transparency && index < transparency.length ? transparency[index]! : 255;
        } else if (colorType === 0 || colorType === 4) {
          const g = sample(0);
          out[o] = out[o + 1] = out[o + 2] = g;
          out[o + 3] = colorType === 4 ? sample(1) : 255;
          if (colorType === 0 && transparency && transparency.length >= 2) {
            const key = (transparency[0]! << 8) | transparency[1]!;
            const value = depth === 16 ? raw16(0) : depth === 8 ? g : Math.round((g * maxValue) / 255);
            if (value === key) out[o + 3] = 0;
          }
        } else {
          out[o] = sample(0);
          out[o + 1] = sample(1);
          out[o + 2] = sample(2);
          out[o + 3] = colorType === 6 ? sample(3) : 255;
          if (colorType === 2 && transparency && transparency.length >= 6) {
            const tv = new DataView(transparency.buffer, transparency.byteOffset, 6);
            const match =
              depth === 16
                ? raw16(0) === tv.getUint16(0) && raw16(1) === tv.getUint16(2) && raw16(2) === tv.getUint16(4)
                : out[o] === tv.getUint16(0) && out[o + 1] === tv.getUint16(2) && out[o + 2] === tv.getUint16(4);
            if (match) out[o + 3] = 0;
          }
        }
      }
    }
  }
  return { width, height, channels: 4, data: out };
}

/** Inflates zlib data in slices, stopping once `limit` bytes came out. */
function inflateAtMost(data: Uint8Array, limit: number): Uint8Array {
  const out = new Uint8Array(limit);
  let at = 0;
  const inflater = new Unzlib((chunk) => {
    const take = Math.min(chunk.length, limit - at);
    out.set(chunk.subarray(0, take), at);
    at += take;
  });
  const SLICE = 65_536;
  for (let i = 0; i < data.length && at < limit; i += SLICE)
    inflater.push(data.subarray(i, i + SLICE), i + SLICE >= data.length);
  return out.subarray(0, at);
}

function unfilter(filter: number, line: Uint8Array, prev: Uint8Array, bpp: number): void {
  switch (filter) {
    case 0:
      return;
    case 1:
      for (let i = bpp; i < line.length; i++) line[i] = (line[i]! + line[i - bpp]!) & 0xff;
      return;
    case 2:
      for (let i = 0; i < line.length; i++) line[i] = (line[i]! + prev[i]!) & 0xff;
      return;
    case 3:
      for (let i = 0; i < line.length; i++)
        line[i] = (line[i]! + (((i >= bpp ? line[i - bpp]! : 0) + prev[i]!) >> 1)) & 0xff;
      return;
    case 4:
      for (let i = 0; i < line.length; i++) {
        const a = i >= bpp ? line[i - bpp]! : 0;
        const b = prev[i]!;
        const c = i >= bpp ? prev[i - bpp]! : 0;
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        line[i] = (line[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
      }
      return;
    default:
      throw new PngError(`broken PNG file (unknown filter ${filter})`);
  }
}

/** Nearest-neighbour resize of an RGBA image. */
export function resizeRgba(
  image: RasterImage & { channels: 4 },
  width: number,
  height: number,
): RasterImage & { channels: 4 } {
  if (image.width === width && image.height === height) return { ...image, data: image.data.slice() };
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      const s = (sy * image.width + sx) * 4;
      const o = (y * width + x) * 4;
      out[o] = image.data[s]!;
      out[o + 1] = image.data[s + 1]!;
      out[o + 2] = image.data[s + 2]!;
      out[o + 3] = image.data[s + 3]!;
    }
  }
  return { width, height, channels: 4, data: out };
}
