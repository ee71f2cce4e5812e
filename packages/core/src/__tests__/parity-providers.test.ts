/**
 * Request parity with @huggingface/inference 4.13, provider by provider: every provider × task pair
 * inferkit serves with an explicit `provider`, run by both clients against one recording world (see
 * `parity-world.ts`): the Hub lookup, the provider's route answered in its documented shape (the
 * shapes the reference's `getResponse` accepts), its polls and its media downloads. Both must send
 * the same requests (method, URL, headers but user-agent, body) and return the same result.
 *
 * Chat is the deliberate exception, pinned per provider: inferkit sends every chat call to the
 * router's `/v1/chat/completions` with `model: '<hub id>:<provider>'` (no lookup), where the
 * reference looks the model up and posts the provider's model id to the provider's own route.
 *
 * A row whose `differs` is set differs on purpose, for the reason its note gives (mostly: inferkit
 * sends what huggingface_hub sends where the two reference clients disagree, or a body the route
 * accepts where the reference's cannot work). Its test pins the differing request exactly on both
 * sides, and everything else (the other requests, the result) equal.
 *
 * Two tests keep the tables whole: every provider of every task in `taskTable` has a row, and every
 * provider of `names.ts` a chat row. Poll waits run on fake timers, so the file takes no real time.
 */
import { InferenceClient as ReferenceClient, type InferenceProvider } from '@huggingface/inference';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearProviderMappingCache } from '../hub';
import { PROVIDER_NAMES, type InferenceProviderName } from '../providers/names';
import type { RequestOptions } from '../options';
import { taskTable } from '../task-table';
import { audioClassification } from '../tasks/audio-classification';
import { audioToAudio } from '../tasks/audio-to-audio';
import { automaticSpeechRecognition } from '../tasks/automatic-speech-recognition';
import { chatCompletion, chatCompletionStream } from '../tasks/chat-completion';
import { documentQuestionAnswering } from '../tasks/document-question-answering';
import { featureExtraction } from '../tasks/feature-extraction';
import { fillMask } from '../tasks/fill-mask';
import { imageClassification } from '../tasks/image-classification';
import { imageSegmentation } from '../tasks/image-segmentation';
import { imageTextToImage } from '../tasks/image-text-to-image';
import { imageTextToVideo } from '../tasks/image-text-to-video';
import { imageToImage } from '../tasks/image-to-image';
import { imageToText } from '../tasks/image-to-text';
import { imageToVideo } from '../tasks/image-to-video';
import { objectDetection } from '../tasks/object-detection';
import { questionAnswering } from '../tasks/question-answering';
import { sentenceSimilarity } from '../tasks/sentence-similarity';
import { summarization } from '../tasks/summarization';
import { tableQuestionAnswering } from '../tasks/table-question-answering';
import { tabularClassification } from '../tasks/tabular-classification';
import { tabularRegression } from '../tasks/tabular-regression';
import { textClassification } from '../tasks/text-classification';
import { textGeneration, textGenerationStream } from '../tasks/text-generation';
import { textToAudio } from '../tasks/text-to-audio';
import { textToImage } from '../tasks/text-to-image';
import { textToSpeech } from '../tasks/text-to-speech';
import { textToVideo } from '../tasks/text-to-video';
import { tokenClassification } from '../tasks/token-classification';
import { translation } from '../tasks/translation';
import { visualQuestionAnswering } from '../tasks/visual-question-answering';
import { zeroShotClassification } from '../tasks/zero-shot-classification';
import { zeroShotImageClassification } from '../tasks/zero-shot-image-classification';
import {
  type Answer,
  type Answers,
  b64,
  collect,
  file,
  json,
  lookupUrl,
  noGlobalFetch,
  ROOT,
  type Sent,
  settle,
  sse,
  TOKEN,
  view,
  world,
} from './parity-world';

// ---------------------------------------------------------------------------------------------
// Inputs and media

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x6d, 0x70, 0x34, 0x32]);
const WAV = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0x24, 0, 0, 0, 0x57, 0x41, 0x56, 0x45, 0x66, 0x6d, 0x74, 0x20]);
const FLAC = new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 0x22, 9, 8, 7]);
const MP3 = new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0x21]);
const image = () => new Blob([PNG], { type: 'image/png' });
const audio = () => new Blob([WAV], { type: 'audio/wav' });
const media = (bytes: Uint8Array, type: string) => ({ type, base64: b64(bytes) });
const dataUrl = (bytes: Uint8Array, type: string) => `data:${type};base64,${b64(bytes)}`;

const PROMPT = 'An astronaut riding a horse';

// ---------------------------------------------------------------------------------------------
// Rows

/** What inferkit's calls get besides their input. */
type Ours = Pick<RequestOptions, 'model' | 'accessToken' | 'fetch'> & { provider: InferenceProviderName };
/** What the reference's calls get besides their input. */
type Theirs = { model: string; provider: InferenceProvider };

/** One task: both clients' calls with the same input, and what of their results is compared. */
interface Task {
  /** The inferkit function (and the reference method) name. */
  fn: string;
  /** The Hub task the mapping names. */
  task: string;
  ours(options: Ours): Promise<unknown>;
  theirs(client: ReferenceClient, args: Theirs): Promise<unknown>;
  /** What is compared of both results (after `view`), where their shapes differ; default all of it. */
  pick?: (result: any) => unknown;
}

/** One provider serving one task. */
interface Row {
  provider: InferenceProviderName;
  /** The model's id on the provider (the Hub mapping's `providerId`). */
  providerId: string;
  /** The provider's routes, polls and downloads, by `METHOD URL`. */
  answers: Answers;
  /** The request inferkit sends after the lookup, `METHOD URL`: pins the route. */
  route: string;
  /** Both results, as `pick` shows them. */
  result: unknown;
  /** A difference found and not decided on: the submit request as each side sends it (see the file's comment). */
  differs?: Difference;
}

/** The one request (after the lookup) in which the clients differ, pinned exactly on both sides. */
interface Difference {
  /** What differs, for the reader and the test's name. */
  note: string;
  ours: Sent;
  theirs: Sent;
}

const text = (v: any) => v.generatedText;
/** A streamed text, from inferkit's TGI chunks or the reference's raw events (TGI, completion or chat chunks). */
const streamed = (chunks: any[]) =>
  chunks.map((c) => c.token?.text ?? c.choices?.[0]?.text ?? c.choices?.[0]?.delta?.content ?? '').join('');

const TASKS = {
  textGeneration: {
    fn: 'textGeneration',
    task: 'text-generation',
    ours: (o) => textGeneration({ ...o, inputs: 'The answer is', parameters: { maxNewTokens: 20 } }),
    theirs: (c, a) => c.textGeneration({ ...a, inputs: 'The answer is', parameters: { max_new_tokens: 20 } }),
    pick: text,
  },
  textGenerationStream: {
    fn: 'textGenerationStream',
    task: 'text-generation',
    ours: (o) => collect(textGenerationStream({ ...o, inputs: 'The answer is', parameters: { maxNewTokens: 20 } })),
    theirs: (c, a) =>
      collect(c.textGenerationStream({ ...a, inputs: 'The answer is', parameters: { max_new_tokens: 20 } })),
    pick: streamed,
  },
  textToImage: {
    fn: 'textToImage',
    task: 'text-to-image',
    ours: (o) => textToImage({ ...o, inputs: PROMPT, parameters: { numInferenceSteps: 4 } }),
    theirs: (c, a) => c.textToImage({ ...a, inputs: PROMPT, parameters: { num_inference_steps: 4 } }),
  },
  textToAudio: {
    fn: 'textToAudio',
    task: 'text-to-audio',
    ours: (o) => textToAudio({ ...o, inputs: 'Rain on a tin roof' }),
    theirs: (c, a) => c.textToAudio({ ...a, inputs: 'Rain on a tin roof' }),
  },
  textToVideo: {
    fn: 'textToVideo',
    task: 'text-to-video',
    ours: (o) => textToVideo({ ...o, inputs: PROMPT, parameters: { numInferenceSteps: 4 } }),
    theirs: (c, a) => c.textToVideo({ ...a, inputs: PROMPT, parameters: { num_inference_steps: 4 } }),
  },
  imageToVideo: {
    fn: 'imageToVideo',
    task: 'image-to-video',
    ours: (o) => imageToVideo({ ...o, inputs: image(), parameters: { prompt: 'It gallops' } }),
    theirs: (c, a) => c.imageToVideo({ ...a, inputs: image(), parameters: { prompt: 'It gallops' } }),
  },
  imageTextToImage: {
    fn: 'imageTextToImage',
    task: 'image-text-to-image',
    ours: (o) => imageTextToImage({ ...o, inputs: image(), parameters: { prompt: 'Make it snow' } }),
    theirs: (c, a) => c.imageTextToImage({ ...a, inputs: image(), parameters: { prompt: 'Make it snow' } }),
  },
  imageTextToVideo: {
    fn: 'imageTextToVideo',
    task: 'image-text-to-video',
    ours: (o) => imageTextToVideo({ ...o, inputs: image(), parameters: { prompt: 'Waves roll in' } }),
    theirs: (c, a) => c.imageTextToVideo({ ...a, inputs: image(), parameters: { prompt: 'Waves roll in' } }),
  },
  imageToImage: {
    fn: 'imageToImage',
    task: 'image-to-image',
    ours: (o) => imageToImage({ ...o, inputs: image(), parameters: { prompt: 'A watercolour' } }),
    theirs: (c, a) => c.imageToImage({ ...a, inputs: image(), parameters: { prompt: 'A watercolour' } }),
  },
  imageToText: {
    fn: 'imageToText',
    task: 'image-to-text',
    ours: (o) => imageToText({ ...o, inputs: image() }),
    theirs: (c, a) => c.imageToText({ ...a, data: image() }),
    pick: text,
  },
  imageSegmentation: {
    fn: 'imageSegmentation',
    task: 'image-segmentation',
    ours: (o) => imageSegmentation({ ...o, inputs: image() }),
    theirs: (c, a) => c.imageSegmentation({ ...a, inputs: image() }),
    // inferkit gives each mask as a PNG Blob, the reference as base64.
    pick: (segments: any[]) => segments.map((s) => ({ label: s.label, score: s.score, mask: s.mask.base64 ?? s.mask })),
  },
  audioToAudio: {
    fn: 'audioToAudio',
    task: 'audio-to-audio',
    ours: (o) => audioToAudio({ ...o, inputs: audio() }),
    theirs: (c, a) => c.audioToAudio({ ...a, inputs: audio() }),
    // inferkit gives each track as a Blob, the reference as base64.
    pick: (tracks: any[]) =>
      tracks.map((t) => ({ label: t.label, contentType: t.contentType, base64: t.blob.base64 ?? t.blob })),
  },
  automaticSpeechRecognition: {
    fn: 'automaticSpeechRecognition',
    task: 'automatic-speech-recognition',
    ours: (o) => automaticSpeechRecognition({ ...o, inputs: audio() }),
    theirs: (c, a) => c.automaticSpeechRecognition({ ...a, inputs: audio() }),
  },
  textToSpeech: {
    fn: 'textToSpeech',
    task: 'text-to-speech',
    ours: (o) => textToSpeech({ ...o, inputs: 'Hello world' }),
    theirs: (c, a) => c.textToSpeech({ ...a, inputs: 'Hello world' }),
  },
  featureExtraction: {
    fn: 'featureExtraction',
    task: 'feature-extraction',
    ours: (o) => featureExtraction({ ...o, inputs: 'Today is a sunny day' }),
    theirs: (c, a) => c.featureExtraction({ ...a, inputs: 'Today is a sunny day' }),
  },
} satisfies Record<string, Task>;

/** A POST as both clients send one: the token, and JSON unless said. */
const post = (url: string, body: unknown, contentType = 'application/json'): Sent => ({
  method: 'POST',
  url,
  headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType },
  body,
});
const PROMPT_IN = 'The answer is';

/**
 * text-generation at a chat route (novita, groq): inferkit sends a chat body, the reference its
 * generic `{ inputs, parameters, model }`, which a chat route rejects for want of `messages` (both
 * providers' files call inferkit's body deliberate).
 */
const chatTextDiffers = (url: string, model: string, stream: boolean): Difference => ({
  note: 'a chat body { model, messages, max_tokens } (the reference posts { inputs, parameters, model }, which a chat route rejects for want of messages)',
  ours: post(url, {
    model,
    messages: [{ role: 'user', content: PROMPT_IN }],
    max_tokens: 20,
    ...(stream ? { stream } : {}),
  }),
  theirs: post(url, { inputs: PROMPT_IN, parameters: { max_new_tokens: 20 }, model, ...(stream ? { stream } : {}) }),
});

/** wavespeed's image tasks: inferkit sends the image as a data URL, the reference as bare base64. */
const wavespeedDiffers = (id: string, prompt: string): Difference => ({
  note: 'image/images as a data URL, as huggingface_hub sends them (the reference: bare base64; wavespeed takes both)',
  ours: post(`${ROOT}/wavespeed/api/v3/${id}`, {
    prompt,
    image: dataUrl(PNG, 'image/png'),
    images: [dataUrl(PNG, 'image/png')],
  }),
  theirs: post(`${ROOT}/wavespeed/api/v3/${id}`, { prompt, image: b64(PNG), images: [b64(PNG)] }),
});

/** Provider answers: the shapes each provider documents (and the reference's `getResponse` accepts). */
const hf = (id: string, route = '') => `${ROOT}/hf-inference/models/${id}${route}`;

/** fal's queue: submitted, one status poll (completed), the result, and the download it names. */
function falQueue(id: string, result: Record<string, unknown>, downloads: Answers): Answers {
  const base = `${ROOT}/fal-ai/${id}/requests/r1`;
  return {
    [`POST ${ROOT}/fal-ai/${id}?_subdomain=queue`]: json({
      request_id: 'r1',
      status: 'IN_QUEUE',
      queue_position: 0,
      response_url: `https://queue.fal.run/${id}/requests/r1`,
      status_url: `https://queue.fal.run/${id}/requests/r1/status`,
    }),
    [`GET ${base}/status?_subdomain=queue`]: json({ status: 'COMPLETED' }),
    [`GET ${base}?_subdomain=queue`]: json(result),
    ...downloads,
  };
}
const FAL_PNG = 'https://v3.fal.media/files/out.png';
const FAL_MP4 = 'https://v3.fal.media/files/out.mp4';
const FAL_WAV = 'https://v3.fal.media/files/out.wav';
const FAL_MP3 = 'https://v3.fal.media/files/out.mp3';
const falSubmit = (id: string) => `POST ${ROOT}/fal-ai/${id}?_subdomain=queue`;

/** replicate with `Prefer: wait`: the prediction comes back succeeded, with its output. */
const replicate = (id: string, output: unknown, downloads: Answers = {}): Answers => ({
  [`POST ${ROOT}/replicate/v1/models/${id}/predictions`]: json({
    id: 'p1',
    status: 'succeeded',
    output,
    urls: {
      get: 'https://api.replicate.com/v1/predictions/p1',
      cancel: 'https://api.replicate.com/v1/predictions/p1/cancel',
    },
  }),
  ...downloads,
});
const REPLICATE_OUT = 'https://replicate.delivery/xezq/out';

/** wavespeed: the job is created, one poll finds it completed, then the CDN download. */
const wavespeed = (id: string, output: string, download: Answers): Answers => ({
  [`POST ${ROOT}/wavespeed/api/v3/${id}`]: json({
    code: 200,
    message: 'success',
    data: { id: 'w1', status: 'created', urls: { get: 'https://api.wavespeed.ai/api/v3/predictions/w1/result' } },
  }),
  [`GET ${ROOT}/wavespeed/api/v3/predictions/w1/result`]: json({
    code: 200,
    message: 'success',
    data: { id: 'w1', status: 'completed', outputs: [output] },
  }),
  ...download,
});
const WAVESPEED_OUT = 'https://d1q70pf5vjeyhc.cloudfront.net/predictions/w1/out';

/** together's video jobs: queued, one poll finds it completed, then the CDN download. */
const togetherVideo: Answers = {
  [`POST ${ROOT}/together/v2/videos`]: json({ id: 'v1', object: 'video', status: 'queued' }),
  [`GET ${ROOT}/together/v2/videos/v1`]: json({
    id: 'v1',
    object: 'video',
    status: 'completed',
    outputs: { video_url: 'https://api.together.ai/shrt/v1.mp4', cost: 1 },
  }),
  'GET https://api.together.ai/shrt/v1.mp4': file(MP4, 'video/mp4'),
};

/** An OpenAI completion, as together, deepinfra, scaleway and featherless answer it. */
const completion = {
  id: 'c1',
  object: 'text_completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, text: ' 42', finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
};
const completionChunks = sse(
  {
    id: 'c1',
    object: 'text_completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, text: ' 4', finish_reason: null }],
  },
  {
    id: 'c1',
    object: 'text_completion',
    created: 1,
    model: 'm',
    choices: [{ index: 0, text: '2', finish_reason: 'stop' }],
  },
);
const chatChunks = sse(
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: ' 4' }, finish_reason: null }],
  },
  {
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: '2' }, finish_reason: 'stop' }],
  },
);
/** A chat route asked for text-generation: a chat answer to a chat body, TGI's `[{ generated_text }]` to the reference's generic one. */
const chatOrTgi: Answer = (request) =>
  Response.json(
    (request.body as { messages?: unknown }).messages
      ? {
          id: 'c1',
          object: 'chat.completion',
          created: 1,
          model: 'm',
          choices: [{ index: 0, message: { role: 'assistant', content: ' 42' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 },
        }
      : [{ generated_text: ' 42' }],
  );
const b64Image = json({ created: 1, data: [{ b64_json: b64(JPEG) }] });
const embedding = json({
  object: 'list',
  data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2, 0.3] }],
  model: 'm',
});

const ROWS: Record<keyof typeof TASKS, Row[]> = {
  textGeneration: [
    {
      provider: 'hf-inference',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${hf('Qwen/Qwen2.5-7B', '/v1/completions')}`]: json(completion) },
      route: `POST ${hf('Qwen/Qwen2.5-7B', '/v1/completions')}`,
      result: ' 42',
    },
    {
      provider: 'together',
      providerId: 'together/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/together/v1/completions`]: json(completion) },
      route: `POST ${ROOT}/together/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'deepinfra',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/completions`]: json(completion) },
      route: `POST ${ROOT}/deepinfra/v1/openai/completions`,
      result: ' 42',
    },
    {
      provider: 'novita',
      providerId: 'qwen/qwen2.5-7b',
      answers: { [`POST ${ROOT}/novita/v3/openai/chat/completions`]: chatOrTgi },
      route: `POST ${ROOT}/novita/v3/openai/chat/completions`,
      result: ' 42',
      differs: chatTextDiffers(`${ROOT}/novita/v3/openai/chat/completions`, 'qwen/qwen2.5-7b', false),
    },
    {
      provider: 'scaleway',
      providerId: 'qwen2.5-7b',
      answers: { [`POST ${ROOT}/scaleway/v1/completions`]: json(completion) },
      route: `POST ${ROOT}/scaleway/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'featherless-ai',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/featherless-ai/v1/completions`]: json(completion) },
      route: `POST ${ROOT}/featherless-ai/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'groq',
      providerId: 'llama-3.1-8b-instant',
      answers: { [`POST ${ROOT}/groq/openai/v1/chat/completions`]: chatOrTgi },
      route: `POST ${ROOT}/groq/openai/v1/chat/completions`,
      result: ' 42',
      differs: chatTextDiffers(`${ROOT}/groq/openai/v1/chat/completions`, 'llama-3.1-8b-instant', false),
    },
    {
      provider: 'ovhcloud',
      providerId: 'Meta-Llama-3_1-8B-Instruct',
      answers: { [`POST ${ROOT}/ovhcloud/v1/completions`]: json(completion) },
      route: `POST ${ROOT}/ovhcloud/v1/completions`,
      result: ' 42',
    },
  ],
  textGenerationStream: [
    {
      provider: 'hf-inference',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${hf('Qwen/Qwen2.5-7B', '/v1/completions')}`]: completionChunks },
      route: `POST ${hf('Qwen/Qwen2.5-7B', '/v1/completions')}`,
      result: ' 42',
    },
    {
      provider: 'together',
      providerId: 'together/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/together/v1/completions`]: completionChunks },
      route: `POST ${ROOT}/together/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'deepinfra',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/completions`]: completionChunks },
      route: `POST ${ROOT}/deepinfra/v1/openai/completions`,
      result: ' 42',
    },
    {
      provider: 'novita',
      providerId: 'qwen/qwen2.5-7b',
      answers: { [`POST ${ROOT}/novita/v3/openai/chat/completions`]: chatChunks },
      route: `POST ${ROOT}/novita/v3/openai/chat/completions`,
      result: ' 42',
      differs: chatTextDiffers(`${ROOT}/novita/v3/openai/chat/completions`, 'qwen/qwen2.5-7b', true),
    },
    {
      provider: 'scaleway',
      providerId: 'qwen2.5-7b',
      answers: { [`POST ${ROOT}/scaleway/v1/completions`]: completionChunks },
      route: `POST ${ROOT}/scaleway/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'featherless-ai',
      providerId: 'Qwen/Qwen2.5-7B',
      answers: { [`POST ${ROOT}/featherless-ai/v1/completions`]: completionChunks },
      route: `POST ${ROOT}/featherless-ai/v1/completions`,
      result: ' 42',
    },
    {
      provider: 'groq',
      providerId: 'llama-3.1-8b-instant',
      answers: { [`POST ${ROOT}/groq/openai/v1/chat/completions`]: chatChunks },
      route: `POST ${ROOT}/groq/openai/v1/chat/completions`,
      result: ' 42',
      differs: chatTextDiffers(`${ROOT}/groq/openai/v1/chat/completions`, 'llama-3.1-8b-instant', true),
    },
    {
      provider: 'ovhcloud',
      providerId: 'Meta-Llama-3_1-8B-Instruct',
      answers: { [`POST ${ROOT}/ovhcloud/v1/completions`]: completionChunks },
      route: `POST ${ROOT}/ovhcloud/v1/completions`,
      result: ' 42',
    },
  ],
  textToImage: [
    {
      provider: 'hf-inference',
      providerId: 'black-forest-labs/FLUX.1-dev',
      answers: { [`POST ${hf('black-forest-labs/FLUX.1-dev')}`]: file(PNG, 'image/png') },
      route: `POST ${hf('black-forest-labs/FLUX.1-dev')}`,
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/flux/schnell',
      answers: falQueue(
        'fal-ai/flux/schnell',
        { images: [{ url: FAL_PNG, content_type: 'image/png' }] },
        { [`GET ${FAL_PNG}`]: file(PNG, 'image/png') },
      ),
      route: falSubmit('fal-ai/flux/schnell'),
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'replicate',
      providerId: 'black-forest-labs/flux-schnell',
      answers: replicate('black-forest-labs/flux-schnell', [`${REPLICATE_OUT}.png`], {
        [`GET ${REPLICATE_OUT}.png`]: file(PNG, 'image/png'),
      }),
      route: `POST ${ROOT}/replicate/v1/models/black-forest-labs/flux-schnell/predictions`,
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/flux-schnell',
      answers: wavespeed('wavespeed-ai/flux-schnell', `${WAVESPEED_OUT}.png`, {
        [`GET ${WAVESPEED_OUT}.png`]: file(PNG, 'image/png'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/flux-schnell`,
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'together',
      providerId: 'black-forest-labs/FLUX.1-schnell',
      answers: { [`POST ${ROOT}/together/v1/images/generations`]: b64Image },
      route: `POST ${ROOT}/together/v1/images/generations`,
      result: media(JPEG, 'image/jpeg'),
    },
    {
      provider: 'nscale',
      providerId: 'black-forest-labs/FLUX.1-schnell',
      answers: { [`POST ${ROOT}/nscale/v1/images/generations`]: b64Image },
      route: `POST ${ROOT}/nscale/v1/images/generations`,
      result: media(JPEG, 'image/jpeg'),
    },
    {
      provider: 'deepinfra',
      providerId: 'black-forest-labs/FLUX-1-schnell',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/images/generations`]: b64Image },
      route: `POST ${ROOT}/deepinfra/v1/openai/images/generations`,
      result: media(JPEG, 'image/jpeg'),
    },
    {
      provider: 'zai-org',
      providerId: 'cogview-4',
      answers: {
        [`POST ${ROOT}/zai-org/api/paas/v4/async/images/generations`]: json({
          id: 'z1',
          model: 'cogview-4',
          request_id: 'q1',
          task_status: 'PROCESSING',
        }),
        [`GET ${ROOT}/zai-org/api/paas/v4/async-result/z1`]: json({
          model: 'cogview-4',
          task_status: 'SUCCESS',
          image_result: [{ url: 'https://aigc-files.bigmodel.cn/api/cogview/z1.png' }],
        }),
        'GET https://aigc-files.bigmodel.cn/api/cogview/z1.png': file(PNG, 'image/png'),
      },
      route: `POST ${ROOT}/zai-org/api/paas/v4/async/images/generations`,
      result: media(PNG, 'image/png'),
    },
  ],
  textToAudio: [
    {
      provider: 'hf-inference',
      providerId: 'facebook/musicgen-small',
      answers: { [`POST ${hf('facebook/musicgen-small')}`]: file(FLAC, 'audio/flac') },
      route: `POST ${hf('facebook/musicgen-small')}`,
      result: media(FLAC, 'audio/flac'),
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/stable-audio',
      answers: falQueue(
        'fal-ai/stable-audio',
        { audio_file: { url: FAL_WAV, content_type: 'audio/wav' } },
        { [`GET ${FAL_WAV}`]: file(WAV, 'audio/wav') },
      ),
      route: falSubmit('fal-ai/stable-audio'),
      result: media(WAV, 'audio/wav'),
    },
  ],
  textToVideo: [
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/wan/v2.2-a14b/text-to-video',
      answers: falQueue(
        'fal-ai/wan/v2.2-a14b/text-to-video',
        { video: { url: FAL_MP4, content_type: 'video/mp4' } },
        { [`GET ${FAL_MP4}`]: file(MP4, 'video/mp4') },
      ),
      route: falSubmit('fal-ai/wan/v2.2-a14b/text-to-video'),
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'replicate',
      providerId: 'wan-video/wan-2.2-t2v-fast',
      answers: replicate('wan-video/wan-2.2-t2v-fast', `${REPLICATE_OUT}.mp4`, {
        [`GET ${REPLICATE_OUT}.mp4`]: file(MP4, 'video/mp4'),
      }),
      route: `POST ${ROOT}/replicate/v1/models/wan-video/wan-2.2-t2v-fast/predictions`,
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/wan-2.2/t2v-480p',
      answers: wavespeed('wavespeed-ai/wan-2.2/t2v-480p', `${WAVESPEED_OUT}.mp4`, {
        [`GET ${WAVESPEED_OUT}.mp4`]: file(MP4, 'video/mp4'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/wan-2.2/t2v-480p`,
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'together',
      providerId: 'Wan-AI/Wan2.2-T2V-A14B',
      answers: togetherVideo,
      route: `POST ${ROOT}/together/v2/videos`,
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'novita',
      providerId: 'wan-t2v',
      answers: {
        [`POST ${ROOT}/novita/v3/async/wan-t2v`]: json({ task_id: 'n1' }),
        [`GET ${ROOT}/novita/v3/async/task-result?task_id=n1`]: json({
          task: { task_id: 'n1', status: 'TASK_STATUS_SUCCEED' },
          videos: [{ video_url: 'https://faas-output-video.s3.ap-southeast-1.amazonaws.com/n1.mp4' }],
        }),
        'GET https://faas-output-video.s3.ap-southeast-1.amazonaws.com/n1.mp4': file(MP4, 'video/mp4'),
      },
      route: `POST ${ROOT}/novita/v3/async/wan-t2v`,
      result: media(MP4, 'video/mp4'),
    },
  ],
  imageToVideo: [
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/wan/v2.2-a14b/image-to-video',
      answers: falQueue(
        'fal-ai/wan/v2.2-a14b/image-to-video',
        { video: { url: FAL_MP4 } },
        { [`GET ${FAL_MP4}`]: file(MP4, 'video/mp4') },
      ),
      route: falSubmit('fal-ai/wan/v2.2-a14b/image-to-video'),
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/wan-2.2/i2v-480p',
      answers: wavespeed('wavespeed-ai/wan-2.2/i2v-480p', `${WAVESPEED_OUT}.mp4`, {
        [`GET ${WAVESPEED_OUT}.mp4`]: file(MP4, 'video/mp4'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/wan-2.2/i2v-480p`,
      result: media(MP4, 'video/mp4'),
      differs: wavespeedDiffers('wavespeed-ai/wan-2.2/i2v-480p', 'It gallops'),
    },
    {
      provider: 'together',
      providerId: 'Wan-AI/Wan2.2-I2V-A14B',
      answers: togetherVideo,
      route: `POST ${ROOT}/together/v2/videos`,
      result: media(MP4, 'video/mp4'),
    },
  ],
  imageTextToImage: [
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/qwen-image-edit',
      answers: falQueue(
        'fal-ai/qwen-image-edit',
        { images: [{ url: FAL_PNG }] },
        { [`GET ${FAL_PNG}`]: file(PNG, 'image/png') },
      ),
      route: falSubmit('fal-ai/qwen-image-edit'),
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/qwen-image/edit',
      answers: wavespeed('wavespeed-ai/qwen-image/edit', `${WAVESPEED_OUT}.png`, {
        [`GET ${WAVESPEED_OUT}.png`]: file(PNG, 'image/png'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/qwen-image/edit`,
      result: media(PNG, 'image/png'),
      differs: wavespeedDiffers('wavespeed-ai/qwen-image/edit', 'Make it snow'),
    },
  ],
  imageTextToVideo: [
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/wan/v2.2-5b/image-to-video',
      answers: falQueue(
        'fal-ai/wan/v2.2-5b/image-to-video',
        { video: { url: FAL_MP4 } },
        { [`GET ${FAL_MP4}`]: file(MP4, 'video/mp4') },
      ),
      route: falSubmit('fal-ai/wan/v2.2-5b/image-to-video'),
      result: media(MP4, 'video/mp4'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/wan-2.2/ti2v-5b',
      answers: wavespeed('wavespeed-ai/wan-2.2/ti2v-5b', `${WAVESPEED_OUT}.mp4`, {
        [`GET ${WAVESPEED_OUT}.mp4`]: file(MP4, 'video/mp4'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/wan-2.2/ti2v-5b`,
      result: media(MP4, 'video/mp4'),
      differs: wavespeedDiffers('wavespeed-ai/wan-2.2/ti2v-5b', 'Waves roll in'),
    },
    {
      provider: 'novita',
      providerId: 'MiniMax-H3',
      answers: {
        [`POST ${ROOT}/novita/v3/minimax/v2/video_generation`]: json({ task_id: 'n2' }),
        [`GET ${ROOT}/novita/v3/minimax/v2/query/video_generation/n2`]: json({
          task: { task_id: 'n2', status: 'succeeded', content: { url: 'https://files.novita.ai/n2.mp4' } },
        }),
        'GET https://files.novita.ai/n2.mp4': file(MP4, 'video/mp4'),
      },
      route: `POST ${ROOT}/novita/v3/minimax/v2/video_generation`,
      result: media(MP4, 'video/mp4'),
    },
  ],
  imageToImage: [
    {
      provider: 'hf-inference',
      providerId: 'timbrooks/instruct-pix2pix',
      answers: { [`POST ${hf('timbrooks/instruct-pix2pix')}`]: file(PNG, 'image/png') },
      route: `POST ${hf('timbrooks/instruct-pix2pix')}`,
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/flux-kontext/dev',
      answers: falQueue(
        'fal-ai/flux-kontext/dev',
        { images: [{ url: FAL_PNG }] },
        { [`GET ${FAL_PNG}`]: file(PNG, 'image/png') },
      ),
      route: falSubmit('fal-ai/flux-kontext/dev'),
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'replicate',
      providerId: 'black-forest-labs/flux-kontext-dev',
      answers: replicate('black-forest-labs/flux-kontext-dev', `${REPLICATE_OUT}.png`, {
        [`GET ${REPLICATE_OUT}.png`]: file(PNG, 'image/png'),
      }),
      route: `POST ${ROOT}/replicate/v1/models/black-forest-labs/flux-kontext-dev/predictions`,
      result: media(PNG, 'image/png'),
    },
    {
      provider: 'wavespeed',
      providerId: 'wavespeed-ai/flux-kontext-dev',
      answers: wavespeed('wavespeed-ai/flux-kontext-dev', `${WAVESPEED_OUT}.png`, {
        [`GET ${WAVESPEED_OUT}.png`]: file(PNG, 'image/png'),
      }),
      route: `POST ${ROOT}/wavespeed/api/v3/wavespeed-ai/flux-kontext-dev`,
      result: media(PNG, 'image/png'),
      differs: wavespeedDiffers('wavespeed-ai/flux-kontext-dev', 'A watercolour'),
    },
    {
      provider: 'together',
      providerId: 'black-forest-labs/FLUX.1-kontext-dev',
      answers: { [`POST ${ROOT}/together/v1/images/generations`]: b64Image },
      route: `POST ${ROOT}/together/v1/images/generations`,
      result: media(JPEG, 'image/jpeg'),
    },
  ],
  imageToText: [
    {
      provider: 'hf-inference',
      providerId: 'Salesforce/blip-image-captioning-large',
      answers: {
        [`POST ${hf('Salesforce/blip-image-captioning-large')}`]: json({ generated_text: 'a horse in space' }),
      },
      route: `POST ${hf('Salesforce/blip-image-captioning-large')}`,
      result: 'a horse in space',
    },
    {
      provider: 'zai-org',
      providerId: 'glm-ocr',
      answers: {
        [`POST ${ROOT}/zai-org/api/paas/v4/layout_parsing`]: json({
          id: 'l1',
          model: 'glm-ocr',
          md_results: '# Total: 42',
        }),
      },
      route: `POST ${ROOT}/zai-org/api/paas/v4/layout_parsing`,
      result: '# Total: 42',
    },
  ],
  imageSegmentation: [
    {
      provider: 'hf-inference',
      providerId: 'facebook/detr-resnet-50-panoptic',
      answers: {
        [`POST ${hf('facebook/detr-resnet-50-panoptic')}`]: json([{ label: 'horse', score: 0.9, mask: b64(PNG) }]),
      },
      route: `POST ${hf('facebook/detr-resnet-50-panoptic')}`,
      result: [{ label: 'horse', score: 0.9, mask: b64(PNG) }],
      differs: {
        note: 'the raw image bytes without parameters, as huggingface_hub sends them (the reference: { inputs: base64 } JSON)',
        ours: post(hf('facebook/detr-resnet-50-panoptic'), { bytes: b64(PNG) }, 'image/png'),
        theirs: post(hf('facebook/detr-resnet-50-panoptic'), { inputs: b64(PNG) }),
      },
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/birefnet/v2',
      answers: falQueue(
        'fal-ai/birefnet/v2',
        { image: { url: FAL_PNG, content_type: 'image/png' } },
        { [`GET ${FAL_PNG}`]: file(PNG, 'image/png') },
      ),
      route: falSubmit('fal-ai/birefnet/v2'),
      result: [{ label: 'mask', score: 1, mask: b64(PNG) }],
    },
  ],
  audioToAudio: [
    {
      provider: 'hf-inference',
      providerId: 'speechbrain/sepformer-wham',
      answers: {
        [`POST ${hf('speechbrain/sepformer-wham')}`]: json([
          { label: 'speech', blob: b64(WAV), 'content-type': 'audio/wav' },
        ]),
      },
      route: `POST ${hf('speechbrain/sepformer-wham')}`,
      result: [{ label: 'speech', contentType: 'audio/wav', base64: b64(WAV) }],
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/deepfilternet3',
      answers: falQueue(
        'fal-ai/deepfilternet3',
        { audio: { url: FAL_WAV, content_type: 'audio/wav' } },
        { [`GET ${FAL_WAV}`]: file(WAV, 'audio/wav') },
      ),
      route: falSubmit('fal-ai/deepfilternet3'),
      result: [{ label: 'speech', contentType: 'audio/wav', base64: b64(WAV) }],
    },
  ],
  automaticSpeechRecognition: [
    {
      provider: 'hf-inference',
      providerId: 'openai/whisper-large-v3',
      answers: { [`POST ${hf('openai/whisper-large-v3')}`]: json({ text: 'Hello world' }) },
      route: `POST ${hf('openai/whisper-large-v3')}`,
      result: { text: 'Hello world' },
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/whisper',
      answers: {
        [`POST ${ROOT}/fal-ai/fal-ai/whisper`]: json({
          text: 'Hello world',
          chunks: [{ text: 'Hello world', timestamp: [0, 1.5] }],
        }),
      },
      route: `POST ${ROOT}/fal-ai/fal-ai/whisper`,
      result: { text: 'Hello world', chunks: [{ text: 'Hello world', timestamp: [0, 1.5] }] },
    },
    {
      provider: 'replicate',
      providerId: 'openai/whisper',
      answers: replicate('openai/whisper', { transcription: 'Hello world', segments: [] }),
      route: `POST ${ROOT}/replicate/v1/models/openai/whisper/predictions`,
      result: { text: 'Hello world' },
    },
    {
      provider: 'together',
      providerId: 'openai/whisper-large-v3',
      answers: {
        [`POST ${ROOT}/together/v1/audio/transcriptions`]: json({
          text: 'Hello world',
          segments: [{ text: 'Hello world', start: 0, end: 1.5 }],
        }),
      },
      route: `POST ${ROOT}/together/v1/audio/transcriptions`,
      result: { text: 'Hello world', chunks: [{ text: 'Hello world', timestamp: [0, 1.5] }] },
    },
    {
      provider: 'deepinfra',
      providerId: 'openai/whisper-large-v3',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/audio/transcriptions`]: json({ text: 'Hello world' }) },
      route: `POST ${ROOT}/deepinfra/v1/openai/audio/transcriptions`,
      result: { text: 'Hello world' },
    },
  ],
  textToSpeech: [
    {
      provider: 'hf-inference',
      providerId: 'espnet/kan-bayashi_ljspeech_vits',
      answers: { [`POST ${hf('espnet/kan-bayashi_ljspeech_vits')}`]: file(FLAC, 'audio/flac') },
      route: `POST ${hf('espnet/kan-bayashi_ljspeech_vits')}`,
      result: media(FLAC, 'audio/flac'),
    },
    {
      provider: 'fal-ai',
      providerId: 'fal-ai/kokoro/american-english',
      answers: {
        [`POST ${ROOT}/fal-ai/fal-ai/kokoro/american-english`]: json({
          audio: { url: FAL_MP3, content_type: 'audio/mpeg' },
        }),
        [`GET ${FAL_MP3}`]: file(MP3, 'audio/mpeg'),
      },
      route: `POST ${ROOT}/fal-ai/fal-ai/kokoro/american-english`,
      result: media(MP3, 'audio/mpeg'),
    },
    {
      provider: 'replicate',
      providerId: 'jaaari/kokoro-82m',
      answers: replicate('jaaari/kokoro-82m', `${REPLICATE_OUT}.wav`, {
        [`GET ${REPLICATE_OUT}.wav`]: file(WAV, 'audio/wav'),
      }),
      route: `POST ${ROOT}/replicate/v1/models/jaaari/kokoro-82m/predictions`,
      result: media(WAV, 'audio/wav'),
    },
    {
      provider: 'together',
      providerId: 'hexgrad/Kokoro-82M',
      answers: { [`POST ${ROOT}/together/v1/audio/speech`]: file(MP3, 'audio/mpeg') },
      route: `POST ${ROOT}/together/v1/audio/speech`,
      result: media(MP3, 'audio/mpeg'),
    },
    {
      provider: 'deepinfra',
      providerId: 'hexgrad/Kokoro-82M',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/audio/speech`]: file(MP3, 'audio/mpeg') },
      route: `POST ${ROOT}/deepinfra/v1/openai/audio/speech`,
      result: media(MP3, 'audio/mpeg'),
    },
  ],
  featureExtraction: [
    {
      provider: 'hf-inference',
      providerId: 'sentence-transformers/all-MiniLM-L6-v2',
      answers: {
        [`POST ${hf('sentence-transformers/all-MiniLM-L6-v2', '/pipeline/feature-extraction')}`]: json([0.1, 0.2, 0.3]),
      },
      route: `POST ${hf('sentence-transformers/all-MiniLM-L6-v2', '/pipeline/feature-extraction')}`,
      result: [0.1, 0.2, 0.3],
    },
    {
      provider: 'together',
      providerId: 'BAAI/bge-base-en-v1.5',
      answers: { [`POST ${ROOT}/together/v1/embeddings`]: embedding },
      route: `POST ${ROOT}/together/v1/embeddings`,
      result: [[0.1, 0.2, 0.3]],
    },
    {
      provider: 'deepinfra',
      providerId: 'BAAI/bge-base-en-v1.5',
      answers: { [`POST ${ROOT}/deepinfra/v1/openai/embeddings`]: embedding },
      route: `POST ${ROOT}/deepinfra/v1/openai/embeddings`,
      result: [[0.1, 0.2, 0.3]],
    },
    {
      provider: 'scaleway',
      providerId: 'bge-multilingual-gemma2',
      answers: { [`POST ${ROOT}/scaleway/v1/embeddings`]: embedding },
      route: `POST ${ROOT}/scaleway/v1/embeddings`,
      result: [[0.1, 0.2, 0.3]],
    },
  ],
};

/** The hf-inference classic tasks: one call each, with the answer its pipeline gives. */
interface Classic extends Task {
  providerId: string;
  route?: string;
  answer: unknown;
  result: unknown;
  differs?: Difference;
}

const CLASSICS: Classic[] = [
  {
    fn: 'textClassification',
    task: 'text-classification',
    providerId: 'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
    ours: (o) => textClassification({ ...o, inputs: 'I like you' }),
    theirs: (c, a) => c.textClassification({ ...a, inputs: 'I like you' }),
    answer: [
      [
        { label: 'POSITIVE', score: 0.9 },
        { label: 'NEGATIVE', score: 0.1 },
      ],
    ],
    result: [
      { label: 'POSITIVE', score: 0.9 },
      { label: 'NEGATIVE', score: 0.1 },
    ],
  },
  {
    fn: 'tokenClassification',
    task: 'token-classification',
    providerId: 'dslim/bert-base-NER',
    ours: (o) => tokenClassification({ ...o, inputs: 'My name is Sarah' }),
    theirs: (c, a) => c.tokenClassification({ ...a, inputs: 'My name is Sarah' }),
    pick: (entities: any[]) => entities.map((e) => [e.entityGroup, e.word, e.start, e.end, e.score]),
    answer: [{ entity_group: 'PER', score: 0.99, word: 'Sarah', start: 11, end: 16 }],
    result: [['PER', 'Sarah', 11, 16, 0.99]],
  },
  {
    fn: 'fillMask',
    task: 'fill-mask',
    providerId: 'google-bert/bert-base-uncased',
    ours: (o) => fillMask({ ...o, inputs: 'Paris is the [MASK] of France.' }),
    theirs: (c, a) => c.fillMask({ ...a, inputs: 'Paris is the [MASK] of France.' }),
    answer: [{ score: 0.9, token: 3007, token_str: 'capital', sequence: 'paris is the capital of france.' }],
    result: [{ score: 0.9, token: 3007, tokenStr: 'capital', sequence: 'paris is the capital of france.' }],
  },
  {
    fn: 'questionAnswering',
    task: 'question-answering',
    providerId: 'deepset/roberta-base-squad2',
    ours: (o) => questionAnswering({ ...o, inputs: { question: 'What is my name?', context: 'My name is Clara' } }),
    theirs: (c, a) =>
      c.questionAnswering({ ...a, inputs: { question: 'What is my name?', context: 'My name is Clara' } }),
    // inferkit gives the answers as a list (top-k), the reference the best one.
    pick: (v: any) => (Array.isArray(v) ? v[0] : v),
    answer: { answer: 'Clara', score: 0.9, start: 11, end: 16 },
    result: { answer: 'Clara', score: 0.9, start: 11, end: 16 },
  },
  {
    fn: 'summarization',
    task: 'summarization',
    providerId: 'facebook/bart-large-cnn',
    ours: (o) => summarization({ ...o, inputs: 'A long text about the tower.' }),
    theirs: (c, a) => c.summarization({ ...a, inputs: 'A long text about the tower.' }),
    answer: [{ summary_text: 'The tower.' }],
    result: { summaryText: 'The tower.' },
  },
  {
    fn: 'translation',
    task: 'translation',
    providerId: 'google-t5/t5-small',
    ours: (o) => translation({ ...o, inputs: 'My name is Wolfgang' }),
    theirs: (c, a) => c.translation({ ...a, inputs: 'My name is Wolfgang' }),
    answer: [{ translation_text: 'Mein Name ist Wolfgang' }],
    result: { translationText: 'Mein Name ist Wolfgang' },
  },
  {
    fn: 'sentenceSimilarity',
    task: 'sentence-similarity',
    providerId: 'sentence-transformers/paraphrase-MiniLM-L6-v2',
    route: '/pipeline/sentence-similarity',
    ours: (o) =>
      sentenceSimilarity({ ...o, inputs: { sourceSentence: 'That is happy', sentences: ['That is glad', 'No'] } }),
    theirs: (c, a) =>
      c.sentenceSimilarity({ ...a, inputs: { source_sentence: 'That is happy', sentences: ['That is glad', 'No'] } }),
    answer: [0.9, 0.1],
    result: [0.9, 0.1],
  },
  {
    fn: 'zeroShotClassification',
    task: 'zero-shot-classification',
    providerId: 'facebook/bart-large-mnli',
    ours: (o) =>
      zeroShotClassification({ ...o, inputs: 'I love it', parameters: { candidateLabels: ['positive', 'negative'] } }),
    theirs: (c, a) =>
      c.zeroShotClassification({
        ...a,
        inputs: 'I love it',
        parameters: { candidate_labels: ['positive', 'negative'] },
      }),
    answer: { sequence: 'I love it', labels: ['positive', 'negative'], scores: [0.9, 0.1] },
    result: [
      { label: 'positive', score: 0.9 },
      { label: 'negative', score: 0.1 },
    ],
  },
  {
    fn: 'tableQuestionAnswering',
    task: 'table-question-answering',
    providerId: 'google/tapas-base-finetuned-wtq',
    ours: (o) =>
      tableQuestionAnswering({
        ...o,
        inputs: {
          query: 'Stars of Datasets?',
          table: { Repository: ['Transformers', 'Datasets'], Stars: ['36', '4'] },
        },
      }),
    // The reference's types name the question `question`; the pipeline (and inferkit) take `query`,
    // which the reference sends as given.
    theirs: (c, a) =>
      c.tableQuestionAnswering({
        ...a,
        inputs: {
          query: 'Stars of Datasets?',
          table: { Repository: ['Transformers', 'Datasets'], Stars: ['36', '4'] },
        } as any,
      }),
    answer: { answer: 'AVERAGE > 4', coordinates: [[1, 1]], cells: ['4'], aggregator: 'AVERAGE' },
    result: { answer: 'AVERAGE > 4', coordinates: [[1, 1]], cells: ['4'], aggregator: 'AVERAGE' },
  },
  {
    fn: 'tabularClassification',
    task: 'tabular-classification',
    providerId: 'scikit-learn/tabular-playground',
    ours: (o) => tabularClassification({ ...o, inputs: { data: { a: ['1', '2'], b: ['3', '4'] } } }),
    theirs: (c, a) => c.tabularClassification({ ...a, inputs: { data: { a: ['1', '2'], b: ['3', '4'] } } }),
    // inferkit gives every label as a string (documented); the reference as the model answers it.
    pick: (labels: unknown[]) => labels.map(String),
    answer: [1, 0],
    result: ['1', '0'],
  },
  {
    fn: 'tabularRegression',
    task: 'tabular-regression',
    providerId: 'scikit-learn/Fish-Weight',
    ours: (o) => tabularRegression({ ...o, inputs: { data: { a: ['1', '2'], b: ['3', '4'] } } }),
    theirs: (c, a) => c.tabularRegression({ ...a, inputs: { data: { a: ['1', '2'], b: ['3', '4'] } } }),
    answer: [1.5, 2.5],
    result: [1.5, 2.5],
  },
  {
    fn: 'documentQuestionAnswering',
    task: 'document-question-answering',
    providerId: 'impira/layoutlm-document-qa',
    ours: (o) => documentQuestionAnswering({ ...o, inputs: { image: image(), question: 'Total?' } }),
    theirs: (c, a) => c.documentQuestionAnswering({ ...a, inputs: { image: image(), question: 'Total?' } }),
    pick: (v: any) => (Array.isArray(v) ? v[0] : v),
    answer: [{ answer: '$42', score: 0.9, start: 3, end: 4 }],
    result: { answer: '$42', score: 0.9, start: 3, end: 4 },
  },
  {
    fn: 'visualQuestionAnswering',
    task: 'visual-question-answering',
    providerId: 'dandelin/vilt-b32-finetuned-vqa',
    ours: (o) => visualQuestionAnswering({ ...o, inputs: { image: image(), question: 'What is it?' } }),
    theirs: (c, a) => c.visualQuestionAnswering({ ...a, inputs: { image: image(), question: 'What is it?' } }),
    pick: (v: any) => (Array.isArray(v) ? v[0] : v),
    answer: [{ answer: 'horse', score: 0.9 }],
    result: { answer: 'horse', score: 0.9 },
  },
  {
    fn: 'objectDetection',
    task: 'object-detection',
    providerId: 'facebook/detr-resnet-50',
    ours: (o) => objectDetection({ ...o, inputs: image() }),
    theirs: (c, a) => c.objectDetection({ ...a, data: image() }),
    answer: [{ label: 'horse', score: 0.9, box: { xmin: 1, ymin: 2, xmax: 3, ymax: 4 } }],
    result: [{ label: 'horse', score: 0.9, box: { xmin: 1, ymin: 2, xmax: 3, ymax: 4 } }],
  },
  {
    fn: 'imageClassification',
    task: 'image-classification',
    providerId: 'google/vit-base-patch16-224',
    ours: (o) => imageClassification({ ...o, inputs: image() }),
    theirs: (c, a) => c.imageClassification({ ...a, data: image() }),
    answer: [{ label: 'horse', score: 0.9 }],
    result: [{ label: 'horse', score: 0.9 }],
  },
  {
    fn: 'zeroShotImageClassification',
    task: 'zero-shot-image-classification',
    providerId: 'openai/clip-vit-large-patch14',
    ours: (o) =>
      zeroShotImageClassification({ ...o, inputs: image(), parameters: { candidateLabels: ['horse', 'cat'] } }),
    theirs: (c, a) =>
      c.zeroShotImageClassification({ ...a, inputs: image(), parameters: { candidate_labels: ['horse', 'cat'] } }),
    answer: [
      { label: 'horse', score: 0.9 },
      { label: 'cat', score: 0.1 },
    ],
    result: [
      { label: 'horse', score: 0.9 },
      { label: 'cat', score: 0.1 },
    ],
    differs: {
      note: "{ inputs: base64 }, the task spec's shape and huggingface_hub's (the reference: { inputs: { image: base64 } })",
      ours: post(hf('openai/clip-vit-large-patch14'), {
        inputs: b64(PNG),
        parameters: { candidate_labels: ['horse', 'cat'] },
      }),
      theirs: post(hf('openai/clip-vit-large-patch14'), {
        inputs: { image: b64(PNG) },
        parameters: { candidate_labels: ['horse', 'cat'] },
      }),
    },
  },
  {
    fn: 'audioClassification',
    task: 'audio-classification',
    providerId: 'superb/hubert-large-superb-er',
    ours: (o) => audioClassification({ ...o, inputs: audio() }),
    theirs: (c, a) => c.audioClassification({ ...a, data: audio() }),
    answer: [{ label: 'neu', score: 0.9 }],
    result: [{ label: 'neu', score: 0.9 }],
  },
];

// ---------------------------------------------------------------------------------------------
// Running a row

interface Outcome {
  sent: Sent[];
  value?: unknown;
  error?: unknown;
}

/** Runs one task through both clients, each in its own world, and returns what each sent and got. */
let runs = 0;

async function both(task: Task, row: Pick<Row, 'provider' | 'providerId' | 'answers'>) {
  // A new Hub id each run: the reference caches mappings for the life of the module.
  const model = `parity/${task.fn}-${row.provider}-${++runs}`;
  const mapping = { model, provider: row.provider, providerId: row.providerId, task: task.task };
  const theirsWorld = world(mapping, row.answers);
  const oursWorld = world(mapping, row.answers);
  // The reference polls and downloads with the global fetch, whatever `fetch` it was given.
  vi.stubGlobal('fetch', theirsWorld.fetch);
  const theirs = await settle(
    task.theirs(new ReferenceClient(TOKEN, { fetch: theirsWorld.fetch }), {
      model,
      provider: row.provider as InferenceProvider,
    }),
  );
  // inferkit must use the fetch it is given for everything.
  vi.stubGlobal('fetch', noGlobalFetch);
  const ours = await settle(task.ours({ model, provider: row.provider, accessToken: TOKEN, fetch: oursWorld.fetch }));
  vi.unstubAllGlobals();
  return {
    model,
    ours: { sent: oursWorld.sent, ...ours } as Outcome,
    theirs: { sent: theirsWorld.sent, ...theirs } as Outcome,
  };
}

/** The result as compared: `view`, then the task's pick. */
async function shown(outcome: Outcome, pick?: (value: any) => unknown) {
  if (outcome.error) throw outcome.error;
  const viewed = await view(outcome.value);
  return pick ? pick(viewed) : viewed;
}

/** Both clients' requests and results for one row: the lookup, the route, then parity. */
async function expectParity(task: Task, row: Row, full: boolean) {
  const { model, ours, theirs } = await both(task, row);
  // The lookup: with an explicit provider both clients send the token.
  expect(ours.sent[0]).toEqual({
    method: 'GET',
    url: lookupUrl(model),
    headers: { authorization: `Bearer ${TOKEN}` },
    body: undefined,
  });
  expect(`${ours.sent[1]?.method} ${ours.sent[1]?.url}`).toBe(row.route);
  if (row.differs && !full) {
    // The difference, exactly; every other request the same.
    expect(ours.sent[1]).toEqual(row.differs.ours);
    expect(theirs.sent[1]).toEqual(row.differs.theirs);
    const others = (sent: Sent[]) => sent.filter((_, i) => i !== 1);
    expect(others(ours.sent)).toEqual(others(theirs.sent));
  } else {
    expect(ours.sent).toEqual(theirs.sent);
  }
  expect(await shown(ours, task.pick)).toEqual(row.result);
  expect(await shown(theirs, task.pick)).toEqual(row.result);
}

/** One row's test: parity, or for a row that differs on purpose, that difference pinned exactly. */
function rowTests(task: Task, row: Row, name: string) {
  if (!row.differs) it(name, () => expectParity(task, row, true));
  else it(`${name} — deliberate: ${row.differs.note}`, () => expectParity(task, row, false));
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  clearProviderMappingCache();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('provider parity with @huggingface/inference 4.13: requests and results', () => {
  for (const [name, rows] of Object.entries(ROWS)) {
    const task = TASKS[name as keyof typeof TASKS] as Task;
    describe(name, () => {
      for (const row of rows) rowTests(task, row, `${row.provider}: ${row.route}`);
    });
  }

  describe('hf-inference classic tasks', () => {
    for (const classic of CLASSICS) {
      const url = hf(classic.providerId, classic.route);
      const row: Row = {
        provider: 'hf-inference',
        providerId: classic.providerId,
        answers: { [`POST ${url}`]: json(classic.answer) },
        route: `POST ${url}`,
        result: classic.result,
        differs: classic.differs,
      };
      rowTests(classic, row, `${classic.fn}: ${row.route}`);
    }
  });

  it('covers every provider of every task in the task table (chat aside)', () => {
    const covered = [
      ...Object.entries(ROWS).flatMap(([fn, rows]) => rows.map((row) => `${fn} ${row.provider}`)),
      ...CLASSICS.map((classic) => `${classic.fn} hf-inference`),
    ].sort();
    const served = Object.entries(taskTable)
      .filter(([fn]) => !fn.startsWith('chatCompletion'))
      .flatMap(([fn, task]) =>
        Object.keys(task.definition.providers ?? { 'hf-inference': true }).map((p) => `${fn} ${p}`),
      )
      .sort();
    expect(covered).toEqual(served);
  });
});

describe('replicate, a prediction still running when `Prefer: wait` gives up', () => {
  it('inferkit polls it through the router and downloads; the reference, which never polls, fails', async () => {
    const id = 'black-forest-labs/flux-schnell';
    const running = {
      id: 'p1',
      status: 'processing',
      output: null,
      urls: { get: 'https://api.replicate.com/v1/predictions/p1' },
    };
    const { model, ours, theirs } = await both(TASKS.textToImage, {
      provider: 'replicate',
      providerId: id,
      answers: {
        [`POST ${ROOT}/replicate/v1/models/${id}/predictions`]: json(running),
        [`GET ${ROOT}/replicate/v1/predictions/p1`]: json({
          ...running,
          status: 'succeeded',
          output: [`${REPLICATE_OUT}.png`],
        }),
        [`GET ${REPLICATE_OUT}.png`]: file(PNG, 'image/png'),
      },
    });
    const submit = post(`${ROOT}/replicate/v1/models/${id}/predictions`, {
      input: { num_inference_steps: 4, prompt: PROMPT },
    });
    Object.assign(submit.headers, { prefer: 'wait' });
    const lookup = {
      method: 'GET',
      url: lookupUrl(model),
      headers: { authorization: `Bearer ${TOKEN}` },
      body: undefined,
    };
    expect(ours.sent).toEqual([
      lookup,
      submit,
      // Through the router with the token, whatever `urls.get` says; no `prefer` on the poll.
      {
        method: 'GET',
        url: `${ROOT}/replicate/v1/predictions/p1`,
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: undefined,
      },
      { method: 'GET', url: `${REPLICATE_OUT}.png`, headers: {}, body: undefined },
    ]);
    expect(await shown(ours)).toEqual(media(PNG, 'image/png'));
    expect(theirs.sent).toEqual([lookup, submit]);
    expect(String(theirs.error)).toMatch(/malformed response from Replicate text-to-image API/);
  });
});

// ---------------------------------------------------------------------------------------------
// Chat: the deliberate difference, pinned per provider

/** The chat providers of names.ts the reference serves chat on, with the route it posts to (below `{root}/{provider}`). */
const CHAT_ROUTES: Partial<Record<InferenceProviderName, (providerId: string) => string>> = {
  baseten: () => '/v1/chat/completions',
  cerebras: () => '/v1/chat/completions',
  cohere: () => '/compatibility/v1/chat/completions',
  deepinfra: () => '/v1/openai/chat/completions',
  'featherless-ai': () => '/v1/chat/completions',
  'fireworks-ai': () => '/inference/v1/chat/completions',
  groq: () => '/openai/v1/chat/completions',
  'hf-inference': (id) => `/models/${id}/v1/chat/completions`,
  novita: () => '/v3/openai/chat/completions',
  nscale: () => '/v1/chat/completions',
  ovhcloud: () => '/v1/chat/completions',
  publicai: () => '/v1/chat/completions',
  scaleway: () => '/v1/chat/completions',
  together: () => '/v1/chat/completions',
  'zai-org': () => '/api/paas/v4/chat/completions',
};

const messages = [{ role: 'user' as const, content: 'Hello!' }];
const chatAnswer = {
  id: 'x',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 },
};
const chatStream = sse(
  {
    id: 'x',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }],
  },
  {
    id: 'x',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: '!' }, finish_reason: 'stop' }],
  },
);
const CHAT_PROVIDER_ID = 'provider/llama-3.1-8b';
/** The headers Z.ai's API expects from Hugging Face, which the reference adds on zai-org's routes. */
const ZAI_HEADERS = { 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' };
/** Providers of names.ts the reference 4.13 serves no chat on (sambanova it does not know at all). */
const NO_REFERENCE_CHAT: InferenceProviderName[] = ['fal-ai', 'replicate', 'sambanova', 'wavespeed'];

describe('chat with an explicit provider: inferkit → the router with `:provider`, the reference → the provider’s route', () => {
  for (const [provider, route] of Object.entries(CHAT_ROUTES) as [InferenceProviderName, (id: string) => string][]) {
    for (const stream of [false, true]) {
      const fn = stream ? 'chatCompletionStream' : 'chatCompletion';
      it(`${fn} · ${provider}`, async () => {
        const providerRoute = `${ROOT}/${provider}${route(CHAT_PROVIDER_ID)}`;
        const answer = stream ? chatStream : json(chatAnswer);
        const task: Task = {
          fn,
          task: 'conversational',
          ours: (o) =>
            stream
              ? collect(chatCompletionStream({ ...o, messages, maxTokens: 50 }))
              : chatCompletion({ ...o, messages, maxTokens: 50 }),
          theirs: (c, a) =>
            stream
              ? collect(c.chatCompletionStream({ ...a, messages, max_tokens: 50 }))
              : c.chatCompletion({ ...a, messages, max_tokens: 50 }),
          pick: (v: any) =>
            stream ? v.map((c: any) => c.choices[0].delta.content ?? '').join('') : v.choices[0].message.content,
        };
        const { model, ours, theirs } = await both(task, {
          provider,
          providerId: CHAT_PROVIDER_ID,
          answers: { [`POST ${ROOT}/v1/chat/completions`]: answer, [`POST ${providerRoute}`]: answer },
        });
        const streamFlag = stream ? { stream: true } : {};
        // inferkit: no lookup; the router's route, the Hub id with the provider as a suffix.
        expect(ours.sent).toEqual([
          post(`${ROOT}/v1/chat/completions`, {
            model: `${model}:${provider}`,
            messages,
            max_tokens: 50,
            ...streamFlag,
          }),
        ]);
        // The reference: the lookup (with the token), then the provider's own route and model id.
        const theirPost = post(providerRoute, { model: CHAT_PROVIDER_ID, messages, max_tokens: 50, ...streamFlag });
        if (provider === 'zai-org') Object.assign(theirPost.headers, ZAI_HEADERS);
        expect(theirs.sent).toEqual([
          { method: 'GET', url: lookupUrl(model), headers: { authorization: `Bearer ${TOKEN}` }, body: undefined },
          theirPost,
        ]);
        expect(await shown(ours, task.pick)).toBe('Hi!');
        expect(await shown(theirs, task.pick)).toBe('Hi!');
      });
    }
  }

  it('covers every provider of names.ts', () => {
    expect([...Object.keys(CHAT_ROUTES), ...NO_REFERENCE_CHAT].sort()).toEqual([...PROVIDER_NAMES].sort());
  });

  for (const provider of NO_REFERENCE_CHAT) {
    it(`chatCompletion · ${provider}: inferkit → the router; the reference has no chat for it and refuses`, async () => {
      const task: Task = {
        fn: 'chatCompletion',
        task: 'conversational',
        ours: (o) => chatCompletion({ ...o, messages, maxTokens: 50 }),
        theirs: (c, a) => c.chatCompletion({ ...a, messages, max_tokens: 50 }),
      };
      const { model, ours, theirs } = await both(task, {
        provider,
        providerId: CHAT_PROVIDER_ID,
        answers: { [`POST ${ROOT}/v1/chat/completions`]: json(chatAnswer) },
      });
      expect(ours.sent).toEqual([
        post(`${ROOT}/v1/chat/completions`, { model: `${model}:${provider}`, messages, max_tokens: 50 }),
      ]);
      expect(await shown(ours, (v: any) => v.choices[0].message.content)).toBe('Hi!');
      expect(theirs.sent).toEqual([]);
      expect(String(theirs.error)).toMatch(/not supported/);
    });
  }
});
