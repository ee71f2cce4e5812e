/**
 * audio-to-audio: source separation (two tracks: the low band and the rest, split with a moving
 * average filter) or speech enhancement (`options.mode: 'enhance'`: one low-passed track with a
 * noise gate). WAV input is processed for real; other formats, which the emulator does not
 * decode, get tracks synthesised from their hash and header duration. Output
 * `[{ label, blob: base64 WAV, 'content-type': 'audio/wav' }]`.
 */
import { analyzeAudio } from './audio-analysis';
import { readBinary, toBase64 } from './request';
import { rng } from './embeddings';
import { encodeWav } from './wav';
import type { Engine } from './types';

/** Low band of a signal: a moving average over `window` samples. */
export function lowPass(samples: Float32Array, window: number): Float32Array {
  const out = new Float32Array(samples.length);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    sum += samples[i]!;
    if (i >= window) sum -= samples[i - window]!;
    out[i] = sum / Math.min(i + 1, window);
  }
  return out;
}

export const audioToAudio: Engine = (ctx) => {
  const { bytes } = readBinary(ctx);
  const audio = analyzeAudio(bytes);
  const enhance = ctx.model.options?.mode === 'enhance';
  const labels = Array.isArray(ctx.model.options?.labels)
    ? (ctx.model.options.labels as string[])
    : enhance
      ? ['label_0']
      : ['label_0', 'label_1'];
  const rate = audio.sampleRate;
  let samples = audio.samples;
  if (!samples) {
    // Not decoded: stand-in content of the right length, different for every file.
    const random = rng(audio.seed);
    const n = Math.min(Math.round(Math.min(audio.duration, 30) * rate), 30 * rate);
    const f1 = 120 + random() * 200;
    const f2 = 800 + random() * 1600;
    samples = new Float32Array(n);
    for (let i = 0; i < n; i++)
      samples[i] =
        0.25 * Math.sin((2 * Math.PI * f1 * i) / rate) +
        0.15 * Math.sin((2 * Math.PI * f2 * i) / rate) +
        0.05 * (random() - 0.5);
  }
  const window = Math.max(2, Math.round(rate / 500));
  const low = lowPass(samples, window);
  let tracks: Float32Array[];
  if (enhance) {
    const gate = Math.max(0.01, audio.rms * 0.15);
    tracks = [low.map((v) => (Math.abs(v) < gate ? v * 0.2 : v))];
  } else {
    const high = samples.map((v, i) => v - low[i]!);
    tracks = [low, high];
  }
  // Keep the text of emulator TTS audio so each track can still be transcribed.
  const info = Object.keys(audio.info).length > 0 ? audio.info : undefined;
  return labels.map((label, i) => ({
    label,
    'content-type': 'audio/wav',
    blob: toBase64(encodeWav(tracks[i % tracks.length]!, rate, info)),
  }));
};
