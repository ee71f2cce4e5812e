import { audioClassification } from './tasks/audio-classification';
import { audioToAudio } from './tasks/audio-to-audio';
import { automaticSpeechRecognition } from './tasks/automatic-speech-recognition';
import { chatCompletion, chatCompletionStream } from './tasks/chat-completion';
import { documentQuestionAnswering } from './tasks/document-question-answering';
import { featureExtraction } from './tasks/feature-extraction';
import { fillMask } from './tasks/fill-mask';
import { imageClassification } from './tasks/image-classification';
import { imageSegmentation } from './tasks/image-segmentation';
import { imageTextToImage } from './tasks/image-text-to-image';
import { imageTextToVideo } from './tasks/image-text-to-video';
import { imageToImage } from './tasks/image-to-image';
import { imageToText } from './tasks/image-to-text';
import { imageToVideo } from './tasks/image-to-video';
import { objectDetection } from './tasks/object-detection';
import { questionAnswering } from './tasks/question-answering';
import { sentenceSimilarity } from './tasks/sentence-similarity';
import { summarization } from './tasks/summarization';
import { tableQuestionAnswering } from './tasks/table-question-answering';
import { tabularClassification } from './tasks/tabular-classification';
import { tabularRegression } from './tasks/tabular-regression';
import { textClassification } from './tasks/text-classification';
import { textGeneration, textGenerationStream } from './tasks/text-generation';
import { textToAudio } from './tasks/text-to-audio';
import { textToImage } from './tasks/text-to-image';
import { textToSpeech } from './tasks/text-to-speech';
import { textToVideo } from './tasks/text-to-video';
import { tokenClassification } from './tasks/token-classification';
import { translation } from './tasks/translation';
import { visualQuestionAnswering } from './tasks/visual-question-answering';
import { zeroShotClassification } from './tasks/zero-shot-classification';
import { zeroShotImageClassification } from './tasks/zero-shot-image-classification';

/**
 * Every task function by name. This one table drives `InferenceClient`'s methods, the React hooks
 * (their query/mutation split comes from each definition's literal `kind`) and the emulator's
 * contract tests: adding a task is its file, one row here and its `export *` line in `index.ts`.
 */
export const taskTable = {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
  chatCompletion,
  chatCompletionStream,
  documentQuestionAnswering,
  featureExtraction,
  fillMask,
  imageClassification,
  imageSegmentation,
  imageTextToImage,
  imageTextToVideo,
  imageToImage,
  imageToText,
  imageToVideo,
  objectDetection,
  questionAnswering,
  sentenceSimilarity,
  summarization,
  tableQuestionAnswering,
  tabularClassification,
  tabularRegression,
  textClassification,
  textGeneration,
  textGenerationStream,
  textToAudio,
  textToImage,
  textToSpeech,
  textToVideo,
  tokenClassification,
  translation,
  visualQuestionAnswering,
  zeroShotClassification,
  zeroShotImageClassification,
} as const;

/** The table's type: task name → task function. */
export type TaskTable = typeof taskTable;
/** A task function's name. */
export type TaskName = keyof TaskTable;
