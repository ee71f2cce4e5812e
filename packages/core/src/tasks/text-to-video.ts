import * as z from 'zod/mini';
import { falAiTextToVideo } from '../providers/fal-ai';
import { createBlobTask } from '../task';
import { int, intFrom, jsonBody, text } from '../wire';
import { replicateTextToVideo } from '../providers/replicate';
import { wavespeedTextToVideo } from '../providers/wavespeed';
import { togetherTextToVideo } from '../providers/together';
import { novitaTextToVideo } from '../providers/novita';

/** Input of {@link textToVideo}. */
export const textToVideoInput = z.object({
  /** The prompt: what the video should show. */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** Higher follows the prompt more closely. */
      guidanceScale: z.optional(z.number()),
      /** What the video should not contain. */
      negativePrompt: z.optional(z.string()),
      /** How many frames to make: more is longer and slower. */
      numFrames: z.optional(intFrom(1)),
      /** Denoising steps: more is slower and usually better. */
      numInferenceSteps: z.optional(intFrom(1)),
      /** Seed of the random generator, for reproducible videos. */
      seed: z.optional(int()),
    }),
  ),
});

export type TextToVideoInput = z.input<typeof textToVideoInput>;
/** The generated video, typed by its `Content-Type` (`video/mp4`, ...). */
export type TextToVideoOutput = Blob;

/**
 * Generates a video from a prompt. Served by Inference Providers (fal-ai's queue, replicate, …):
 * the call waits for the job, reporting each wait to `onProgress`, then downloads the video.
 * @example
 * const video = await textToVideo({
 *   inputs: 'A young man walking on the street',
 *   onProgress: ({ status, elapsed }) => console.log(status, elapsed),
 * });
 * videoElement.src = URL.createObjectURL(video);
 */
export const textToVideo = /* @__PURE__ */ createBlobTask({
  name: 'textToVideo',
  task: 'text-to-video',
  route: 'model',
  providers: {
    'fal-ai': falAiTextToVideo,
    replicate: replicateTextToVideo,
    wavespeed: wavespeedTextToVideo,
    together: togetherTextToVideo,
    novita: novitaTextToVideo,
  },
  kind: 'mutation',
  defaultModel: 'Wan-AI/Wan2.2-T2V-A14B',
  input: textToVideoInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  expected: 'video bytes',
});
