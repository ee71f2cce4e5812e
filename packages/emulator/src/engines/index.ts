/**
 * The engine registry: pipeline tag → engine, one engine per task (and the Hub's older aliases).
 * The handler serves `POST /models/{id}` with the engine of the model's task, and the chat routes
 * with `CHAT_ENGINE`.
 */
import { audioClassification } from './audio-classification';
import { audioToAudio } from './audio-to-audio';
import { automaticSpeechRecognition } from './automatic-speech-recognition';
import { chatCompletion } from './chat-completion';
import { documentQuestionAnswering } from './document-question-answering';
import { featureExtraction } from './feature-extraction';
import { fillMask } from './fill-mask';
import { imageClassification } from './image-classification';
import { imageSegmentation } from './image-segmentation';
import { imageToImage } from './image-to-image';
import { imageToText } from './image-to-text';
import { objectDetection } from './object-detection';
import { questionAnswering } from './question-answering';
import { sentenceSimilarity } from './sentence-similarity';
import { summarization } from './summarization';
import { tableQuestionAnswering } from './table-question-answering';
import { tabularClassification } from './tabular-classification';
import { tabularRegression } from './tabular-regression';
import { textClassification } from './text-classification';
import { textGeneration } from './text-generation';
import { textToAudio } from './text-to-audio';
import { textToImage } from './text-to-image';
import { textToSpeech } from './text-to-speech';
import { tokenClassification } from './token-classification';
import { translation } from './translation';
import type { Engine } from './types';
import { visualQuestionAnswering } from './visual-question-answering';
import { zeroShotClassification } from './zero-shot-classification';
import { zeroShotImageClassification } from './zero-shot-image-classification';

/** Key of the chat engine, served on the `/v1/chat/completions` routes rather than a pipeline tag. */
export const CHAT_ENGINE = 'conversational';

/** Every engine the handler can dispatch to. */
export const engines: Readonly<Record<string, Engine>> = {
  // text classification and generation
  'zero-shot-classification': zeroShotClassification,
  'text-classification': textClassification,
  // The Hub's older alias for text classification.
  'sentiment-analysis': textClassification,
  'token-classification': tokenClassification,
  // The Hub's older alias for token classification.
  ner: tokenClassification,
  'text-generation': textGeneration,
  [CHAT_ENGINE]: chatCompletion,
  // embeddings, masks, extractive QA, summarisation, translation
  'feature-extraction': featureExtraction,
  'sentence-similarity': sentenceSimilarity,
  'fill-mask': fillMask,
  'question-answering': questionAnswering,
  summarization,
  translation,
  // tables
  'table-question-answering': tableQuestionAnswering,
  'tabular-classification': tabularClassification,
  'tabular-regression': tabularRegression,
  // images
  'document-question-answering': documentQuestionAnswering,
  'image-classification': imageClassification,
  'image-segmentation': imageSegmentation,
  'image-to-image': imageToImage,
  'image-to-text': imageToText,
  'object-detection': objectDetection,
  'text-to-image': textToImage,
  'visual-question-answering': visualQuestionAnswering,
  'zero-shot-image-classification': zeroShotImageClassification,
  // audio
  'audio-classification': audioClassification,
  'audio-to-audio': audioToAudio,
  'automatic-speech-recognition': automaticSpeechRecognition,
  'text-to-audio': textToAudio,
  'text-to-speech': textToSpeech,
};

export type { CatalogueModel, Engine, EngineCompat, EngineContext, EngineRoute, StreamSettings } from './types';
export { EngineInputError } from './types';
