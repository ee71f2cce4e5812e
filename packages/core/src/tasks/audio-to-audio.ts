import * as z from 'zod/mini';
import { base64ToBlob } from '../media';
import { createTask } from '../task';
import { binary, binaryBody, mapped, nonEmpty } from '../wire';
import { falAiAudioToAudio } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';

/** Input of {@link audioToAudio}. */
export const audioToAudioInput = z.object({
  /** The audio bytes (FLAC, WAV, MP3, ...). */
  inputs: binary,
});

/** Output: `[{ label, blob, contentType }]`, one audio `Blob` per source or enhanced track. */
export const audioToAudioOutput = mapped(
  z.array(
    z.object({
      label: z.string(),
      blob: z.string().check(nonEmpty),
      'content-type': z.string().check(nonEmpty),
    }),
  ),
  (items, issues) =>
    items.map(({ label, blob, 'content-type': contentType }, index) => {
      // The MIME type lives in a sibling field, so the base64 is decoded here rather than in a field schema.
      const decoded = base64ToBlob(blob, contentType);
      if (!decoded) issues.push({ code: 'custom', message: 'expected base64', input: blob, path: [index, 'blob'] });
      return { label, blob: decoded as Blob, contentType };
    }),
);

export type AudioToAudioInput = z.input<typeof audioToAudioInput>;
export type AudioToAudioOutput = z.output<typeof audioToAudioOutput>;

/**
 * Transforms audio into audio: source separation, speech enhancement, ... depending on the model.
 * @example
 * const tracks = await audioToAudio({ inputs: file });
 * tracks[0]; // { label: 'speech_0', contentType: 'audio/flac', blob: Blob }
 * audio.src = URL.createObjectURL(tracks[0].blob);
 */
export const audioToAudio = /* @__PURE__ */ createTask({
  name: 'audioToAudio',
  task: 'audio-to-audio',
  route: 'model',
  providers: { 'hf-inference': hfInference, 'fal-ai': falAiAudioToAudio },
  kind: 'mutation',
  defaultModel: 'speechbrain/sepformer-wham',
  input: audioToAudioInput,
  // No parameters exist for this task; naming only `inputs` makes a stray `parameters` an error.
  inputKeys: ['inputs'],
  toWire: ({ inputs }) => binaryBody(inputs),
  output: audioToAudioOutput,
  expected: "[{ label, blob: base64, 'content-type' }]",
});
