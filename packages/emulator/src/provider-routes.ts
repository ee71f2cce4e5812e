/**
 * The providers' own routes below the router root, as the router passes them through with the
 * provider's model id (from the Hub mapping): the job routes of provider-jobs.ts (fal-ai, replicate,
 * novita, wavespeed, together's videos), the OpenAI-compatible routes of the
 * other providers (`/together/v1/chat/completions`, `/groq/openai/v1/chat/completions`, …), and the
 * media the jobs make, served at `{mount}/media/{file}` without a token, like the providers' CDNs.
 */
import { toBase64 } from './engines/binary-input';
import { approxTokens } from './engines/embeddings';
import { CHAT_ENGINE } from './engines/index';
import { sseResponse, type SseFrame } from './engines/sse';
import { EngineInputError, type CatalogueModel } from './engines/types';
import type { ActiveFaults } from './faults';
import { createProviderJobs } from './provider-jobs';
import {
  OPENAI_OPS,
  isObject,
  json,
  newId,
  notSupported,
  nowSeconds,
  num,
  reply,
  str,
  type JobProvider,
  type OpenAiOp,
  type ProviderDeps,
  type ProviderRoute,
  type State,
} from './provider-shared';
import { findByProviderId, type ProviderEntry } from './providers-catalogue';

export { DEFAULT_JOB_SETTINGS, type JobSettings, type ProviderDeps, type ProviderRoute } from './provider-shared';

/** The OpenAI-compatible providers and the path below `/{provider}` their routes start with. */
export const OPENAI_PREFIXES: Readonly<Record<string, string>> = {
  baseten: 'v1',
  cerebras: 'v1',
  cohere: 'compatibility/v1',
  deepinfra: 'v1/openai',
  'featherless-ai': 'v1',
  'fireworks-ai': 'inference/v1',
  groq: 'openai/v1',
  hyperbolic: 'v1',
  nebius: 'v1',
  novita: 'v3/openai',
  nscale: 'v1',
  ovhcloud: 'v1',
  publicai: 'v1',
  sambanova: 'v1',
  scaleway: 'v1',
  together: 'v1',
  'zai-org': 'api/paas/v4',
};

/** The mapped tasks each OpenAI-style operation serves. */
const OP_TASKS: Record<OpenAiOp, readonly string[]> = {
  // groq and novita serve text-generation at their chat route (the prompt as a user message).
  chat: ['conversational', 'image-text-to-text', 'text-generation'],
  completions: ['text-generation', 'conversational'],
  embeddings: ['feature-extraction', 'sentence-similarity'],
  images: ['text-to-image'],
  speech: ['text-to-speech'],
  transcriptions: ['automatic-speech-recognition'],
};

const MEDIA_FILE = /^[\w-]+\.(png|wav|mp4)$/;

/** The provider route of one segment position: `provider` at `segments[at]`, `tail` after it. */
function match(provider: string, tail: string, method: string, url: URL, base: string): ProviderRoute | undefined {
  const get = method === 'GET' || method === 'HEAD';
  if (provider === 'fal-ai') {
    const m = /^(.+?)\/requests\/([^/]+)(?:\/(status|cancel))?$/.exec(tail);
    if (m) {
      const op = m[3] === 'status' ? 'status' : m[3] === 'cancel' ? 'cancel' : 'result';
      const ok = op === 'cancel' ? method === 'PUT' : get;
      return ok ? { kind: 'fal-request', app: m[1]!, rid: m[2]!, op, base } : undefined;
    }
    return method === 'POST' && tail
      ? { kind: 'fal-submit', app: tail, queue: url.searchParams.get('_subdomain') === 'queue', base }
      : undefined;
  }
  if (provider === 'replicate') {
    let m = /^v1\/models\/([^/]+\/[^/]+)\/predictions$/.exec(tail);
    if (m && method === 'POST') return { kind: 'replicate-create', model: m[1]!, base };
    if (tail === 'v1/predictions' && method === 'POST') return { kind: 'replicate-create', model: undefined, base };
    m = /^v1\/predictions\/([^/]+)(\/cancel)?$/.exec(tail);
    if (m && (m[2] ? method === 'POST' : get))
      return { kind: m[2] ? 'replicate-cancel' : 'replicate-get', id: m[1]!, base };
    return undefined;
  }
  // Async jobs: novita's video (`/v3/async/{model}`, `/v3/async/task-result?task_id=`), wavespeed
  // (`/api/v3/{model}`, `/api/v3/predictions/{id}/result`).
  const job = (p: JobProvider, submit: RegExp, result: RegExp, id: (m: RegExpExecArray) => string | null) => {
    let m = result.exec(tail);
    if (m && get) return { kind: 'job-result' as const, provider: p, id: id(m) ?? '', base };
    m = submit.exec(tail);
    return m && method === 'POST' ? { kind: 'job-submit' as const, provider: p, model: m[1]!, base } : undefined;
  };
  if (provider === 'novita') {
    const route = job('novita', /^v3\/async\/(.+)$/, /^v3\/async\/task-result$/, () => url.searchParams.get('task_id'));
    if (route) return route;
  }
  if (provider === 'wavespeed')
    return job('wavespeed', /^api\/v3\/(.+)$/, /^api\/v3\/predictions\/([^/]+)\/result$/, (m) => m[1]!);
  if (provider === 'together' && tail.startsWith('v2/videos')) {
    const m = /^v2\/videos\/([^/]+)$/.exec(tail);
    if (m && get) return { kind: 'job-result', provider: 'together', id: m[1]!, base };
    return tail === 'v2/videos' && method === 'POST'
      ? { kind: 'job-submit', provider: 'together', model: undefined, base }
      : undefined;
  }
  const prefix = OPENAI_PREFIXES[provider];
  if (prefix && method === 'POST' && tail.startsWith(`${prefix}/`)) {
    const op = OPENAI_OPS[tail.slice(prefix.length + 1) as keyof typeof OPENAI_OPS];
    if (op) return { kind: 'openai', provider, op, base };
  }
  return undefined;
}

/**
 * A provider route anywhere below the mount (`/fal-ai/…`, `/hf/replicate/…`), or the media route.
 * The scan stops at `models` / `endpoints`, so hf-inference paths (`/models/fal-ai/x`) stay theirs.
 */
export function parseProviderRoute(url: URL, method: string): ProviderRoute | undefined {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  const segments = path.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  if ((method === 'GET' || method === 'HEAD') && segments.at(-2) === 'media' && MEDIA_FILE.test(last))
    return { kind: 'media', file: last };
  for (let at = 0; at < segments.length; at++) {
    const segment = segments[at]!;
    const base =
      url.origin +
      segments
        .slice(0, at)
        .map((s) => `/${s}`)
        .join('');
    if (segment === 'models' || segment === 'endpoints') {
      // hf-inference's OpenAI completions route for text generation, `/hf-inference/models/{id}/v1/completions`
      // (the model named again in the body, as @huggingface/inference sends it); every other model path is hf-inference's own.
      const completions =
        segment === 'models' &&
        segments[at - 1] === 'hf-inference' &&
        method === 'POST' &&
        path.endsWith('/v1/completions');
      return completions ? { kind: 'openai', provider: 'hf-inference', op: 'completions', base } : undefined;
    }
    const route = match(segment, segments.slice(at + 1).join('/'), method, url, base);
    if (route) return route;
  }
  return undefined;
}

/** The provider routes' answers. */
export function createProviderRoutes(deps: ProviderDeps) {
  const jobs = createProviderJobs(deps);

  // ---------------------------------------------------------------------------------------------
  // OpenAI-compatible providers

  async function openai(request: Request, route: Extract<ProviderRoute, { kind: 'openai' }>, state: State) {
    const parsed = await deps.readJson(request);
    if (parsed instanceof Response) return parsed;
    // Transcriptions come as a multipart form: `file`, `model` and the parameters.
    const form =
      route.op === 'transcriptions' && parsed.bytes
        ? await new Response(parsed.bytes as Uint8Array<ArrayBuffer>, { headers: request.headers })
            .formData()
            .catch(() => undefined)
        : undefined;
    const body = form ? Object.fromEntries(form) : isObject(parsed.body) ? parsed.body : {};
    const providerId = str(body.model);
    const found = providerId ? findByProviderId(route.provider, providerId, deps.catalogue) : undefined;
    if (!found || !OP_TASKS[route.op].includes(found.entry.task)) return notSupported(route.provider);
    const { model, entry } = found;
    state.model = model.id;
    const faults = await deps.admit(request, model);
    if (faults instanceof Response) return faults;
    const invalid = (message: string, status = 400) =>
      json({ error: { message, type: 'invalid_request_error', param: null, code: null } }, status);
    const id = newId('uuid');
    const created = nowSeconds();
    try {
      switch (route.op) {
        case 'chat': {
          const out = await deps.engines[CHAT_ENGINE]!({
            model,
            body,
            bytes: undefined,
            contentType: 'application/json',
            headers: request.headers,
            signal: request.signal,
            stream: deps.streamSettings(faults),
            route: 'chat',
            responseModel: entry.providerId,
          });
          return out instanceof Response ? out : reply(out, faults);
        }
        case 'completions':
          return await completions(body, model, entry, faults, request.signal);
        case 'embeddings': {
          const input = body.input;
          const list =
            typeof input === 'string'
              ? [input]
              : Array.isArray(input) && input.every((t) => typeof t === 'string')
                ? (input as string[])
                : undefined;
          if (!list?.length) return invalid('`input` must be a string or a non-empty array of strings');
          const vectors = (await jobs.run('feature-extraction', model, {
            inputs: list,
            normalize: true,
          })) as number[][];
          const tokens = list.reduce((n, t) => n + approxTokens(t), 0);
          return reply(
            {
              object: 'list',
              model: entry.providerId,
              data: vectors.map((embedding, index) => ({ object: 'embedding', embedding, index })),
              usage: { prompt_tokens: tokens, total_tokens: tokens },
            },
            faults,
          );
        }
        case 'speech': {
          const input = str(body.input);
          if (!input) return invalid('`input` is required');
          const wav = (await jobs.run('text-to-speech', model, { inputs: input })) as Uint8Array<ArrayBuffer>;
          return new Response(wav, { headers: { 'content-type': 'audio/wav' } });
        }
        case 'transcriptions': {
          const file = body.file;
          if (!(file instanceof Blob)) return invalid('`file` is required (a multipart form upload)');
          const bytes = new Uint8Array(await file.arrayBuffer());
          const out = (await jobs.run('automatic-speech-recognition', model, {
            inputs: toBase64(bytes),
            parameters: { return_timestamps: true },
          })) as { text: string; chunks?: { text: string; timestamp: number[] }[] };
          const segments = (out.chunks ?? []).map((c, i) => ({
            id: i,
            start: c.timestamp[0],
            end: c.timestamp[1],
            text: c.text,
          }));
          return reply(
            body.response_format === 'verbose_json'
              ? { task: 'transcribe', language: 'english', text: out.text, segments }
              : { text: out.text },
            faults,
          );
        }
        case 'images': {
          const prompt = str(body.prompt);
          if (!prompt) return invalid('`prompt` is required');
          const [w, h] = (str(body.size) ?? '').split('x').map(Number);
          const n = Math.min(4, Math.max(1, Math.floor(num(body.n) ?? 1)));
          const format = str(body.response_format) ?? 'url';
          const data = [];
          for (let index = 0; index < n; index++) {
            const png = (await jobs.run('text-to-image', model, {
              inputs: prompt,
              parameters: Object.fromEntries(
                Object.entries({
                  width: num(body.width) ?? (w || undefined),
                  height: num(body.height) ?? (h || undefined),
                  seed: num(body.seed) === undefined ? undefined : num(body.seed)! + index,
                  num_inference_steps: num(body.steps) ?? num(body.num_inference_steps),
                }).filter(([, v]) => v !== undefined),
              ),
            })) as Uint8Array;
            data.push(
              format === 'url'
                ? { index, url: jobs.store(png, 'png', route.base).url }
                : { index, b64_json: toBase64(png), type: 'image/png' },
            );
          }
          return reply({ id, object: 'list', created, model: entry.providerId, data }, faults);
        }
      }
    } catch (error) {
      if (error instanceof EngineInputError) return invalid(error.message, error.status === 422 ? 422 : 400);
      throw error;
    }
  }

  /** `/v1/completions`: the text-generation engine's continuation, in the OpenAI shape (and stream). */
  async function completions(
    body: Record<string, unknown>,
    model: CatalogueModel,
    entry: ProviderEntry,
    faults: ActiveFaults,
    signal: AbortSignal,
  ) {
    const prompt = Array.isArray(body.prompt) ? str(body.prompt[0]) : str(body.prompt);
    if (prompt === undefined) throw new EngineInputError('`prompt` must be a string or an array of strings');
    const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop : undefined;
    const parameters = Object.fromEntries(
      Object.entries({
        max_new_tokens: num(body.max_tokens) ?? 16,
        temperature: num(body.temperature),
        top_p: num(body.top_p),
        seed: num(body.seed),
        stop,
        details: true,
        return_full_text: false,
      }).filter(([, v]) => v !== undefined),
    );
    const [out] = (await jobs.run('text-generation', model, { inputs: prompt, parameters })) as {
      generated_text: string;
      details: { finish_reason: string; tokens: { text: string; special: boolean }[] };
    }[];
    const finish = out!.details.finish_reason === 'length' ? 'length' : 'stop';
    const id = `cmpl-${newId('uuid').replace(/-/g, '')}`;
    const created = nowSeconds();
    const usage = {
      prompt_tokens: approxTokens(prompt),
      completion_tokens: out!.details.tokens.length,
      total_tokens: approxTokens(prompt) + out!.details.tokens.length,
    };
    const chunk = (text: string, finishReason: string | null, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        object: 'text_completion',
        created,
        model: entry.providerId,
        choices: [{ index: 0, text, finish_reason: finishReason, logprobs: null }],
        ...extra,
      });
    if (body.stream !== true) {
      return reply(
        {
          id,
          object: 'text_completion',
          created,
          model: entry.providerId,
          choices: [{ index: 0, text: out!.generated_text, finish_reason: finish, logprobs: null }],
          usage,
        },
        faults,
      );
    }
    const tokens = out!.details.tokens.filter((t) => !t.special);
    const frames: SseFrame[] = [
      ...tokens.map((t) => ({ token: true, data: chunk(t.text, null) })),
      { final: true, data: chunk('', finish, { usage }) },
      { final: true, data: '[DONE]' },
    ];
    return sseResponse(frames, deps.streamSettings(faults), signal);
  }

  return {
    async answer(request: Request, route: ProviderRoute, state: State): Promise<Response> {
      if (route.kind === 'media') {
        const file = jobs.media(route.file);
        if (!file) return json({ detail: 'Not Found' }, 404);
        return new Response(request.method === 'HEAD' ? null : (file.bytes as Uint8Array<ArrayBuffer>), {
          headers: {
            'content-type': file.type,
            'content-length': String(file.bytes.length),
            'cache-control': 'public, max-age=3600',
          },
        });
      }
      state.provider =
        route.kind === 'openai' || route.kind === 'job-submit' || route.kind === 'job-result'
          ? route.provider
          : route.kind.startsWith('fal-')
            ? 'fal-ai'
            : 'replicate';
      if (!deps.authorised(request.headers)) return json({ error: 'Invalid credentials in Authorization header' }, 401);
      switch (route.kind) {
        case 'fal-submit':
        case 'fal-request':
          return jobs.fal(request, route, state);
        case 'replicate-create':
        case 'replicate-get':
        case 'replicate-cancel':
          return jobs.replicate(request, route, state);
        case 'job-submit':
        case 'job-result':
          return jobs.simpleJob(request, route, state);
        case 'openai':
          return openai(request, route, state);
      }
    },
    reset: jobs.reset,
  };
}
