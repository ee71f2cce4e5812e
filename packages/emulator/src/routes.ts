/**
 * The router root's own routes, wherever it is mounted (`/`, `/hf-inference`, `/api/...`): the
 * inference routes (`/models/{id}`, `/pipeline/{task}`, TGI's `/generate`, the chat routes), the
 * model's status and info, and the Hub's read routes served beside them. The providers' routes are
 * provider-routes.ts's.
 */
import type { EngineRoute } from './engines/types';

/** A parsed route. */
export type Route =
  | { kind: 'root' }
  | { kind: 'status'; id: string }
  | { kind: 'framework'; framework: string }
  | { kind: 'chat'; id: string | undefined; endpoint: boolean }
  | { kind: 'infer'; id: string; route: EngineRoute; task: string | undefined; endpoint: boolean }
  | { kind: 'info'; id: string }
  | { kind: 'health'; id: string }
  // The Hub's API and the router's model list, served next to the router routes.
  | { kind: 'hub-model'; id: string }
  | { kind: 'hub-models' }
  | { kind: 'hub-tasks' }
  | { kind: 'router-models' };

export type HubRoute = Extract<Route, { kind: 'hub-model' | 'hub-models' | 'hub-tasks' | 'router-models' }>;
const HUB_KINDS: ReadonlySet<Route['kind']> = new Set(['hub-model', 'hub-models', 'hub-tasks', 'router-models']);
export const isHubRoute = (route: Route): route is HubRoute => HUB_KINDS.has(route.kind);

const ROOTS = ['models', 'status', 'framework', 'endpoints', 'v1'];

/**
 * The Hub's read routes (`/api/models[/{id}]`, `/api/tasks`) and the router's `GET /v1/models`.
 * Only reads count: a POST to `/api/models/{id}` still reaches a router mounted under `/api`.
 */
function parseHubRoute(segments: readonly string[]): Route | undefined {
  const at = segments.findIndex((s, i) => s === 'api' && ['models', 'tasks'].includes(segments[i + 1] ?? ''));
  if (at !== -1) {
    const [, root, ...rest] = segments.slice(at);
    if (root === 'tasks') return rest.length === 0 ? { kind: 'hub-tasks' } : undefined;
    return rest.length === 0 ? { kind: 'hub-models' } : { kind: 'hub-model', id: rest.join('/') };
  }
  return segments.length >= 2 && segments.at(-2) === 'v1' && segments.at(-1) === 'models'
    ? { kind: 'router-models' }
    : undefined;
}

/** Splits a path below the router root, wherever that root is mounted (`/`, `/hf-inference`, ...). */
export function parseRoute(pathname: string, method: string): Route | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    path = pathname;
  }
  const segments = path.split('/').filter(Boolean);
  if (method === 'GET' || method === 'HEAD') {
    const hub = parseHubRoute(segments);
    if (hub) return hub;
  }
  // `/v1` only counts when no other root appears, so a router mounted under `/api/v1` still works.
  let at = segments.findIndex((s) => ROOTS.includes(s) && s !== 'v1');
  if (at === -1) at = segments.indexOf('v1');
  if (at === -1)
    return segments.length === 0 || segments[segments.length - 1] === 'health' ? { kind: 'root' } : undefined;
  const [root, ...rest] = segments.slice(at);
  const tail = rest.join('/');
  const suffix = (re: RegExp) => re.exec(tail);
  switch (root) {
    case 'status':
      return tail ? { kind: 'status', id: tail } : undefined;
    case 'framework':
      return rest.length === 1 ? { kind: 'framework', framework: rest[0]! } : undefined;
    case 'v1':
      return tail === 'chat/completions' ? { kind: 'chat', id: undefined, endpoint: false } : undefined;
    case 'models': {
      let m = suffix(/^(.+)\/v1\/chat\/completions$/);
      if (m) return { kind: 'chat', id: m[1]!, endpoint: false };
      m = suffix(/^(.+)\/pipeline\/([^/]+)$/);
      if (m) return { kind: 'infer', id: m[1]!, route: 'pipeline', task: m[2]!, endpoint: false };
      m = suffix(/^(.+)\/info$/);
      if (m) return { kind: 'info', id: m[1]! };
      return tail ? { kind: 'infer', id: tail, route: 'model', task: undefined, endpoint: false } : undefined;
    }
    case 'endpoints': {
      let m = suffix(/^(.+)\/v1\/chat\/completions$/);
      if (m) return { kind: 'chat', id: m[1]!, endpoint: true };
      m = suffix(/^(.+)\/(generate|generate_stream)$/);
      if (m) return { kind: 'infer', id: m[1]!, route: m[2] as EngineRoute, task: 'text-generation', endpoint: true };
      m = suffix(/^(.+)\/info$/);
      if (m) return { kind: 'info', id: m[1]! };
      m = suffix(/^(.+)\/health$/);
      if (m) return { kind: 'health', id: m[1]! };
      return tail ? { kind: 'infer', id: tail, route: 'model', task: undefined, endpoint: true } : undefined;
    }
  }
  return undefined;
}

/** The methods each route answers; anything else is 405 with `Allow`. */
export const allowedMethods = (route: Route): readonly string[] =>
  route.kind === 'chat' || route.kind === 'infer' ? ['POST'] : ['GET', 'HEAD'];
