/**
 * A tiny, structurally valid MP4 (ISO BMFF): `ftyp`, then `moov` with a movie header of the given
 * duration and a user-data box naming the prompt. No frames: enough for MIME sniffing, `ffprobe`
 * and players to read it as an (empty) video, at a few hundred bytes.
 */
import { concatBytes } from './bytes';

const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

/** One box: 32-bit size, 4-character type, payload. */
function box(type: string, ...parts: Uint8Array[]): Uint8Array {
  const out = concatBytes([new Uint8Array(4), ascii(type), ...parts]);
  new DataView(out.buffer).setUint32(0, out.length);
  return out;
}

const u32 = (...values: number[]) => {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0));
  return out;
};

/** The movie header (version 0): times, timescale, duration, rate 1.0, volume 1.0, identity matrix. */
function mvhd(timescale: number, duration: number): Uint8Array {
  const body = new Uint8Array(100);
  const view = new DataView(body.buffer);
  view.setUint32(12, timescale);
  view.setUint32(16, duration);
  view.setUint32(20, 0x00010000); // rate 1.0
  view.setUint16(24, 0x0100); // volume 1.0
  // Unity matrix: a, d = 1.0 (16.16), w = 1.0 (2.30).
  view.setUint32(36, 0x00010000);
  view.setUint32(52, 0x00010000);
  view.setUint32(68, 0x40000000);
  view.setUint32(96, 1); // next track id
  return box('mvhd', body);
}

/**
 * An MP4 of `seconds` whose user data carries `title` (the prompt), so different prompts give
 * different files.
 */
export function tinyMp4(title: string, seconds = 5): Uint8Array {
  const ftyp = box('ftyp', ascii('isom'), u32(0x200), ascii('isomiso2mp41'));
  const name = ascii(title.slice(0, 200));
  // `©nam` holds the title as a plain string (the QuickTime user-data convention players show).
  const nam = box('\u00a9nam', new Uint8Array([(name.length >> 8) & 0xff, name.length & 0xff, 0, 0]), name);
  return concatBytes([ftyp, box('moov', mvhd(1000, Math.round(seconds * 1000)), box('udta', nam))]);
}
