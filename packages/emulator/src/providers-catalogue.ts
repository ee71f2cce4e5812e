/**
 * Which Inference Providers serve each model, as the Hub maps them (`GET /api/models/{id}?expand[]=
 * inferenceProviderMapping`), and what the router's `GET /v1/models` says about each chat offer
 * (context, price, speed). Chat LLMs are served by chat providers only, never hf-inference; FLUX by
 * the image providers; every other model by hf-inference under its own id. The provider routes
 * (`/fal-ai/...`, `/replicate/...`, `/together/...`, see provider-routes.ts) serve from this same table.
 *
 * Numbers are realistic snapshots (USD per million tokens, milliseconds, tokens per second), not live data.
 */
import { defaultCatalogue, servesChat, type Catalogue } from './catalogue';
import type { CatalogueModel } from './engines/types';

/** One provider's mapping of a Hub model, as the Hub's array form lists it. */
export interface ProviderMapping {
  provider: string;
  /** The id the provider itself uses (and echoes in its answers). */
  providerId: string;
  status: 'live' | 'staging';
  /** Hub pipeline tag the provider serves; `conversational` for chat. */
  task: string;
}

/** What the router's `/v1/models` reports for one chat provider of a model. */
export interface ChatOffer {
  contextLength: number;
  /** USD per million tokens; absent when the provider has not published a price. */
  pricing?: { input: number; output: number } | undefined;
  supportsTools: boolean;
  supportsStructuredOutput: boolean;
  firstTokenLatencyMs?: number | undefined;
  /** Output tokens per second. */
  throughput?: number | undefined;
}

/** A mapping plus, for chat providers, the offer. */
export interface ProviderEntry extends ProviderMapping {
  chat?: ChatOffer | undefined;
}

/** provider, providerId, context, input $, output $, tools, structured output, first-token ms, tokens/s. */
type ChatRow = [string, string, number, number | null, number | null, boolean, boolean, number, number];

const chat = (rows: ChatRow[]): ProviderEntry[] =>
  rows.map(([provider, providerId, contextLength, input, output, tools, structured, latency, throughput]) => ({
    provider,
    providerId,
    status: 'live',
    task: 'conversational',
    chat: {
      contextLength,
      pricing: input === null || output === null ? undefined : { input, output },
      supportsTools: tools,
      supportsStructuredOutput: structured,
      firstTokenLatencyMs: latency,
      throughput,
    },
  }));

/** Entries of one task: `[provider, providerId]` rows. */
const mapped =
  (task: string) =>
  (rows: [string, string][]): ProviderEntry[] =>
    rows.map(([provider, providerId]) => ({ provider, providerId, status: 'live', task }));
const image = mapped('text-to-image');

/**
 * The mapped models, keyed by lower-case Hub id, providers in the Hub's order (`:preferred` takes the
 * first). Each chat model's first, fastest and cheapest providers differ where the real ones do, so
 * the suffix policies can be told apart.
 */
const MAPPINGS: Readonly<Record<string, ProviderEntry[]>> = {
  'meta-llama/llama-3.1-8b-instruct': chat([
    ['groq', 'llama-3.1-8b-instant', 131072, 0.05, 0.08, true, false, 170, 760],
    ['cerebras', 'llama3.1-8b', 32768, 0.1, 0.1, true, true, 210, 2150],
    ['novita', 'meta-llama/llama-3.1-8b-instruct', 16384, 0.02, 0.05, false, false, 590, 96],
    ['together', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', 131072, 0.18, 0.18, true, true, 350, 160],
    ['fireworks-ai', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 131072, 0.2, 0.2, true, true, 380, 190],
    ['sambanova', 'Meta-Llama-3.1-8B-Instruct', 16384, 0.1, 0.2, true, false, 260, 910],
    ['scaleway', 'llama-3.1-8b-instruct', 128000, null, null, true, true, 450, 120],
  ]),
  'meta-llama/llama-3.2-3b-instruct': chat([
    ['novita', 'meta-llama/llama-3.2-3b-instruct', 32768, 0.03, 0.05, false, false, 540, 110],
    ['together', 'meta-llama/Llama-3.2-3B-Instruct-Turbo', 131072, 0.06, 0.06, true, true, 330, 240],
    ['sambanova', 'Meta-Llama-3.2-3B-Instruct', 8192, 0.08, 0.16, false, false, 240, 1350],
  ]),
  'meta-llama/meta-llama-3-8b-instruct': chat([
    ['groq', 'llama3-8b-8192', 8192, 0.05, 0.08, true, false, 180, 720],
    ['novita', 'meta-llama/llama-3-8b-instruct', 8192, 0.04, 0.04, false, false, 610, 90],
    ['together', 'meta-llama/Meta-Llama-3-8B-Instruct-Lite', 8192, 0.1, 0.1, false, true, 360, 150],
  ]),
  'qwen/qwen2.5-7b-instruct': chat([
    ['together', 'Qwen/Qwen2.5-7B-Instruct-Turbo', 32768, 0.3, 0.3, true, true, 310, 170],
    ['featherless-ai', 'Qwen/Qwen2.5-7B-Instruct', 32768, null, null, false, false, 1450, 38],
    ['novita', 'qwen/qwen2.5-7b-instruct', 32000, 0.07, 0.07, true, false, 620, 85],
  ]),
  'qwen/qwen2.5-72b-instruct': chat([
    ['novita', 'qwen/qwen-2.5-72b-instruct', 32000, 0.38, 0.4, true, false, 940, 28],
    ['together', 'Qwen/Qwen2.5-72B-Instruct-Turbo', 32768, 1.2, 1.2, true, true, 480, 85],
  ]),
  'qwen/qwen2.5-coder-32b-instruct': chat([
    ['together', 'Qwen/Qwen2.5-Coder-32B-Instruct', 32768, 0.8, 0.8, true, true, 420, 95],
    ['scaleway', 'qwen2.5-coder-32b-instruct', 32000, null, null, true, true, 600, 58],
  ]),
  'huggingfaceh4/zephyr-7b-beta': chat([
    ['featherless-ai', 'HuggingFaceH4/zephyr-7b-beta', 4096, null, null, false, false, 1500, 36],
  ]),
  'mistralai/mistral-7b-instruct-v0.3': chat([
    ['together', 'mistralai/Mistral-7B-Instruct-v0.3', 32768, 0.2, 0.2, true, true, 330, 150],
    ['novita', 'mistralai/mistral-7b-instruct', 32768, 0.03, 0.05, false, false, 600, 92],
    ['featherless-ai', 'mistralai/Mistral-7B-Instruct-v0.3', 32768, null, null, false, false, 1400, 40],
  ]),
  'microsoft/phi-3-mini-4k-instruct': chat([
    ['featherless-ai', 'microsoft/Phi-3-mini-4k-instruct', 4096, null, null, false, false, 1350, 45],
  ]),
  'google/gemma-2-2b-it': chat([['featherless-ai', 'google/gemma-2-2b-it', 8192, null, null, false, false, 1300, 52]]),
  // fal-ai first, as the Hub lists FLUX today.
  'black-forest-labs/flux.1-schnell': image([
    ['fal-ai', 'fal-ai/flux/schnell'],
    ['replicate', 'black-forest-labs/flux-schnell'],
    ['nscale', 'black-forest-labs/FLUX.1-schnell'],
    ['together', 'black-forest-labs/FLUX.1-schnell'],
    ['deepinfra', 'black-forest-labs/FLUX-1-schnell'],
    ['wavespeed', 'wavespeed-ai/flux-schnell'],
  ]),
  'black-forest-labs/flux.1-dev': image([
    ['fal-ai', 'fal-ai/flux/dev'],
    ['replicate', 'black-forest-labs/flux-dev'],
    ['nscale', 'black-forest-labs/FLUX.1-dev'],
    ['together', 'black-forest-labs/FLUX.1-dev'],
  ]),
  // A base model: text-generation only, no chat mapping. Most providers serve it at their completions
  // route (`/v1/completions`); groq and novita serve text-generation at their chat route.
  'qwen/qwen2.5-7b': mapped('text-generation')([
    ['featherless-ai', 'Qwen/Qwen2.5-7B'],
    ['together', 'Qwen/Qwen2.5-7B'],
    ['ovhcloud', 'Qwen2.5-7B'],
    ['groq', 'qwen-2.5-7b'],
    ['novita', 'qwen/qwen2.5-7b'],
    ['deepinfra', 'Qwen/Qwen2.5-7B'],
    ['scaleway', 'qwen2.5-7b'],
  ]),
  'wan-ai/wan2.2-t2v-a14b': mapped('text-to-video')([
    ['fal-ai', 'fal-ai/wan/v2.2-a14b/text-to-video'],
    ['replicate', 'wan-video/wan-2.2-t2v-fast'],
    ['novita', 'wan-2.2-t2v'],
    ['wavespeed', 'wavespeed-ai/wan-2.2/t2v-480p'],
    ['together', 'Wan-AI/Wan2.2-T2V-A14B'],
  ]),
  'wan-ai/wan2.2-i2v-a14b': mapped('image-to-video')([
    ['fal-ai', 'fal-ai/wan/v2.2-a14b/image-to-video'],
    ['wavespeed', 'wavespeed-ai/wan-2.2/i2v-480p'],
    ['together', 'Wan-AI/Wan2.2-I2V-A14B'],
  ]),
  'wan-ai/wan2.2-ti2v-5b': mapped('image-text-to-video')([
    ['fal-ai', 'fal-ai/wan/v2.2-5b/image-to-video'],
    ['wavespeed', 'wavespeed-ai/wan-2.2/ti2v-5b'],
  ]),
  // novita serves image-text-to-video with MiniMax H3 only, at its own `/v3/minimax/v2` routes.
  'minimaxai/minimax-h3': mapped('image-text-to-video')([['novita', 'MiniMax-H3']]),
  // An image edit (image-to-image) each job provider serves; together takes it as `image_url`.
  'black-forest-labs/flux.1-kontext-dev': mapped('image-to-image')([
    ['fal-ai', 'fal-ai/flux-kontext/dev'],
    ['replicate', 'black-forest-labs/flux-kontext-dev'],
    ['wavespeed', 'wavespeed-ai/flux-kontext-dev'],
    ['together', 'black-forest-labs/FLUX.1-kontext-dev'],
  ]),
  // Z.ai's own models: CogView 4 as an async image job, GLM-OCR at its layout-parsing route.
  'zai-org/cogview4-6b': image([['zai-org', 'cogview-4']]),
  'zai-org/glm-ocr': mapped('image-to-text')([['zai-org', 'glm-ocr']]),
  'qwen/qwen-image-edit': mapped('image-text-to-image')([
    ['fal-ai', 'fal-ai/qwen-image-edit'],
    ['replicate', 'qwen/qwen-image-edit'],
    ['wavespeed', 'wavespeed-ai/qwen-image/edit'],
  ]),
  'black-forest-labs/flux.1-krea-dev': image([
    ['fal-ai', 'fal-ai/flux/krea'],
    ['replicate', 'black-forest-labs/flux-krea-dev'],
  ]),
  'hexgrad/kokoro-82m': mapped('text-to-speech')([
    ['fal-ai', 'fal-ai/kokoro/american-english'],
    ['together', 'hexgrad/Kokoro-82M'],
    ['deepinfra', 'hexgrad/Kokoro-82M'],
    ['replicate', 'jaaari/kokoro-82m'],
  ]),
  // As the Hub maps it (huggingface.js#2249, #2270): text-to-audio, fal's queued Stable Audio app.
  'stabilityai/stable-audio-open-1.0': mapped('text-to-audio')([['fal-ai', 'fal-ai/stable-audio']]),
  'briaai/rmbg-2.0': mapped('image-segmentation')([['fal-ai', 'fal-ai/bria/background/remove']]),
  // Classic models some providers serve too: hf-inference stays first.
  'openai/whisper-large-v3': mapped('automatic-speech-recognition')([
    ['hf-inference', 'openai/whisper-large-v3'],
    ['fal-ai', 'fal-ai/whisper'],
    ['together', 'openai/whisper-large-v3'],
    // Replicate serves some models by version only: `POST /v1/predictions` with `version`.
    ['replicate', 'openai/whisper:8099696689d249cf8b122d833c36ac3f75505c666a395ca40ef26f68e7d3d16e'],
    ['deepinfra', 'openai/whisper-large-v3'],
  ]),
  'speechbrain/metricgan-plus-voicebank': mapped('audio-to-audio')([
    ['hf-inference', 'speechbrain/metricgan-plus-voicebank'],
    ['fal-ai', 'fal-ai/deepfilternet3'],
  ]),
  'baai/bge-base-en-v1.5': mapped('feature-extraction')([
    ['hf-inference', 'BAAI/bge-base-en-v1.5'],
    ['together', 'BAAI/bge-base-en-v1.5'],
    ['deepinfra', 'BAAI/bge-base-en-v1.5'],
    ['scaleway', 'bge-base-en-v1.5'],
  ]),
};

/** The pipeline tag a model's mapping names: `conversational` for instruct LLMs, else its own tag. */
const mappedTask = (model: CatalogueModel) =>
  model.task === 'text-generation' && servesChat(model) ? 'conversational' : model.task;

/**
 * A model's providers in the Hub's order, or `undefined` when the catalogue does not have it. Models
 * absent from the table (the classic tasks, models added through config) are served by hf-inference
 * under their own id, so every catalogued model is reachable through the router.
 * @example
 * providersOf('black-forest-labs/FLUX.1-schnell')?.[0]?.providerId; // 'fal-ai/flux/schnell'
 */
export function providersOf(id: string, catalogue: Catalogue = defaultCatalogue): ProviderEntry[] | undefined {
  const model = catalogue.find(id);
  if (!model) return undefined;
  const mapped = MAPPINGS[model.id.toLowerCase()];
  if (mapped) return mapped;
  const o = model.options ?? {};
  const fallback: ProviderEntry = {
    provider: 'hf-inference',
    providerId: model.id,
    status: 'live',
    task: mappedTask(model),
  };
  if (servesChat(model)) {
    fallback.chat = {
      contextLength: (o.maxTotalTokens as number | undefined) ?? 4096,
      supportsTools: true,
      supportsStructuredOutput: true,
    };
  }
  return [fallback];
}

/** The Hub's mapping entries (no router metrics), or `undefined` for a model the catalogue lacks. */
export function providerMappingFor(id: string, catalogue: Catalogue = defaultCatalogue): ProviderMapping[] | undefined {
  return providersOf(id, catalogue)?.map(({ provider, providerId, status, task }) => ({
    provider,
    providerId,
    status,
    task,
  }));
}

/** Chat selection policies the router accepts as a `:suffix` on the model id. */
export const POLICIES = ['fastest', 'cheapest', 'preferred'] as const;
export type ProviderPolicy = (typeof POLICIES)[number];

/** Policy used when the model id has no suffix: `fastest`, the real router's default. */
export const DEFAULT_POLICY: ProviderPolicy = 'fastest';

/** Splits `org/model:suffix` into the Hub id and the suffix (Hub ids never contain `:`). */
export function splitModelSuffix(model: string): { id: string; suffix: string | undefined } {
  const at = model.lastIndexOf(':');
  return at === -1 ? { id: model, suffix: undefined } : { id: model.slice(0, at), suffix: model.slice(at + 1) };
}

/**
 * The chat provider a router call lands on: by policy (`fastest` = highest throughput, `cheapest` =
 * lowest output price, `preferred` = first), or the named provider. `undefined` when none serves it.
 */
export function chooseChatProvider(
  entries: readonly ProviderEntry[],
  suffix: string | undefined,
): ProviderEntry | undefined {
  const chatEntries = entries.filter((e) => e.chat && e.status === 'live');
  const policy = suffix ?? DEFAULT_POLICY;
  if (policy === 'preferred') return chatEntries[0];
  if (policy === 'fastest') {
    // Providers without a measurement rank last; ties keep the Hub's order.
    return chatEntries.reduce<ProviderEntry | undefined>(
      (best, e) => (!best || (e.chat!.throughput ?? -1) > (best.chat!.throughput ?? -1) ? e : best),
      undefined,
    );
  }
  if (policy === 'cheapest') {
    // Lowest output price, then lowest input price; unpriced providers cannot be compared and are skipped.
    const cheaper = (a: ChatOffer['pricing'], b: ChatOffer['pricing']) =>
      a!.output < b!.output || (a!.output === b!.output && a!.input < b!.input);
    return chatEntries
      .filter((e) => e.chat!.pricing)
      .reduce<ProviderEntry | undefined>(
        (best, e) => (!best || cheaper(e.chat!.pricing, best.chat!.pricing) ? e : best),
        undefined,
      );
  }
  return chatEntries.find((e) => e.provider === policy.toLowerCase());
}

/** Where each catalogue's reverse index lives: provider → lower-case provider id → model and entry. */
const reverse = new WeakMap<Catalogue, Map<string, { model: CatalogueModel; entry: ProviderEntry }>>();

/**
 * The catalogue model a provider serves under `providerId` (its own id, as the provider routes
 * receive it), with its mapping entry; `undefined` when the provider does not serve it.
 * @example
 * findByProviderId('fal-ai', 'fal-ai/flux/schnell')?.model.id; // 'black-forest-labs/FLUX.1-schnell'
 */
export function findByProviderId(
  provider: string,
  providerId: string,
  catalogue: Catalogue = defaultCatalogue,
): { model: CatalogueModel; entry: ProviderEntry } | undefined {
  let index = reverse.get(catalogue);
  if (!index) {
    index = new Map();
    for (const model of catalogue.models)
      for (const entry of providersOf(model.id, catalogue) ?? [])
        index.set(`${entry.provider}\u0000${entry.providerId.toLowerCase()}`, { model, entry });
    reverse.set(catalogue, index);
  }
  return index.get(`${provider}\u0000${providerId.toLowerCase()}`);
}
