/**
 * Schema pieces that more than one task's input uses. Apart from the task files so that each task
 * file exports only its own public API (the entry point re-exports every task file whole).
 */
import * as z from 'zod/mini';
import { int, intFrom, nonEmpty } from './wire';

/** Truncation strategies of text-to-text pipelines (summarization, translation). */
export const truncationStrategy = z.enum(['do_not_truncate', 'longest_first', 'only_first', 'only_second']);

/**
 * Check for a table given as `{ column: values[] }`: at least one column, and every column as long
 * as the first, naming each one that is not (pandas rejects it server-side without naming the column).
 * Shared with the tabular tasks.
 */
export function sameLengthColumns<T extends Record<string, readonly unknown[]>>() {
  return z.superRefine<T>((table, ctx) => {
    const columns = Object.entries(table);
    const [first] = columns;
    if (!first) {
      ctx.addIssue({ code: 'custom', input: table, message: 'needs at least one column' });
      return;
    }
    for (const [name, values] of columns) {
      if (values.length !== first[1].length) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          input: table,
          message: `has ${values.length} row(s) but column "${first[0]}" has ${first[1].length}; every column needs the same number of rows`,
        });
      }
    }
  });
}

/**
 * The rows to predict, column by column, as `{ inputs: { data } }`. Column names are the model's
 * feature names and are sent exactly as given. `null` marks a missing value (NaN to pandas), for
 * models whose pipeline imputes them.
 */
export const tabularInputs = z.strictObject({
  data: z
    .record(z.string(), z.array(z.union([z.string(), z.number(), z.null()])).check(nonEmpty))
    .check(sameLengthColumns()),
});

const pixels = /* @__PURE__ */ intFrom(1);

/** The parameters of image-to-video and image-text-to-video. */
export const videoFromImageParameters = z.strictObject({
  /** What the video should show happening. */
  prompt: z.optional(z.string()),
  /** Higher follows the prompt more closely. */
  guidanceScale: z.optional(z.number()),
  /** What the video should not contain. */
  negativePrompt: z.optional(z.string()),
  /** How many frames to make. */
  numFrames: z.optional(intFrom(1)),
  /** Denoising steps: more is slower and usually better. */
  numInferenceSteps: z.optional(intFrom(1)),
  /** Seed of the random generator, for reproducible videos. */
  seed: z.optional(int()),
  /** Size of the video in pixels. */
  targetSize: z.optional(z.strictObject({ width: pixels, height: pixels })),
});
