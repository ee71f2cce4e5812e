/**
 * The routes the proxy forwards, and nothing else. Paths are split into decoded segments and
 * rebuilt from them, and query strings are rebuilt from an allow-list per route, so what the
 * allow-lists check is exactly what the upstream receives: an encoded slash, a `..` or an extra
 * query parameter cannot smuggle a different model, provider or endpoint past them.
 *
 * Paths are those `@inferkit/core` sends below its `baseUrl`, the Hugging Face router root:
 * `/hf-inference/...`, `/v1/...`, `/{provider}/...` (as `@huggingface/inference`'s provider
 * helpers build them) and the Hub lookups `/api/...`, which go to the Hub rather than the router.
 */

/** Model suffixes on `POST /v1/chat/completions` that let the router pick the provider. */
export const ROUTER_POLICIES: readonly string[] = ['fastest', 'cheapest', 'preferred'];

import { CHAT_TASK, ID, MAX_MODEL_SEGMENTS, MODEL, OWNER_NAME, PROVIDER_ROUTES } from './provider-route-table';

export { CHAT_TASK };

/** Providers the proxy has routes for, besides `hf-inference`. */
export const PROVIDERS: readonly string[] = Object.keys(PROVIDER_ROUTES);

/** The methods routes take: `PUT` only on fal's cancel route, as fal's queue API has it. */
export type RouteMethod = 'GET' | 'POST' | 'PUT';

/** A route the proxy knows, below its base path. */
export interface ProxyRoute {
  /**
   * `model`: `POST /hf-inference/models/{model}`; `pipeline`: `.../pipeline/{task}`; `chat`: an
   * OpenAI-style chat route; `task`: another route that runs a model (provider routes, and
   * hf-inference's `/v1/completions`); `poll`: status, result or cancel of a provider's queued job;
   * `list`: `GET /v1/models`; `hub`: a Hub lookup; `info` and `health`: GET utilities.
   */
  kind: 'model' | 'pipeline' | 'chat' | 'task' | 'poll' | 'list' | 'hub' | 'info' | 'health';
  method: RouteMethod;
  /** Which root the route goes to: the router (`upstream`) or the Hub (`hubUpstream`). */
  upstream: 'router' | 'hub';
  /** The provider the path names (`hf-inference` included); `undefined` on `/v1/...` and the Hub. */
  provider: string | undefined;
  /** The model the path names, when it names one. */
  model: string | undefined;
  /** Whose id the model is: a Hub id, or the provider's own (on `/{provider}/...` routes). */
  modelKind: 'hub' | 'provider';
  /**
   * The body field that names the model (the body is then read whole). When the path names the
   * model too (hf-inference's `/v1/completions`), the body's must be the same one.
   */
  bodyModel: 'model' | 'version' | undefined;
  /** How that body is read: JSON, or a multipart form (the OpenAI transcriptions routes). */
  bodyFormat: 'json' | 'form';
  /** The task the route names, when it names one: what `allowTasks` checks unless `taskOf` tells one of `otherTasks`. */
  task: string | undefined;
  /**
   * Other tasks the same route serves (together's `/v1/images/generations` edits images too). While
   * `task` is not allowed, `taskOf(model, provider)` may name one of these instead.
   */
  otherTasks: readonly string[];
  /** Request headers forwarded on this route besides the common ones (zai-org's `x-source-channel`). */
  headers: readonly string[];
  /** The path to request upstream, canonically encoded. */
  path: string;
  /** The query string to send upstream, rebuilt from the allowed parameters: `''` or `?...`. */
  search: string;
}

/** What matching a path gives: a route, or the error status to answer with. */
export type RouteMatch =
  | { status: 200; route: ProxyRoute }
  | { status: 404 }
  | { status: 405; allow: RouteMethod }
  | { status: 400; reason: string };

/** Allowed query parameters of a route: name → allowed values, or `true` for any value. */
export type QuerySpec = Readonly<Record<string, readonly string[] | true>>;

/** Values `expand[]` may take on Hub lookups: what the client needs to route, nothing more. */
const EXPAND_VALUES = ['inferenceProviderMapping', 'inference', 'pipeline_tag'];
const HUB_MODEL_QUERY: QuerySpec = { 'expand[]': EXPAND_VALUES };
const HUB_LIST_QUERY: QuerySpec = {
  'expand[]': EXPAND_VALUES,
  inference_provider: true,
  pipeline_tag: true,
  limit: true,
  search: true,
  sort: true,
  direction: true,
};

/** The routes, for error messages and the README. */
export const KNOWN_ROUTES: readonly string[] = [
  'POST /hf-inference/models/{model}',
  'POST /hf-inference/models/{model}/pipeline/{task}',
  'POST /hf-inference/models/{model}/v1/chat/completions',
  'POST /hf-inference/models/{model}/v1/completions',
  'GET /hf-inference/models/{model}/info',
  'POST /v1/chat/completions',
  'GET /v1/models',
  ...PROVIDERS.flatMap((provider) =>
    PROVIDER_ROUTES[provider]!.map((route) => `${route.method} /${provider}/${route.pattern.join('/')}`),
  ),
  'GET /api/models/{model}',
  'GET /api/models',
  'GET /api/tasks',
  'GET /health',
  'GET /info',
];

const encodePath = (segments: string[]) => `/${segments.map(encodeURIComponent).join('/')}`;

/** Splits a pathname into decoded segments; `undefined` when a segment is not a plain name. */
function splitPath(pathname: string): string[] | undefined {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    // A decoded separator or dot segment would mean something else upstream than it does here.
    // eslint-disable-next-line no-control-regex
    if (segment === '.' || segment === '..' || /[/\\\u0000-\u001f\u007f]/.test(segment)) return undefined;
    segments.push(segment);
  }
  return segments;
}

/** A Hub model id is `name` or `owner/name`. */
const modelOf = (segments: string[]) =>
  segments.length === 1 || segments.length === 2 ? segments.join('/') : undefined;

/**
 * Rebuilds a query string from the parameters `spec` allows; a reason when any other is present,
 * a value is not allowed, or a single-valued parameter repeats (parsers disagree on which one wins).
 */
function rebuildQuery(search: string, spec: QuerySpec): { search: string } | { reason: string } {
  const parts: string[] = [];
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(search)) {
    const allowed = Object.hasOwn(spec, name) ? spec[name] : undefined;
    if (allowed === undefined) {
      const names = Object.keys(spec);
      return {
        reason: `Query parameter "${name}" is not forwarded on this route${names.length ? ` (allowed: ${names.join(', ')})` : ' (it takes none)'}.`,
      };
    }
    if (allowed !== true && !allowed.includes(value)) {
      return { reason: `Query parameter "${name}" may only be ${allowed.join(', ')}; got "${value}".` };
    }
    if (seen.has(name) && !name.endsWith('[]')) return { reason: `Query parameter "${name}" is given twice.` };
    seen.add(name);
    // The name is one of ours, so it is sent as written (`expand[]`, as the Hub documents it).
    parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return { search: parts.length ? `?${parts.join('&')}` : '' };
}

/** Matches segments against a provider pattern; the provider model id it names, if any. */
function matchPattern(
  pattern: readonly string[],
  segments: string[],
  reserved: readonly string[] = [],
): { model: string | undefined } | undefined {
  const go = (p: number, s: number, model: string | undefined): { model: string | undefined } | undefined => {
    if (p === pattern.length) return s === segments.length ? { model } : undefined;
    const token = pattern[p];
    if (token === ID) return s < segments.length ? go(p + 1, s + 1, model) : undefined;
    if (token === OWNER_NAME) {
      return s + 2 <= segments.length ? go(p + 1, s + 2, segments.slice(s, s + 2).join('/')) : undefined;
    }
    if (token === MODEL) {
      for (let end = s + 1; end <= Math.min(segments.length, s + MAX_MODEL_SEGMENTS); end++) {
        const part = segments.slice(s, end);
        if (part.some((segment) => reserved.includes(segment))) return undefined;
        const found = go(p + 1, end, part.join('/'));
        if (found) return found;
      }
      return undefined;
    }
    return segments[s] === token ? go(p + 1, s + 1, model) : undefined;
  };
  return go(0, 0, undefined);
}

/**
 * Matches a pathname (below the proxy's base path), method and query string against the known routes.
 * @example
 * matchRoute('/hf-inference/models/facebook/bart-large-mnli', 'POST');
 * // { status: 200, route: { kind: 'model', provider: 'hf-inference', model: 'facebook/bart-large-mnli', ... } }
 */
export function matchRoute(pathname: string, method: string, search = ''): RouteMatch {
  const segments = splitPath(pathname);
  if (!segments)
    return { status: 400, reason: 'The path has an invalid segment (an encoded "/", "..", or a control character).' };
  const path = encodePath(segments);

  interface Found extends Partial<Omit<ProxyRoute, 'kind' | 'method' | 'path' | 'search'>> {
    query?: QuerySpec;
  }
  const found = (kind: ProxyRoute['kind'], routeMethod: ProxyRoute['method'], extra: Found = {}): RouteMatch => {
    if (method !== routeMethod) return { status: 405, allow: routeMethod };
    const { query = {}, ...fields } = extra;
    const rebuilt = rebuildQuery(search, query);
    if ('reason' in rebuilt) return { status: 400, reason: rebuilt.reason };
    return {
      status: 200,
      route: {
        kind,
        method: routeMethod,
        upstream: 'router',
        provider: undefined,
        model: undefined,
        modelKind: 'hub',
        bodyModel: undefined,
        bodyFormat: 'json',
        task: undefined,
        otherTasks: [],
        headers: [],
        ...fields,
        path,
        search: rebuilt.search,
      },
    };
  };

  const [root, ...rest] = segments;
  const tail = rest.join('/');
  switch (root) {
    case 'hf-inference': {
      if (rest[0] !== 'models') return { status: 404 };
      const below = rest.slice(1);
      const hf = { provider: 'hf-inference' };
      if (below.slice(-3).join('/') === 'v1/chat/completions') {
        const model = modelOf(below.slice(0, -3));
        if (model) return found('chat', 'POST', { ...hf, model, task: CHAT_TASK });
      }
      // Text generation: the model's OpenAI completions route, the model named by the path and again
      // in the body (`{ model, prompt, max_tokens, stream? }`), which must then be the same one.
      if (below.slice(-2).join('/') === 'v1/completions') {
        const model = modelOf(below.slice(0, -2));
        // Hub ids have no `:`; a `model:provider` here could only be an attempt at another provider.
        if (model?.includes(':')) return { status: 400, reason: `"${model}" is no Hub model id (it has a ":").` };
        if (model) return found('task', 'POST', { ...hf, model, task: 'text-generation', bodyModel: 'model' });
      }
      if (below.length >= 3 && below[below.length - 2] === 'pipeline') {
        const model = modelOf(below.slice(0, -2));
        if (model) return found('pipeline', 'POST', { ...hf, model, task: below[below.length - 1] });
      }
      // `.../models/a/info` is model `a`'s info on GET and model `a/info` on POST, as upstream reads it.
      if (below[below.length - 1] === 'info' && (method === 'GET' || below.length === 3)) {
        const model = modelOf(below.slice(0, -1));
        if (model) return found('info', 'GET', { ...hf, model });
      }
      const model = modelOf(below);
      return model ? found('model', 'POST', { ...hf, model }) : { status: 404 };
    }
    case 'v1':
      // The router picks the provider from the body's `model` suffix; the proxy reads it there.
      if (tail === 'chat/completions') return found('chat', 'POST', { task: CHAT_TASK, bodyModel: 'model' });
      return tail === 'models' ? found('list', 'GET') : { status: 404 };
    case 'api': {
      const hub = { upstream: 'hub' } as const;
      if (tail === 'tasks') return found('hub', 'GET', hub);
      if (rest[0] !== 'models') return { status: 404 };
      if (rest.length === 1) return found('hub', 'GET', { ...hub, query: HUB_LIST_QUERY });
      const model = modelOf(rest.slice(1));
      return model ? found('hub', 'GET', { ...hub, model, query: HUB_MODEL_QUERY }) : { status: 404 };
    }
    case 'health':
    case 'info':
      return rest.length === 0 ? found(root, 'GET') : { status: 404 };
  }
  const routes = root !== undefined && Object.hasOwn(PROVIDER_ROUTES, root) ? PROVIDER_ROUTES[root]! : [];
  let wrongMethod: RouteMethod | undefined;
  for (const route of routes) {
    const matched = matchPattern(route.pattern, rest, route.reserved);
    if (!matched) continue;
    if (route.method !== method) {
      wrongMethod ??= route.method;
      continue;
    }
    return found(route.kind, route.method, {
      provider: root,
      // A job is polled by its id; the model it ran was checked when it was submitted.
      model: route.kind === 'poll' ? undefined : matched.model,
      modelKind: 'provider',
      bodyModel: route.bodyModel,
      bodyFormat: route.form ? 'form' : 'json',
      task: route.task,
      otherTasks: route.otherTasks ?? [],
      headers: route.headers ?? [],
      query: route.query,
    });
  }
  return wrongMethod ? { status: 405, allow: wrongMethod } : { status: 404 };
}

/**
 * Splits a `/v1/chat/completions` model into its Hub id and the suffix after `:` (a provider name
 * or a router policy). Hub ids never contain `:`, so the first one separates them.
 * @example
 * splitModelSuffix('meta-llama/Llama-3.1-8B-Instruct:groq'); // { model: 'meta-llama/...', suffix: 'groq' }
 */
export function splitModelSuffix(value: string): { model: string; suffix: string | undefined } {
  const colon = value.indexOf(':');
  return colon === -1
    ? { model: value, suffix: undefined }
    : { model: value.slice(0, colon), suffix: value.slice(colon + 1) };
}
