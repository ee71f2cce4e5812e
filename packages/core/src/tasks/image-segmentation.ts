import * as z from 'zod/mini';
import { base64Blob } from '../media';
import { createTask } from '../task';
import { binary, binaryBody, mapped, unit } from '../wire';
import { falAiImageSegmentation } from '../providers/fal-ai';
import { hfInference } from '../providers/hf-inference';

/** Input of {@link imageSegmentation}. */
export const imageSegmentationInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** Threshold that turns the predicted masks into black and white. */
      maskThreshold: z.optional(unit),
      /** Drops small disconnected pieces of a segment below this overlap. */
      overlapMaskAreaThreshold: z.optional(unit),
      /** Kind of segmentation, when the model can do several. */
      subtask: z.optional(z.enum(['instance', 'panoptic', 'semantic'])),
      /** Minimum score for a segment to be returned. */
      threshold: z.optional(unit),
    }),
  ),
});

/** Output: `[{ label, score, mask }]`, `mask` a black-and-white PNG `Blob`, in the server's order. */
export const imageSegmentationOutput = mapped(
  z.array(
    z.object({
      label: z.string(),
      // Semantic segmentation has no per-segment score: the server sends null (or nothing).
      score: z.optional(z.nullable(z.number())),
      mask: base64Blob('image/png'),
    }),
  ),
  (segments) => segments.map(({ label, score, mask }) => ({ label, score: score ?? null, mask })),
);

export type ImageSegmentationInput = z.input<typeof imageSegmentationInput>;
export type ImageSegmentationOutput = z.output<typeof imageSegmentationOutput>;

/**
 * Splits an image into labelled segments, each with a mask.
 * @example
 * const segments = await imageSegmentation({ inputs: file });
 * segments[0]; // { label: 'cat', score: 0.98, mask: Blob { type: 'image/png' } }
 * img.src = URL.createObjectURL(segments[0].mask);
 */
export const imageSegmentation = /* @__PURE__ */ createTask({
  name: 'imageSegmentation',
  task: 'image-segmentation',
  route: 'model',
  providers: { 'hf-inference': hfInference, 'fal-ai': falAiImageSegmentation },
  kind: 'query',
  defaultModel: 'facebook/detr-resnet-50-panoptic',
  input: imageSegmentationInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  output: imageSegmentationOutput,
  expected: '[{ label, score, mask: base64 PNG }]',
});
