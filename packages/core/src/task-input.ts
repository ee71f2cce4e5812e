/**
 * A task's input as a call gives it: which arguments are input and which are request options, its
 * validation with messages that name every bad field, and whether it is filled in at all yet.
 */
import type * as z from 'zod/mini';
import { toCamelKey } from './case';
import { InferenceValidationError, type ValidationIssue } from './errors';
import { OPTION_KEYS, type RequestOptions } from './options';
import type { Schema, TaskArgs, TaskDefinition } from './task';

const DEFAULT_INPUT_KEYS: readonly string[] = ['inputs', 'parameters'];

const describeType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) value = (value as Record<PropertyKey, unknown> | null | undefined)?.[key];
  return value;
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const value = valueAt(root, issue.path);
      return value === undefined
        ? `is required (expected ${issue.expected})`
        : `expected ${issue.expected}, received ${describeType(value)}`;
    }
    case 'too_small':
      return issue.origin === 'array'
        ? `needs at least ${issue.minimum} item(s)`
        : issue.origin === 'string'
          ? `must not be empty`
          : `must be ${issue.inclusive ? '≥' : '>'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `allows at most ${issue.maximum} item(s)`
        : `must be ${issue.inclusive ? '≤' : '<'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `unknown key(s) ${issue.keys
        .map((key) => {
          const camel = toCamelKey(key);
          return camel !== key ? `"${key}" (use "${camel}")` : `"${key}"`;
        })
        .join(', ')}`;
    case 'invalid_union':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'does not match any accepted form';
    default:
      return issue.message || 'is invalid';
  }
}

/** zod's issues as fields and messages a person can act on (`parameters.candidateLabels`: needs at least 1 item(s)). */
export function describeIssues(issues: readonly z.core.$ZodIssue[], value: unknown): ValidationIssue[] {
  return issues.map((issue) => {
    let path = issue.path.map(String).join('.');
    let message = describeIssue(issue, value);
    if (issue.code === 'unrecognized_keys' && issue.keys.length === 1) {
      path = path ? `${path}.${issue.keys[0]}` : String(issue.keys[0]);
    }
    if (issue.code === 'custom' && issue.message) message = issue.message;
    return { path, message };
  });
}

/** Parses `value` with `schema` or throws `InferenceValidationError` naming every bad field. */
export function validateInput<T>(task: string, schema: Schema<T>, value: unknown): T {
  const result = (schema as unknown as z.ZodMiniType<T>).safeParse(value);
  if (result.success) return result.data;
  throw new InferenceValidationError(task, describeIssues(result.error.issues, value));
}

/** Splits a call's arguments into the validated task input and the request options. */
export function validateArgs<TInput>(definition: TaskDefinition<TInput, unknown>, args: TaskArgs<TInput>) {
  if (!args || typeof args !== 'object') {
    throw new InferenceValidationError(definition.name, [{ path: '', message: 'expected an object of arguments' }]);
  }
  const inputKeys = definition.inputKeys ?? DEFAULT_INPUT_KEYS;
  const picked: Record<string, unknown> = {};
  const options: Record<string, unknown> = {};
  let unknown: string[] | undefined;
  // `Object.keys` + lookup rather than `Object.entries` (a pair array per key), and no `unknown` array
  // unless needed: both showed in a profile of in-memory calls (bench/overhead.mjs).
  for (const key of Object.keys(args)) {
    const value = (args as Record<string, unknown>)[key];
    if (inputKeys.includes(key)) {
      if (value !== undefined) picked[key] = value;
    } else if (OPTION_KEYS.has(key)) options[key] = value;
    else (unknown ??= []).push(key);
  }
  if (unknown) {
    throw new InferenceValidationError(
      definition.name,
      unknown.map((key) => ({
        path: key,
        message: `is not an argument of ${definition.name}; it takes ${inputKeys.join(', ')} and request options${
          inputKeys.includes('parameters') ? ' (task parameters go inside `parameters`)' : ''
        }`,
      })),
    );
  }
  return { input: validateInput(definition.name, definition.input, picked), options: options as RequestOptions };
}

type Issue = { code: string; path: PropertyKey[]; origin?: string; minimum?: unknown; errors?: Issue[][] };

/** An issue that says "nothing typed yet" rather than "typed something wrong". */
function isEmptiness(issue: Issue, root: unknown, base: readonly PropertyKey[] = []): boolean {
  const path = [...base, ...issue.path];
  // An empty item in a list the user filled ("sentences: ['a', '']") is a mistake to name, not a
  // reason to switch the whole query off without a word.
  if (issue.code === 'too_small' && issue.origin === 'string' && typeof path[path.length - 1] === 'number') {
    return false;
  }
  if (issue.code === 'too_small' && (issue.origin === 'string' || issue.origin === 'array')) {
    return Number(issue.minimum) <= 1;
  }
  if (issue.code === 'invalid_union' && issue.errors) {
    return issue.errors.some((branch) => branch.length > 0 && branch.every((inner) => isEmptiness(inner, root, path)));
  }
  return valueAt(root, path) == null;
}

const isBlank = (value: unknown) => typeof value === 'string' && value.trim() === '';

/**
 * Whether a task's input is not filled in yet: an empty or blank text, an empty list, or a required
 * field (such as `candidateLabels`, or the file of an image task) still missing. A UI keeps such a
 * call from being sent rather than showing it fail; any other invalid input is left for the task
 * to reject with its `InferenceValidationError`, before any request.
 * @example
 * isEmptyTaskInput(zeroShotClassification.definition, { inputs: 'hi', parameters: { candidateLabels: [] } }); // true
 */
export function isEmptyTaskInput(definition: Pick<TaskDefinition, 'input' | 'inputKeys'>, args: object): boolean {
  const input: Record<string, unknown> = {};
  for (const key of definition.inputKeys ?? DEFAULT_INPUT_KEYS) {
    const value = (args as Record<string, unknown>)[key];
    if (value !== undefined) input[key] = value;
  }
  if (isBlank(input.inputs)) return true;
  // A blank text field of an object input (a question, a source sentence) is not filled in either.
  const inputs = input.inputs;
  if (inputs && typeof inputs === 'object' && !Array.isArray(inputs) && !(inputs instanceof Blob)) {
    if (Object.values(inputs).some(isBlank)) return true;
  }
  const result = (definition.input as unknown as z.ZodMiniType).safeParse(input);
  return !result.success && (result.error.issues as unknown as Issue[]).every((issue) => isEmptiness(issue, input));
}
