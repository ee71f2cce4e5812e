import { describe, expectTypeOf, it } from 'vitest';
import type { GenerationParameters } from '../generation';
import {
  audioClassification,
  type AudioClassificationInput,
  type AudioClassificationOutput,
} from '../tasks/audio-classification';
import { audioToAudio, type AudioToAudioInput, type AudioToAudioOutput } from '../tasks/audio-to-audio';
import {
  automaticSpeechRecognition,
  type AutomaticSpeechRecognitionInput,
  type AutomaticSpeechRecognitionOutput,
} from '../tasks/automatic-speech-recognition';
import {
  documentQuestionAnswering,
  type DocumentQuestionAnsweringInput,
  type DocumentQuestionAnsweringOutput,
} from '../tasks/document-question-answering';
import {
  imageClassification,
  type ImageClassificationInput,
  type ImageClassificationOutput,
} from '../tasks/image-classification';
import {
  imageSegmentation,
  type ImageSegmentationInput,
  type ImageSegmentationOutput,
} from '../tasks/image-segmentation';
import { imageToImage, type ImageToImageInput, type ImageToImageOutput } from '../tasks/image-to-image';
import { imageToText, type ImageToTextInput, type ImageToTextOutput } from '../tasks/image-to-text';
import { objectDetection, type ObjectDetectionInput, type ObjectDetectionOutput } from '../tasks/object-detection';
import { textToAudio, type TextToAudioInput, type TextToAudioOutput } from '../tasks/text-to-audio';
import { textToImage, type TextToImageInput, type TextToImageOutput } from '../tasks/text-to-image';
import { textToSpeech, type TextToSpeechInput, type TextToSpeechOutput } from '../tasks/text-to-speech';
import {
  visualQuestionAnswering,
  type VisualQuestionAnsweringInput,
  type VisualQuestionAnsweringOutput,
} from '../tasks/visual-question-answering';
import {
  zeroShotImageClassification,
  type ZeroShotImageClassificationInput,
  type ZeroShotImageClassificationOutput,
} from '../tasks/zero-shot-image-classification';
import type { BinaryInput } from '../wire';

declare const bytes: Uint8Array;
type LabelScores = { label: string; score: number }[];

describe('binary inputs', () => {
  it('take a Blob, an ArrayBuffer or a Uint8Array', () => {
    expectTypeOf<ImageClassificationInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<AudioClassificationInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<AudioToAudioInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<AutomaticSpeechRecognitionInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<ImageSegmentationInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<ImageToImageInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<ImageToTextInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<ObjectDetectionInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<ZeroShotImageClassificationInput['inputs']>().toEqualTypeOf<BinaryInput>();
    expectTypeOf<DocumentQuestionAnsweringInput['inputs']>().toEqualTypeOf<{ image: BinaryInput; question: string }>();
    expectTypeOf<VisualQuestionAnsweringInput['inputs']>().toEqualTypeOf<{ image: BinaryInput; question: string }>();
    expectTypeOf<TextToImageInput['inputs']>().toEqualTypeOf<string>();
    expectTypeOf<TextToSpeechInput['inputs']>().toEqualTypeOf<string>();
    expectTypeOf<TextToAudioInput['inputs']>().toEqualTypeOf<string>();
  });
});

describe('parameters', () => {
  it('are camelCase, typed, and optional except for the zero-shot labels', () => {
    expectTypeOf<ImageClassificationInput['parameters']>().toEqualTypeOf<
      { functionToApply?: 'sigmoid' | 'softmax' | 'none' | undefined; topK?: number | undefined } | undefined
    >();
    expectTypeOf<AudioClassificationInput['parameters']>().toEqualTypeOf<ImageClassificationInput['parameters']>();
    expectTypeOf<ObjectDetectionInput['parameters']>().toEqualTypeOf<{ threshold?: number | undefined } | undefined>();
    expectTypeOf<NonNullable<ImageSegmentationInput['parameters']>['subtask']>().toEqualTypeOf<
      'instance' | 'panoptic' | 'semantic' | undefined
    >();
    expectTypeOf<NonNullable<ImageToImageInput['parameters']>['targetSize']>().toEqualTypeOf<
      { width: number; height: number } | undefined
    >();
    expectTypeOf<NonNullable<TextToImageInput['parameters']>>().toEqualTypeOf<{
      guidanceScale?: number | undefined;
      negativePrompt?: string | undefined;
      numInferenceSteps?: number | undefined;
      width?: number | undefined;
      height?: number | undefined;
      scheduler?: string | undefined;
      seed?: number | undefined;
    }>();
    expectTypeOf<NonNullable<AutomaticSpeechRecognitionInput['parameters']>>().toEqualTypeOf<{
      returnTimestamps?: boolean | undefined;
      generationParameters?: GenerationParameters | undefined;
    }>();
    expectTypeOf<NonNullable<TextToSpeechInput['parameters']>['generationParameters']>().toEqualTypeOf<
      GenerationParameters | undefined
    >();
    expectTypeOf<NonNullable<TextToAudioInput['parameters']>>().toEqualTypeOf<{
      generationParameters?: GenerationParameters | undefined;
    }>();
    expectTypeOf<GenerationParameters['earlyStopping']>().toEqualTypeOf<boolean | 'never' | undefined>();
    expectTypeOf<ZeroShotImageClassificationInput['parameters']>().toEqualTypeOf<{
      candidateLabels: string[];
      hypothesisTemplate?: string | undefined;
    }>();
    expectTypeOf<NonNullable<DocumentQuestionAnsweringInput['parameters']>['wordBoxes']>().toEqualTypeOf<
      [string, [number, number, number, number]][] | undefined
    >();
    expectTypeOf<AudioToAudioInput>().toEqualTypeOf<{ inputs: BinaryInput }>();
  });

  it('reject snake_case keys and missing required input at compile time', () => {
    // @ts-expect-error snake_case
    void imageClassification({ inputs: bytes, parameters: { top_k: 1 } });
    // @ts-expect-error labels are required
    void zeroShotImageClassification({ inputs: bytes });
    // @ts-expect-error the question is required
    void visualQuestionAnswering({ inputs: { image: bytes } });
    // @ts-expect-error a URL is not bytes
    void objectDetection({ inputs: 'https://example.com/cat.png' });
    void documentQuestionAnswering({
      inputs: { image: bytes, question: 'Total?' },
      model: 'impira/layoutlm-document-qa',
    });
  });
});

describe('outputs', () => {
  it('are normalised JSON shapes in camelCase', () => {
    expectTypeOf<ImageClassificationOutput>().toEqualTypeOf<LabelScores>();
    expectTypeOf<AudioClassificationOutput>().toEqualTypeOf<LabelScores>();
    expectTypeOf<ZeroShotImageClassificationOutput>().toEqualTypeOf<LabelScores>();
    expectTypeOf<ObjectDetectionOutput>().toEqualTypeOf<
      { label: string; score: number; box: { xmin: number; ymin: number; xmax: number; ymax: number } }[]
    >();
    expectTypeOf<ImageSegmentationOutput>().toEqualTypeOf<{ label: string; score: number | null; mask: Blob }[]>();
    expectTypeOf<AudioToAudioOutput>().toEqualTypeOf<{ label: string; blob: Blob; contentType: string }[]>();
    expectTypeOf<AutomaticSpeechRecognitionOutput>().toEqualTypeOf<{
      text: string;
      chunks?: { text: string; timestamp: [number, number | null] }[];
    }>();
    expectTypeOf<ImageToTextOutput>().toEqualTypeOf<{ generatedText: string }>();
    expectTypeOf<VisualQuestionAnsweringOutput>().toEqualTypeOf<{ answer: string; score: number | null }[]>();
    expectTypeOf<DocumentQuestionAnsweringOutput>().toEqualTypeOf<
      { answer: string; score: number | null; start?: number; end?: number; words?: number[] }[]
    >();
  });

  it('are Blobs for byte outputs', () => {
    expectTypeOf<TextToImageOutput>().toEqualTypeOf<Blob>();
    expectTypeOf<ImageToImageOutput>().toEqualTypeOf<Blob>();
    expectTypeOf<TextToSpeechOutput>().toEqualTypeOf<Blob>();
    expectTypeOf<TextToAudioOutput>().toEqualTypeOf<Blob>();
  });

  it('are what each task function resolves to', () => {
    expectTypeOf(audioClassification).returns.resolves.toEqualTypeOf<AudioClassificationOutput>();
    expectTypeOf(audioToAudio).returns.resolves.toEqualTypeOf<AudioToAudioOutput>();
    expectTypeOf(automaticSpeechRecognition).returns.resolves.toEqualTypeOf<AutomaticSpeechRecognitionOutput>();
    expectTypeOf(documentQuestionAnswering).returns.resolves.toEqualTypeOf<DocumentQuestionAnsweringOutput>();
    expectTypeOf(imageClassification).returns.resolves.toEqualTypeOf<ImageClassificationOutput>();
    expectTypeOf(imageSegmentation).returns.resolves.toEqualTypeOf<ImageSegmentationOutput>();
    expectTypeOf(imageToImage).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(imageToText).returns.resolves.toEqualTypeOf<ImageToTextOutput>();
    expectTypeOf(objectDetection).returns.resolves.toEqualTypeOf<ObjectDetectionOutput>();
    expectTypeOf(textToImage).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(textToSpeech).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(textToAudio).returns.resolves.toEqualTypeOf<Blob>();
    expectTypeOf(visualQuestionAnswering).returns.resolves.toEqualTypeOf<VisualQuestionAnsweringOutput>();
    expectTypeOf(zeroShotImageClassification).returns.resolves.toEqualTypeOf<ZeroShotImageClassificationOutput>();
  });
});
