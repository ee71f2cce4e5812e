/**
 * The Hub's read-only API (`/api/models/{id}`, `/api/models`, `/api/tasks`) and the router's
 * `/v1/models`, as the bodies the handler answers. Clients look providers up here before a call,
 * so the emulator serves these wherever it is mounted, next to the router routes.
 */
import { servesChat, type Catalogue } from './catalogue';
import { MAPPING_FORM_HEADER } from './config';
import type { CatalogueModel } from './engines/types';
import { hash } from './engines/textkit';
import type { ActiveFaults } from './faults';
import { providersOf, type ProviderEntry } from './providers-catalogue';
import { apiError, json, truncatedJson } from './responses';
import type { HubRoute } from './routes';

/** The Hub's 24-hex `_id`, stable per model id so answers are reproducible. */
const objectId = (id: string) =>
  [0, 1, 2].map((i) => hash(`${id.toLowerCase()}\u0000${i}`).toString(16).padStart(8, '0')).join('');

/** Plausible, stable popularity figures: the Hub sorts and filters on them, the emulator only shows them. */
const popularity = (id: string) => ({
  likes: 50 + (hash(`likes:${id}`) % 5000),
  downloads: 10_000 + (hash(`downloads:${id}`) % 5_000_000),
});

/** `expand[]=a&expand[]=b` (also `expand=a`), as the Hub reads it. */
export const expandsOf = (params: URLSearchParams): string[] => [
  ...params.getAll('expand[]'),
  ...params.getAll('expand'),
];

/**
 * The mapping in the Hub's current array form, or the older object form keyed by provider (which
 * clients must still read): `x-inferkit-mapping-form: object` asks for the latter.
 */
function mappingBody(entries: readonly ProviderEntry[], form: 'array' | 'object') {
  if (form === 'object') {
    return Object.fromEntries(
      entries.map(({ provider, providerId, status, task }) => [provider, { providerId, status, task }]),
    );
  }
  return entries.map(({ provider, providerId, status, task }) => ({ provider, providerId, status, task }));
}

/**
 * `GET /api/models/{id}`: with `expand`, only `_id`, `id` and the expanded fields, as the Hub does;
 * without, the summary fields. `inference: "warm"` when any provider serves the model live (the
 * Hub's meaning since Inference Providers: `hf models ls --warm`); absent when `cold` is set.
 */
export function hubModelInfo(
  model: CatalogueModel,
  expand: readonly string[],
  form: 'array' | 'object',
  catalogue: Catalogue,
  cold = false,
): Record<string, unknown> {
  const entries = providersOf(model.id, catalogue) ?? [];
  const body: Record<string, unknown> = { _id: objectId(model.id), id: model.id };
  if (expand.length === 0) return { ...body, pipeline_tag: model.task, ...popularity(model.id) };
  if (expand.includes('inference') && !cold && entries.some((e) => e.status === 'live')) body.inference = 'warm';
  if (expand.includes('inferenceProviderMapping')) body.inferenceProviderMapping = mappingBody(entries, form);
  if (expand.includes('pipeline_tag')) body.pipeline_tag = model.task;
  return body;
}

/**
 * `GET /api/models?inference_provider=a,b|all&pipeline_tag=...&search=...&limit=N`: the catalogue's
 * models, most downloaded first, with the mapping only when `expand[]=inferenceProviderMapping`.
 */
export function hubModelList(
  catalogue: Catalogue,
  params: URLSearchParams,
  form: 'array' | 'object',
): Record<string, unknown>[] {
  const wanted = (params.get('inference_provider') ?? '')
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean);
  const tag = params.get('pipeline_tag');
  const search = params.get('search')?.toLowerCase();
  const limit = Number(params.get('limit'));
  const expand = expandsOf(params);
  const rows = catalogue.models
    .filter((m) => !tag || m.task === tag)
    .filter((m) => !search || m.id.toLowerCase().includes(search))
    .map((m) => ({ model: m, entries: providersOf(m.id, catalogue) ?? [] }))
    .filter(
      ({ entries }) =>
        wanted.length === 0 || wanted.includes('all') || entries.some((e) => wanted.includes(e.provider)),
    )
    .map(({ model, entries }) => {
      const row: Record<string, unknown> = {
        _id: objectId(model.id),
        id: model.id,
        pipeline_tag: model.task,
        ...popularity(model.id),
      };
      if (expand.includes('inferenceProviderMapping')) row.inferenceProviderMapping = mappingBody(entries, form);
      return row;
    })
    .sort((a, b) => (b.downloads as number) - (a.downloads as number));
  // The Hub caps a page at 1000; a missing or nonsensical limit means "the whole page".
  return rows.slice(0, Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 1000);
}

/** Display names the Hub gives tags whose title case would read wrong. */
const LABELS: Record<string, string> = {
  'text2text-generation': 'Text2Text Generation',
  'automatic-speech-recognition': 'Automatic Speech Recognition',
  'image-text-to-text': 'Image-Text-to-Text',
};

const labelOf = (tag: string) =>
  LABELS[tag] ??
  tag
    .split('-')
    .map((w, i) => (i > 0 && w === 'to' ? w : w.charAt(0).toUpperCase() + w.slice(1)))
    .join(' ')
    .replace(/ to /g, '-to-');

/**
 * `GET /api/tasks`: one entry per pipeline tag the catalogue serves, its models in catalogue order,
 * so the first (the one clients default to) is always one the emulator answers.
 */
export function hubTasks(catalogue: Catalogue): Record<string, unknown> {
  const byTask = new Map<string, CatalogueModel[]>();
  for (const model of catalogue.models) byTask.set(model.task, [...(byTask.get(model.task) ?? []), model]);
  return Object.fromEntries(
    [...byTask.entries()].map(([tag, models]) => [
      tag,
      {
        id: tag,
        label: labelOf(tag),
        models: models.map((m) => ({ description: `${m.id}, served by the emulator.`, id: m.id })),
        widgetModels: [models[0]!.id],
      },
    ]),
  );
}

/** A stable creation time per model (seconds), inside 2023–2025 like the real entries. */
const createdOf = (id: string) => 1_672_531_200 + (hash(`created:${id}`) % 94_608_000);

/**
 * `GET /v1/models` on the router: the chat models, each with its providers' offers, in the field
 * names and shape the router uses.
 */
export function routerModels(catalogue: Catalogue): Record<string, unknown> {
  const data = catalogue.models.filter(servesChat).flatMap((model) => {
    const offers = (providersOf(model.id, catalogue) ?? []).filter((e) => e.chat);
    if (offers.length === 0) return [];
    const vision = model.task === 'image-text-to-text';
    return [
      {
        id: model.id,
        object: 'model',
        created: createdOf(model.id),
        owned_by: model.id.includes('/') ? model.id.split('/')[0] : model.id,
        architecture: { input_modalities: vision ? ['text', 'image'] : ['text'], output_modalities: ['text'] },
        providers: offers.map(({ provider, status, chat }) => ({
          provider,
          status,
          context_length: chat!.contextLength,
          ...(chat!.pricing ? { pricing: chat!.pricing } : {}),
          supports_tools: chat!.supportsTools,
          supports_structured_output: chat!.supportsStructuredOutput,
          ...(chat!.firstTokenLatencyMs !== undefined ? { first_token_latency_ms: chat!.firstTokenLatencyMs } : {}),
          ...(chat!.throughput !== undefined ? { throughput: chat!.throughput } : {}),
          is_model_author: false,
        })),
      },
    ];
  });
  return { object: 'list', data };
}

/** What the Hub routes need from the handler. */
export interface HubDeps {
  catalogue: Catalogue;
  authorised(headers: Headers): boolean;
  /** The request-level faults' error, or the faults in force once the first-byte latency has passed. */
  admit(request: Request, model: CatalogueModel | undefined): Promise<Response | ActiveFaults>;
}

/**
 * The Hub's read routes and the router's `/v1/models`. They need no token, as on the Hub, but a
 * token that is sent must be valid; faults and latency apply as on the inference routes.
 */
export async function answerHub(
  request: Request,
  route: HubRoute,
  state: { model?: string | undefined },
  { catalogue, authorised, admit }: HubDeps,
): Promise<Response> {
  const { headers } = request;
  if (headers.has('authorization') && !authorised(headers))
    return apiError(401, 'Invalid credentials in Authorization header');
  const model = route.kind === 'hub-model' ? catalogue.find(route.id) : undefined;
  if (route.kind === 'hub-model' && !model)
    return apiError(404, 'Repository not found', {}, { 'x-error-code': 'RepoNotFound' });
  state.model = model?.id;
  const faults = await admit(request, model);
  if (faults instanceof Response) return faults;

  const url = new URL(request.url);
  const form = headers.get(MAPPING_FORM_HEADER)?.toLowerCase() === 'object' ? 'object' : 'array';
  const body =
    route.kind === 'hub-model'
      ? // A model under the cold-start fault is not warm, so clients can test the "not served" answer.
        hubModelInfo(model!, expandsOf(url.searchParams), form, catalogue, faults.coldStartSeconds !== undefined)
      : route.kind === 'hub-models'
        ? hubModelList(catalogue, url.searchParams, form)
        : route.kind === 'hub-tasks'
          ? hubTasks(catalogue)
          : routerModels(catalogue);
  return faults.malformedAfterTokens !== undefined ? truncatedJson(body) : json(body);
}
