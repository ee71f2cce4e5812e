/**
 * fal-ai. Media jobs go through its queue: submit to `{root}/fal-ai/{id}?_subdomain=queue`, poll
 * `…/requests/{rid}/status`, then read `…/requests/{rid}`, each through the router root with the
 * call's token (never `queue.fal.run` itself). Speech runs synchronously at `{root}/fal-ai/{id}`.
 * The media it answers with lives on fal's CDN (`*.fal.media`), which needs no token.
 */
import { InferenceResponseError } from '../errors';
import { base64 } from '../wire';
import { cancelJob, getJson, type JobState, mediaBlob, pollJob, readJson } from './jobs';
import { binaryOf, dataUrlOf, partsOf, promptBody } from './payload';
import { hooked } from './hooked';
import type { ProviderCall, ProviderHooks } from './types';

const NAME = 'fal-ai';

/** fal decodes a data URL by its type and knows only these audio labels (per @huggingface/inference's tests against fal). */
const AUDIO_TYPES: Record<string, string> = {
  'audio/mpeg': 'audio/mpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/wav': 'audio/x-wav',
  'audio/wave': 'audio/x-wav',
  'audio/x-wav': 'audio/x-wav',
  'audio/webm': 'video/webm',
  'video/webm': 'video/webm',
};

interface QueueAnswer {
  request_id?: unknown;
  status?: unknown;
  response_url?: unknown;
  queue_position?: unknown;
}

const stateOf = (answer: QueueAnswer): JobState<true> =>
  answer.status === 'COMPLETED'
    ? { done: true }
    : {
        status: answer.status === 'IN_PROGRESS' ? 'running' : 'queued',
        queuePosition: typeof answer.queue_position === 'number' ? answer.queue_position : undefined,
      };

/** Runs a queued job to its result JSON. */
async function queueResult(response: Response, call: ProviderCall): Promise<Record<string, unknown>> {
  const submitted = (await readJson(response, call, NAME)) as QueueAnswer;
  if (typeof submitted?.request_id !== 'string' || typeof submitted.response_url !== 'string') {
    throw new InferenceResponseError(
      NAME,
      "fal's queue answer { request_id, status, response_url }",
      submitted,
      call.model,
    );
  }
  // The result's path names the app that ran the job, which may differ from the submitted id.
  const base = `${call.root}/fal-ai${new URL(submitted.response_url).pathname}`;
  const status = `${base}/status?_subdomain=queue`;
  await pollJob(
    call,
    stateOf(submitted),
    async () => stateOf((await getJson(call, status, NAME)) as QueueAnswer),
    () => cancelJob(call, `${base}/cancel?_subdomain=queue`, 'PUT'),
  );
  const result = await getJson(call, `${base}?_subdomain=queue`, NAME);
  if (!result || typeof result !== 'object')
    throw new InferenceResponseError(NAME, 'a result object', result, call.model);
  return result as Record<string, unknown>;
}

const urlOf = (value: unknown) => (value as { url?: unknown } | undefined)?.url;

/** A queued media job whose result holds the media under `pick`. */
const queued = (
  body: ProviderHooks['body'],
  pick: (result: Record<string, unknown>) => unknown,
  type: string,
): ProviderHooks => ({
  path: ({ model }) => `/${model}?_subdomain=queue`,
  body,
  read: async (response, call) => mediaBlob(pick(await queueResult(response, call)), call, type, NAME),
});

/**
 * A LoRA the Hub maps on fal's base model goes as `loras: [{ path, scale: 1 }]`, the weights read
 * from the adapter's Hub repo (fal fetches them; the public Hub URL, whatever `hubUrl` says). fal's
 * generic `fal-ai/lora` app also needs the base model named.
 */
const withLora =
  (body: NonNullable<ProviderHooks['body']>, generic = false): ProviderHooks['body'] =>
  async (wire, call) => {
    const built = await body(wire, call);
    const { lora, model } = call;
    if (!lora?.weights) return built;
    const json: Record<string, unknown> = {
      ...(built.json as Record<string, unknown>),
      loras: [{ path: `https://huggingface.co/${lora.repo}/resolve/main/${lora.weights}`, scale: 1 }],
    };
    if (generic && model === 'fal-ai/lora') json.model_name = 'stabilityai/stable-diffusion-xl-base-1.0';
    return { json };
  };

const image = (result: Record<string, unknown>) => urlOf((result.images as unknown[] | undefined)?.[0]);
const video = (result: Record<string, unknown>) => urlOf(result.video);

const withImage = async (wire: Parameters<typeof dataUrlOf>[0]) => {
  const url = await dataUrlOf(wire, 'image/png');
  return { json: { ...partsOf(wire).parameters, image_url: url } };
};

/** text-to-image: `{ ...parameters, prompt }` → `{ images: [{ url }] }`. */
export const falAiTextToImage = /* @__PURE__ */ hooked(
  /* @__PURE__ */ queued(
    /* @__PURE__ */ withLora((wire) => promptBody(wire), true),
    image,
    'image/jpeg',
  ),
);

/** text-to-video: `{ ...parameters, prompt }` → `{ video: { url } }`. */
export const falAiTextToVideo = /* @__PURE__ */ hooked(
  /* @__PURE__ */ queued(
    /* @__PURE__ */ withLora((wire) => promptBody(wire)),
    video,
    'video/mp4',
  ),
);

/** image-to-image: the image as a data URL (`image_url`, and `image_urls` for apps that take several). */
export const falAiImageToImageHooks = /* @__PURE__ */ queued(
  /* @__PURE__ */ withLora(async (wire) => {
    const body = await withImage(wire);
    return { json: { ...body.json, image_urls: [body.json.image_url] } };
  }),
  image,
  'image/jpeg',
);
export const falAiImageToImage = /* @__PURE__ */ hooked(falAiImageToImageHooks);

/** image-to-video: the image as `image_url` beside the parameters (the prompt among them). */
export const falAiImageToVideoHooks = /* @__PURE__ */ queued(/* @__PURE__ */ withLora(withImage), video, 'video/mp4');
export const falAiImageToVideo = /* @__PURE__ */ hooked(falAiImageToVideoHooks);

/** text-to-speech, synchronous: `{ ...parameters, text }` → `{ audio: { url } }`. */
export const falAiTextToSpeech = /* @__PURE__ */ hooked({
  path: ({ model }) => `/${model}`,
  body: (wire) => promptBody(wire, 'text'),
  read: async (response, call) =>
    mediaBlob(urlOf(((await readJson(response, call, NAME)) as { audio?: unknown })?.audio), call, 'audio/mpeg', NAME),
});

/**
 * text-to-audio (music, sound effects), queued: `{ ...parameters, prompt }` → `{ audio_file: { url } }`
 * (Stable Audio) or `{ audio: { url } }`, the audio downloaded.
 */
export const falAiTextToAudio = /* @__PURE__ */ hooked(
  /* @__PURE__ */ queued(
    (wire) => promptBody(wire),
    (result) => urlOf(result.audio_file ?? result.audio),
    'audio/wav',
  ),
);

/** The audio as a data URL `audio_url`, typed with a label fal knows, beside the parameters. */
const withAudio = async (wire: Parameters<typeof binaryOf>[0]) => {
  const { base64: b64, type } = await binaryOf(wire, 'audio/mpeg');
  const label = AUDIO_TYPES[type.split(';')[0]!.trim().toLowerCase()] ?? 'audio/mpeg';
  return { json: { ...partsOf(wire).parameters, audio_url: `data:${label};base64,${b64}` } };
};

/** automatic-speech-recognition, synchronous: the audio as a data URL → `{ text, chunks? }`. */
export const falAiAutomaticSpeechRecognition = /* @__PURE__ */ hooked({
  path: ({ model }) => `/${model}`,
  body: withAudio,
  read: async (response, call) => {
    const answer = (await readJson(response, call, NAME)) as {
      text?: unknown;
      output?: unknown;
      chunks?: { text?: unknown; timestamp?: unknown }[];
      segments?: { text?: unknown; start?: number; end?: number }[];
    };
    // Whisper apps answer `text` (with `chunks`); others `output` (with `segments`).
    const text = typeof answer?.text === 'string' ? answer.text : answer?.output;
    if (typeof text !== 'string') throw new InferenceResponseError(NAME, '{ text } or { output }', answer, call.model);
    const chunks = Array.isArray(answer.chunks)
      ? answer.chunks.filter((c) => typeof c?.text === 'string' && Array.isArray(c.timestamp))
      : Array.isArray(answer.segments)
        ? answer.segments
            .filter((s) => typeof s?.text === 'string')
            .map((s) => ({ text: s.text, timestamp: [s.start ?? 0, s.end ?? 0] }))
        : [];
    return chunks.length ? { text, chunks } : { text };
  },
});

/** A downloaded media result as the base64 the task's output schema decodes (with its type). */
const base64Of = async (value: unknown, call: ProviderCall, type: string) => {
  const blob = await mediaBlob(value, call, type, NAME);
  return { b64: base64(new Uint8Array(await blob.arrayBuffer())), type: blob.type };
};

/**
 * audio-to-audio, queued: the audio as `audio_url` → `{ audio: { url, content_type? }, text? }`, as
 * one track labelled with the text fal gives (or `speech`).
 */
export const falAiAudioToAudio = /* @__PURE__ */ hooked({
  path: ({ model }) => `/${model}?_subdomain=queue`,
  body: withAudio,
  read: async (response, call) => {
    const result = (await queueResult(response, call)) as {
      audio?: { url?: unknown; content_type?: unknown };
      text?: unknown;
    };
    const { b64, type } = await base64Of(urlOf(result.audio), call, 'audio/wav');
    const contentType = typeof result.audio?.content_type === 'string' ? result.audio.content_type : type;
    return [
      {
        label: typeof result.text === 'string' && result.text ? result.text : 'speech',
        blob: b64,
        'content-type': contentType,
      },
    ];
  },
});

/**
 * image-segmentation, queued with `sync_mode` (the mask comes inline, as a data URL): the image as
 * `image_url` → `{ image: { url } }`, as one segment `mask` scored 1 (fal gives neither label nor score).
 */
export const falAiImageSegmentation = /* @__PURE__ */ hooked({
  path: ({ model }) => `/${model}?_subdomain=queue`,
  body: async (wire) => {
    const body = await withImage(wire);
    return { json: { ...body.json, sync_mode: true } };
  },
  read: async (response, call) => [
    {
      label: 'mask',
      score: 1,
      mask: (await base64Of(urlOf((await queueResult(response, call)).image), call, 'image/png')).b64,
    },
  ],
});
