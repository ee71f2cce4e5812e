/**
 * text-to-speech: a real WAV (RIFF/WAVE, PCM 16-bit mono, the model's sample rate) whose samples
 * are made from the text: each letter or digit a short tone (vowels longer and louder, pitch from
 * the character), spaces short pauses, punctuation longer ones, so the duration grows with the
 * text. The text rides along in a `LIST/INFO` chunk so the emulator's speech recognition can
 * transcribe it back.
 */
import { inputsOf, requireString } from './request';
import { TTS_SOFTWARE } from './automatic-speech-recognition';
import { encodeWav } from './wav';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

/** Longest text spoken; the rest is dropped (about two minutes of audio). */
export const MAX_TTS_CHARS = 2000;

const sampleRateOf = (model: CatalogueModel) => {
  const rate = model.options?.sampleRate;
  return typeof rate === 'number' && rate > 0 ? rate : 16000;
};

/** Synthesises the tones of a text. */
export function synthesize(text: string, sampleRate: number, pitch = 1): Float32Array {
  const chars = Array.from(text.slice(0, MAX_TTS_CHARS));
  const parts: { freq: number; seconds: number; amp: number }[] = chars.map((c) => {
    if (/\s/.test(c)) return { freq: 0, seconds: 0.06, amp: 0 };
    if (/[.!?;:。！？]/.test(c)) return { freq: 0, seconds: 0.22, amp: 0 };
    if (/[,\-–—]/.test(c)) return { freq: 0, seconds: 0.12, amp: 0 };
    const code = c.toLowerCase().codePointAt(0)!;
    const vowel = /[aeiouyàâäéèêëîïôöùûü]/i.test(c);
    const freq = 180 * pitch * 2 ** ((code % 24) / 12);
    return { freq, seconds: vowel ? 0.11 : 0.07, amp: vowel ? 0.22 : 0.12 };
  });
  const total = Math.max(1, Math.round(parts.reduce((n, p) => n + p.seconds, 0.1) * sampleRate));
  const out = new Float32Array(total);
  let at = Math.round(0.05 * sampleRate);
  let phase = 0;
  for (const p of parts) {
    const n = Math.round(p.seconds * sampleRate);
    const ramp = Math.max(1, Math.round(0.006 * sampleRate));
    for (let i = 0; i < n && at + i < total; i++) {
      if (p.amp === 0) continue;
      const envelope = Math.min(1, i / ramp, (n - i) / ramp);
      phase += (2 * Math.PI * p.freq) / sampleRate;
      out[at + i] = p.amp * envelope * (0.8 * Math.sin(phase) + 0.2 * Math.sin(2 * phase));
    }
    at += n;
  }
  return out;
}

export const textToSpeech: Engine = (ctx) => {
  const text = requireString(inputsOf(ctx), 'inputs');
  if (text.trim() === '') throw new EngineInputError('Error in `inputs`: must not be empty');
  const rate = sampleRateOf(ctx.model);
  const pitch = typeof ctx.model.options?.pitch === 'number' ? ctx.model.options.pitch : 1;
  const wav = encodeWav(synthesize(text, rate, pitch), rate, {
    INAM: ctx.model.id,
    ICMT: text.slice(0, MAX_TTS_CHARS),
    ISFT: TTS_SOFTWARE,
  });
  return new Response(wav, { status: 200, headers: { 'content-type': 'audio/wav' } });
};
