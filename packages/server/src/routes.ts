/**
 * The routes the proxy forwards, and nothing else. Paths are split into decoded segments and
 * rebuilt from them, so what the allow-lists check is exactly what the upstream receives: an
 * encoded slash or a `..` cannot smuggle a different model past `allowModels`.
 */

/** The task name the proxy gives every chat route, for `allowTasks`. */
export const CHAT_TASK = 'chat-completion';

/** A route the proxy knows, below its base path. */
export interface ProxyRoute {
  /** `model`: `POST /models/{model}`; `pipeline`: `.../pipeline/{task}`; `chat`: an OpenAI-style chat route. */
  kind: 'model' | 'pipeline' | 'chat' | 'status' | 'info' | 'health' | 'framework';
  method: 'GET' | 'POST';
  /** The model the path names; `undefined` on `/v1/chat/completions` (it is in the body) and the root utilities. */
  model: string | undefined;
  /** The task the route names, when it names one. */
  task: string | undefined;
  /** The path to request upstream, canonically encoded. */
  path: string;
}

/** What matching a path gives: a route, or the error status to answer with. */
export type RouteMatch =
  | { status: 200; route: ProxyRoute }
  | { status: 404 }
  | { status: 405; allow: 'GET' | 'POST' }
  | { status: 400; reason: string };

/** The routes, for error messages. */
export const KNOWN_ROUTES = [
  'POST /models/{model}',
  'POST /models/{model}/pipeline/{task}',
  'POST /models/{model}/v1/chat/completions',
  'POST /v1/chat/completions',
  'GET /status/{model}',
  'GET /models/{model}/info',
  'GET /framework/{framework}',
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
 * Matches a pathname (below the proxy's base path) and method against the known routes.
 * @example
 * matchRoute('/models/facebook/bart-large-mnli', 'POST');
 * // { status: 200, route: { kind: 'model', model: 'facebook/bart-large-mnli', task: undefined, ... } }
 */
export function matchRoute(pathname: string, method: string): RouteMatch {
  const segments = splitPath(pathname);
  if (!segments)
    return { status: 400, reason: 'The path has an invalid segment (an encoded "/", "..", or a control character).' };
  const path = encodePath(segments);
  const found = (
    kind: ProxyRoute['kind'],
    routeMethod: ProxyRoute['method'],
    model: string | undefined,
    task: string | undefined,
  ): RouteMatch =>
    method === routeMethod
      ? { status: 200, route: { kind, method: routeMethod, model, task, path } }
      : { status: 405, allow: routeMethod };

  const [root, ...rest] = segments;
  const tail = rest.join('/');
  switch (root) {
    case 'models': {
      if (rest.slice(-3).join('/') === 'v1/chat/completions') {
        const model = modelOf(rest.slice(0, -3));
        if (model) return found('chat', 'POST', model, CHAT_TASK);
      }
      if (rest.length >= 3 && rest[rest.length - 2] === 'pipeline') {
        const model = modelOf(rest.slice(0, -2));
        if (model) return found('pipeline', 'POST', model, rest[rest.length - 1]);
      }
      // `/models/a/info` is model `a`'s info on GET and model `a/info` on POST, as upstream reads it.
      if (rest[rest.length - 1] === 'info' && (method === 'GET' || rest.length === 3)) {
        const model = modelOf(rest.slice(0, -1));
        if (model) return found('info', 'GET', model, undefined);
      }
      const model = modelOf(rest);
      return model ? found('model', 'POST', model, undefined) : { status: 404 };
    }
    case 'v1':
      return tail === 'chat/completions' ? found('chat', 'POST', undefined, CHAT_TASK) : { status: 404 };
    case 'status': {
      const model = modelOf(rest);
      return model ? found('status', 'GET', model, undefined) : { status: 404 };
    }
    case 'framework':
      return rest.length === 1 ? found('framework', 'GET', undefined, undefined) : { status: 404 };
    case 'health':
    case 'info':
      return rest.length === 0 ? found(root, 'GET', undefined, undefined) : { status: 404 };
    default:
      return { status: 404 };
  }
}
