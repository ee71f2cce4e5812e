/**
 * novita, below `{root}/novita/v3`. Bodies as @huggingface/inference 4.13 sends them, but for
 * text-generation's (a working chat body, see below). Videos are
 * async: text-to-video at `/async/{model}`, polled at `/async/task-result?task_id=…` until
 * `TASK_STATUS_SUCCEED`; image-text-to-video (MiniMax H3 only) at `/minimax/v2/video_generation`,
 * polled at `/minimax/v2/query/video_generation/{id}` until `succeeded`. Polls go through the
 * router with the call's token; videos come from novita's CDN without it.
 */
import { InferenceJobError, InferenceResponseError, InferenceValidationError } from '../errors';
import { getJson, mediaBlob, pollJob, readJson, type JobState } from './jobs';
import { dataUrlOf, partsOf } from './payload';
import { chatTextGeneration } from './chat-text';
import { hooked } from './hooked';
import type { ProviderCall, ProviderHooks, ProviderTask } from './types';

const NAME = 'novita';

/**
 * text-generation at the chat route: `{ model, messages: [{ role: 'user', content: inputs }],
 * max_tokens, temperature, top_p, stop, seed, stream? }`. Deliberately not the reference's body
 * (@huggingface/inference 4.13 posts `{ inputs, parameters, model }` here, which a chat route
 * rejects for want of `messages`); see `chat-text.ts`.
 */
export const novitaTextGeneration = /* @__PURE__ */ chatTextGeneration('/v3/openai/chat/completions', NAME);

/** Submits a job answering `{ task_id }`, polls `poll(id)` with `stateOf` and downloads the video. */
const job = (
  path: ProviderHooks['path'],
  body: ProviderHooks['body'],
  poll: (id: string) => string,
  stateOf: (answer: never, call: ProviderCall) => JobState<unknown>,
  initial: JobState<unknown>,
): ProviderTask =>
  hooked({
    path,
    body,
    read: async (response, call) => {
      const answer = (await readJson(response, call, NAME)) as { task_id?: unknown } | null;
      const id = answer?.task_id;
      if (typeof id !== 'string' || !id) throw new InferenceResponseError(NAME, '{ task_id }', answer, call.model);
      const url = `${call.root}/${NAME}${poll(id)}`;
      const check = async () => stateOf((await getJson(call, url, NAME)) as never, call);
      return mediaBlob(await pollJob(call, initial, check), call, 'video/mp4', NAME);
    },
  });

interface AsyncResult {
  task?: { task_id?: unknown; status?: unknown; reason?: unknown };
  videos?: { video_url?: unknown }[];
}

/** text-to-video: `{ ...parameters, steps, prompt }` (no model: the route names it) → `{ videos: [{ video_url }] }`. */
export const novitaTextToVideo = /* @__PURE__ */ job(
  ({ model }) => `/v3/async/${model}`,
  (wire) => {
    const { inputs, parameters } = partsOf(wire);
    const { num_inference_steps: steps, ...rest } = parameters;
    return { json: { ...rest, steps, prompt: inputs } };
  },
  (id) => `/v3/async/task-result?task_id=${encodeURIComponent(id)}`,
  (answer: AsyncResult, call) => {
    const status = answer?.task?.status;
    if (typeof status !== 'string') throw new InferenceResponseError(NAME, '{ task: { status } }', answer, call.model);
    if (status === 'TASK_STATUS_SUCCEED') return { done: answer.videos?.[0]?.video_url };
    if (status === 'TASK_STATUS_FAILED') {
      throw new InferenceJobError(
        NAME,
        status,
        answer,
        call.model,
        answer.task?.reason,
        answer.task?.task_id as string,
      );
    }
    return { status: status === 'TASK_STATUS_PROCESSING' ? 'running' : 'queued' };
  },
  // The reference waits before its first poll.
  { status: 'queued' },
);

const RATIOS = ['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'];

/** The ratio of RATIOS nearest to the target size's (16:9 without one). */
const ratioOf = (size?: { width: number; height: number }) => {
  if (!size) return '16:9';
  const target = size.width / size.height;
  const distance = (ratio: string) => {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    return Math.abs(target - w / h);
  };
  return RATIOS.reduce((best, ratio) => (distance(ratio) < distance(best) ? ratio : best));
};

interface MiniMaxResult {
  task?: { status?: unknown; content?: { url?: unknown }; error?: { message?: unknown } };
}

/**
 * image-text-to-video, MiniMax H3 only: `{ ...parameters (less those H3 does not take), model,
 * content: [text, first frame?], resolution, duration, ratio }`, from `num_frames` (24 fps, 4–15 s)
 * and `target_size` (768P or 2K, the nearest ratio; `adaptive` with an image).
 */
export const novitaImageTextToVideo = /* @__PURE__ */ job(
  ({ model }) => {
    if (model !== 'MiniMax-H3') {
      throw new InferenceValidationError('imageTextToVideo', [
        { path: 'model', message: `novita serves image-text-to-video with MiniMax-H3 only, not "${model}"` },
      ]);
    }
    return '/v3/minimax/v2/video_generation';
  },
  async (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    const {
      prompt,
      num_frames: frames,
      target_size: size,
      guidance_scale: _g,
      negative_prompt: _n,
      num_inference_steps: _s,
      seed: _seed,
      ...rest
    } = parameters as Record<string, unknown> & {
      num_frames?: number;
      target_size?: { width: number; height: number };
    };
    const image = inputs === undefined && wire.body === undefined ? undefined : await dataUrlOf(wire, 'image/png');
    const edge = size && Math.min(size.width, size.height);
    return {
      json: {
        ...rest,
        model,
        content: [
          { type: 'text', text: prompt },
          ...(image ? [{ type: 'image_url', image_url: { url: image }, role: 'first_frame' }] : []),
        ],
        resolution: edge && Math.abs(edge - 768) > Math.abs(edge - 1440) ? '2K' : '768P',
        duration: frames === undefined ? 4 : Math.min(15, Math.max(4, Math.round(frames / 24))),
        ratio: image ? 'adaptive' : ratioOf(size),
      },
    };
  },
  (id) => `/v3/minimax/v2/query/video_generation/${encodeURIComponent(id)}`,
  (answer: MiniMaxResult, call) => {
    const task = answer?.task;
    if (typeof task?.status !== 'string')
      throw new InferenceResponseError(NAME, '{ task: { status } }', answer, call.model);
    if (task.status === 'succeeded') return { done: task.content?.url };
    if (task.status === 'failed' || task.status === 'cancelled') {
      throw new InferenceJobError(NAME, task.status, answer, call.model, task.error?.message);
    }
    return { status: task.status === 'running' ? 'running' : 'queued' };
  },
  { status: 'queued' },
);
