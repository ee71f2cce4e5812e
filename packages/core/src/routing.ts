/**
 * Provider routing for every task but chat: ask the Hub which providers serve the model (cached, see
 * `hub.ts`), take the first in the call's order that serves the task, and build its route. Kept out
 * of `transport.ts` so that chat, which the router routes itself, does not bundle it.
 */
import { providerMapping, type ProviderMapping } from './hub';
import { HF_INFERENCE_ONLY } from './providers/hf-inference';
import type { ProviderTable } from './providers/types';
import { invalid, type CallSpec, type Picker } from './transport';

const SENTENCE_TASKS = ['feature-extraction', 'sentence-similarity'];

/** The Hub maps sentence-transformers models for one of the two; either serves both. */
const servesTask = (mapped: string, task: string) =>
  mapped === task || (SENTENCE_TASKS.includes(mapped) && SENTENCE_TASKS.includes(task));

const names = (list: readonly string[]) => list.map((n) => `"${n}"`).join(', ') || 'none';

/**
 * Picks the provider from the Hub's mapping, in the call's order of preference. When none fits, one
 * message names what the Hub maps the model to (provider and task) and what the call needs.
 */
function choose(spec: CallSpec, model: string, table: ProviderTable, mappings: ProviderMapping[], wanted: string[]) {
  for (const provider of wanted.length ? wanted : mappings.map((m) => m.provider)) {
    const entry = mappings.find((m) => m.provider === provider && servesTask(m.task, spec.task));
    if (entry && table[provider]) return entry;
  }
  const served = mappings.map((m) => `"${m.provider}" (${m.task})`).join(', ');
  throw invalid(
    spec.name,
    wanted.length ? 'provider' : 'model',
    served
      ? `"${model}" is served by ${served}, but ${spec.name} needs "${spec.task}"${wanted.length ? ` on ${names(wanted)}` : ''} (served by ${names(Object.keys(table))}); pick another model or provider, or call the task it is served for`
      : `"${model}" is not served by any Inference Provider (the Hub maps it to none)`,
  );
}

/** The {@link Picker} of provider-routed tasks. */
export const viaHub: Picker = (spec, model, root, wanted, options) => {
  const table = spec.providers ?? HF_INFERENCE_ONLY;
  // `id:provider` names the provider, as it does for chat; the router's policies (`:fastest`…) are
  // chat's only, so they fail below like any provider the task has no route for.
  const [id, suffix] = model.split(':');
  if (suffix !== undefined) {
    if (wanted.length) {
      throw invalid(spec.name, 'provider', `cannot be combined with the suffix of "${model}"; give one of them`);
    }
    model = id!;
    wanted = [suffix];
  }
  for (const p of wanted) {
    if (!table[p]) {
      throw invalid(
        spec.name,
        'provider',
        `"${p}" does not serve ${spec.name}; the providers that do: ${names(Object.keys(table))}`,
      );
    }
  }
  return providerMapping(model, options).then((mappings) => {
    const entry = choose(spec, model, table, mappings, wanted);
    const task = table[entry.provider]!;
    const call = {
      root,
      model: entry.providerId,
      task: spec.task,
      route: spec.route,
      options,
      lora: entry.adapter === 'lora' ? { repo: model, weights: entry.adapterWeightsPath } : undefined,
    };
    return {
      url: `${root}/${entry.provider}${task.path(call)}`,
      shown: model,
      wireModel: entry.providerId,
      provider: task,
      call,
    };
  });
};
