/**
 * @inferkit/emulator: a local stand-in for the Hugging Face Inference API. This entry is
 * browser-safe (use it inside MSW); the Node server is in `@inferkit/emulator/node`.
 */
export {
  DEFAULT_LIMITS,
  FAULT_HEADER,
  MAPPING_FORM_HEADER,
  createEmulatorHandler,
  type EmulatorConfig,
  type EmulatorHandler,
  type EmulatorLimits,
  type RequestLogEntry,
} from './handler';
export { catalogueModels } from './models';
export {
  createCatalogue,
  defaultCatalogue,
  frameworkOf,
  listModels,
  servesChat,
  servesTask,
  type Catalogue,
} from './catalogue';
export {
  FaultSyntaxError,
  LATENCY_PRESETS,
  activeFaults,
  parseFaults,
  systemClock,
  type ActiveFaults,
  type Clock,
  type FaultItem,
  type FaultKind,
  type LatencySettings,
} from './faults';
export {
  DEFAULT_POLICY,
  POLICIES,
  chooseChatProvider,
  findByProviderId,
  providerMappingFor,
  providersOf,
  splitModelSuffix,
  type ChatOffer,
  type ProviderEntry,
  type ProviderMapping,
  type ProviderPolicy,
} from './providers-catalogue';
export { DEFAULT_JOB_SETTINGS, OPENAI_PREFIXES, type JobSettings } from './provider-routes';
export { CHAT_ENGINE, engines } from './engines/index';
export {
  EngineInputError,
  type CatalogueModel,
  type Engine,
  type EngineCompat,
  type EngineContext,
  type EngineRoute,
  type StreamSettings,
} from './engines/types';
