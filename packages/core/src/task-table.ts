import { InferenceValidationError } from './errors';
import { audioClassification } from './tasks/audio-classification';
import { audioToAudio } from './tasks/audio-to-audio';
import { automaticSpeechRecognition } from './tasks/automatic-speech-recognition';
import { chatCompletion, chatCompletionStream } from './tasks/chat-completion';
import { documentQuestionAnswering } from './tasks/document-question-answering';
import { featureExtraction } from './tasks/feature-extraction';
import { fillMask } from './tasks/fill-mask';
import { imageClassification } from './tasks/image-classification';
import { imageSegmentation } from './tasks/image-segmentation';
import { imageToImage } from './tasks/image-to-image';
import { imageToText } from './tasks/image-to-text';
import { objectDetection } from './tasks/object-detection';
import { questionAnswering } from './tasks/question-answering';
import { sentenceSimilarity } from './tasks/sentence-similarity';
import { summarization } from './tasks/summarization';
import { tableQuestionAnswering } from './tasks/table-question-answering';
import { tabularClassification } from './tasks/tabular-classification';
import { tabularRegression } from './tasks/tabular-regression';
import { textClassification } from './tasks/text-classification';
import { textGeneration, textGenerationStream } from './tasks/text-generation';
import { textToImage } from './tasks/text-to-image';
import { textToSpeech } from './tasks/text-to-speech';
import { tokenClassification } from './tasks/token-classification';
import { translation } from './tasks/translation';
import { visualQuestionAnswering } from './tasks/visual-question-answering';
import { zeroShotClassification } from './tasks/zero-shot-classification';
import { zeroShotImageClassification } from './tasks/zero-shot-image-classification';

/**
 * Every task function by name. This one table drives `InferenceClient`'s methods, the React hooks
 * and the emulator's contract tests: adding a task is its file plus one row here.
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
  imageToImage,
  imageToText,
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
  textToImage,
  textToSpeech,
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

/**
 * The model used for a task when a call names none: the `defaultModel` of each task's definition.
 * Accepts the function name (`zeroShotClassification`) or the Hub pipeline tag (`zero-shot-classification`).
 * Chat has no default: name a model.
 * @example
 * getRecommendedModel('token-classification'); // 'dslim/bert-base-NER'
 */
export function getRecommendedModel(task: TaskName | (string & {})): string {
  for (const fn of Object.values(taskTable)) {
    const { name, task: tag, defaultModel } = fn.definition;
    if ((name === task || tag === task) && defaultModel) return defaultModel;
  }
  throw new InferenceValidationError('getRecommendedModel', [
    { path: 'task', message: `has no recommended model for "${task}"; pass a model id explicitly` },
  ]);
}
