/**
 * replicate's predictions (`/v1/models/{owner}/{name}/predictions`, `/v1/predictions` with a
 * version, a prediction's reads and cancel), answering in replicate's shapes.
 */
import { isObject } from './engines/request';
import { stageOf, type Job, type JobCore, type Stage } from './provider-jobs';
import { json, notSupported, reply, str, type ProviderDeps, type ProviderRoute, type State } from './provider-shared';
import { findByProviderId, providersOf } from './providers-catalogue';

/** The replicate routes' answers, on the shared job store. */
export function createReplicateJobs(core: JobCore, deps: ProviderDeps) {
  const { jobs, newJob, advance, settle } = core;

  /** The replicate mapping a model (`owner/name`), a version (`hash`) or both (`owner/name:hash`) names. */
  function findReplicate(ref: string) {
    const exact = findByProviderId('replicate', ref, deps.catalogue);
    if (exact) return exact;
    const [name, version] = ref.includes(':')
      ? ref.split(':')
      : ref.includes('/')
        ? [ref, undefined]
        : [undefined, ref];
    for (const model of deps.catalogue.models) {
      const entry = providersOf(model.id, deps.catalogue)?.find((e) => {
        if (e.provider !== 'replicate') return false;
        const [n, v] = e.providerId.split(':');
        return (
          (name === undefined || n!.toLowerCase() === name.toLowerCase()) && (version === undefined || v === version)
        );
      });
      if (entry) return { model, entry };
    }
    return undefined;
  }

  const REPLICATE_STATUS: Record<Stage, string> = {
    queued: 'starting',
    running: 'processing',
    done: 'succeeded',
    canceled: 'canceled',
  };

  async function prediction(job: Job) {
    const stage = stageOf(job);
    const { made, error = null } = stage === 'canceled' ? {} : await settle(job, stage);
    const output = !made
      ? null
      : made.kind === 'text'
        ? {
            transcription: made.text,
            segments: made.chunks.map((c, id) => ({ id, start: c.timestamp[0], end: c.timestamp[1], text: c.text })),
            detected_language: 'english',
            translation: null,
            txt_file: null,
            srt_file: null,
          }
        : made.kind === 'image'
          ? [made.url]
          : made.url;
    const [model, version] = job.entry.providerId.split(':');
    const status = stage === 'done' && error ? 'failed' : REPLICATE_STATUS[stage];
    const url = `https://api.replicate.com/v1/predictions/${job.id}`;
    return {
      id: job.id,
      model,
      version: version ?? 'hidden',
      input: job.input,
      logs: stage === 'queued' ? '' : 'Running the emulator\n',
      output,
      data_removed: false,
      error,
      status,
      created_at: job.created,
      ...(stage !== 'queued' ? { started_at: job.created } : {}),
      ...(stage === 'done' || stage === 'canceled' ? { completed_at: new Date().toISOString() } : {}),
      urls: {
        cancel: `${url}/cancel`,
        get: url,
        stream: `https://stream.replicate.com/v1/files/${job.id}`,
        web: `https://replicate.com/p/${job.id}`,
      },
      ...(stage === 'done' ? { metrics: { predict_time: 0.42 } } : {}),
    };
  }

  async function replicate(
    request: Request,
    route: Extract<ProviderRoute, { kind: `replicate-${string}` }>,
    state: State,
  ) {
    if (route.kind === 'replicate-create') {
      const parsed = await deps.readJson(request);
      if (parsed instanceof Response) return parsed;
      const body = isObject(parsed.body) ? parsed.body : {};
      const ref = route.model ?? str(body.version);
      const found = ref ? findReplicate(ref) : undefined;
      if (!found) return notSupported('replicate');
      state.model = found.model.id;
      const faults = await deps.admit(request, found.model);
      if (faults instanceof Response) return faults;
      if (!isObject(body.input))
        return json({ title: 'Input validation failed', detail: '- input: Input is required', status: 422 }, 422);
      const job = newJob('replicate', found, body.input, route.base, faults);
      // `Prefer: wait` holds the request until the prediction ends; a job slower than the wait answers `starting`.
      if (/^\s*wait\b/i.test(request.headers.get('prefer') ?? '') && !faults.slowQueuePolls)
        job.polls = job.queued + job.running;
      return reply(await prediction(job), faults, 201);
    }
    const job = jobs.get(route.id);
    if (!job || job.provider !== 'replicate')
      return json({ title: 'Not found', detail: 'Not found.', status: 404 }, 404);
    state.model = job.model.id;
    const faults = await deps.admit(request, job.model);
    if (faults instanceof Response) return faults;
    if (route.kind === 'replicate-cancel') {
      if (stageOf(job) === 'queued' || stageOf(job) === 'running') job.canceled = true;
    } else advance(job);
    return reply(await prediction(job), faults);
  }

  return replicate;
}
