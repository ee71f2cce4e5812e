import { useState } from 'react';
import { catalogue as served } from 'virtual:inferkit-catalogue';
import type { CatalogueTask, PickerModel, PlaygroundCatalogue } from '../catalogue-tasks';

// Built by vite.config.ts with this very type.
const catalogue = served as PlaygroundCatalogue;

/** The models a page offers, from the emulator's catalogue. */
export const modelsFor = (task: CatalogueTask): readonly PickerModel[] => catalogue.models[task] ?? [];

/** Where requests end up, for the header badge. */
export const upstreamKind = catalogue.upstream;

/**
 * The model chosen on a page: the first of the catalogue unless `preferred` is in it. The choice
 * lives in the page's state, so each page starts from a known model.
 */
export function useModelChoice(task: CatalogueTask, preferred?: string) {
  const models = modelsFor(task);
  const initial = models.find((m) => m.id === preferred)?.id ?? models[0]?.id ?? preferred ?? '';
  const [model, setModel] = useState(initial);
  const info = models.find((m) => m.id === model);
  return { model, setModel, models, info } as const;
}
