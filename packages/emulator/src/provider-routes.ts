/**
 * The providers' own routes below the router root, as the router passes them through with the
 * provider's model id (from the Hub mapping): where each provider's routes are, and which module
 * answers them: the job routes (provider-jobs-*.ts: fal-ai, replicate, novita, wavespeed,
 * together's videos, Z.ai's images), the OpenAI-compatible routes of the other providers
 * (provider-openai.ts: `/together/v1/chat/completions`, `/groq/openai/v1/chat/completions`, …), and
 * the media the jobs make, served at `{mount}/media/{file}` without a token, like the providers' CDNs.
 */
import { createProviderJobs } from './provider-jobs';
import { createFalJobs } from './provider-jobs-fal';
import { createPolledJobs } from './provider-jobs-polled';
import { createReplicateJobs } from './provider-jobs-replicate';
import { createOpenAiRoutes } from './provider-openai';
import { OPENAI_OPS, json, type JobApi, type ProviderDeps, type ProviderRoute, type State } from './provider-shared';

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
  // Async jobs: a submit (the model in the path's first group, else in the body) and a result route.
  const job = (
    api: JobApi,
    submit: RegExp,
    result: RegExp,
    id: (m: RegExpExecArray) => string | null = (m) => m[1]!,
  ) => {
    let m = result.exec(tail);
    if (m && get) return { kind: 'job-result' as const, provider, api, id: id(m) ?? '', base };
    m = submit.exec(tail);
    return m && method === 'POST' ? { kind: 'job-submit' as const, provider, api, model: m[1], base } : undefined;
  };
  if (provider === 'novita') {
    // Videos at `/v3/async/{model}`, polled at `/v3/async/task-result?task_id=`; MiniMax H3 at its own routes.
    const route =
      job('novita', /^v3\/async\/(.+)$/, /^v3\/async\/task-result$/, () => url.searchParams.get('task_id')) ??
      job(
        'novita-minimax',
        /^v3\/minimax\/v2\/video_generation$/,
        /^v3\/minimax\/v2\/query\/video_generation\/([^/]+)$/,
      );
    if (route) return route;
  }
  // `/api/v3/{model}`, polled at `/api/v3/predictions/{id}/result`.
  if (provider === 'wavespeed') return job('wavespeed', /^api\/v3\/(.+)$/, /^api\/v3\/predictions\/([^/]+)\/result$/);
  if (provider === 'together' && tail.startsWith('v2/videos'))
    return job('together', /^v2\/videos$/, /^v2\/videos\/([^/]+)$/);
  if (provider === 'zai-org') {
    // Async images, polled at `/async-result/{id}`; layout parsing (OCR) answers at once.
    const route = job(
      'zai-org',
      /^api\/paas\/v4\/async\/images\/generations$/,
      /^api\/paas\/v4\/async-result\/([^/]+)$/,
    );
    if (route) return route;
    if (tail === 'api/paas/v4/layout_parsing' && method === 'POST')
      return { kind: 'openai', provider, op: 'ocr', base };
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
  const fal = createFalJobs(jobs, deps);
  const replicate = createReplicateJobs(jobs, deps);
  const polled = createPolledJobs(jobs, deps);
  const openai = createOpenAiRoutes(jobs, deps);

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
          return fal(request, route, state);
        case 'replicate-create':
        case 'replicate-get':
        case 'replicate-cancel':
          return replicate(request, route, state);
        case 'job-submit':
        case 'job-result':
          return polled(request, route, state);
        case 'openai':
          return openai(request, route, state);
      }
    },
    reset: jobs.reset,
  };
}
