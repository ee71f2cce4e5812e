import * as z from 'zod/mini';
import { generationParameters, withGenerationParameters } from '../generation';
import { createTask } from '../task';
import { binary, binaryBody, intFrom, mapped } from '../wire';
import { hfInference } from '../providers/hf-inference';
import { zaiOrgImageToText } from '../providers/zai-org';

/** Input of {@link imageToText}. */
export const imageToTextInput = z.object({
  /** The image bytes (PNG, JPEG, ...). */
  inputs: binary,
  parameters: z.optional(
    z.strictObject({
      /** Maximum number of tokens to generate. */
      maxNewTokens: z.optional(intFrom(1)),
      /** How the text is generated. */
      generationParameters: z.optional(generationParameters),
    }),
  ),
});

const caption = z.object({ generated_text: z.string() });

/** Output: `{ generatedText }`, whether the server wrapped it in an array or not. */
export const imageToTextOutput = mapped(z.union([caption, z.tuple([caption], caption)]), (value) => ({
  generatedText: (Array.isArray(value) ? value[0] : value).generated_text,
}));

export type ImageToTextInput = z.input<typeof imageToTextInput>;
export type ImageToTextOutput = z.output<typeof imageToTextOutput>;

/**
 * Describes an image in words (captioning, OCR, ... depending on the model).
 * @example
 * const { generatedText } = await imageToText({ inputs: file });
 * generatedText; // 'a dog laying on the grass next to a flower pot'
 */
export const imageToText = /* @__PURE__ */ createTask({
  name: 'imageToText',
  task: 'image-to-text',
  route: 'model',
  providers: { 'hf-inference': hfInference, 'zai-org': zaiOrgImageToText },
  kind: 'query',
  defaultModel: 'Salesforce/blip-image-captioning-large',
  input: imageToTextInput,
  toWire: ({ inputs, parameters }) => binaryBody(inputs, withGenerationParameters(parameters)),
  output: imageToTextOutput,
  expected: '[{ generated_text }] or { generated_text }',
});
