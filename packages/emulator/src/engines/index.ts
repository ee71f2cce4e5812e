/**
 * The engine registry: pipeline tag → engine. The emulator's own language engines are merged over
 * `moreEngines` (the other tasks), so a task is implemented in exactly one place.
 */
import { chatCompletion } from './chat-completion';
import { moreEngines } from './more';
import { textClassification } from './text-classification';
import { textGeneration } from './text-generation';
import { tokenClassification } from './token-classification';
import type { Engine } from './types';
import { zeroShotClassification } from './zero-shot-classification';

/** Key of the chat engine, served on the `/v1/chat/completions` routes rather than a pipeline tag. */
export const CHAT_ENGINE = 'conversational';

export const builtinEngines: Readonly<Record<string, Engine>> = {
  'zero-shot-classification': zeroShotClassification,
  'text-classification': textClassification,
  // The Hub's older alias for text classification.
  'sentiment-analysis': textClassification,
  'token-classification': tokenClassification,
  // The Hub's older alias for token classification.
  ner: tokenClassification,
  'text-generation': textGeneration,
  [CHAT_ENGINE]: chatCompletion,
};

/** Every engine the handler can dispatch to. */
export const engines: Readonly<Record<string, Engine>> = { ...moreEngines, ...builtinEngines };

export type { CatalogueModel, Engine, EngineCompat, EngineContext, EngineRoute, StreamSettings } from './types';
export { EngineInputError } from './types';
