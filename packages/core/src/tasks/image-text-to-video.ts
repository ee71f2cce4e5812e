import * as z from 'zod/mini';
import { falAiImageToVideoHooks } from '../providers/fal-ai';
import { partsOf } from '../providers/payload';
import { hooked } from '../providers/hooked';
import { createBlobTask } from '../task';
import { binary, binaryBody, jsonBody, text } from '../wire';
import { videoFromImageParameters } from '../task-schemas';
import { wavespeedImageTextToVideo } from '../providers/wavespeed';
import { novitaImageTextToVideo } from '../providers/novita';

/** Input of {@link imageTextToVideo}: a prompt, and a first frame (or none: then the prompt alone). */
export const imageTextToVideoInput = z.object({
  /** The first frame's image bytes; without it the model starts from the prompt alone. */
  inputs: z.optional(binary),
  parameters: z.extend(videoFromImageParameters, { prompt: text }),
});

export type ImageTextToVideoInput = z.input<typeof imageTextToVideoInput>;
/** The generated video, typed by its `Content-Type` (`video/mp4`, ...). */
export type ImageTextToVideoOutput = Blob;

/** fal: with an image, its image-to-video body; without one, the parameters (the prompt among them) alone. */
const falAi = /* @__PURE__ */ hooked({
  ...falAiImageToVideoHooks,
  body: (wire, call) =>
    partsOf(wire).inputs === undefined ? { json: partsOf(wire).parameters } : falAiImageToVideoHooks.body!(wire, call),
});

/**
 * Makes a video from a prompt and, optionally, a first frame. Served by Inference Providers; the
 * call waits for the job, reporting each wait to `onProgress`, then downloads the video.
 * @example
 * const video = await imageTextToVideo({ inputs: photo, parameters: { prompt: 'Waves roll in' } });
 */
export const imageTextToVideo = /* @__PURE__ */ createBlobTask({
  name: 'imageTextToVideo',
  task: 'image-text-to-video',
  route: 'model',
  providers: { 'fal-ai': falAi, wavespeed: wavespeedImageTextToVideo, novita: novitaImageTextToVideo },
  kind: 'mutation',
  defaultModel: 'Wan-AI/Wan2.2-TI2V-5B',
  input: imageTextToVideoInput,
  toWire: ({ inputs, parameters }) => (inputs ? binaryBody(inputs, parameters) : jsonBody(undefined, parameters)),
  expected: 'video bytes',
});
