import * as z from 'zod/mini';
import { createTask } from '../task';
import { binary, binaryBody, unit } from '../wire';

/** Input of {@link objectDetection}. */
export const objectDetectionInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** Minimum score for a detection to be returned. */
      threshold: z.optional(unit),
    }),
  ),
});

/** Output: `[{ label, score, box: { xmin, ymin, xmax, ymax } }]` in pixels, in the server's order. */
export const objectDetectionOutput = z.array(
  z.object({
    label: z.string(),
    score: z.number(),
    box: z.object({ xmin: z.number(), ymin: z.number(), xmax: z.number(), ymax: z.number() }),
  }),
);

export type ObjectDetectionInput = z.input<typeof objectDetectionInput>;
export type ObjectDetectionOutput = z.output<typeof objectDetectionOutput>;

/**
 * Finds objects in an image, with a bounding box for each.
 * @example
 * const objects = await objectDetection({ inputs: file, parameters: { threshold: 0.9 } });
 * objects[0]; // { label: 'cat', score: 0.99, box: { xmin: 12, ymin: 40, xmax: 310, ymax: 470 } }
 */
export const objectDetection = /* @__PURE__ */ createTask({
  name: 'objectDetection',
  task: 'object-detection',
  route: 'model',
  kind: 'query',
  defaultModel: 'facebook/detr-resnet-50',
  input: objectDetectionInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, parameters),
  output: objectDetectionOutput,
  expected: '[{ label, score, box: { xmin, ymin, xmax, ymax } }]',
});
