/**
 * A WAV (RIFF/WAVE) encoder and decoder: PCM 16-bit mono out; PCM 8/16/24/32-bit and float in,
 * any channel count (mixed down to mono). A `LIST/INFO` chunk carries text metadata, which is how
 * the emulator's own text-to-speech lets speech recognition "hear" what it said. Browser-safe.
 */
import { concatBytes } from './bytes';

/** Decoded audio, mixed down to mono. */
export interface DecodedAudio {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
  /** Seconds. */
  duration: number;
  /** `LIST/INFO` entries (e.g. `ICMT`, `ISFT`), if any. */
  info: Record<string, string>;
}

/** Why a WAV could not be read. */
export class WavError extends Error {}

const ascii = (bytes: Uint8Array, at: number, n = 4) => String.fromCharCode(...bytes.subarray(at, at + n));
const put = (out: Uint8Array, at: number, text: string) => {
  for (let i = 0; i < text.length; i++) out[at + i] = text.charCodeAt(i);
};

function infoChunk(info: Record<string, string>): Uint8Array {
  const encoder = new TextEncoder();
  const entries = Object.entries(info).map(([key, value]) => {
    const data = encoder.encode(value + '\u0000');
    const padded = data.length + (data.length & 1);
    const entry = new Uint8Array(8 + padded);
    put(entry, 0, key.padEnd(4, ' ').slice(0, 4));
    new DataView(entry.buffer).setUint32(4, data.length, true);
    entry.set(data, 8);
    return entry;
  });
  const out = concatBytes([new Uint8Array(12), ...entries]);
  put(out, 0, 'LIST');
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  put(out, 8, 'INFO');
  return out;
}

/** Encodes mono samples in [-1, 1] as a 16-bit PCM WAV, with optional `LIST/INFO` text. */
export function encodeWav(
  samples: Float32Array | number[],
  sampleRate: number,
  info?: Record<string, string>,
): Uint8Array<ArrayBuffer> {
  const n = samples.length;
  const list = info && Object.keys(info).length > 0 ? infoChunk(info) : new Uint8Array(0);
  const dataBytes = n * 2;
  const out = new Uint8Array(44 + list.length + dataBytes);
  const view = new DataView(out.buffer);
  put(out, 0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  put(out, 8, 'WAVE');
  put(out, 12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  out.set(list, 36);
  const dataAt = 36 + list.length;
  put(out, dataAt, 'data');
  view.setUint32(dataAt + 4, dataBytes, true);
  for (let i = 0; i < n; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(dataAt + 8 + i * 2, Math.round(s < 0 ? s * 32768 : s * 32767), true);
  }
  return out;
}

/** True when the bytes start like a RIFF/WAVE file. */
export const isWav = (bytes: Uint8Array): boolean =>
  bytes.length >= 12 && ascii(bytes, 0) === 'RIFF' && ascii(bytes, 8) === 'WAVE';

/** Decodes a WAV file. Throws {@link WavError} when it is malformed. */
export function decodeWav(bytes: Uint8Array): DecodedAudio {
  if (!isWav(bytes)) throw new WavError('not a RIFF/WAVE file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format = 0;
  let channels = 0;
  let sampleRate = 0;
  let bits = 0;
  let data: Uint8Array | undefined;
  const info: Record<string, string> = {};
  let at = 12;
  while (at + 8 <= bytes.length) {
    const id = ascii(bytes, at);
    let size = view.getUint32(at + 4, true);
    const body = at + 8;
    // Streams written before their length was known put 0 or 0xFFFFFFFF in the data size.
    if (body + size > bytes.length) {
      if (id !== 'data') throw new WavError(`truncated ${id.trim()} chunk`);
      size = bytes.length - body;
    }
    if (id === 'fmt ') {
      if (size < 16) throw new WavError('fmt chunk too short');
      format = view.getUint16(body, true);
      channels = view.getUint16(body + 2, true);
      sampleRate = view.getUint32(body + 4, true);
      bits = view.getUint16(body + 14, true);
      if (format === 0xfffe && size >= 26) format = view.getUint16(body + 24, true);
    } else if (id === 'data') {
      data = bytes.subarray(body, body + size);
    } else if (id === 'LIST' && size >= 4 && ascii(bytes, body) === 'INFO') {
      let p = body + 4;
      while (p + 8 <= body + size) {
        const key = ascii(bytes, p);
        const len = view.getUint32(p + 4, true);
        const value = bytes.subarray(p + 8, Math.min(p + 8 + len, body + size));
        info[key] = new TextDecoder().decode(value).replace(/\0+$/, '');
        p += 8 + len + (len & 1);
      }
    }
    at = body + size + (size & 1);
  }
  if (!format) throw new WavError('no fmt chunk');
  if (!data) throw new WavError('no data chunk');
  if (format !== 1 && format !== 3) throw new WavError(`unsupported WAV encoding ${format}`);
  if (channels < 1 || sampleRate < 1 || ![8, 16, 24, 32, 64].includes(bits)) throw new WavError('invalid WAV format');
  const width = bits / 8;
  const frames = Math.floor(data.length / (width * channels));
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const samples = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) {
      const o = (f * channels + c) * width;
      let v: number;
      if (format === 3) v = bits === 64 ? dv.getFloat64(o, true) : dv.getFloat32(o, true);
      else if (bits === 8) v = (dv.getUint8(o) - 128) / 128;
      else if (bits === 16) v = dv.getInt16(o, true) / 32768;
      else if (bits === 24)
        v = (((dv.getUint8(o + 2) << 24) | (dv.getUint8(o + 1) << 16) | (dv.getUint8(o) << 8)) >> 8) / 8388608;
      else v = dv.getInt32(o, true) / 2147483648;
      sum += v;
    }
    samples[f] = sum / channels;
  }
  return { sampleRate, channels, bitsPerSample: bits, samples, duration: frames / sampleRate, info };
}
