/**
 * The jobs that are a submit and one polled result route: novita's videos (`/v3/async/{model}`) and
 * MiniMax H3 (`/v3/minimax/v2/...`), wavespeed (`/api/v3/{model}`), together's videos
 * (`/v2/videos`) and Z.ai's images (`/api/paas/v4/async/...`), each answering in its own shape.
 */
import { isObject } from './engines/request';
import type { Job, JobCore, Stage } from './provider-jobs';
import {
  json,
  notSupported,
  reply,
  str,
  type JobApi,
  type ProviderDeps,
  type ProviderRoute,
  type State,
} from './provider-shared';
import { findByProviderId } from './providers-catalogue';

/** The polled job routes' answers, on the shared job store. */
export function createPolledJobs(core: JobCore, deps: ProviderDeps) {
  const { jobs, newJob, advance, settle } = core;

  const WAVESPEED_STATUS: Record<Stage, string> = {
    queued: 'created',
    running: 'processing',
    done: 'completed',
    canceled: 'failed',
  };
  const NOVITA_STATUS: Record<Stage, string> = {
    queued: 'TASK_STATUS_QUEUED',
    running: 'TASK_STATUS_PROCESSING',
    done: 'TASK_STATUS_SUCCEED',
    canceled: 'TASK_STATUS_FAILED',
  };

  /** Each provider's answers: to the submit, to a poll (`stage`, with what `settle` found), to an unknown id. */
  const SHAPES: Record<
    JobApi,
    {
      /** The mapped tasks its submit route takes (any when absent). */
      tasks?: readonly string[];
      /** The job's input in the fields `produce` reads, from the body submitted (as is when absent). */
      input?(body: Record<string, unknown>): Record<string, unknown>;
      submitted(job: Job): unknown;
      polled(job: Job, stage: Stage, end: Awaited<ReturnType<typeof settle>>): unknown;
      missing: [unknown, number];
    }
  > = {
    novita: {
      submitted: (job) => ({ task_id: job.id }),
      polled: (job, stage, { made, error }) => ({
        task: {
          task_id: job.id,
          task_type: 'TXT_TO_VIDEO',
          status: error ? 'TASK_STATUS_FAILED' : NOVITA_STATUS[stage],
          reason: error ?? '',
          eta: 0,
          progress_percent: stage === 'queued' ? 0 : stage === 'running' ? 50 : 100,
        },
        images: [],
        videos: made && made.kind !== 'text' ? [{ video_url: made.url, video_url_ttl: '3600', video_type: 'mp4' }] : [],
        audios: [],
      }),
      missing: [{ code: 404, reason: 'TASK_NOT_FOUND', message: 'task not found' }, 404],
    },
    // MiniMax H3: `content` holds the prompt and the first frame; `{ task: { status, content: { url } } }`.
    'novita-minimax': {
      tasks: ['image-text-to-video'],
      input: (body) => {
        const content = Array.isArray(body.content) ? (body.content as Record<string, unknown>[]) : [];
        const frame = content.find((c) => isObject(c) && c.type === 'image_url')?.image_url;
        return {
          ...body,
          prompt: str(content.find((c) => isObject(c) && c.type === 'text')?.text),
          image_url: isObject(frame) ? frame.url : undefined,
        };
      },
      submitted: (job) => ({ task_id: job.id }),
      polled: (job, stage, { made, error }) => ({
        task: {
          task_id: job.id,
          status: error ? 'failed' : MINIMAX_STATUS[stage],
          ...(made && made.kind !== 'text' ? { content: { url: made.url } } : {}),
          ...(error ? { error: { message: error } } : {}),
        },
      }),
      missing: [{ code: 404, reason: 'TASK_NOT_FOUND', message: 'task not found' }, 404],
    },
    wavespeed: {
      submitted: (job) => wavespeed(job, 'created', []),
      polled: (job, stage, { made, error }) =>
        wavespeed(
          job,
          error ? 'failed' : WAVESPEED_STATUS[stage],
          made && made.kind !== 'text' ? [made.url] : [],
          error,
        ),
      missing: [{ code: 404, message: 'prediction not found', data: null }, 404],
    },
    together: {
      submitted: (job) => together(job, 'queued'),
      polled: (job, stage, { made, error }) =>
        together(
          job,
          error ? 'failed' : TOGETHER_STATUS[stage],
          made && made.kind !== 'text' ? made.url : undefined,
          error,
        ),
      missing: [{ error: { message: 'Video job not found', type: 'invalid_request_error' } }, 404],
    },
    // Z.ai's async images: `{ id, task_status }`, then `{ task_status: 'SUCCESS', image_result: [{ url }] }`.
    'zai-org': {
      tasks: ['text-to-image'],
      submitted: (job) => zai(job, 'PROCESSING'),
      polled: (job, stage, { made, error }) =>
        zai(
          job,
          error ? 'FAIL' : stage === 'done' ? 'SUCCESS' : 'PROCESSING',
          made && made.kind !== 'text' ? made.url : undefined,
          error,
        ),
      missing: [{ error: { code: '1210', message: 'The task does not exist' } }, 404],
    },
  };

  const MINIMAX_STATUS: Record<Stage, string> = {
    queued: 'queued',
    running: 'running',
    done: 'succeeded',
    canceled: 'cancelled',
  };

  const zai = (job: Job, status: string, url?: string, error?: string) => ({
    id: job.id,
    request_id: job.id,
    model: job.entry.providerId,
    task_status: status,
    ...(url ? { image_result: [{ url }] } : {}),
    ...(error ? { error: { message: error } } : {}),
  });

  const TOGETHER_STATUS: Record<Stage, string> = {
    queued: 'queued',
    running: 'in_progress',
    done: 'completed',
    canceled: 'failed',
  };

  /** together's video job: `outputs.video_url` once completed, `error.message` when failed. */
  const together = (job: Job, status: string, url?: string, error?: string) => ({
    id: job.id,
    object: 'video',
    model: job.entry.providerId,
    status,
    created_at: Math.floor(Date.parse(job.created) / 1000),
    ...(url ? { outputs: { video_url: url, cost: 0 } } : {}),
    ...(error ? { error: { message: error } } : {}),
  });

  /** wavespeed wraps every answer in `{ code, message, data }`. */
  const wavespeed = (job: Job, status: string, outputs: string[], error = '') => ({
    code: 200,
    message: 'success',
    data: {
      id: job.id,
      model: job.entry.providerId,
      outputs,
      urls: { get: `https://api.wavespeed.ai/api/v3/predictions/${job.id}/result` },
      has_nsfw_contents: outputs.map(() => false),
      status,
      created_at: job.created,
      error,
      executionTime: status === 'completed' ? 420 : 0,
      timings: { inference: status === 'completed' ? 420 : 0 },
    },
  });

  async function simpleJob(request: Request, route: Extract<ProviderRoute, { kind: `job-${string}` }>, state: State) {
    const shape = SHAPES[route.api];
    if (route.kind === 'job-submit') {
      const parsed = await deps.readJson(request);
      if (parsed instanceof Response) return parsed;
      const body = isObject(parsed.body) ? parsed.body : {};
      const input = shape.input?.(body) ?? body;
      const ref = route.model ?? str(body.model);
      const found = ref ? findByProviderId(route.provider, ref, deps.catalogue) : undefined;
      if (!found || (shape.tasks && !shape.tasks.includes(found.entry.task))) return notSupported(route.provider);
      state.model = found.model.id;
      const faults = await deps.admit(request, found.model);
      if (faults instanceof Response) return faults;
      return reply(shape.submitted(newJob(route.api, found, input, route.base, faults)), faults);
    }
    const job = jobs.get(route.id);
    if (!job || job.provider !== route.api) return json(...shape.missing);
    state.model = job.model.id;
    const faults = await deps.admit(request, job.model);
    if (faults instanceof Response) return faults;
    const stage = advance(job);
    return reply(shape.polled(job, stage, await settle(job, stage)), faults);
  }

  return simpleJob;
}
