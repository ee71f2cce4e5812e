import * as z from 'zod/mini';
import { imageFromB64Json } from '../media';
import { createBlobTask } from '../task';
import { falAiImageToImage } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';
import { binary, binaryBody, intFrom } from '../wire';
import { replicateImageToImage } from '../providers/replicate';
import { wavespeedImageToImage } from '../providers/wavespeed';
import { togetherImageToImage } from '../providers/together';

const pixels = /* @__PURE__ */ intFrom(1);

/** Input of {@link imageToImage}. */
export const imageToImageInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** What to turn the image into, e.g. `Turn it into a watercolour`. */
      prompt: z.optional(z.string()),
      /** Higher follows the prompt more closely, at some cost in image quality. */
      guidanceScale: z.optional(z.number()),
      /** What the image should not contain. */
      negativePrompt: z.optional(z.string()),
      /** Denoising steps: more is slower and usually better. */
      numInferenceSteps: z.optional(intFrom(1)),
      /** Size of the output image in pixels. */
      targetSize: z.optional(z.strictObject({ width: pixels, height: pixels })),
    }),
  ),
});

export type ImageToImageInput = z.input<typeof imageToImageInput>;
/** The image the server made, typed by its `Content-Type` (`image/png`, `image/jpeg`, ...). */
export type ImageToImageOutput = Blob;

/**
 * Transforms an image: edits from a prompt, super-resolution, inpainting, ... depending on the model.
 * @example
 * const image = await imageToImage({
 *   inputs: file,
 *   parameters: { prompt: 'Turn it into a watercolour' },
 * });
 * img.src = URL.createObjectURL(image);
 */
export const imageToImage = /* @__PURE__ */ createBlobTask({
  name: 'imageToImage',
  task: 'image-to-image',
  route: 'model',
  providers: {
    'hf-inference': hfInference,
    'fal-ai': falAiImageToImage,
    replicate: replicateImageToImage,
    wavespeed: wavespeedImageToImage,
    together: togetherImageToImage,
  },
  kind: 'mutation',
  defaultModel: 'timbrooks/instruct-pix2pix',
  input: imageToImageInput,
  // `targetSize` keys are already single words, so the shallow snake-casing is enough.
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  blobFromJson: imageFromB64Json,
  expected: 'image bytes (or { data: [{ b64_json }] })',
});
