import * as z from 'zod/mini';
import { createTask } from '../task';
import { holds, int, intFrom, jsonBody, mapped, text } from '../wire';

/** Input of {@link tokenClassification}. */
export const tokenClassificationInput = z.object({
  /** The text to tag. */
  inputs: text,
  parameters: z.optional(
    z.strictObject({
      /** Labels to leave out of the result (the pipeline drops `O` by default). */
      ignoreLabels: z.optional(z.array(z.string())),
      /** Overlap, in tokens, between the chunks a long text is split into. */
      stride: z.optional(intFrom(0)),
      /** How sub-word tokens are merged into entities; `none` returns one item per token. */
      aggregationStrategy: z.optional(z.enum(['none', 'simple', 'first', 'average', 'max'])),
    }),
  ),
});

/** One entity (aggregated) or one token (`aggregationStrategy: 'none'`). */
export interface TokenClassificationEntity {
  /** The entity type (`PER`, `LOC`, ...), when tokens were aggregated. */
  entityGroup?: string;
  /** The token's tag with its B-/I- prefix (`B-PER`), when tokens were not aggregated. */
  entity?: string;
  /** Position of the token in the tokenized input, when tokens were not aggregated. */
  index?: number;
  score: number;
  /** The text of the entity or token, as the tokenizer decodes it. */
  word: string;
  /**
   * Offsets in the input, in Unicode code points (Python string indices), not UTF-16 units: for text
   * with characters outside the BMP (emoji), use `Array.from(text).slice(start, end).join('')`.
   * Absent when the model's tokenizer cannot map tokens back to the text.
   */
  start?: number;
  end?: number;
}

const wireEntity = z
  .object({
    entity_group: z.optional(z.string()),
    entity: z.optional(z.string()),
    index: z.optional(int()),
    score: z.number(),
    word: z.string(),
    start: z.nullish(int()),
    end: z.nullish(int()),
  })
  .check(holds((e) => e.entity_group !== undefined || e.entity !== undefined, 'needs entity_group or entity'));
type WireEntity = z.infer<typeof wireEntity>;

function normalise(e: WireEntity): TokenClassificationEntity {
  const out: TokenClassificationEntity = { score: e.score, word: e.word };
  if (e.entity_group !== undefined) out.entityGroup = e.entity_group;
  if (e.entity !== undefined) out.entity = e.entity;
  if (e.index !== undefined) out.index = e.index;
  if (e.start != null) out.start = e.start;
  if (e.end != null) out.end = e.end;
  return out;
}

/** Output: the entities in the order the server gave them (their order in the text). */
export const tokenClassificationOutput = mapped(z.array(wireEntity), (entities): TokenClassificationEntity[] =>
  entities.map(normalise),
);

export type TokenClassificationInput = z.input<typeof tokenClassificationInput>;
export type TokenClassificationOutput = z.output<typeof tokenClassificationOutput>;

/**
 * Tags spans of a text: named entities (NER), parts of speech, ...
 * @example
 * const entities = await tokenClassification({
 *   inputs: 'My name is Sarah Jessica Parker but you can call me Jessica',
 *   parameters: { aggregationStrategy: 'simple' },
 * });
 * entities[0]; // { entityGroup: 'PER', score: 0.997, word: 'Sarah Jessica Parker', start: 11, end: 31 }
 */
export const tokenClassification = /* @__PURE__ */ createTask({
  name: 'tokenClassification',
  task: 'token-classification',
  route: 'model',
  kind: 'query',
  defaultModel: 'dslim/bert-base-NER',
  input: tokenClassificationInput,
  toWire: ({ inputs, parameters }) => jsonBody(inputs, parameters),
  output: tokenClassificationOutput,
  expected: '[{ entity_group or entity, score, word, start, end }]',
});
