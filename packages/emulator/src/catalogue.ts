/**
 * The models the emulator serves, under the ids people know from the Hub. Each entry names its
 * pipeline tag (which decides the engine behind `POST /models/{id}`) and the settings its engine
 * reads. The other tasks' models come from `moreModels`.
 */
import { moreModels } from './engines/more';
import type { CatalogueModel } from './engines/types';

const SST2 = { kind: 'sentiment', labels: ['NEGATIVE', 'POSITIVE'] };
const NER_LABELS = ['O', 'B-MISC', 'I-MISC', 'B-PER', 'I-PER', 'B-ORG', 'I-ORG', 'B-LOC', 'I-LOC'];

/** Settings shared by the chat LLMs: TGI serves them, they answer chat and plain generation. */
const llm = (id: string, options: Record<string, unknown>): CatalogueModel => ({
  id,
  task: 'text-generation',
  tasks: ['conversational'],
  framework: 'text-generation-inference',
  options: { maxInputTokens: 8191, maxTotalTokens: 8192, ...options },
});

/** The emulator's own models (the tasks it implements itself). */
export const builtinModels: readonly CatalogueModel[] = [
  // zero-shot classification
  { id: 'facebook/bart-large-mnli', task: 'zero-shot-classification' },
  { id: 'MoritzLaurer/DeBERTa-v3-base-mnli-fever-anli', task: 'zero-shot-classification' },
  { id: 'MoritzLaurer/deberta-v3-large-zeroshot-v2.0', task: 'zero-shot-classification' },
  { id: 'joeddav/xlm-roberta-large-xnli', task: 'zero-shot-classification' },

  // text classification
  { id: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english', task: 'text-classification', options: SST2 },
  { id: 'distilbert-base-uncased-finetuned-sst-2-english', task: 'text-classification', options: SST2 },
  {
    id: 'cardiffnlp/twitter-roberta-base-sentiment-latest',
    task: 'text-classification',
    options: { kind: 'sentiment', labels: ['negative', 'neutral', 'positive'] },
  },
  {
    id: 'cardiffnlp/twitter-roberta-base-sentiment',
    task: 'text-classification',
    options: { kind: 'sentiment', labels: ['LABEL_0', 'LABEL_1', 'LABEL_2'] },
  },
  {
    id: 'ProsusAI/finbert',
    task: 'text-classification',
    options: { kind: 'finance', labels: ['positive', 'negative', 'neutral'] },
  },
  {
    id: 'j-hartmann/emotion-english-distilroberta-base',
    task: 'text-classification',
    options: { kind: 'emotion', labels: ['anger', 'disgust', 'fear', 'joy', 'neutral', 'sadness', 'surprise'] },
  },
  {
    id: 'nlptown/bert-base-multilingual-uncased-sentiment',
    task: 'text-classification',
    options: { kind: 'stars', labels: ['1 star', '2 stars', '3 stars', '4 stars', '5 stars'] },
  },

  // token classification
  {
    id: 'dslim/bert-base-NER',
    task: 'token-classification',
    options: { tokenizer: 'wordpiece', scheme: 'IOB', labels: NER_LABELS },
  },
  {
    id: 'dslim/bert-large-NER',
    task: 'token-classification',
    options: { tokenizer: 'wordpiece', scheme: 'IOB', labels: NER_LABELS },
  },
  {
    id: 'dbmdz/bert-large-cased-finetuned-conll03-english',
    task: 'token-classification',
    options: { tokenizer: 'wordpiece', scheme: 'IOB', labels: NER_LABELS },
  },
  {
    id: 'Jean-Baptiste/roberta-large-ner-english',
    task: 'token-classification',
    options: { tokenizer: 'bpe', scheme: 'IO', labels: ['O', 'MISC', 'PER', 'ORG', 'LOC'] },
  },

  // chat and text generation
  llm('meta-llama/Llama-3.1-8B-Instruct', {
    eosToken: '<|eot_id|>',
    eosTokenId: 128009,
    vocabSize: 128256,
    maxInputTokens: 131071,
    maxTotalTokens: 131072,
  }),
  llm('meta-llama/Llama-3.2-3B-Instruct', {
    eosToken: '<|eot_id|>',
    eosTokenId: 128009,
    vocabSize: 128256,
    maxInputTokens: 131071,
    maxTotalTokens: 131072,
  }),
  llm('meta-llama/Meta-Llama-3-8B-Instruct', { eosToken: '<|eot_id|>', eosTokenId: 128009, vocabSize: 128256 }),
  llm('Qwen/Qwen2.5-7B-Instruct', {
    eosToken: '<|im_end|>',
    eosTokenId: 151645,
    vocabSize: 152064,
    maxInputTokens: 32767,
    maxTotalTokens: 32768,
  }),
  llm('Qwen/Qwen2.5-72B-Instruct', {
    eosToken: '<|im_end|>',
    eosTokenId: 151645,
    vocabSize: 152064,
    maxInputTokens: 32767,
    maxTotalTokens: 32768,
  }),
  llm('Qwen/Qwen2.5-Coder-32B-Instruct', {
    eosToken: '<|im_end|>',
    eosTokenId: 151645,
    vocabSize: 152064,
    maxInputTokens: 32767,
    maxTotalTokens: 32768,
  }),
  llm('HuggingFaceH4/zephyr-7b-beta', {
    eosToken: '</s>',
    eosTokenId: 2,
    vocabSize: 32000,
    maxInputTokens: 4095,
    maxTotalTokens: 4096,
  }),
  llm('mistralai/Mistral-7B-Instruct-v0.3', {
    eosToken: '</s>',
    eosTokenId: 2,
    vocabSize: 32768,
    maxInputTokens: 32767,
    maxTotalTokens: 32768,
  }),
  llm('microsoft/Phi-3-mini-4k-instruct', {
    eosToken: '<|end|>',
    eosTokenId: 32007,
    vocabSize: 32064,
    maxInputTokens: 4095,
    maxTotalTokens: 4096,
  }),
  llm('google/gemma-2-2b-it', {
    eosToken: '<end_of_turn>',
    eosTokenId: 107,
    vocabSize: 256000,
    maxInputTokens: 8191,
    maxTotalTokens: 8192,
  }),
  // Base models: plain continuation only, so the chat route answers them with the API's 400.
  {
    id: 'openai-community/gpt2',
    task: 'text-generation',
    framework: 'transformers',
    options: {
      eosToken: '<|endoftext|>',
      eosTokenId: 50256,
      vocabSize: 50257,
      maxInputTokens: 1023,
      maxTotalTokens: 1024,
    },
  },
  {
    id: 'bigscience/bloom-560m',
    task: 'text-generation',
    framework: 'text-generation-inference',
    options: { eosToken: '</s>', eosTokenId: 2, vocabSize: 250880, maxInputTokens: 2047, maxTotalTokens: 2048 },
  },
  {
    id: 'Qwen/Qwen2.5-7B',
    task: 'text-generation',
    framework: 'text-generation-inference',
    options: {
      eosToken: '<|endoftext|>',
      eosTokenId: 151643,
      vocabSize: 152064,
      maxInputTokens: 32767,
      maxTotalTokens: 32768,
    },
  },

  // Media models only Inference Providers serve (see providers-catalogue.ts).
  { id: 'black-forest-labs/FLUX.1-Krea-dev', task: 'text-to-image', framework: 'diffusers', options: { steps: 28 } },
  { id: 'Wan-AI/Wan2.2-T2V-A14B', task: 'text-to-video', framework: 'diffusers' },
  { id: 'Wan-AI/Wan2.2-I2V-A14B', task: 'image-to-video', framework: 'diffusers' },
  { id: 'Wan-AI/Wan2.2-TI2V-5B', task: 'image-text-to-video', framework: 'diffusers' },
  { id: 'Qwen/Qwen-Image-Edit', task: 'image-text-to-image', framework: 'diffusers' },
  { id: 'hexgrad/Kokoro-82M', task: 'text-to-speech', options: { sampleRate: 24000, pitch: 1.1 } },
  {
    id: 'stabilityai/stable-audio-open-1.0',
    task: 'text-to-audio',
    framework: 'stable-audio-tools',
    options: { sampleRate: 44100 },
  },
  { id: 'briaai/RMBG-2.0', task: 'image-segmentation', options: { subtask: 'semantic', subtasks: ['semantic'] } },
];

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

/** Every model the emulator serves by default: its own plus those of the other engines. */
export const defaultCatalogue: Catalogue = /* @__PURE__ */ createCatalogue([...moreModels, ...builtinModels]);

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
