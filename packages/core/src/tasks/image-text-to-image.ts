import * as z from 'zod/mini';
import { falAiImageToImageHooks } from '../providers/fal-ai';
import { partsOf } from '../providers/payload';
import { hooked } from '../providers/hooked';
import { createBlobTask } from '../task';
import { binary, binaryBody, int, intFrom, jsonBody, text } from '../wire';
import { wavespeedImageTextToImage } from '../providers/wavespeed';

const pixels = /* @__PURE__ */ intFrom(1);

/** Input of {@link imageTextToImage}: a prompt, and an image to edit (or none: then it draws from the prompt alone). */
export const imageTextToImageInput = z.object({
  /** The image to edit (PNG, JPEG, ...); without it the model draws from the prompt alone. */
  inputs: z.optional(binary),
  parameters: z.strictObject({
    /** What to make, or how to change the image. */
    prompt: text,
    /** Higher follows the prompt more closely. */
    guidanceScale: z.optional(z.number()),
    /** What the image should not contain. */
    negativePrompt: z.optional(z.string()),
    /** Denoising steps: more is slower and usually better. */
    numInferenceSteps: z.optional(intFrom(1)),
    /** Seed of the random generator, for reproducible images. */
    seed: z.optional(int()),
    /** Size of the image in pixels. */
    targetSize: z.optional(z.strictObject({ width: pixels, height: pixels })),
  }),
});

export type ImageTextToImageInput = z.input<typeof imageTextToImageInput>;
/** The image the model made, typed by its `Content-Type`. */
export type ImageTextToImageOutput = Blob;

/** fal: with an image, its image-to-image body; without one, the parameters (the prompt among them) alone. */
const falAi = /* @__PURE__ */ hooked({
  ...falAiImageToImageHooks,
  body: (wire, call) =>
    partsOf(wire).inputs === undefined ? { json: partsOf(wire).parameters } : falAiImageToImageHooks.body!(wire, call),
});

/**
 * Edits an image from a prompt, or draws one from the prompt alone (models such as Qwen-Image-Edit
 * or FLUX.1-Kontext). Served by Inference Providers; the call waits for the job and downloads the image.
 * @example
 * const image = await imageTextToImage({ inputs: photo, parameters: { prompt: 'Make it snow' } });
 */
export const imageTextToImage = /* @__PURE__ */ createBlobTask({
  name: 'imageTextToImage',
  task: 'image-text-to-image',
  route: 'model',
  providers: { 'fal-ai': falAi, wavespeed: wavespeedImageTextToImage },
  kind: 'mutation',
  defaultModel: 'Qwen/Qwen-Image-Edit',
  input: imageTextToImageInput,
  toWire: ({ inputs, parameters }) => (inputs ? binaryBody(inputs, parameters) : jsonBody(undefined, parameters)),
  expected: 'image bytes',
});
