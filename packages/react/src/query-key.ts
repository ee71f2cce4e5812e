import { taskTable, type InferenceClient, type InferenceProviderOption, type TaskName } from '@inferkit/core';
import type { ClientDefaults } from './provider';

/** The first element of every query key this package makes, for `invalidateQueries({ queryKey: ['inferkit'] })`. */
export const INFERENCE_KEY_ROOT = 'inferkit';

/**
 * A task call's query key: `['inferkit', task, modelOrEndpoint, inputs, parameters]`, then the
 * provider when one is named (not `'auto'`).
 * Object keys are sorted and `undefined` fields dropped, so `{ a, b }` and `{ b, a }` give the same
 * key; binary inputs appear as `{ $binary: id }` (see {@link inferenceQueryKey}).
 */
export type InferenceQueryKey = readonly [
  typeof INFERENCE_KEY_ROOT,
  task: string,
  model: string | null,
  inputs: unknown,
  parameters: unknown,
  provider?: unknown,
];

const binaryIds = new WeakMap<object, number>();
let nextBinaryId = 0;

const isBinary = (value: object): boolean =>
  (typeof Blob !== 'undefined' && value instanceof Blob) || value instanceof ArrayBuffer || ArrayBuffer.isView(value);

const isPlainObject = (value: object): value is Record<string, unknown> => {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

/**
 * Key-safe copy of a value: sorted object keys, no `undefined` fields, and bytes replaced by a
 * per-object id, because hashing megabytes of audio on every render would cost more than the
 * cache saves. The same `Blob` always gets the same id; an equal copy of it does not.
 */
function keyPart(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value === undefined ? null : value;
  if (isBinary(value)) {
    let id = binaryIds.get(value);
    if (id === undefined) binaryIds.set(value, (id = ++nextBinaryId));
    return { $binary: id };
  }
  if (Array.isArray(value)) return value.map(keyPart);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    if (value[key] !== undefined) out[key] = keyPart(value[key]);
  }
  return out;
}

type KeyArgs = {
  inputs?: unknown;
  parameters?: unknown;
  model?: string | undefined;
  endpointUrl?: string | undefined;
  provider?: InferenceProviderOption | undefined;
};

/** The model or endpoint a call goes to, resolved the way the client resolves it. */
export function resolveModel(
  defaultModel: string | undefined,
  args: { model?: string | undefined; endpointUrl?: string | undefined },
  client?: ClientDefaults,
): string | null {
  // A per-call model or endpoint replaces both client defaults (see InferenceClient).
  if (args.model || args.endpointUrl) return args.model || args.endpointUrl || null;
  const defaults = client?.options;
  return defaults?.model || defaults?.endpointUrl || defaultModel || null;
}

/**
 * {@link inferenceQueryKey} from the task's own definition rather than its name, so a hook that
 * knows its task function does not pull in the whole task table.
 */
export function taskQueryKey(
  definition: { name: string; defaultModel?: string | undefined },
  args: KeyArgs,
  client?: ClientDefaults,
): InferenceQueryKey {
  const key = [
    INFERENCE_KEY_ROOT,
    definition.name,
    resolveModel(definition.defaultModel, args, client),
    keyPart(args.inputs),
    keyPart(args.parameters ?? {}),
  ] as const;
  // A named provider is another answer (and another bill): switching provider must refetch.
  const provider = args.provider ?? client?.options.provider;
  return provider && provider !== 'auto' ? [...key, keyPart(provider)] : key;
}

/**
 * The stable query key of a task call. Request options other than the model or endpoint (token,
 * headers, timeout, base URL) are not part of it.
 * @example
 * queryClient.invalidateQueries({
 *   queryKey: inferenceQueryKey('zeroShotClassification', { inputs: 'hi', parameters: { candidateLabels: ['a'] } }),
 * });
 * // or every zero-shot query: { queryKey: ['inferkit', 'zeroShotClassification'] }
 */
export function inferenceQueryKey(taskName: TaskName, args: KeyArgs, client?: InferenceClient): InferenceQueryKey {
  return taskQueryKey({ name: taskName, defaultModel: taskTable[taskName].definition.defaultModel }, args, client);
}
