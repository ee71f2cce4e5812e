/**
 * The "perception" the audio engines share: duration, energy and zero-crossing rate of a clip
 * (WAV decoded; FLAC/MP3 durations from their headers). Browser-safe.
 */
import { hashBytes, rng } from './embeddings';
import { ascii, sniffAudio, type AudioFormat } from './request';
import { EngineInputError } from './types';
import { decodeWav, WavError } from './wav';

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
