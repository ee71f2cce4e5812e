/**
 * replicate. A prediction is created at `{root}/replicate/v1/models/{owner/name}/predictions`, or at
 * `/v1/predictions` with `{ version }` for a version-pinned id (`owner/name:version`), with
 * `Prefer: wait` so a quick model answers with its output at once. One still `starting` or
 * `processing` is polled at `{root}/replicate/v1/predictions/{id}` (never at api.replicate.com,
 * whatever `urls.get` says, as the token must stay with the router), and cancelled there when the
 * call aborts or times out. Media outputs are URLs on replicate's CDN (fetched without the token)
 * or data URLs.
 */
import { InferenceJobError, InferenceResponseError } from '../errors';
import type { WireBody } from '../task';
import { cancelJob, getJson, mediaBlob, pollJob, readJson, type JobState } from './jobs';
import { dataUrlOf, partsOf } from './payload';
import { hooked } from './hooked';
import type { ProviderCall, ProviderTask } from './types';

const NAME = 'replicate';

interface Prediction {
  id?: unknown;
  status?: unknown;
  output?: unknown;
  error?: unknown;
}

const stateOf = (prediction: Prediction, call: ProviderCall): JobState<Prediction> => {
  const { status } = prediction;
  if (status === 'succeeded') return { done: prediction };
  if (status === 'failed' || status === 'canceled' || status === 'aborted') {
    throw new InferenceJobError(NAME, status, prediction, call.model, prediction.error, prediction.id as string);
  }
  return { status: status === 'processing' ? 'running' : 'queued' };
};

/** Runs a prediction to its `output`. */
async function outputOf(response: Response, call: ProviderCall): Promise<unknown> {
  const first = (await readJson(response, call, NAME)) as Prediction;
  if (typeof first?.id !== 'string' || typeof first.status !== 'string') {
    throw new InferenceResponseError(NAME, 'a prediction { id, status, output }', first, call.model);
  }
  const url = `${call.root}/${NAME}/v1/predictions/${encodeURIComponent(first.id)}`;
  const done = await pollJob(
    call,
    stateOf(first, call),
    async () => stateOf((await getJson(call, url, NAME)) as Prediction, call),
    () => cancelJob(call, `${url}/cancel`, 'POST'),
  );
  return done.output;
}

/** The first media of an output: a URL (or data URL), a list of them, or an object with a `url`. */
const mediaOf = (output: unknown) => {
  const first: unknown = Array.isArray(output) ? output[0] : output;
  return first && typeof first === 'object' ? (first as { url?: unknown }).url : first;
};

/**
 * A prediction whose `input` is the wire body's parameters with its `inputs` under the key `input`
 * names (or what the function builds), read as media of the type `read` names (or by the function).
 * Strings, not factory calls, as arguments: a pure-annotated call with a call among its arguments is
 * kept by bundlers, and with it every replicate task in any bundle that imports one.
 */
const prediction = (
  input: string | ((wire: WireBody) => Promise<Record<string, unknown>>),
  read: string | ((output: unknown, call: ProviderCall) => Promise<unknown>),
): ProviderTask =>
  hooked({
    path: ({ model }) => (model.includes(':') ? '/v1/predictions' : `/v1/models/${model}/predictions`),
    // Holds the submit until the output is ready (up to a minute), so most calls need no polling.
    headers: () => ({ prefer: 'wait' }),
    body: async (wire, { model, lora }) => ({
      json: {
        input: {
          ...(typeof input === 'string'
            ? { ...partsOf(wire).parameters, [input]: partsOf(wire).inputs }
            : await input(wire)),
          // A LoRA the Hub maps on replicate's base model: its Hub repo, which replicate fetches.
          lora_weights: lora?.weights ? `https://huggingface.co/${lora.repo}` : undefined,
        },
        // `undefined` drops out of the JSON.
        version: model.includes(':') ? model.slice(model.indexOf(':') + 1) : undefined,
      },
    }),
    read: async (response, call) => {
      const output = await outputOf(response, call);
      return typeof read === 'string' ? mediaBlob(mediaOf(output), call, read, NAME) : read(output, call);
    },
  });

/** text-to-image: `{ input: { ...parameters, prompt } }` → an image URL (or `[url]`). */
export const replicateTextToImage = /* @__PURE__ */ prediction('prompt', 'image/webp');

/** text-to-speech: `{ input: { ...parameters, text } }` → an audio URL. */
export const replicateTextToSpeech = /* @__PURE__ */ prediction('text', 'audio/wav');

/** text-to-video: `{ input: { ...parameters, prompt } }` → a video URL. */
export const replicateTextToVideo = /* @__PURE__ */ prediction('prompt', 'video/mp4');

/** image-to-image: the image as a data URL under each key replicate's models use for it. */
export const replicateImageToImage = /* @__PURE__ */ prediction(async (wire) => {
  const image = await dataUrlOf(wire, 'image/jpeg');
  return { ...partsOf(wire).parameters, image, images: [image], input_image: image, input_images: [image] };
}, 'image/png');

/**
 * automatic-speech-recognition: `{ input: { audio: data URL, ...parameters } }` → the text as a string
 * (or `[string]`), or Whisper's `{ transcription, translation, txt_file }` (the translation when asked for).
 */
export const replicateAutomaticSpeechRecognition = /* @__PURE__ */ prediction(
  async (wire) => ({ audio: await dataUrlOf(wire, 'audio/wav'), ...partsOf(wire).parameters }),
  async (output, call) => {
    const out: unknown = Array.isArray(output) ? output[0] : output;
    if (typeof out === 'string') return { text: out };
    const { transcription, translation, txt_file } = (out ?? {}) as Record<string, unknown>;
    const text = typeof translation === 'string' ? translation : transcription;
    if (typeof text === 'string') return { text };
    if (typeof txt_file === 'string')
      return { text: await (await mediaBlob(txt_file, call, 'text/plain', NAME)).text() };
    throw new InferenceResponseError(
      NAME,
      'a transcript: a string or { transcription, translation, txt_file }',
      output,
      call.model,
    );
  },
);
