/**
 * audio-classification: labels from the model's label set (`options.labels`), scored by how close
 * the clip's loudness, zero-crossing rate (noisy vs tonal) and share of silence come to each
 * label's profile (speech has pauses, noise crosses zero often, a sine wave is steady, ...).
 * `function_to_apply` (default softmax) and `top_k` (default 5) are honoured.
 */
import { analyzeAudio, type AudioAnalysis } from './audio-analysis';
import { readBinary, strParam, topKParam } from './request';
import { applyFunction, own, round, unit } from './embeddings';
import type { Engine } from './types';

/** Expected loudness (RMS), zero-crossing rate and share of silence of each known label. */
const PROFILES: Record<string, [rms: number, zcr: number, silence: number]> = {
  Speech: [0.1, 0.08, 0.25],
  'Male speech, man speaking': [0.1, 0.05, 0.25],
  'Female speech, woman speaking': [0.1, 0.1, 0.25],
  Music: [0.2, 0.06, 0.05],
  Singing: [0.18, 0.07, 0.1],
  'Musical instrument': [0.2, 0.05, 0.08],
  Silence: [0, 0, 1],
  Noise: [0.2, 0.45, 0],
  'White noise': [0.3, 0.5, 0],
  Static: [0.15, 0.4, 0.05],
  'Sine wave': [0.35, 0.03, 0],
  Dog: [0.25, 0.12, 0.5],
  Bark: [0.25, 0.12, 0.55],
  Vehicle: [0.2, 0.03, 0],
  Bird: [0.08, 0.3, 0.4],
  Applause: [0.2, 0.35, 0.1],
  Laughter: [0.15, 0.15, 0.3],
  Rain: [0.1, 0.4, 0],
  Whistling: [0.15, 0.1, 0.2],
  'Inside, small room': [0.05, 0.08, 0.4],
  neu: [0.08, 0.07, 0.3],
  hap: [0.18, 0.1, 0.15],
  ang: [0.3, 0.14, 0.1],
  sad: [0.04, 0.05, 0.45],
};

const profileOf = (label: string): [number, number, number] =>
  own(PROFILES, label) ?? [unit(`${label}:rms`) * 0.3, unit(`${label}:zcr`) * 0.4, unit(`${label}:sil`) * 0.6];

/** Logits of each label for a clip. */
export function audioLogits(audio: AudioAnalysis, labels: string[]): number[] {
  return labels.map((label) => {
    const [rms, zcr, silence] = profileOf(label);
    const d =
      ((audio.rms - rms) / 0.08) ** 2 + ((audio.zcr - zcr) / 0.08) ** 2 + ((audio.silence - silence) / 0.25) ** 2;
    return 3 - d + 0.6 * unit(`${audio.seed}:${label}`);
  });
}

export const DEFAULT_AUDIO_LABELS = [
  'Speech',
  'Music',
  'Silence',
  'Noise',
  'Sine wave',
  'Dog',
  'Vehicle',
  'Bird',
  'Applause',
  'Laughter',
  'Rain',
  'Singing',
];

export const audioClassification: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const audio = analyzeAudio(bytes);
  const labels = Array.isArray(ctx.model.options?.labels)
    ? (ctx.model.options.labels as string[])
    : DEFAULT_AUDIO_LABELS;
  const topK = topKParam(parameters, 5);
  const fn = strParam(parameters, 'function_to_apply', ['softmax', 'sigmoid', 'none']);
  const scores = applyFunction(audioLogits(audio, labels), fn);
  return labels
    .map((label, i) => ({ score: round(scores[i]!, 6), label }))
    .sort((a, b) => b.score - a.score || (a.label < b.label ? -1 : 1))
    .slice(0, topK);
};
