/**
 * Every provider × task pair core's task tables have (`definition.providers`) runs through the proxy:
 * the core task function, with that `provider` named, against a proxy whose allow-lists are as
 * tight as they can be for the call (`allowProviders`, `allowModels`, `allowProviderModels`,
 * `allowTasks` with `taskOf`), in front of the emulator. The token is the server's alone: the client
 * has none, every upstream request carries it, no answer or log shows it, and media downloads
 * (the providers' CDNs) go without it.
 *
 * The emulator serves every pair (its Hub mapping names the provider's model, its provider routes
 * answer in the provider's wire format), so there is no fake upstream: a pair core gains needs a
 * mapping in the emulator's providers-catalogue.ts (and its routes) before its row can pass.
 * A guard fails when core gains a pair this table has no row for (or loses one it has).
 */
import {
  InferenceTimeoutError,
  clearProviderMappingCache,
  taskTable,
  type RequestOptions,
  type TaskName,
} from '@inferkit/core';
import { createEmulatorHandler, providerMappingFor } from '@inferkit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInferenceProxy, type InferenceProxyOptions, type ProxyLogEntry } from '../proxy';
import { matchRoute } from '../routes';
import { BASE, HUB, PNG, TOKEN, UPSTREAM, expectNoTokenAnywhere, observe, seen } from './proxy-test-utils';

// ---------------------------------------------------------------------------------------------
// The pairs

/** The Hub pipeline tag of each task function that has a providers table. */
const tagOf = (name: TaskName) => taskTable[name].definition.task;

/** Every provider × task pair in core's tables, as `"{task function} {provider}"`. */
const corePairs = () =>
  (Object.keys(taskTable) as TaskName[])
    .flatMap((name) => Object.keys(taskTable[name].definition.providers ?? {}).map((provider) => `${name} ${provider}`))
    .sort();

/** A model the emulator maps to the provider. */
type Source = { emulator: string };

const WHISPER = 'openai/whisper-large-v3';
const BGE = 'BAAI/bge-base-en-v1.5';
const FLUX = 'black-forest-labs/FLUX.1-schnell';
const QWEN_BASE = 'Qwen/Qwen2.5-7B';
const KOKORO = 'hexgrad/Kokoro-82M';
const EDIT = 'Qwen/Qwen-Image-Edit';
const T2V = 'Wan-AI/Wan2.2-T2V-A14B';
const I2V = 'Wan-AI/Wan2.2-I2V-A14B';
const TI2V = 'Wan-AI/Wan2.2-TI2V-5B';
const KONTEXT = 'black-forest-labs/FLUX.1-Kontext-dev';
/** One row per pair. `expect`: upstream requests (`METHOD /path`) the call must have made, e.g. its polls. */
const CASES: Record<string, Source & { expect?: RegExp[] }> = {
  'audioToAudio hf-inference': { emulator: 'speechbrain/metricgan-plus-voicebank' },
  'audioToAudio fal-ai': {
    emulator: 'speechbrain/metricgan-plus-voicebank',
    expect: [/^GET \/fal-ai\/.+\/requests\/[^/]+\/status\?_subdomain=queue$/],
  },
  'automaticSpeechRecognition deepinfra': {
    emulator: WHISPER,
    expect: [/^POST \/deepinfra\/v1\/openai\/audio\/transcriptions$/],
  },
  'automaticSpeechRecognition fal-ai': { emulator: WHISPER },
  'automaticSpeechRecognition hf-inference': { emulator: WHISPER },
  // Version-pinned on replicate: `POST /replicate/v1/predictions` with `{ version }`.
  'automaticSpeechRecognition replicate': { emulator: WHISPER, expect: [/^POST \/replicate\/v1\/predictions$/] },
  'automaticSpeechRecognition together': { emulator: WHISPER },
  'featureExtraction deepinfra': { emulator: BGE, expect: [/^POST \/deepinfra\/v1\/openai\/embeddings$/] },
  'featureExtraction hf-inference': { emulator: BGE },
  'featureExtraction scaleway': { emulator: BGE, expect: [/^POST \/scaleway\/v1\/embeddings$/] },
  'featureExtraction together': { emulator: BGE },
  'imageSegmentation fal-ai': { emulator: 'briaai/RMBG-2.0' },
  'imageSegmentation hf-inference': { emulator: 'nvidia/segformer-b0-finetuned-ade-512-512' },
  'imageTextToImage fal-ai': { emulator: EDIT },
  'imageTextToImage wavespeed': { emulator: EDIT, expect: [/^GET \/wavespeed\/api\/v3\/predictions\/[^/]+\/result$/] },
  'imageTextToVideo fal-ai': { emulator: TI2V },
  'imageTextToVideo novita': {
    emulator: 'MiniMaxAI/MiniMax-H3',
    expect: [/^POST \/novita\/v3\/minimax\/v2\/video_generation$/, /^GET \/novita\/v3\/minimax\/v2\/query\//],
  },
  'imageTextToVideo wavespeed': {
    emulator: TI2V,
    expect: [/^POST \/wavespeed\/api\/v3\/wavespeed-ai\/wan-2\.2\/ti2v-5b$/],
  },
  'imageToImage fal-ai': { emulator: KONTEXT, expect: [/^GET \/fal-ai\/.+\/requests\/[^/]+\?_subdomain=queue$/] },
  'imageToImage hf-inference': { emulator: 'timbrooks/instruct-pix2pix' },
  // `Prefer: wait`: the emulator answers the finished prediction at once, so there is no poll.
  'imageToImage replicate': {
    emulator: KONTEXT,
    expect: [/^POST \/replicate\/v1\/models\/black-forest-labs\/flux-kontext-dev\/predictions$/],
  },
  'imageToImage together': { emulator: KONTEXT, expect: [/^POST \/together\/v1\/images\/generations$/] },
  'imageToImage wavespeed': {
    emulator: KONTEXT,
    expect: [/^GET \/wavespeed\/api\/v3\/predictions\/[^/]+\/result$/],
  },
  'imageToText hf-inference': { emulator: 'Salesforce/blip-image-captioning-base' },
  'imageToText zai-org': { emulator: 'zai-org/GLM-OCR', expect: [/^POST \/zai-org\/api\/paas\/v4\/layout_parsing$/] },
  'imageToVideo fal-ai': { emulator: I2V },
  'imageToVideo together': {
    emulator: I2V,
    expect: [/^POST \/together\/v2\/videos$/, /^GET \/together\/v2\/videos\//],
  },
  'imageToVideo wavespeed': { emulator: I2V },
  'textGeneration deepinfra': { emulator: QWEN_BASE, expect: [/^POST \/deepinfra\/v1\/openai\/completions$/] },
  'textGeneration featherless-ai': { emulator: QWEN_BASE, expect: [/^POST \/featherless-ai\/v1\/completions$/] },
  'textGeneration groq': { emulator: QWEN_BASE, expect: [/^POST \/groq\/openai\/v1\/chat\/completions$/] },
  'textGeneration hf-inference': {
    emulator: 'openai-community/gpt2',
    expect: [/^POST \/hf-inference\/models\/openai-community\/gpt2\/v1\/completions$/],
  },
  'textGeneration novita': { emulator: QWEN_BASE, expect: [/^POST \/novita\/v3\/openai\/chat\/completions$/] },
  'textGeneration ovhcloud': { emulator: QWEN_BASE, expect: [/^POST \/ovhcloud\/v1\/completions$/] },
  'textGeneration scaleway': { emulator: QWEN_BASE, expect: [/^POST \/scaleway\/v1\/completions$/] },
  'textGeneration together': { emulator: QWEN_BASE },
  'textGenerationStream deepinfra': { emulator: QWEN_BASE },
  'textGenerationStream featherless-ai': { emulator: QWEN_BASE },
  'textGenerationStream groq': { emulator: QWEN_BASE },
  'textGenerationStream hf-inference': { emulator: 'openai-community/gpt2' },
  'textGenerationStream novita': { emulator: QWEN_BASE },
  'textGenerationStream ovhcloud': { emulator: QWEN_BASE },
  'textGenerationStream scaleway': { emulator: QWEN_BASE },
  'textGenerationStream together': { emulator: QWEN_BASE },
  'textToAudio fal-ai': { emulator: 'stabilityai/stable-audio-open-1.0' },
  'textToAudio hf-inference': { emulator: 'facebook/musicgen-small' },
  'textToImage deepinfra': { emulator: FLUX, expect: [/^POST \/deepinfra\/v1\/openai\/images\/generations$/] },
  'textToImage fal-ai': { emulator: FLUX },
  'textToImage hf-inference': { emulator: 'stabilityai/stable-diffusion-xl-base-1.0' },
  'textToImage nscale': { emulator: FLUX },
  'textToImage replicate': { emulator: FLUX },
  'textToImage together': { emulator: FLUX },
  'textToImage wavespeed': { emulator: FLUX, expect: [/^POST \/wavespeed\/api\/v3\/wavespeed-ai\/flux-schnell$/] },
  'textToImage zai-org': {
    emulator: 'zai-org/CogView4-6B',
    expect: [
      /^POST \/zai-org\/api\/paas\/v4\/async\/images\/generations$/,
      /^GET \/zai-org\/api\/paas\/v4\/async-result\//,
    ],
  },
  'textToSpeech deepinfra': { emulator: KOKORO, expect: [/^POST \/deepinfra\/v1\/openai\/audio\/speech$/] },
  'textToSpeech fal-ai': { emulator: KOKORO },
  'textToSpeech hf-inference': { emulator: 'facebook/mms-tts-eng' },
  'textToSpeech replicate': {
    emulator: KOKORO,
    expect: [/^POST \/replicate\/v1\/models\/jaaari\/kokoro-82m\/predictions$/],
  },
  'textToSpeech together': { emulator: KOKORO, expect: [/^POST \/together\/v1\/audio\/speech$/] },
  'textToVideo fal-ai': { emulator: T2V },
  'textToVideo novita': {
    emulator: T2V,
    expect: [/^POST \/novita\/v3\/async\/[^/]+$/, /^GET \/novita\/v3\/async\/task-result\?task_id=/],
  },
  'textToVideo replicate': { emulator: T2V },
  'textToVideo together': { emulator: T2V },
  'textToVideo wavespeed': { emulator: T2V },
};

/** The Hub id, the provider's own id and the Hub task of a row. */
function resolve(pair: string) {
  const [name, provider] = pair.split(' ') as [TaskName, string];
  const row = CASES[pair]!;
  const tag = tagOf(name);
  const entry = providerMappingFor(row.emulator)?.find((e) => e.provider === provider);
  if (!entry) throw new Error(`the emulator maps no ${provider} model for ${row.emulator} (row "${pair}")`);
  return { name, provider, tag, hubId: row.emulator, providerId: entry.providerId };
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** A quarter second of a 16 kHz mono tone, as WAV. */
function wav(): Uint8Array {
  const rate = 16_000;
  const n = rate / 4;
  const view = new DataView(new ArrayBuffer(44 + n * 2));
  const text = (at: number, s: string) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + n * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, n * 2, true);
  for (let i = 0; i < n; i++) view.setInt16(44 + i * 2, Math.round(Math.sin(i / 6) * 8000), true);
  return new Uint8Array(view.buffer);
}
const WAV = wav();
const audio = () => new Blob([WAV as Uint8Array<ArrayBuffer>], { type: 'audio/wav' });
const image = () => new Blob([PNG as Uint8Array<ArrayBuffer>], { type: 'image/png' });
const prompt = { inputs: 'Once upon a time', parameters: { maxNewTokens: 4 } };

const INPUTS: Partial<Record<TaskName, () => Record<string, unknown>>> = {
  audioToAudio: () => ({ inputs: audio() }),
  automaticSpeechRecognition: () => ({ inputs: audio() }),
  featureExtraction: () => ({ inputs: 'hello world' }),
  imageSegmentation: () => ({ inputs: image() }),
  imageTextToImage: () => ({ inputs: image(), parameters: { prompt: 'make it blue' } }),
  imageTextToVideo: () => ({ inputs: image(), parameters: { prompt: 'it moves' } }),
  imageToImage: () => ({ inputs: image(), parameters: { prompt: 'make it blue' } }),
  imageToText: () => ({ inputs: image() }),
  imageToVideo: () => ({ inputs: image(), parameters: { prompt: 'it moves' } }),
  textGeneration: () => prompt,
  textGenerationStream: () => prompt,
  textToAudio: () => ({ inputs: 'a drum loop' }),
  textToImage: () => ({ inputs: 'a cat', parameters: { width: 64, height: 64 } }),
  textToSpeech: () => ({ inputs: 'hello there' }),
  textToVideo: () => ({ inputs: 'rain at dusk' }),
};

// ---------------------------------------------------------------------------------------------
// The upstream: the emulator

const emulator = createEmulatorHandler({ tokens: [TOKEN], jobs: { queuedPolls: 1, runningPolls: 0 } });

// ---------------------------------------------------------------------------------------------

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
}

/**
 * A proxy for one pair, with the tightest allow-lists that still let its call through, and the
 * client's `fetch`: proxy URLs go to the proxy (as a browser's would), any other (the media a job
 * made, on the emulator's host, standing for a provider's CDN) straight to the emulator.
 */
function wire(pair: ReturnType<typeof resolve>, extra: InferenceProxyOptions = {}) {
  const { provider, tag, hubId, providerId } = pair;
  const upstream: Sent[] = [];
  const cdn: Sent[] = [];
  const logs: ProxyLogEntry[] = [];
  const taskOf = (model: string, of: string) =>
    (of === 'hf-inference' ? model.toLowerCase() === hubId.toLowerCase() : of === provider && model === providerId)
      ? tag
      : undefined;
  const proxy = createInferenceProxy({
    accessToken: TOKEN,
    basePath: '/api/inference',
    upstream: UPSTREAM,
    hubUpstream: HUB,
    allowProviders: [provider],
    allowModels: [hubId],
    allowProviderModels: provider === 'hf-inference' ? {} : { [provider]: [providerId] },
    allowTasks: [tag],
    taskOf,
    fetch: async (request) => {
      upstream.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers) });
      return emulator(request);
    },
    onLog: (entry) => {
      logs.push(entry);
      seen.logs.push(entry);
    },
    ...extra,
  });
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (request.url.startsWith(`${BASE}/`)) return observe(await proxy(request));
    cdn.push({ url: request.url, method: request.method, headers: Object.fromEntries(request.headers) });
    return emulator(request);
  };
  const options: RequestOptions = { baseUrl: BASE, fetch: fetch as typeof globalThis.fetch };
  return { upstream, cdn, logs, options };
}

/** Runs a task function (a stream read to its end) and returns its output (the stream's last chunk). */
async function run(name: TaskName, args: Record<string, unknown>): Promise<unknown> {
  const fn = taskTable[name] as unknown as (a: Record<string, unknown>) => unknown;
  const out = fn(args);
  if (out && typeof out === 'object' && Symbol.asyncIterator in out) {
    let last: unknown;
    for await (const chunk of out as AsyncIterable<unknown>) last = chunk;
    return last;
  }
  return out;
}

/** A quick look at an output: media as a non-empty Blob, text, vectors, lists. */
function expectOutput(name: TaskName, out: unknown) {
  const definition = taskTable[name].definition as { responseType?: string };
  if (definition.responseType === 'blob') {
    expect(out).toBeInstanceOf(Blob);
    expect((out as Blob).size).toBeGreaterThan(0);
  } else if (name === 'textGeneration' || name === 'imageToText') {
    expect((out as { generatedText: string }).generatedText).toEqual(expect.any(String));
  } else if (name === 'textGenerationStream') {
    expect((out as { generatedText: string | null }).generatedText).toEqual(expect.any(String));
  } else if (name === 'automaticSpeechRecognition') {
    expect((out as { text: string }).text).toEqual(expect.any(String));
  } else {
    expect(Array.isArray(out) && out.length > 0).toBe(true);
  }
}

const line = ({ url, method }: Sent) => {
  const { pathname, search } = new URL(url);
  return `${method} ${pathname}${search}`;
};

beforeAll(() => clearProviderMappingCache());
afterAll(async () => {
  await expectNoTokenAnywhere();
});

// ---------------------------------------------------------------------------------------------

describe('the table covers core', () => {
  it('has one row for every provider × task pair in core’s providers tables, and no other', () => {
    expect(Object.keys(CASES).sort()).toEqual(corePairs());
  });

  it('has a route for the path of every pair, as core builds it (an explicit provider, the provider’s own id)', () => {
    for (const pair of corePairs()) {
      const { name, provider, providerId, tag } = resolve(pair);
      const task = taskTable[name].definition.providers![provider]!;
      const path = task.path({
        root: BASE,
        model: providerId,
        task: tag,
        route: taskTable[name].definition.route,
        options: {},
      });
      const { pathname, search } = new URL(`${BASE}/${provider}${path}`);
      const match = matchRoute(pathname.slice('/api/inference'.length), 'POST', search);
      expect(match.status, `${pair}: POST /${provider}${path}`).toBe(200);
    }
  });
});

describe.concurrent('every pair runs through the proxy, the token on the server only', () => {
  it.each(corePairs())('%s', async (key) => {
    const pair = resolve(key);
    const { name, provider, tag, hubId } = pair;
    const { upstream, cdn, logs, options } = wire(pair);
    const out = await run(name, { ...INPUTS[name]!(), model: hubId, provider, ...options });
    expectOutput(name, out);

    // Every answer the proxy gave was a success: no allow-list refused a request core sends.
    expect(
      logs.filter((entry) => entry.status >= 400).map((entry) => `${entry.status} ${entry.path}: ${entry.error}`),
    ).toEqual([]);
    // The submit was taken as the pair's task (by its route, or `taskOf` where the route serves several).
    const runs = logs.filter((entry) => entry.method === 'POST' && !/\/cancel$/.test(entry.path));
    expect(runs.length).toBeGreaterThan(0);
    for (const entry of runs) expect(entry.task, entry.path).toBe(tag);
    // Upstream: the provider's routes were reached, each request with the server's token.
    const sent = upstream.map(line);
    expect(sent.some((request) => request.startsWith(`POST /${provider}/`))).toBe(true);
    for (const pattern of CASES[key]!.expect ?? [])
      expect(sent, String(pattern)).toContainEqual(expect.stringMatching(pattern));
    for (const request of upstream) expect(request.headers.authorization, line(request)).toBe(`Bearer ${TOKEN}`);
    if (provider === 'zai-org') {
      for (const request of upstream.filter((r) => r.url.startsWith(`${UPSTREAM}/zai-org/`))) {
        expect(request.headers['x-source-channel']).toBe('hugging_face');
        expect(request.headers['accept-language']).toBe('en-US,en');
      }
    }
    // Media on a host other than the proxy (a provider's CDN) is fetched without any token.
    for (const request of cdn) {
      expect(request.url.startsWith(`${UPSTREAM}/media/`), request.url).toBe(true);
      expect(request.headers).not.toHaveProperty('authorization');
    }
  });
});

describe.concurrent('cancels: a job core gives up on is cancelled through the proxy', () => {
  const slow = { 'x-inferkit-fault': 'slow-queue=50' };

  it.each([
    ['textToImage fal-ai', /^PUT \/fal-ai\/.+\/requests\/[^/]+\/cancel\?_subdomain=queue$/],
    ['textToImage replicate', /^POST \/replicate\/v1\/predictions\/[^/]+\/cancel$/],
  ])('%s', async (key, cancel) => {
    const pair = resolve(key);
    const { upstream, logs, options } = wire(pair);
    const call = run(pair.name, {
      ...INPUTS[pair.name]!(),
      model: pair.hubId,
      provider: pair.provider,
      ...options,
      headers: slow,
      timeout: 300,
    });
    await expect(call).rejects.toBeInstanceOf(InferenceTimeoutError);
    // The cancel is sent after the call ends, and not awaited by it.
    await expect.poll(() => upstream.map(line), { timeout: 2000 }).toContainEqual(expect.stringMatching(cancel));
    const cancelled = upstream.find((request) => cancel.test(line(request)))!;
    expect(cancelled.headers.authorization).toBe(`Bearer ${TOKEN}`);
    // Passed on as the upstream answered it (fal's cancel answers 202 Accepted).
    await expect
      .poll(() => logs.find((entry) => /\/cancel$/.test(entry.path))?.status, { timeout: 2000 })
      .toBeDefined();
    expect(logs.find((entry) => /\/cancel$/.test(entry.path))!.status).toBeLessThan(300);
  });
});
