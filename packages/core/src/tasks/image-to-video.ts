import * as z from 'zod/mini';
import { falAiImageToVideo } from '../providers/fal-ai';
import { createBlobTask } from '../task';
import { videoFromImageParameters } from '../task-schemas';
import { binary, binaryBody } from '../wire';
import { wavespeedImageToVideo } from '../providers/wavespeed';
import { togetherImageToVideo } from '../providers/together';

/** Input of {@link imageToVideo}. */
export const imageToVideoInput = z.object({
  /** The first frame's image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.optional(videoFromImageParameters),
});

export type ImageToVideoInput = z.input<typeof imageToVideoInput>;
/** The generated video, typed by its `Content-Type` (`video/mp4`, ...). */
export type ImageToVideoOutput = Blob;

/**
 * Animates an image into a video. Served by Inference Providers; the call waits for the job,
 * reporting each wait to `onProgress`, then downloads the video.
 * @example
 * const video = await imageToVideo({ inputs: file, parameters: { prompt: 'The cat turns its head' } });
 */
export const imageToVideo = /* @__PURE__ */ createBlobTask({
  name: 'imageToVideo',
  task: 'image-to-video',
  route: 'model',
  providers: { 'fal-ai': falAiImageToVideo, wavespeed: wavespeedImageToVideo, together: togetherImageToVideo },
  kind: 'mutation',
  defaultModel: 'Wan-AI/Wan2.2-I2V-A14B',
  input: imageToVideoInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  expected: 'video bytes',
});
