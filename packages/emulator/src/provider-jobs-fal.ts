/**
 * fal-ai's queue (`/fal-ai/{app}?_subdomain=queue`, `…/requests/{rid}/status`, the result,
 * `…/cancel`) and its synchronous apps (`fal.run`), answering in fal's shapes.
 */
import { hash32 } from './engines/embeddings';
import { isObject } from './engines/request';
import { EngineInputError } from './engines/types';
import { stageOf, type Job, type JobCore, type Produced, type Stage } from './provider-jobs';
import {
  json,
  notSupported,
  num,
  reply,
  str,
  type ProviderDeps,
  type ProviderRoute,
  type State,
} from './provider-shared';
import { findByProviderId } from './providers-catalogue';

/** The fal-ai routes' answers, on the shared job store. */
export function createFalJobs(core: JobCore, deps: ProviderDeps) {
  const { jobs, newJob, advance, resultOf, produce } = core;

  const FAL_STATUS: Record<Stage, string> = {
    queued: 'IN_QUEUE',
    running: 'IN_PROGRESS',
    done: 'COMPLETED',
    canceled: 'COMPLETED',
  };

  function falStatus(job: Job) {
    const stage = stageOf(job);
    const url = `https://queue.fal.run/${job.app}/requests/${job.id}`;
    return {
      status: FAL_STATUS[stage],
      request_id: job.id,
      response_url: url,
      status_url: `${url}/status`,
      cancel_url: `${url}/cancel`,
      logs: null,
      metrics: stage === 'done' ? { inference_time: 0.42 } : {},
      ...(stage === 'queued' ? { queue_position: job.queued - 1 - job.polls } : {}),
    };
  }

  function falResult(produced: Produced, input: Record<string, unknown>, task: string) {
    const prompt = str(input.prompt) ?? '';
    const seed = num(input.seed) ?? hash32(prompt);
    const file = (p: Exclude<Produced, { kind: 'text' }>) => ({
      url: p.url,
      content_type: p.type,
      file_name: p.url.slice(p.url.lastIndexOf('/') + 1),
      file_size: p.size,
    });
    switch (produced.kind) {
      case 'text':
        return { text: produced.text, chunks: produced.chunks };
      case 'image':
        return {
          images: [{ url: produced.url, width: produced.width, height: produced.height, content_type: produced.type }],
          timings: { inference: 0.42 },
          seed,
          has_nsfw_concepts: [false],
          prompt,
        };
      case 'video':
        return { video: file(produced), seed, prompt };
      case 'audio':
        // Stable Audio's apps answer `audio_file`, the speech and audio-to-audio apps `audio`.
        return task === 'text-to-audio' ? { audio_file: file(produced) } : { audio: file(produced) };
      case 'mask':
        return { image: { ...file(produced), width: produced.width, height: produced.height } };
    }
  }

  /** fal's error answers: validation as FastAPI's 422 list, the rest as `{ detail }`. */
  const falError = (error: unknown) =>
    error instanceof EngineInputError
      ? json({ detail: [{ loc: ['body'], msg: error.message, type: 'value_error' }] }, error.status === 501 ? 501 : 422)
      : json({ detail: (error as Error)?.message ?? String(error) }, 500);

  async function fal(
    request: Request,
    route: Extract<ProviderRoute, { kind: 'fal-submit' | 'fal-request' }>,
    state: State,
  ) {
    if (route.kind === 'fal-submit') {
      const found = findByProviderId('fal-ai', route.app, deps.catalogue);
      if (!found) return notSupported('fal-ai');
      state.model = found.model.id;
      const faults = await deps.admit(request, found.model);
      if (faults instanceof Response) return faults;
      const parsed = await deps.readJson(request);
      if (parsed instanceof Response) return parsed;
      const input = isObject(parsed.body) ? parsed.body : {};
      if (route.queue) return reply(falStatus(newJob('fal-ai', found, input, route.base, faults)), faults);
      // A synchronous app (`fal.run`): the result at once.
      if (faults.failedJob) return json({ detail: faults.failedJob }, 500);
      try {
        return reply(
          falResult(await produce(found.entry.task, found.model, input, route.base), input, found.entry.task),
          faults,
        );
      } catch (error) {
        return falError(error);
      }
    }
    const job = jobs.get(route.rid);
    if (!job || job.provider !== 'fal-ai' || !`${route.app}/`.startsWith(`${job.app}/`))
      return json({ detail: 'Request not found' }, 404);
    state.model = job.model.id;
    const faults = await deps.admit(request, job.model);
    if (faults instanceof Response) return faults;
    if (route.op === 'status') {
      advance(job);
      return reply(falStatus(job), faults);
    }
    const stage = stageOf(job);
    if (route.op === 'cancel') {
      if (stage === 'done') return json({ status: 'ALREADY_COMPLETED' }, 400);
      job.canceled = true;
      return json({ status: 'CANCELLATION_REQUESTED' }, 202);
    }
    if (stage === 'canceled') return json({ detail: 'Request was cancelled' }, 400);
    if (stage !== 'done') return json({ detail: 'Request is still in progress' }, 400);
    // fal never reports a failed status: the job completes, and its result is the error.
    if (job.failed) return json({ detail: job.failed }, 500);
    try {
      return reply(falResult(await resultOf(job), job.input, job.entry.task), faults);
    } catch (error) {
      return falError(error);
    }
  }

  return fal;
}
