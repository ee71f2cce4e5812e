/**
 * The providers' async jobs and the media they make: the bounded job and media stores, a job's
 * life (queued, running, done or canceled: one step per status poll, so tests are deterministic),
 * and its result, made once on the emulator's engines at its first read from the provider-style
 * input. Each provider's routes and answers are in provider-jobs-fal.ts (fal-ai's queue and
 * synchronous apps), provider-jobs-replicate.ts (predictions) and provider-jobs-polled.ts (novita,
 * wavespeed, together's videos, Z.ai's images: a submit and one polled result route).
 */
import { decodeBase64, toBase64, isObject } from './engines/request';
import { tinyMp4 } from './engines/mp4';
import { pngSize } from './engines/png';
import { EngineInputError, type CatalogueModel, type StreamSettings } from './engines/types';
import type { ActiveFaults } from './faults';
import { newId, num, str, type JobApi, type ProviderDeps } from './provider-shared';
import type { ProviderEntry } from './providers-catalogue';

/** What a job made: a media file, or a transcript. */
export type Produced =
  | {
      kind: 'image' | 'video' | 'audio' | 'mask';
      url: string;
      type: string;
      size: number;
      width?: number;
      height?: number;
    }
  | { kind: 'text'; text: string; chunks: { text: string; timestamp: number[] }[] };

export type Stage = 'queued' | 'running' | 'done' | 'canceled';

export interface Job {
  id: string;
  /** The API it was submitted to, whose routes alone read it. */
  provider: 'fal-ai' | 'replicate' | JobApi;
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

export const stageOf = (job: Job): Stage =>
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
    // OpenAI-style providers (Z.ai) name the size `WxH`.
    const [sizeW, sizeH] = (str(input.size) ?? '').split('x').map(Number);
    const parameters = Object.fromEntries(
      Object.entries({
        width: num(input.width) ?? num(size.width) ?? (sizeW || undefined),
        height: num(input.height) ?? num(size.height) ?? (sizeH || undefined),
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

  return {
    /** The jobs, by id. */
    jobs,
    newJob,
    advance,
    settle,
    resultOf,
    produce,
    store,
    run,
    fileInput,
    /** A stored media file, by its file name. */
    media: (file: string) => media.get(file),
    reset() {
      jobs.clear();
      media.clear();
    },
  };
}

/** The job store and what runs a job, shared by each provider's job routes. */
export type JobCore = ReturnType<typeof createProviderJobs>;
