/**
 * What the model pickers know about the emulator's catalogue. Shared by vite.config.ts (which
 * builds the data in Node) and the app (which imports it as a virtual module).
 */

/** The virtual module's id; see `playgroundCatalogue()` in vite.config.ts. */
export const CATALOGUE_MODULE = 'virtual:inferkit-catalogue';

/** Pipeline tags the playground has a page for (`conversational` is the chat route). */
export const catalogueTasks = [
  'zero-shot-classification',
  'text-classification',
  'token-classification',
  'conversational',
  'text-generation',
  'sentence-similarity',
  'fill-mask',
  'question-answering',
  'summarization',
  'translation',
  'image-classification',
  'object-detection',
  'text-to-image',
  'text-to-video',
  'text-to-speech',
] as const;

export type CatalogueTask = (typeof catalogueTasks)[number];

/** One model of a picker, with the few settings a page needs to build valid input. */
export interface PickerModel {
  id: string;
  /** Fill-mask: the token that marks the gap (`[MASK]`, `<mask>`). */
  maskToken?: string;
  /** Translation: default source and target languages. */
  source?: string;
  target?: string;
  /** Translation: the pair is fixed (Helsinki-NLP opus-mt); no language parameters. */
  fixed?: boolean;
  /** Translation: languages a multilingual model accepts. */
  languages?: string[];
}

export interface PlaygroundCatalogue {
  /** Where the proxy sends requests: the local emulator, Hugging Face's router, or another URL. */
  upstream: 'emulator' | 'hugging-face' | 'custom';
  models: Record<CatalogueTask, PickerModel[]>;
}
