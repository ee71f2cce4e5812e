/**
 * The models the emulator serves, under the ids people know from the Hub. Each entry names its
 * pipeline tag (which decides the engine behind `POST /models/{id}`, see engines/index.ts) and the
 * settings its engine reads. The order is the catalogue's listing order (`listModels`); where an id
 * appears twice the later entry wins.
 */
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

const EMBEDDING_TASKS = ['feature-extraction', 'sentence-similarity'];

/** A sentence-embedding model: served on both embedding pipelines. */
const embedding = (
  id: string,
  task: 'feature-extraction' | 'sentence-similarity',
  options: Record<string, unknown>,
): CatalogueModel => ({
  id,
  task,
  tasks: EMBEDDING_TASKS.filter((t) => t !== task),
  framework: 'sentence-transformers',
  options: { ...options, tasks: EMBEDDING_TASKS },
});

const MBART50 = [
  'ar_AR',
  'cs_CZ',
  'de_DE',
  'en_XX',
  'es_XX',
  'et_EE',
  'fi_FI',
  'fr_XX',
  'gu_IN',
  'hi_IN',
  'it_IT',
  'ja_XX',
  'kk_KZ',
  'ko_KR',
  'lt_LT',
  'lv_LV',
  'my_MM',
  'ne_NP',
  'nl_XX',
  'ro_RO',
  'ru_RU',
  'si_LK',
  'tr_TR',
  'vi_VN',
  'zh_CN',
  'af_ZA',
  'az_AZ',
  'bn_IN',
  'fa_IR',
  'he_IL',
  'hr_HR',
  'id_ID',
  'ka_GE',
  'km_KH',
  'mk_MK',
  'ml_IN',
  'mn_MN',
  'mr_IN',
  'pl_PL',
  'ps_AF',
  'pt_XX',
  'sv_SE',
  'sw_KE',
  'ta_IN',
  'te_IN',
  'th_TH',
  'tl_XX',
  'uk_UA',
  'ur_PK',
  'xh_ZA',
  'gl_ES',
  'sl_SI',
];

const AUDIOSET = [
  'Speech',
  'Male speech, man speaking',
  'Female speech, woman speaking',
  'Music',
  'Singing',
  'Musical instrument',
  'Silence',
  'Noise',
  'White noise',
  'Static',
  'Sine wave',
  'Dog',
  'Bark',
  'Vehicle',
  'Bird',
  'Applause',
  'Laughter',
  'Rain',
  'Whistling',
  'Inside, small room',
];
const EMOTIONS = ['neu', 'hap', 'ang', 'sad'];

/** Every model of the default catalogue: text and embeddings, tables, vision, audio, then language models and the media models only Inference Providers serve. */
export const catalogueModels: readonly CatalogueModel[] = [
  // feature extraction and sentence similarity (each model serves both, via /pipeline/{task})
  embedding('sentence-transformers/all-MiniLM-L6-v2', 'sentence-similarity', { dim: 384, maxTokens: 256 }),
  embedding('sentence-transformers/all-MiniLM-L12-v2', 'sentence-similarity', { dim: 384, maxTokens: 256 }),
  embedding('sentence-transformers/all-mpnet-base-v2', 'sentence-similarity', { dim: 768, maxTokens: 384 }),
  embedding('sentence-transformers/paraphrase-multilingual-MiniLM-L12-v2', 'sentence-similarity', {
    dim: 384,
    maxTokens: 128,
  }),
  embedding('BAAI/bge-small-en-v1.5', 'feature-extraction', { dim: 384, maxTokens: 512 }),
  embedding('BAAI/bge-base-en-v1.5', 'feature-extraction', { dim: 768, maxTokens: 512 }),
  embedding('BAAI/bge-large-en-v1.5', 'feature-extraction', { dim: 1024, maxTokens: 512 }),
  embedding('intfloat/multilingual-e5-large', 'feature-extraction', {
    dim: 1024,
    maxTokens: 512,
    prompts: { query: 'query: ', passage: 'passage: ' },
  }),
  embedding('mixedbread-ai/mxbai-embed-large-v1', 'feature-extraction', {
    dim: 1024,
    maxTokens: 512,
    prompts: { query: 'Represent this sentence for searching relevant passages: ' },
  }),

  // fill-mask
  {
    id: 'google-bert/bert-base-uncased',
    task: 'fill-mask',
    options: { maskToken: '[MASK]', uncased: true, vocabSize: 30522 },
  },
  { id: 'bert-base-uncased', task: 'fill-mask', options: { maskToken: '[MASK]', uncased: true, vocabSize: 30522 } },
  { id: 'google-bert/bert-base-cased', task: 'fill-mask', options: { maskToken: '[MASK]', vocabSize: 28996 } },
  {
    id: 'distilbert/distilbert-base-uncased',
    task: 'fill-mask',
    options: { maskToken: '[MASK]', uncased: true, vocabSize: 30522 },
  },
  {
    id: 'FacebookAI/roberta-base',
    task: 'fill-mask',
    options: { maskToken: '<mask>', spaceToken: true, vocabSize: 50265 },
  },
  {
    id: 'FacebookAI/roberta-large',
    task: 'fill-mask',
    options: { maskToken: '<mask>', spaceToken: true, vocabSize: 50265 },
  },
  {
    id: 'distilbert/distilroberta-base',
    task: 'fill-mask',
    options: { maskToken: '<mask>', spaceToken: true, vocabSize: 50265 },
  },
  {
    id: 'FacebookAI/xlm-roberta-base',
    task: 'fill-mask',
    options: { maskToken: '<mask>', spaceToken: true, vocabSize: 250002 },
  },

  // question answering
  { id: 'deepset/roberta-base-squad2', task: 'question-answering' },
  { id: 'distilbert/distilbert-base-cased-distilled-squad', task: 'question-answering' },
  { id: 'distilbert-base-cased-distilled-squad', task: 'question-answering' },
  { id: 'deepset/tinyroberta-squad2', task: 'question-answering' },

  // summarization
  { id: 'facebook/bart-large-cnn', task: 'summarization', options: { maxLength: 142, minLength: 30 } },
  { id: 'sshleifer/distilbart-cnn-12-6', task: 'summarization', options: { maxLength: 142, minLength: 30 } },
  { id: 'google/pegasus-xsum', task: 'summarization', options: { maxLength: 64 } },
  { id: 'Falconsai/text_summarization', task: 'summarization', options: { maxLength: 200 } },

  // translation
  {
    id: 'google-t5/t5-small',
    task: 'translation',
    options: { source: 'en', target: 'fr', prefix: true, languages: ['en', 'fr', 'de', 'ro'] },
  },
  {
    id: 'google-t5/t5-base',
    task: 'translation',
    options: { source: 'en', target: 'fr', prefix: true, languages: ['en', 'fr', 'de', 'ro'] },
  },
  { id: 'Helsinki-NLP/opus-mt-en-fr', task: 'translation', options: { source: 'en', target: 'fr', fixed: true } },
  { id: 'Helsinki-NLP/opus-mt-en-de', task: 'translation', options: { source: 'en', target: 'de', fixed: true } },
  { id: 'Helsinki-NLP/opus-mt-en-es', task: 'translation', options: { source: 'en', target: 'es', fixed: true } },
  { id: 'Helsinki-NLP/opus-mt-fr-en', task: 'translation', options: { source: 'fr', target: 'en', fixed: true } },
  { id: 'Helsinki-NLP/opus-mt-de-en', task: 'translation', options: { source: 'de', target: 'en', fixed: true } },
  { id: 'Helsinki-NLP/opus-mt-es-en', task: 'translation', options: { source: 'es', target: 'en', fixed: true } },
  {
    id: 'facebook/mbart-large-50-many-to-many-mmt',
    task: 'translation',
    options: { source: 'en_XX', target: 'fr_XX', languages: MBART50 },
  },
  { id: 'facebook/nllb-200-distilled-600M', task: 'translation', options: { source: 'eng_Latn', target: 'fra_Latn' } },

  // table question answering
  { id: 'google/tapas-base-finetuned-wtq', task: 'table-question-answering', options: { aggregation: true } },
  { id: 'google/tapas-large-finetuned-wtq', task: 'table-question-answering', options: { aggregation: true } },
  { id: 'google/tapas-base-finetuned-sqa', task: 'table-question-answering', options: { aggregation: false } },

  // tabular
  {
    id: 'scikit-learn/tabular-playground',
    task: 'tabular-classification',
    framework: 'sklearn',
    options: { numClasses: 2 },
  },
  {
    id: 'julien-c/wine-quality',
    task: 'tabular-classification',
    framework: 'sklearn',
    options: { classes: [3, 4, 5, 6, 7, 8] },
  },
  {
    id: 'scikit-learn/Fish-Weight',
    task: 'tabular-regression',
    framework: 'sklearn',
    options: { volume: ['Length3', 'Height', 'Width'], factor: 0.17 },
  },

  // audio
  { id: 'MIT/ast-finetuned-audioset-10-10-0.4593', task: 'audio-classification', options: { labels: AUDIOSET } },
  { id: 'superb/hubert-large-superb-er', task: 'audio-classification', options: { labels: EMOTIONS } },
  { id: 'superb/wav2vec2-base-superb-er', task: 'audio-classification', options: { labels: EMOTIONS } },
  { id: 'openai/whisper-large-v3', task: 'automatic-speech-recognition' },
  { id: 'openai/whisper-large-v3-turbo', task: 'automatic-speech-recognition' },
  { id: 'openai/whisper-small', task: 'automatic-speech-recognition' },
  { id: 'facebook/wav2vec2-base-960h', task: 'automatic-speech-recognition', options: { style: 'upper' } },
  {
    id: 'speechbrain/sepformer-wham',
    task: 'audio-to-audio',
    framework: 'speechbrain',
    options: { labels: ['label_0', 'label_1'] },
  },
  {
    id: 'speechbrain/sepformer-wsj02mix',
    task: 'audio-to-audio',
    framework: 'speechbrain',
    options: { labels: ['label_0', 'label_1'] },
  },
  {
    id: 'speechbrain/metricgan-plus-voicebank',
    task: 'audio-to-audio',
    framework: 'speechbrain',
    options: { mode: 'enhance', labels: ['label_0'] },
  },
  {
    id: 'espnet/kan-bayashi_ljspeech_vits',
    task: 'text-to-speech',
    framework: 'espnet',
    options: { sampleRate: 22050, pitch: 1.2 },
  },
  { id: 'facebook/mms-tts-eng', task: 'text-to-speech', options: { sampleRate: 16000, pitch: 0.9 } },
  { id: 'suno/bark-small', task: 'text-to-speech', options: { sampleRate: 24000, pitch: 1 } },
  { id: 'facebook/musicgen-small', task: 'text-to-audio', options: { sampleRate: 32000 } },

  // vision
  { id: 'google/vit-base-patch16-224', task: 'image-classification' },
  { id: 'microsoft/resnet-50', task: 'image-classification' },
  { id: 'Falconsai/nsfw_image_detection', task: 'image-classification', options: { labels: ['normal', 'nsfw'] } },
  { id: 'facebook/detr-resnet-50', task: 'object-detection' },
  { id: 'facebook/detr-resnet-101', task: 'object-detection' },
  { id: 'hustvl/yolos-tiny', task: 'object-detection' },
  {
    id: 'facebook/detr-resnet-50-panoptic',
    task: 'image-segmentation',
    options: { subtasks: ['panoptic', 'instance'], subtask: 'panoptic' },
  },
  {
    id: 'nvidia/segformer-b0-finetuned-ade-512-512',
    task: 'image-segmentation',
    options: { subtasks: ['semantic'], subtask: 'semantic', labelSet: 'ade' },
  },
  { id: 'Salesforce/blip-image-captioning-large', task: 'image-to-text' },
  { id: 'Salesforce/blip-image-captioning-base', task: 'image-to-text' },
  { id: 'nlpconnect/vit-gpt2-image-captioning', task: 'image-to-text' },
  { id: 'timbrooks/instruct-pix2pix', task: 'image-to-image', framework: 'diffusers' },
  { id: 'caidas/swin2SR-classical-sr-x2-64', task: 'image-to-image', framework: 'transformers', options: { scale: 2 } },
  { id: 'black-forest-labs/FLUX.1-dev', task: 'text-to-image', framework: 'diffusers', options: { steps: 28 } },
  { id: 'black-forest-labs/FLUX.1-schnell', task: 'text-to-image', framework: 'diffusers', options: { steps: 4 } },
  {
    id: 'stabilityai/stable-diffusion-xl-base-1.0',
    task: 'text-to-image',
    framework: 'diffusers',
    options: { steps: 50 },
  },
  {
    id: 'stable-diffusion-v1-5/stable-diffusion-v1-5',
    task: 'text-to-image',
    framework: 'diffusers',
    options: { steps: 50 },
  },
  { id: 'openai/clip-vit-large-patch14-336', task: 'zero-shot-image-classification' },
  { id: 'openai/clip-vit-large-patch14', task: 'zero-shot-image-classification' },
  { id: 'openai/clip-vit-base-patch32', task: 'zero-shot-image-classification' },
  { id: 'dandelin/vilt-b32-finetuned-vqa', task: 'visual-question-answering' },
  { id: 'Salesforce/blip-vqa-base', task: 'visual-question-answering' },
  { id: 'impira/layoutlm-document-qa', task: 'document-question-answering' },
  { id: 'impira/layoutlm-invoices', task: 'document-question-answering' },

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
  { id: 'black-forest-labs/FLUX.1-Kontext-dev', task: 'image-to-image', framework: 'diffusers' },
  { id: 'MiniMaxAI/MiniMax-H3', task: 'image-text-to-video', framework: 'diffusers' },
  { id: 'zai-org/CogView4-6B', task: 'text-to-image', framework: 'diffusers', options: { steps: 50 } },
  { id: 'zai-org/GLM-OCR', task: 'image-to-text' },
];
