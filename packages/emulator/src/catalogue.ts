/**
 * The catalogue: the models (models.ts) with a case-insensitive index, and what the routes ask of
 * it (which tasks a model serves, its serving framework, the picker's lists).
 */
import type { CatalogueModel } from './engines/types';
import { catalogueModels } from './models';

/**
 * A catalogue: the models with a case-insensitive index, as the Hub resolves ids regardless of case
 * (`Distilbert/...` finds `distilbert/...`).
 */
export interface Catalogue {
  readonly models: readonly CatalogueModel[];
  find(id: string): CatalogueModel | undefined;
}

/** Builds a catalogue; later entries with the same id replace earlier ones. */
export function createCatalogue(models: readonly CatalogueModel[]): Catalogue {
  const byId = new Map<string, CatalogueModel>();
  for (const model of models) byId.set(model.id.toLowerCase(), model);
  const list = [...byId.values()];
  return { models: list, find: (id) => byId.get(id.toLowerCase()) };
}

/** Every model the emulator serves by default. */
export const defaultCatalogue: Catalogue = /* @__PURE__ */ createCatalogue(catalogueModels);

/** Whether a model answers a task, counting the interchangeable embedding tasks as the router does. */
export function servesTask(model: CatalogueModel, task: string): boolean {
  if (model.task === task || model.tasks?.includes(task)) return true;
  const embedding = ['feature-extraction', 'sentence-similarity'];
  return embedding.includes(task) && embedding.includes(model.task);
}

/** Whether a model answers the chat route (an LLM tagged `conversational`, or a vision-language model). */
export const servesChat = (model: CatalogueModel): boolean =>
  servesTask(model, 'conversational') || model.task === 'image-text-to-text' || model.options?.conversational === true;

/** The serving framework `/status` reports, derived from the task when the entry does not say. */
export function frameworkOf(model: CatalogueModel): string {
  if (model.framework) return model.framework;
  if (typeof model.options?.framework === 'string') return model.options.framework;
  switch (model.task) {
    case 'text-generation':
      return 'text-generation-inference';
    case 'feature-extraction':
    case 'sentence-similarity':
      return 'sentence-transformers';
    case 'text-to-image':
    case 'image-to-image':
      return 'diffusers';
    case 'tabular-classification':
    case 'tabular-regression':
      return 'sklearn';
    default:
      return 'transformers';
  }
}

/**
 * Models for the playground's picker: all of them, or those serving `task` (a pipeline tag, or
 * `conversational` for chat).
 * @example
 * listModels('zero-shot-classification').map((m) => m.id); // ['facebook/bart-large-mnli', ...]
 */
export function listModels(task?: string, catalogue: Catalogue = defaultCatalogue): CatalogueModel[] {
  if (!task) return [...catalogue.models];
  if (task === 'conversational' || task === 'chat-completion') return catalogue.models.filter(servesChat);
  return catalogue.models.filter((m) => servesTask(m, task));
}
