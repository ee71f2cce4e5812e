/**
 * The providers' async jobs and the media they make: fal-ai's queue (`/fal-ai/{app}?_subdomain=queue`,
 * `…/requests/{rid}/status`, the result, `…/cancel`) and its synchronous apps, replicate's
 * predictions, and the submit-then-poll jobs of novita (video), wavespeed and
 * together (video). A job advances one step per status poll, so tests are deterministic; its result
 * is made once, on the emulator's engines, at its first read.
 */
import { decodeBase64, toBase64 } from './engines/binary-input';
import { hash32 } from './engines/embeddings';
import { tinyMp4 } from './engines/mp4';
import { pngSize } from './engines/png';
import { EngineInputError, type CatalogueModel, type StreamSettings } from './engines/types';
import type { ActiveFaults } from './faults';
import {
  isObject,
  json,
  newId,
  notSupported,
  num,
  reply,
  str,
  type JobProvider,
  type ProviderDeps,
  type ProviderRoute,
  type State,
} from './provider-shared';
import { findByProviderId, providersOf, type ProviderEntry } from './providers-catalogue';

/** What a job made: a media file, or a transcript. */
type Produced =
  | {
      kind: 'image' | 'video' | 'audio' | 'mask';
      url: string;
      type: string;
      size: number;
      width?: number;
      height?: number;
    }
  | { kind: 'text'; text: string; chunks: { text: string; timestamp: number[] }[] };

type Stage = 'queued' | 'running' | 'done' | 'canceled';

interface Job {
  id: string;
  provider: 'fal-ai' | 'replicate' | JobProvider;
  /** fal's app (`fal-ai/flux`), which names the job's queue URLs. */
  app: string;
  model: CatalogueModel;
  entry: ProviderEntry;
  input: Record<string, unknown>;
  base: string;
  polls: number;
  queued: number;
  running: number;
  failed: string | undefined;
  canceled: boolean;
  created: string;
  /** Roughly the bytes the job holds (its input), for the store's bound. */
  weight: number;
  result?: Promise<Produced>;
}

/** The stores' bounds: jobs keep their input (data URLs included) until read, media until fetched. */
const MAX_ENTRIES = 500;
const MAX_BYTES = 64 * 1024 * 1024;
const MEDIA_TYPES: Record<string, string> = { png: 'image/png', wav: 'audio/wav', mp4: 'video/mp4' };

/** fal's queue URLs name the app: the first two segments of the endpoint id (`fal-ai/flux/schnell` → `fal-ai/flux`). */
const falApp = (id: string) => id.split('/').slice(0, 2).join('/');

const stageOf = (job: Job): Stage =>
  job.canceled
    ? 'canceled'
    : job.polls < job.queued
      ? 'queued'
      : job.polls < job.queued + job.running
        ? 'running'
        : 'done';

/**
 * A map bounded by entries and total weight (bytes), so no run of requests can grow the emulator's
 * memory without end: past either bound the oldest entries go.
 */
function boundedStore<T>(weigh: (value: T) => number) {
  const map = new Map<string, { value: T; weight: number }>();
  let total = 0;
  return {
    get: (key: string) => map.get(key)?.value,
    set(key: string, value: T) {
      const weight = weigh(value);
      map.set(key, { value, weight });
      total += weight;
      for (const [oldest, entry] of map) {
        if (map.size <= MAX_ENTRIES && total <= MAX_BYTES) break;
        map.delete(oldest);
        total -= entry.weight;
      }
    },
    clear() {
      map.clear();
      total = 0;
    },
  };
}

/** The job routes' answers, with their own job and media stores. */
export function createProviderJobs(deps: ProviderDeps) {
  const jobs = boundedStore<Job>((job) => job.weight);
  const media = boundedStore<{ bytes: Uint8Array; type: string }>((file) => file.bytes.length);

  function store(bytes: Uint8Array, ext: 'png' | 'wav' | 'mp4', base: string): { url: string; size: number } {
    const file = `${newId('uuid')}.${ext}`;
    media.set(file, { bytes, type: MEDIA_TYPES[ext]! });
    return { url: `${base}/media/${file}`, size: bytes.length };
  }

  /** A file input: a data URL, or one of the emulator's own media URLs (the only URLs it can read). */
  function fileInput(value: unknown, field: string): string {
    if (typeof value !== 'string') throw new EngineInputError(`Error in \`${field}\`: field required`, 422);
    const data = /^data:[^,]*?(;base64)?,(.*)$/s.exec(value);
    if (data) return data[1] ? data[2]! : toBase64(new TextEncoder().encode(decodeURIComponent(data[2]!)));
    const own = /\/media\/([^/?#]+)$/.exec(value);
    const file = own && media.get(own[1]!);
    if (file) return toBase64(file.bytes);
    throw new EngineInputError(
      `Error in \`${field}\`: could not download ${value.slice(0, 100)} (the emulator reads data URLs and its own media URLs)`,
      422,
    );
  }

  async function run(task: string, model: CatalogueModel, body: unknown): Promise<unknown> {
    const engine = deps.engines[task];
    if (!engine) throw new EngineInputError(`The emulator does not implement ${task}.`, 501);
    const stream: StreamSettings = { tokenDelayMs: 0, firstByteDelayMs: 0 };
    const out = await engine({
      model,
      body,
      bytes: undefined,
      contentType: 'application/json',
      headers: new Headers(),
      signal: undefined,
      stream,
    });
    return out instanceof Response ? new Uint8Array(await out.arrayBuffer()) : out;
  }

  /** Runs a job's task on the emulator's engines, from the provider-style input. */
  async function produce(
    task: string,
    model: CatalogueModel,
    input: Record<string, unknown>,
    base: string,
  ): Promise<Produced> {
    const prompt = str(input.prompt) ?? str(input.text) ?? '';
    const size = isObject(input.image_size) ? input.image_size : isObject(input.target_size) ? input.target_size : {};
    const parameters = Object.fromEntries(
      Object.entries({
        width: num(input.width) ?? num(size.width),
        height: num(input.height) ?? num(size.height),
        seed: num(input.seed),
        num_inference_steps: num(input.num_inference_steps) ?? num(input.steps),
        guidance_scale: num(input.guidance_scale),
        negative_prompt: str(input.negative_prompt),
      }).filter(([, v]) => v !== undefined),
    );
    const image = (bytes: unknown): Produced => {
      const png = bytes as Uint8Array;
      return { kind: 'image', type: 'image/png', ...store(png, 'png', base), ...pngSize(png) };
    };
    // Each provider names the image its own way (fal `image_url(s)`, replicate and wavespeed `image`,
    // together's keyframes `frame_images[].input_image`).
    const imageIn =
      input.image_url ??
      input.image ??
      input.input_image ??
      (input.image_urls as unknown[] | undefined)?.[0] ??
      (input.frame_images as { input_image?: unknown }[] | undefined)?.[0]?.input_image;
    const audioIn = input.audio_url ?? input.audio;
    switch (task) {
      case 'text-to-image':
        return image(await run('text-to-image', model, { inputs: prompt, parameters }));
      case 'image-to-image':
      case 'image-text-to-image':
        return imageIn === undefined && task === 'image-text-to-image'
          ? image(await run('text-to-image', model, { inputs: prompt, parameters }))
          : image(
              await run('image-to-image', model, {
                inputs: fileInput(imageIn, 'image_url'),
                parameters: { ...parameters, prompt },
              }),
            );
      case 'image-to-video':
      case 'image-text-to-video':
      case 'text-to-video': {
        if (task === 'image-to-video' || imageIn !== undefined) fileInput(imageIn, 'image_url');
        if (task === 'text-to-video' && !prompt) throw new EngineInputError('Error in `prompt`: field required', 422);
        const seconds = num(input.duration) ?? (num(input.num_frames) ?? 81) / 16;
        return { kind: 'video', type: 'video/mp4', ...store(tinyMp4(prompt, seconds), 'mp4', base) };
      }
      case 'text-to-speech': {
        const wav = (await run('text-to-speech', model, { inputs: prompt })) as Uint8Array;
        return { kind: 'audio', type: 'audio/wav', ...store(wav, 'wav', base) };
      }
      case 'text-to-audio': {
        if (!prompt) throw new EngineInputError('Error in `prompt`: field required', 422);
        // Stable Audio takes the clip's length as `seconds_total`; the engine as MusicGen's tokens.
        const seconds = num(input.seconds_total) ?? num(input.duration);
        if (seconds !== undefined && !(seconds > 0 && seconds <= 30))
          throw new EngineInputError('Error in `seconds_total`: must be more than 0 and at most 30', 422);
        const wav = (await run('text-to-audio', model, {
          inputs: prompt,
          parameters:
            seconds === undefined
              ? {}
              : { generation_parameters: { max_new_tokens: Math.max(1, Math.round(seconds * 50)) } },
        })) as Uint8Array;
        return { kind: 'audio', type: 'audio/wav', ...store(wav, 'wav', base) };
      }
      case 'automatic-speech-recognition': {
        const out = (await run('automatic-speech-recognition', model, {
          inputs: fileInput(audioIn, 'audio_url'),
          parameters: { return_timestamps: true },
        })) as { text: string; chunks?: { text: string; timestamp: number[] }[] };
        return { kind: 'text', text: out.text, chunks: out.chunks ?? [] };
      }
      case 'audio-to-audio': {
        const tracks = (await run('audio-to-audio', model, { inputs: fileInput(audioIn, 'audio_url') })) as {
          blob: string;
        }[];
        return { kind: 'audio', type: 'audio/wav', ...store(decodeBase64(tracks[0]!.blob), 'wav', base) };
      }
      case 'image-segmentation': {
        const segments = (await run('image-segmentation', model, { inputs: fileInput(imageIn, 'image_url') })) as {
          mask: string;
        }[];
        const png = decodeBase64(segments[0]!.mask);
        return { kind: 'mask', type: 'image/png', ...store(png, 'png', base), ...pngSize(png) };
      }
    }
    throw new EngineInputError(`The emulator does not run ${task} jobs.`, 501);
  }

  /** A job's result, made once (at its first read). */
  const resultOf = (job: Job) => (job.result ??= produce(job.entry.task, job.model, job.input, job.base));

  function newJob(
    provider: Job['provider'],
    found: { model: CatalogueModel; entry: ProviderEntry },
    input: Record<string, unknown>,
    base: string,
    faults: ActiveFaults,
  ): Job {
    const job: Job = {
      id: newId(provider === 'replicate' ? 'replicate' : 'uuid'),
      provider,
      app: falApp(found.entry.providerId),
      ...found,
      input,
      base,
      polls: 0,
      queued: deps.jobs.queuedPolls + (faults.slowQueuePolls ?? 0),
      running: deps.jobs.runningPolls,
      failed: faults.failedJob,
      canceled: false,
      created: new Date().toISOString(),
      weight: 1024 + JSON.stringify(input).length,
    };
    jobs.set(job.id, job);
    return job;
  }

  /** One status read: the job moves one step on. */
  const advance = (job: Job) => {
    if (stageOf(job) === 'queued' || stageOf(job) === 'running') job.polls += 1;
    return stageOf(job);
  };

  // ---------------------------------------------------------------------------------------------
  // fal-ai

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

  // ---------------------------------------------------------------------------------------------
  // replicate

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

  // ---------------------------------------------------------------------------------------------
  // novita, wavespeed, together's videos: submit, then poll one result route

  /** Where a finished job stands: its media, or why it has none. */
  async function settle(job: Job, stage: Stage): Promise<{ made?: Produced; error?: string }> {
    if (stage === 'canceled') return { error: 'canceled' };
    if (stage !== 'done') return {};
    if (job.failed) return { error: job.failed };
    try {
      return { made: await resultOf(job) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

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
    JobProvider,
    {
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
  };

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
    const shape = SHAPES[route.provider];
    if (route.kind === 'job-submit') {
      const parsed = await deps.readJson(request);
      if (parsed instanceof Response) return parsed;
      const input = isObject(parsed.body) ? parsed.body : {};
      const ref = route.model ?? str(input.model);
      const found = ref ? findByProviderId(route.provider, ref, deps.catalogue) : undefined;
      if (!found) return notSupported(route.provider);
      state.model = found.model.id;
      const faults = await deps.admit(request, found.model);
      if (faults instanceof Response) return faults;
      return reply(shape.submitted(newJob(route.provider, found, input, route.base, faults)), faults);
    }
    const job = jobs.get(route.id);
    if (!job || job.provider !== route.provider) return json(...shape.missing);
    state.model = job.model.id;
    const faults = await deps.admit(request, job.model);
    if (faults instanceof Response) return faults;
    const stage = advance(job);
    return reply(shape.polled(job, stage, await settle(job, stage)), faults);
  }

  return {
    fal,
    replicate,
    simpleJob,
    store,
    run,
    /** A stored media file, by its file name. */
    media: (file: string) => media.get(file),
    reset() {
      jobs.clear();
      media.clear();
    },
  };
}
