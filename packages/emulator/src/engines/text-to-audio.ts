/**
 * text-to-audio (music, sound effects): a real WAV (RIFF/WAVE, PCM 16-bit mono, the model's sample
 * rate) holding a short tune made from the prompt: each word picks a note of a pentatonic scale and
 * its length, and the notes loop until the clip is full. The clip lasts
 * `parameters.generation_parameters.max_new_tokens` / 50 seconds (MusicGen makes 50 audio tokens a
 * second), 5.12 s by default (its 256 tokens), at most 30 s. The prompt rides along in a `LIST/INFO`
 * chunk (`ICMT`), so a test can tell which prompt made a clip.
 */
import { hash32 } from './embeddings';
import { inputsOf, paramsOf, requireString } from './request';
import { encodeWav } from './wav';
import { EngineInputError, type CatalogueModel, type Engine } from './types';

/** MusicGen's rate of audio tokens. */
export const TOKENS_PER_SECOND = 50;
/** The longest clip: 30 s, MusicGen's limit (1503 tokens). */
export const MAX_AUDIO_TOKENS = 1503;
const DEFAULT_TOKENS = 256;
/** The software tag of the clips, in their `LIST/INFO`. */
export const TTA_SOFTWARE = 'inferkit-emulator text-to-audio';

/** A minor pentatonic scale, in semitones above A3. */
const SCALE = [0, 3, 5, 7, 10];

const sampleRateOf = (model: CatalogueModel) => {
  const rate = model.options?.sampleRate;
  return typeof rate === 'number' && rate > 0 ? rate : 32000;
};

/** The tune of a prompt, `seconds` long. */
export function compose(prompt: string, seconds: number, sampleRate: number): Float32Array {
  const words = prompt.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [prompt];
  const notes = words.map((word) => {
    const h = hash32(word);
    const step = SCALE[h % SCALE.length]! + 12 * ((h >>> 8) % 2);
    return { freq: 220 * 2 ** (step / 12), seconds: (h >>> 16) % 2 ? 0.5 : 0.25 };
  });
  const total = Math.max(1, Math.round(seconds * sampleRate));
  const out = new Float32Array(total);
  const ramp = Math.max(1, Math.round(0.01 * sampleRate));
  let at = 0;
  for (let i = 0; at < total; i++) {
    const note = notes[i % notes.length]!;
    const n = Math.round(note.seconds * sampleRate);
    for (let j = 0; j < n && at + j < total; j++) {
      const t = j / sampleRate;
      // A plucked note: quick attack, exponential decay, a little of the octave above.
      const envelope = Math.min(1, j / ramp) * Math.exp(-3 * t);
      const wave = 0.8 * Math.sin(2 * Math.PI * note.freq * t) + 0.2 * Math.sin(4 * Math.PI * note.freq * t);
      out[at + j] = 0.3 * envelope * wave;
    }
    at += n;
  }
  return out;
}

export const textToAudio: Engine = (ctx) => {
  const prompt = requireString(inputsOf(ctx), 'inputs');
  const params = paramsOf(ctx);
  const generation = params.generation_parameters ?? {};
  if (typeof generation !== 'object' || generation === null || Array.isArray(generation))
    throw new EngineInputError('Error in `parameters.generation_parameters`: value is not a valid dict');
  const max = (generation as Record<string, unknown>).max_new_tokens;
  if (max != null && (!Number.isInteger(max) || (max as number) < 1 || (max as number) > MAX_AUDIO_TOKENS)) {
    throw new EngineInputError(
      `Error in \`parameters.generation_parameters.max_new_tokens\`: must be an integer from 1 to ${MAX_AUDIO_TOKENS}`,
    );
  }
  const tokens = (max as number | null | undefined) ?? DEFAULT_TOKENS;
  const rate = sampleRateOf(ctx.model);
  const wav = encodeWav(compose(prompt, tokens / TOKENS_PER_SECOND, rate), rate, {
    INAM: ctx.model.id,
    ICMT: prompt.slice(0, 2000),
    ISFT: TTA_SOFTWARE,
  });
  return new Response(wav, { status: 200, headers: { 'content-type': 'audio/wav' } });
};
