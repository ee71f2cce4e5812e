/** Helpers for the engine tests: contexts, fixtures (PNG, JPEG, WAV), decoding. */
import { unzlibSync } from 'fflate';
import { expect } from 'vitest';
import { engines } from '../engines/index';
import { catalogueModels } from '../models';
import { crc32, encodePng } from '../engines/png';
import { EngineInputError, type CatalogueModel, type EngineContext } from '../engines/types';
import { encodeWav } from '../engines/wav';

/** A catalogue model by id (throws when missing, so a typo fails loudly). */
export function model(id: string): CatalogueModel {
  const found = catalogueModels.find((m) => m.id === id);
  if (!found) throw new Error(`no model ${id} in the catalogue`);
  return found;
}

/** A JSON request's context. */
export const json = (id: string, body: unknown): EngineContext => ({
  model: model(id),
  body,
  bytes: undefined,
  contentType: 'application/json',
  headers: new Headers({ 'content-type': 'application/json' }),
  signal: undefined,
  stream: { tokenDelayMs: 0, firstByteDelayMs: 0 },
});

/** A raw-bytes request's context. */
export const raw = (id: string, bytes: Uint8Array, contentType = 'application/octet-stream'): EngineContext => ({
  model: model(id),
  body: undefined,
  bytes,
  contentType,
  headers: new Headers({ 'content-type': contentType }),
  signal: undefined,
  stream: { tokenDelayMs: 0, firstByteDelayMs: 0 },
});

/** Runs the engine of a task (awaiting, in case it is async). */
export const run = async (task: string, ctx: EngineContext): Promise<any> => {
  const engine = engines[task];
  if (!engine) throw new Error(`no engine for ${task}`);
  return engine(ctx);
};

/** Asserts that running the engine throws `EngineInputError` whose message matches. */
export async function expectInputError(
  task: string,
  ctx: EngineContext,
  message?: RegExp | string,
  status = 400,
): Promise<EngineInputError> {
  let caught: unknown;
  try {
    await run(task, ctx);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(EngineInputError);
  const e = caught as EngineInputError;
  expect(e.status).toBe(status);
  if (message) expect(e.message).toMatch(message);
  return e;
}

export const b64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export const unb64 = (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

type Rgb = [number, number, number];

/** An RGB PNG painted by a function of (x, y). */
export function paintPng(
  width: number,
  height: number,
  colour: (x: number, y: number) => Rgb,
): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = colour(x, y);
      const o = (y * width + x) * 3;
      data[o] = r;
      data[o + 1] = g;
      data[o + 2] = b;
    }
  }
  return encodePng({ width, height, channels: 3, data });
}

/** Sky above grass with an orange ball in the middle. */
export const landscape = (width = 160, height = 120): Uint8Array<ArrayBuffer> =>
  paintPng(width, height, (x, y) => {
    if ((x - width / 2) ** 2 + (y - height * 0.4) ** 2 < (width / 9) ** 2) return [235, 120, 30];
    return y < height * 0.6 ? [100, 160, 235] : [70, 170, 60];
  });

/** One flat colour. */
export const flat = (colour: Rgb, width = 64, height = 48): Uint8Array<ArrayBuffer> =>
  paintPng(width, height, () => colour);

/** A minimal baseline JPEG header (SOI, APP0, SOF0 with the size, EOI); enough to sniff and measure. */
export function jpegHeader(width: number, height: number, salt = 0): Uint8Array {
  return new Uint8Array([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0x00,
    0x10,
    0x4a,
    0x46,
    0x49,
    0x46,
    0x00,
    0x01,
    0x01,
    0x00,
    0x00,
    0x01,
    0x00,
    0x01,
    0x00,
    salt & 0xff,
    0xff,
    0xc0,
    0x00,
    0x11,
    0x08,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    0x03,
    0x01,
    0x22,
    0x00,
    0x02,
    0x11,
    0x01,
    0x03,
    0x11,
    0x01,
    0xff,
    0xd9,
  ]);
}

/** A mono 16-bit WAV of a generated signal. */
export const wavOf = (seconds: number, sample: (t: number) => number, rate = 16000): Uint8Array =>
  encodeWav(
    Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => sample(i / rate)),
    rate,
  );

export const tone = (freq: number, seconds = 1, amp = 0.3) =>
  wavOf(seconds, (t) => amp * Math.sin(2 * Math.PI * freq * t));
export const silence = (seconds = 1) => wavOf(seconds, () => 0);

/** Decodes a PNG strictly: signature, chunk CRCs, IHDR, IDAT inflated to the exact size, IEND. */
export function readPng(bytes: Uint8Array): {
  width: number;
  height: number;
  colorType: number;
  channels: number;
  rows: Uint8Array[];
  text: Record<string, string>;
} {
  expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  const types: string[] = [];
  const idat: Uint8Array[] = [];
  const text: Record<string, string> = {};
  let width = 0;
  let height = 0;
  let colorType = -1;
  while (at < bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const data = bytes.subarray(at + 8, at + 8 + length);
    expect(view.getUint32(at + 8 + length), `CRC of ${type}`).toBe(crc32(bytes.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === 'IHDR') {
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      expect(data[8]).toBe(8);
      colorType = data[9]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'tEXt') {
      const s = String.fromCharCode(...data);
      const nul = s.indexOf('\u0000');
      text[s.slice(0, nul)] = s.slice(nul + 1);
    }
    at += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types[types.length - 1]).toBe('IEND');
  expect(at).toBe(bytes.length);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType]!;
  const joined = new Uint8Array(idat.reduce((n, d) => n + d.length, 0));
  let o = 0;
  for (const d of idat) {
    joined.set(d, o);
    o += d.length;
  }
  const inflated = unzlibSync(joined);
  const stride = width * channels;
  expect(inflated.length).toBe((stride + 1) * height);
  // Undo the Sub/Up filters the encoder uses.
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    const filter = inflated[y * (stride + 1)]!;
    const row = inflated.slice(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    expect([0, 1, 2]).toContain(filter);
    if (filter === 1) for (let x = channels; x < stride; x++) row[x] = (row[x]! + row[x - channels]!) & 0xff;
    if (filter === 2) for (let x = 0; x < stride; x++) row[x] = (row[x]! + (rows[y - 1]?.[x] ?? 0)) & 0xff;
    rows.push(row);
  }
  return { width, height, colorType, channels, rows, text };
}

/** Reads a PCM WAV header strictly. */
export function readWavHeader(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  expect(ascii(0)).toBe('RIFF');
  expect(view.getUint32(4, true)).toBe(bytes.length - 8);
  expect(ascii(8)).toBe('WAVE');
  expect(ascii(12)).toBe('fmt ');
  const format = view.getUint16(20, true);
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const byteRate = view.getUint32(28, true);
  const blockAlign = view.getUint16(32, true);
  const bits = view.getUint16(34, true);
  expect(byteRate).toBe(sampleRate * channels * (bits / 8));
  expect(blockAlign).toBe(channels * (bits / 8));
  let at = 36;
  let dataBytes = -1;
  while (at + 8 <= bytes.length) {
    const size = view.getUint32(at + 4, true);
    if (ascii(at) === 'data') {
      dataBytes = size;
      expect(at + 8 + size).toBe(bytes.length);
    }
    at += 8 + size + (size & 1);
  }
  return { format, channels, sampleRate, bits, dataBytes, seconds: dataBytes / byteRate };
}
