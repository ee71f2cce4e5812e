/**
 * together, and the OpenAI-compatible shapes the other GPU clouds share (completions, embeddings,
 * images, transcriptions), which their files build on. Routes are below `{root}/together`:
 * `/v1/completions`, `/v1/embeddings`, `/v1/images/generations`, `/v1/audio/speech`,
 * `/v1/audio/transcriptions`, and `/v2/videos`, whose jobs are polled at `/v2/videos/{id}` through
 * the router (with the call's token) until `completed`; the video lives on together's CDN (no token).
 * Bodies are what @huggingface/inference 4.13 sends.
 */
import { InferenceJobError, InferenceResponseError } from '../errors';
import { decodeBase64, imageFromB64Json } from '../media';
import type { WireBody } from '../task';
import { toBytes, type BinaryInput } from '../wire';
import { getJson, mediaBlob, pollJob, readJson, type JobState } from './jobs';
import { dataUrlOf, partsOf } from './payload';
import { hooked } from './hooked';
import type { ProviderCall, ProviderHooks, ProviderTask } from './types';

const NAME = 'together';

type Json = Record<string, unknown>;
type Body = (wire: WireBody, call: Omit<ProviderCall, 'send'>) => WireBody | Promise<WireBody>;

interface Choice {
  text?: unknown;
  message?: { content?: unknown };
  delta?: { content?: unknown };
  finish_reason?: unknown;
  seed?: unknown;
}

/** A completion's text (`text`), or a chat answer's (`message` / `delta`), for providers that serve text-generation as chat. */
const textOf = (choice: Choice | undefined): unknown =>
  choice && (typeof choice.text === 'string' ? choice.text : (choice.message ?? choice.delta)?.content);

/**
 * The text-generation wire body split for providers: `{ inputs, parameters }` as the task built it,
 * and `stream: true` alone (@huggingface/inference adds `stream` to streamed calls only).
 */
export function completionParts(wire: WireBody) {
  const { stream, ...args } = (wire.json ?? {}) as { stream?: boolean; inputs?: unknown; parameters?: Json };
  return { args, stream: stream ? { stream } : {} };
}

/** `parameters` flat, `max_new_tokens` as `max_tokens` (deepinfra, featherless). */
export function maxTokens(parameters: Json | undefined): Json | undefined {
  if (!parameters) return undefined;
  const { max_new_tokens, ...rest } = parameters;
  return { max_tokens: max_new_tokens, ...rest };
}

/**
 * `{ model, stream?, max_tokens (from max_new_tokens), ...other parameters, prompt }`: the OpenAI
 * completions body @huggingface/inference 4.13 sends to hf-inference and ovhcloud.
 */
export const promptCompletion = (wire: WireBody, { model }: { model: string }): WireBody => {
  const { args, stream } = completionParts(wire);
  return { json: { model, ...stream, ...maxTokens(args.parameters), prompt: args.inputs } };
};

/**
 * Maps a stream of OpenAI completion (or chat) chunks to TGI's chunk shape: one token per chunk,
 * and on the chunk with a `finish_reason` the whole text and `details`, which TGI's stream ends with
 * and the task waits for. Per call, as it adds up the text. A chunk without choices (usage only)
 * becomes an empty special token; anything else is passed on for the task to reject.
 */
function tgiChunks() {
  let text = '';
  let count = 0;
  return (value: unknown): unknown => {
    const chunk = value as {
      choices?: Choice[];
      usage?: { completion_tokens?: unknown; prompt_tokens?: unknown };
    } | null;
    if (!Array.isArray(chunk?.choices)) return value;
    const choice = chunk.choices[0];
    const piece = textOf(choice);
    const token = typeof piece === 'string' ? piece : '';
    text += token;
    if (token) count++;
    const finish = choice?.finish_reason;
    const done = typeof finish === 'string' && finish !== '';
    const used = chunk.usage?.completion_tokens;
    return {
      // OpenAI chunks carry no token ids.
      token: { id: 0, text: token, logprob: null, special: !choice },
      generated_text: done ? text : null,
      details: done
        ? {
            finish_reason: finish,
            generated_tokens: typeof used === 'number' ? used : count,
            seed: typeof choice?.seed === 'number' ? choice.seed : null,
            // The prompt's length, when the provider reports usage on the last chunk.
            ...(typeof chunk.usage?.prompt_tokens === 'number' ? { input_length: chunk.usage.prompt_tokens } : {}),
          }
        : null,
    };
  };
}

/**
 * text-generation at an OpenAI completions (or chat) route, for `textGeneration` (`{ choices: [{ text }] }`
 * → `{ generated_text }`) and `textGenerationStream` (chunks mapped by {@link tgiChunks}).
 */
export const completions = (
  route: string | ProviderHooks['path'],
  body: Body,
  name: string,
  expected = '{ choices: [{ text }] }',
): ProviderTask =>
  hooked({
    path: typeof route === 'string' ? () => route : route,
    body,
    read: async (response, call) => {
      const answer = (await readJson(response, call, name)) as { choices?: Choice[] } | null;
      const text = Array.isArray(answer?.choices) ? textOf(answer.choices[0]) : undefined;
      if (typeof text === 'string') return { generated_text: text };
      // A provider answering as TGI does is read by the task as such.
      if (answer && typeof answer === 'object' && ('generated_text' in answer || Array.isArray(answer))) return answer;
      throw new InferenceResponseError(name, expected, answer, call.model);
    },
    // The mapper keeps the text so far, so each streamed call gets its own.
    events: tgiChunks,
  });

/** feature-extraction at an OpenAI embeddings route: `{ data: [{ embedding }] }` → one vector per input. */
export const embeddings = (route: string, body: Body, name: string): ProviderTask =>
  hooked({
    path: () => route,
    body,
    read: async (response, call) => {
      const answer = (await readJson(response, call, name)) as { data?: { embedding?: unknown }[] } | null;
      const data = answer?.data;
      if (Array.isArray(data) && data.length && data.every((item) => Array.isArray(item?.embedding))) {
        return data.map((item) => item.embedding);
      }
      throw new InferenceResponseError(name, '{ data: [{ embedding }] }', answer, call.model);
    },
  });

/** An OpenAI images answer as a `Blob`: `data[0].b64_json` (typed by its bytes), or `data[0].url` downloaded. */
export async function openAiImage(response: Response, call: ProviderCall, name: string): Promise<Blob> {
  const answer = (await readJson(response, call, name)) as { data?: { url?: unknown }[] } | null;
  const image = imageFromB64Json(answer);
  if (image) return image;
  const url = Array.isArray(answer?.data) ? answer.data[0]?.url : undefined;
  if (typeof url !== 'string')
    throw new InferenceResponseError(name, '{ data: [{ b64_json } or { url }] }', answer, call.model);
  return mediaBlob(url, call, 'image/jpeg', name);
}

/** An image generation at an OpenAI images route. */
export const images = (route: string, body: Body, name: string): ProviderTask =>
  hooked({
    path: () => route,
    body,
    read: (response, call) => openAiImage(response, call, name),
  });

/** The extension the reference clients name an uploaded audio file with, by its type. */
const AUDIO_EXTENSIONS: Record<string, string> = {
  'audio/wav': 'wav',
  'audio/x-wav': 'wav',
  'audio/wave': 'wav',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
  'audio/mp4': 'mp4',
  'audio/m4a': 'm4a',
  'audio/x-m4a': 'm4a',
  'audio/flac': 'flac',
  'audio/x-flac': 'flac',
  'audio/ogg': 'ogg',
  'audio/webm': 'webm',
};

/**
 * automatic-speech-recognition at an OpenAI transcriptions route: a multipart form of the audio
 * (`file`, named `audio.{ext}`), the parameters (objects as JSON) and `model` → `{ text, segments? }`.
 */
export const transcriptions = (route: string, name: string): ProviderTask =>
  hooked({
    path: () => route,
    body: async (wire, { model }) => {
      // The raw bytes keep their type; with parameters the task sent base64 JSON, untyped.
      const bytes =
        wire.body !== undefined
          ? await toBytes(wire.body as BinaryInput)
          : (decodeBase64(String(partsOf(wire).inputs ?? '')) ?? new Uint8Array());
      const type = wire.contentType && wire.contentType !== 'application/octet-stream' ? wire.contentType : '';
      const form = new FormData();
      const extension = AUDIO_EXTENSIONS[type.split(';')[0]!.trim().toLowerCase()] ?? 'wav';
      form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), `audio.${extension}`);
      for (const [key, value] of Object.entries({ ...partsOf(wire).parameters, model })) {
        if (value != null) form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
      }
      // Serialised here, as the transport sends bytes with their type (the boundary).
      const encoded = new Response(form);
      return { body: await encoded.blob(), contentType: encoded.headers.get('content-type')! };
    },
    read: async (response, call) => {
      const answer = (await readJson(response, call, name)) as {
        text?: unknown;
        segments?: { text?: unknown; start?: unknown; end?: unknown }[];
      } | null;
      if (typeof answer?.text !== 'string')
        throw new InferenceResponseError(name, '{ text, segments? }', answer, call.model);
      const { text, segments } = answer;
      return Array.isArray(segments)
        ? { text, chunks: segments.map((s) => ({ text: s.text, timestamp: [s.start, s.end] })) }
        : { text };
    },
  });

/** The parameters as together's video API names them: `steps`, and `width`/`height` from `target_size`. */
function videoParameters(parameters: Json): Json {
  const {
    num_inference_steps: steps,
    target_size: size,
    ...rest
  } = parameters as Json & {
    target_size?: { width?: unknown; height?: unknown };
  };
  return { ...rest, steps, width: size?.width, height: size?.height };
}

interface VideoJob {
  id?: unknown;
  status?: unknown;
  outputs?: { video_url?: unknown };
  error?: { message?: unknown };
}

const videoState = (job: VideoJob, call: ProviderCall): JobState<unknown> => {
  const { status } = job;
  // No status yet means pending, as the reference reads it.
  if (status === undefined || status === 'queued' || status === 'in_progress') {
    return { status: status === 'in_progress' ? 'running' : 'queued' };
  }
  if (status === 'completed') return { done: job.outputs?.video_url };
  throw new InferenceJobError(NAME, String(status), job, call.model, job.error?.message, job.id as string);
};

/** A video job at `/v2/videos`, polled at `/v2/videos/{id}`. */
const video = (body: Body): ProviderTask =>
  hooked({
    path: () => '/v2/videos',
    body,
    read: async (response, call) => {
      const job = (await readJson(response, call, NAME)) as VideoJob | null;
      if (typeof job?.id !== 'string')
        throw new InferenceResponseError(NAME, 'a video job { id, status }', job, call.model);
      const url = `${call.root}/${NAME}/v2/videos/${encodeURIComponent(job.id)}`;
      const done = await pollJob(call, videoState(job, call), async () =>
        videoState((await getJson(call, url, NAME)) as VideoJob, call),
      );
      return mediaBlob(done, call, 'video/mp4', NAME);
    },
  });

/** text-generation: `{ model, inputs, parameters, prompt }` as the reference sends it (together reads `prompt`). */
export const togetherTextGeneration = /* @__PURE__ */ completions(
  '/v1/completions',
  (wire, { model }) => {
    const { args, stream } = completionParts(wire);
    return { json: { model, ...args, ...stream, prompt: args.inputs } };
  },
  NAME,
);

/** text-to-image: `{ ...parameters (num_inference_steps as steps), prompt, response_format: 'base64', model }`. */
export const togetherTextToImage = /* @__PURE__ */ images(
  '/v1/images/generations',
  (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    const { num_inference_steps: steps, ...rest } = parameters;
    return { json: { ...rest, steps, prompt: inputs, response_format: 'base64', model } };
  },
  NAME,
);

/**
 * image-to-image: the image as a data URL, as `image_url` for FLUX.1 Kontext (the only input it
 * takes) and `reference_images` for the others; `prompt` ('' when none).
 */
export const togetherImageToImage = /* @__PURE__ */ images(
  '/v1/images/generations',
  async (wire, { model }) => {
    const { prompt, num_inference_steps: steps, ...rest } = partsOf(wire).parameters;
    const image = await dataUrlOf(wire, 'image/jpeg');
    const lowered = model.toLowerCase();
    const field =
      lowered.includes('kontext') && lowered.includes('flux.1') ? { image_url: image } : { reference_images: [image] };
    return { json: { prompt: prompt ?? '', ...field, ...rest, steps, response_format: 'base64', model } };
  },
  NAME,
);

/** text-to-video: `{ ...parameters (as together names them), prompt, model }`. */
export const togetherTextToVideo = /* @__PURE__ */ video((wire, { model }) => {
  const { inputs, parameters } = partsOf(wire);
  return { json: { ...videoParameters(parameters), prompt: inputs, model } };
});

/** image-to-video: the image as a data URL first frame, `{ ...parameters, frame_images, model, prompt? }`. */
export const togetherImageToVideo = /* @__PURE__ */ video(async (wire, { model }) => {
  const { prompt, ...rest } = partsOf(wire).parameters;
  const image = await dataUrlOf(wire, 'image/png');
  return {
    json: {
      ...videoParameters(rest),
      frame_images: [{ input_image: image, frame: 'first' }],
      model,
      prompt: typeof prompt === 'string' ? prompt : undefined,
    },
  };
});

/** feature-extraction: `{ ...parameters, input, model }`. */
export const togetherFeatureExtraction = /* @__PURE__ */ embeddings(
  '/v1/embeddings',
  (wire, { model }) => {
    const { inputs, ...rest } = (wire.json ?? {}) as Json;
    return { json: { ...rest, input: inputs, model } };
  },
  NAME,
);

/** text-to-speech: `{ ...parameters, voice, input, model }` → audio bytes; Kokoro needs a voice, so it gets `af_alloy` by default. */
export const togetherTextToSpeech = /* @__PURE__ */ hooked({
  path: () => '/v1/audio/speech',
  body: (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    const voice = parameters.voice ?? (model.toLowerCase().includes('kokoro') ? 'af_alloy' : undefined);
    return { json: { ...parameters, voice, input: inputs, model } };
  },
});

/** automatic-speech-recognition: multipart `file` + parameters + `model` → `{ text, segments? }`. */
export const togetherAutomaticSpeechRecognition = /* @__PURE__ */ transcriptions('/v1/audio/transcriptions', NAME);
