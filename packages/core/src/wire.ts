import * as z from 'zod/mini';
import { toSnake } from './case';
import type { WireBody } from './task';

export { toSnake };

/** Bytes a binary task accepts. */
export type BinaryInput = Blob | ArrayBuffer | Uint8Array;

const isBinary = (value: unknown): value is BinaryInput =>
  (typeof Blob !== 'undefined' && value instanceof Blob) || value instanceof ArrayBuffer || value instanceof Uint8Array;

/** Schema for binary input (image or audio bytes). Pure, so text tasks' bundles drop it. */
export const binary = /* @__PURE__ */ z.custom<BinaryInput>(isBinary, {
  message: 'expected a Blob, ArrayBuffer or Uint8Array of the file bytes',
});

/**
 * A check that a string or list is not empty: what `z.minLength(1)` says, with the same issue
 * (`too_small`, not aborting, so a union still names the branch that nearly fit), as a plain check,
 * where `z.minLength` would bundle zod's length checks into every task (0.27 kB gzip of one task,
 * bench/size.mjs). Every length check of core is this one.
 */
export const nonEmpty = (payload: z.core.ParsePayload<string | readonly unknown[]>): void => {
  const { value } = payload;
  if (!value.length) {
    const origin = typeof value === 'string' ? 'string' : 'array';
    payload.issues.push({ code: 'too_small', origin, minimum: 1, inclusive: true, input: value, continue: true });
  }
};

/** A non-empty string. */
export const text = z.string().check(nonEmpty);

/**
 * A check that `predicate` holds for the value, else an issue saying `message`: what `z.refine`
 * does, as a plain check, where `z.refine` would bundle zod's custom schema into the task.
 */
export const holds =
  /* @__NO_SIDE_EFFECTS__ */
  <T>(predicate: (value: T) => boolean, message: string) =>
    (payload: z.core.ParsePayload<T>): void => {
      if (!predicate(payload.value)) payload.issues.push({ code: 'custom', message, input: payload.value });
    };

/**
 * An integer: `z.number()` with a check, where `z.int()` would bundle zod's number formats into
 * every task (bench/size.mjs shows the difference).
 */
export const int = () => z.number().check(holds(Number.isInteger, 'must be an integer'));

/**
 * An integer of at least `min` (a count, a size, a stride): as `int`, where `z.positive()` or
 * `z.nonnegative()` would bundle zod's comparisons into a task that has no other use for them.
 */
export const intFrom = (min: number) =>
  z.number().check(holds((v) => Number.isInteger(v) && v >= min, `must be an integer ≥ ${min}`));

/** A number of at least 0 (a temperature). */
export const atLeast0 = /* @__PURE__ */ z.number().check(holds((v) => v >= 0, 'must be ≥ 0'));

/** A number from 0 to 1, both included (a threshold, OpenAI's `top_p`). */
export const unit = /* @__PURE__ */ z.number().check(holds((v) => v >= 0 && v <= 1, 'must be between 0 and 1'));

/** A probability above 0, up to 1 included (TGI's and transformers' `top_p`, `typical_p`). */
export const probability = /* @__PURE__ */ z.number().check(holds((v) => v > 0 && v <= 1, 'must be > 0 and ≤ 1'));

/**
 * `schema` with its valid output turned into another by `map`: what
 * `z.pipe(schema, z.transform(map))` does, as a check that replaces the value, where pipe and
 * transform would bundle about 0.4 kB gzip of zod into every task (bench/size.mjs). `map` runs only
 * on a value `schema` accepted; it may report a problem through `issues` instead, which fails the parse.
 */
export const mapped = <S extends z.ZodMiniType, O>(
  schema: S,
  map: (value: z.output<S>, issues: z.core.$ZodRawIssue[]) => O,
): z.ZodMiniType<O, z.input<S>> =>
  schema.check((payload) => {
    // Checks go on after a problem that does not abort (an array too short), where a pipe stops.
    if (!payload.issues.length)
      (payload as { value: unknown }).value = map(payload.value as z.output<S>, payload.issues);
  }) as never;

/**
 * An object whose keys are any strings and whose values all match `values` (a JSON Schema, tool
 * arguments, a table's columns): what `z.record(z.string(), values)` says, as an object with a
 * catch-all, which zod already bundles for every task, where `z.record` would add its own code.
 */
export const recordOf = <T extends z.core.SomeType>(values: T) => z.catchall(z.object({}), values);

/** `[{ label, score }]`, the shape of most classification outputs. */
export const labelScores = z.array(z.object({ label: z.string(), score: z.number() }));

/** A label with its score. */
export type LabelScore = { label: string; score: number };

/** Sorts by descending score, as the API does; stable for ties. */
export function byScore<T extends { score: number }>(items: T[]): T[] {
  // Answers nearly always come sorted; a stable sort leaves an array whose neighbours are all in
  // order (comparator ≤ 0) as it is, so the copy alone is the same result without the comparator
  // calls, which showed in a profile of in-memory calls (bench/overhead.mjs).
  for (let i = 1; i < items.length; i++) {
    if (items[i]!.score - items[i - 1]!.score > 0) return items.slice().sort((a, b) => b.score - a.score);
  }
  return items.slice();
}

/** `{ inputs, parameters }` JSON, with parameters in snake_case and omitted when empty. */
export function jsonBody(inputs: unknown, parameters?: object): WireBody {
  const wire = toSnake(parameters);
  return { json: wire ? { inputs, parameters: wire } : { inputs } };
}

/** Uint8Array of any binary input. */
export async function toBytes(input: BinaryInput): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  return new Uint8Array(await input.arrayBuffer());
}

/** Standard base64 of bytes, in chunks so large files do not overflow the call stack. */
export function base64(bytes: Uint8Array): string {
  let binaryString = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binaryString += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000) as unknown as number[]);
  }
  return btoa(binaryString);
}

/**
 * A binary task's body: the raw bytes when there are no parameters (as the API prefers), otherwise
 * `{ inputs: base64, parameters }` JSON.
 */
export async function binaryBody(inputs: BinaryInput, parameters?: object): Promise<WireBody> {
  const wire = toSnake(parameters);
  if (!wire) {
    const type =
      typeof Blob !== 'undefined' && inputs instanceof Blob && inputs.type ? inputs.type : 'application/octet-stream';
    return { body: inputs, contentType: type };
  }
  return { json: { inputs: base64(await toBytes(inputs)), parameters: wire } };
}
