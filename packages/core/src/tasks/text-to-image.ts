import * as z from 'zod/mini';
import { imageFromB64Json } from '../media';
import { createBlobTask } from '../task';
import { falAiTextToImage } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';
import { int, intFrom, jsonBody, text } from '../wire';
import { replicateTextToImage } from '../providers/replicate';
import { wavespeedTextToImage } from '../providers/wavespeed';
import { togetherTextToImage } from '../providers/together';
import { nscaleTextToImage } from '../providers/nscale';
import { deepinfraTextToImage } from '../providers/deepinfra';
import { zaiOrgTextToImage } from '../providers/zai-org';

const pixels = /* @__PURE__ */ intFrom(1);

/** Input of {@link textToImage}. */
export const textToImageInput = z.object({
  /** The prompt: what the image should show. */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** Higher follows the prompt more closely; too high saturates the image. */
      guidanceScale: z.optional(z.number()),
      /** What the image should not contain. */
      negativePrompt: z.optional(z.string()),
      /** Denoising steps: more is slower and usually better. */
      numInferenceSteps: z.optional(intFrom(1)),
      /** Width of the image in pixels. */
      width: z.optional(pixels),
      /** Height of the image in pixels. */
      height: z.optional(pixels),
      /** A scheduler compatible with the model, replacing its default. */
      scheduler: z.optional(z.string()),
      /** Seed of the random generator, for reproducible images. */
      seed: z.optional(int()),
    }),
  ),
});

export type TextToImageInput = z.input<typeof textToImageInput>;
/** The generated image, typed by its `Content-Type` (`image/jpeg`, `image/png`, ...). */
export type TextToImageOutput = Blob;

/**
 * Generates an image from a prompt.
 * @example
 * const image = await textToImage({
 *   inputs: 'An astronaut riding a horse on the moon',
 *   parameters: { negativePrompt: 'blurry', seed: 42 },
 * });
 * img.src = URL.createObjectURL(image);
 */
export const textToImage = /* @__PURE__ */ createBlobTask({
  name: 'textToImage',
  task: 'text-to-image',
  route: 'model',
  providers: {
    'hf-inference': hfInference,
    'fal-ai': falAiTextToImage,
    replicate: replicateTextToImage,
    wavespeed: wavespeedTextToImage,
    together: togetherTextToImage,
    nscale: nscaleTextToImage,
    deepinfra: deepinfraTextToImage,
    'zai-org': zaiOrgTextToImage,
  },
  kind: 'mutation',
  defaultModel: 'black-forest-labs/FLUX.1-schnell',
  input: textToImageInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  blobFromJson: imageFromB64Json,
  expected: 'image bytes (or { data: [{ b64_json }] })',
});
