/**
 * wavespeed. A job is submitted at `{root}/wavespeed/api/v3/{model}`, answering
 * `{ code, message, data: { id, status, urls: { get } } }`, and polled at
 * `{root}/wavespeed/api/v3/predictions/{id}/result` (never at api.wavespeed.ai, whatever `urls.get`
 * says, as the token must stay with the router) until `completed`, whose `outputs[0]` is the media
 * URL (on wavespeed's CDN, fetched without the token) or base64. It has no cancel route.
 */
import { InferenceJobError, InferenceResponseError } from '../errors';
import type { WireBody } from '../task';
import { getJson, mediaBlob, pollJob, readJson, type JobState } from './jobs';
import { dataUrlOf, partsOf, promptBody } from './payload';
import { hooked } from './hooked';
import type { ProviderCall, ProviderHooks, ProviderTask } from './types';

const NAME = 'wavespeed';

/** wavespeed's edit models need an image; an image-less image-text call sends a blank one, as @huggingface/inference does. */
const BLANK_PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface Answer {
  message?: unknown;
  data?: { id?: unknown; status?: unknown; outputs?: unknown[]; error?: unknown };
}

const stateOf = (answer: Answer, call: ProviderCall): JobState<unknown> => {
  const data = answer?.data;
  if (typeof data?.id !== 'string') {
    throw new InferenceResponseError(NAME, '{ code, message, data: { id, status, outputs } }', answer, call.model);
  }
  if (data.status === 'completed') return { done: data.outputs?.[0] };
  if (data.status === 'failed')
    throw new InferenceJobError(NAME, 'failed', answer, call.model, data.error || answer.message, data.id);
  return { status: data.status === 'processing' ? 'running' : 'queued' };
};

/** A job whose body is built from the wire body, read into a `Blob` of `type` (when the CDN does not say). */
const job = (body: NonNullable<ProviderHooks['body']>, type: string): ProviderTask =>
  hooked({
    path: ({ model }) => `/api/v3/${model}`,
    // A LoRA the Hub maps on wavespeed's base model: `loras: [{ path: <Hub id>, scale: 1 }]`.
    body: async (wire, call) => {
      const built = await body(wire, call);
      return call.lora
        ? { json: { ...(built.json as Record<string, unknown>), loras: [{ path: call.lora.repo, scale: 1 }] } }
        : built;
    },
    read: async (response, call) => {
      const answer = (await readJson(response, call, NAME)) as Answer;
      const first = stateOf(answer, call);
      const url = `${call.root}/${NAME}/api/v3/predictions/${encodeURIComponent(answer.data!.id as string)}/result`;
      const output = await pollJob(call, first, async () => stateOf((await getJson(call, url, NAME)) as Answer, call));
      return mediaBlob(output, call, type, NAME);
    },
  });

/** The image (a data URL, or a blank one when there is none) as `image` and `images`, beside the parameters (the prompt among them). */
const withImage = async (wire: WireBody) => {
  const image =
    wire.body === undefined && partsOf(wire).inputs === undefined ? BLANK_PNG : await dataUrlOf(wire, 'image/png');
  return { json: { ...partsOf(wire).parameters, image, images: [image] } };
};

/** text-to-image: `{ ...parameters, prompt }`. */
export const wavespeedTextToImage = /* @__PURE__ */ job((wire) => promptBody(wire), 'image/jpeg');

/** text-to-video: `{ ...parameters, prompt }`. */
export const wavespeedTextToVideo = /* @__PURE__ */ job((wire) => promptBody(wire), 'video/mp4');

/** image-to-image: `{ ...parameters, image, images: [image] }`, the image as a data URL. */
export const wavespeedImageToImage = /* @__PURE__ */ job(withImage, 'image/jpeg');

/** image-to-video: as image-to-image, read as a video. */
export const wavespeedImageToVideo = /* @__PURE__ */ job(withImage, 'video/mp4');

/** image-text-to-image: as image-to-image (a blank image when none is given). */
export const wavespeedImageTextToImage = wavespeedImageToImage;

/** image-text-to-video: as image-to-video (a blank image when none is given). */
export const wavespeedImageTextToVideo = wavespeedImageToVideo;
