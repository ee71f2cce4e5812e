import type { CatalogueModel, Engine } from './types';

/** Engines for the tasks not built into the handler's core set, keyed by pipeline tag. */
export const moreEngines: Record<string, Engine> = {};

/** Catalogue entries for those tasks. */
export const moreModels: CatalogueModel[] = [];
