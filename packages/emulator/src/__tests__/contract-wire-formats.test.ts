/**
 * The engines of the non-chat tasks behind a real HTTP server, called by @inferkit/core's task functions: the
 * client's wire format (raw bytes or base64 JSON, TEI-style root parameters, /pipeline routes)
 * reaches the engines, and their answers pass core's output parsing.
 */
import {
  audioClassification,
  audioToAudio,
  automaticSpeechRecognition,
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
  textToImage,
  textToSpeech,
  translation,
  visualQuestionAnswering,
  zeroShotImageClassification,
} from '@inferkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../node';
import { landscape, readPng, readWavHeader } from './engine-test-utils';

let emulator: RunningEmulator;
const options = { baseUrl: '' };
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
  options.baseUrl = emulator.url;
});
afterAll(() => emulator.close());
const png = landscape(96, 72);
const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer());

describe('core client → emulator over HTTP → engines', () => {
  it('text tasks', async () => {
    const vector = await featureExtraction({
      ...options,
      inputs: 'Hello world',
      parameters: { normalize: true, truncate: true, truncationDirection: 'left' },
    });
    expect(vector).toHaveLength(384);
    const similarity = await sentenceSimilarity({
      ...options,
      inputs: { sourceSentence: 'a happy dog', sentences: ['a happy puppy', 'tax law'] },
    });
    expect(similarity[0]).toBeGreaterThan(similarity[1]!);
    const masked = await fillMask({ ...options, inputs: 'Paris is the [MASK] of France.' });
    expect(masked[0]!.tokenStr).toBe('capital');
    const [best] = await questionAnswering({
      ...options,
      inputs: { question: "What's my name?", context: '😀 My name is Clara and I live in Berkeley.' },
    });
    expect(best).toMatchObject({ answer: 'Clara', start: 13, end: 18 });
    const { summaryText } = await summarization({
      ...options,
      inputs: 'One. The cat sat on the mat all day long. Dogs bark at night. The cat slept on the mat.',
      parameters: { generateParameters: { maxLength: 12 } },
    });
    expect(summaryText.split(' ').length).toBeLessThanOrEqual(12);
    const { translationText } = await translation({
      ...options,
      model: 'facebook/mbart-large-50-many-to-many-mmt',
      inputs: 'Thank you',
      parameters: { srcLang: 'en_XX', tgtLang: 'es_XX' },
    });
    expect(translationText).toBe('Gracias');
    const table = await tableQuestionAnswering({
      ...options,
      inputs: {
        query: 'How many stars does Datasets have?',
        table: { Repository: ['Transformers', 'Datasets'], Stars: ['36542', '4512'] },
      },
    });
    expect(table.cells).toEqual(['4512']);
    expect(await tabularClassification({ ...options, inputs: { data: { a: ['1', '2'], b: [3, null] } } })).toHaveLength(
      2,
    );
    expect(
      await tabularRegression({
        ...options,
        inputs: { data: { Length3: ['30'], Height: ['11.5'], Width: ['4'], Species: ['Bream'] } },
      }),
    ).toHaveLength(1);
  });

  it('image tasks, raw bytes and base64 JSON alike', async () => {
    const labels = await imageClassification({ ...options, inputs: png });
    expect(labels).toHaveLength(5);
    expect(
      await imageClassification({
        ...options,
        inputs: new Blob([png], { type: 'image/png' }),
        parameters: { topK: 2 },
      }),
    ).toHaveLength(2);
    const boxes = await objectDetection({ ...options, inputs: png, parameters: { threshold: 0.1 } });
    expect(boxes.length).toBeGreaterThan(0);
    const segments = await imageSegmentation({ ...options, inputs: png });
    expect(segments.length).toBeGreaterThan(1);
    expect(readPng(await blobBytes(segments[0]!.mask))).toMatchObject({ width: 96, height: 72 });
    expect((await imageToText({ ...options, inputs: png })).generatedText.length).toBeGreaterThan(5);
    const zero = await zeroShotImageClassification({
      ...options,
      inputs: png,
      parameters: { candidateLabels: ['a document', 'grass and sky'] },
    });
    expect(zero[0]!.label).toBe('grass and sky');
    const vqa = await visualQuestionAnswering({
      ...options,
      inputs: { image: png, question: 'What color is the sky?' },
    });
    expect(vqa[0]!.answer).toBe('blue');
    const doc = await documentQuestionAnswering({
      ...options,
      inputs: { image: png, question: 'What is the total?' },
      parameters: {
        wordBoxes: [
          ['Total:', [0, 0, 10, 10]],
          ['$12.50', [12, 0, 30, 10]],
        ],
      },
    });
    expect(doc[0]).toMatchObject({ answer: '12.50', start: 1, end: 1 });
    const edited = await imageToImage({
      ...options,
      inputs: png,
      parameters: { prompt: 'sepia', targetSize: { width: 40, height: 30 } },
    });
    expect(readPng(await blobBytes(edited))).toMatchObject({ width: 40, height: 30 });
    // FLUX (core's default) is mapped to fal-ai & co. only, as on the Hub; SDXL is on hf-inference.
    const painted = await textToImage({
      ...options,
      model: 'stabilityai/stable-diffusion-xl-base-1.0',
      inputs: 'a green forest at night',
      parameters: { width: 48, height: 32, seed: 3 },
    });
    expect(readPng(await blobBytes(painted))).toMatchObject({ width: 48, height: 32 });
  });

  it('audio tasks, and TTS → ASR round trip', async () => {
    const speech = await textToSpeech({ ...options, inputs: 'Testing one two three.' });
    const wav = await blobBytes(speech);
    expect(readWavHeader(wav)).toMatchObject({ format: 1, channels: 1, bits: 16 });
    expect(await automaticSpeechRecognition({ ...options, inputs: speech })).toEqual({
      text: 'Testing one two three.',
    });
    const timed = await automaticSpeechRecognition({ ...options, inputs: wav, parameters: { returnTimestamps: true } });
    expect(timed.chunks?.[0]?.timestamp[0]).toBe(0);
    expect((await audioClassification({ ...options, inputs: wav, parameters: { topK: 3 } })).length).toBe(3);
    const tracks = await audioToAudio({ ...options, inputs: wav });
    expect(tracks).toHaveLength(2);
    expect(tracks[0]!.blob.type).toBe('audio/wav');
  });

  it('answers garbage bytes with the API 400 body', async () => {
    const res = await fetch(`${emulator.url}/models/google/vit-base-patch16-224`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: 'definitely not a png',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/cannot identify image file/);
    const mask = await fetch(`${emulator.url}/models/FacebookAI/roberta-base`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: 'no mask here' }),
    });
    expect(mask.status).toBe(400);
    expect(await mask.json()).toEqual({ error: 'No mask_token (<mask>) found on the input' });
  });
});
