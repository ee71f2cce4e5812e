/**
 * The Inference Providers the router serves with a Hugging Face token, as `@huggingface/inference`
 * 4.13 and huggingface_hub know them (black-forest-labs, hyperbolic and nebius left the router in July 2026; `openai` takes
 * only an OpenAI key, never a Hugging Face token). Chat on any of them goes through the router's
 * `/v1/chat/completions` (the provider as a `:name` suffix); the other tasks each name, in their
 * own file, the providers that serve them.
 */
export const PROVIDER_NAMES = [
  'baseten',
  'cerebras',
  'cohere',
  'deepinfra',
  'fal-ai',
  'featherless-ai',
  'fireworks-ai',
  'groq',
  'hf-inference',
  'novita',
  'nscale',
  'ovhcloud',
  'publicai',
  'replicate',
  'sambanova',
  'scaleway',
  'together',
  'wavespeed',
  'zai-org',
] as const;

/** An Inference Provider's name, as the router spells it in its routes (`fal-ai`, `hf-inference`, …). */
export type InferenceProviderName = (typeof PROVIDER_NAMES)[number];

/**
 * Which provider serves a call: a name, `'auto'` (the default: the first provider the Hub maps the
 * model to, in the order of the token owner's settings), or a list of names in order of preference.
 */
export type InferenceProviderOption = InferenceProviderName | 'auto' | readonly InferenceProviderName[];
