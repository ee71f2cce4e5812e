/**
 * The emulator as a fetch handler: `(request: Request) => Promise<Response>`, with no Node-only
 * API, so the same code answers inside MSW (tests, Storybook, the browser playground) and behind
 * the Node server. It routes like the router root (routes.ts; the providers' routes are
 * provider-routes.ts's), checks tokens, injects faults, applies latency and hands the parsed
 * request to the task's engine.
 */
import { createCatalogue, defaultCatalogue, frameworkOf, servesChat, servesTask } from './catalogue';
import { FAULT_HEADER, resolveJobSettings, resolveLimits, type EmulatorConfig, type EmulatorHandler } from './config';
import { CHAT_ENGINE, engines as defaultEngines } from './engines/index';
import { isObject } from './engines/request';
import { EngineInputError, type CatalogueModel, type Engine } from './engines/types';
import { FaultSyntaxError, createFaultState, latencySettings, systemClock, type ActiveFaults } from './faults';
import { answerHub } from './hub';
import { createProviderRoutes, parseProviderRoute } from './provider-routes';
import { POLICIES, chooseChatProvider, providersOf, splitModelSuffix } from './providers-catalogue';
import { readBody, textTooLong, type ParsedBody } from './request-body';
import {
  apiError,
  computeType,
  faultResponse,
  info,
  json,
  modelNotSupported,
  notFound,
  preflight,
  truncatedJson,
  withApiHeaders,
} from './responses';
import { allowedMethods, isHubRoute, parseRoute, type HubRoute, type Route } from './routes';

export {
  DEFAULT_LIMITS,
  FAULT_HEADER,
  MAPPING_FORM_HEADER,
  resolveJobSettings,
  resolveLimits,
  type EmulatorConfig,
  type EmulatorHandler,
  type EmulatorLimits,
  type RequestLogEntry,
} from './config';

/** What one request learnt on its way, for the log entry and the response headers. */
interface RequestState {
  model?: string | undefined;
  /** The provider a router chat call landed on. */
  provider?: string | undefined;
}

let fallbackCounter = 0;
function newRequestId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  fallbackCounter += 1;
  return `emu-${Date.now().toString(36)}-${fallbackCounter.toString(36)}`;
}

/**
 * Creates the emulator's request handler.
 * @example
 * const handle = createEmulatorHandler({ latency: 'none' });
 * const res = await handle(new Request('http://emu/models/facebook/bart-large-mnli', {
 *   method: 'POST',
 *   body: JSON.stringify({ inputs: 'I want my money back', parameters: { candidate_labels: ['refund', 'faq'] } }),
 * }));
 */
export function createEmulatorHandler(config: EmulatorConfig = {}): EmulatorHandler {
  const catalogue =
    config.catalogue ??
    (config.models?.length ? createCatalogue([...defaultCatalogue.models, ...config.models]) : defaultCatalogue);
  const engines: Record<string, Engine> = { ...defaultEngines, ...config.engines };
  const clock = config.clock ?? systemClock;
  const limits = resolveLimits(config.limits);
  const faultHeader = config.faultHeader === false ? undefined : (config.faultHeader ?? FAULT_HEADER).toLowerCase();
  const { faultsFor, coldRemaining, endColdStart, streamSettings, firstByte, reset } = createFaultState({
    faults: config.faults,
    modelFaults: config.modelFaults,
    faultHeader,
    clock,
    latency: latencySettings(config.latency),
  });

  function authorised(headers: Headers): boolean {
    if (!config.tokenMode && !config.tokens?.length) return true;
    const token = /^Bearer\s+(\S+)\s*$/i.exec(headers.get('authorization') ?? '')?.[1];
    if (!token) return false;
    return config.tokens?.length ? config.tokens.includes(token) : /^hf_[A-Za-z0-9]{6,}$/.test(token);
  }

  /** The request-level faults' error, or the faults in force once the first-byte latency has passed. */
  async function admit(request: Request, model: CatalogueModel | undefined): Promise<Response | ActiveFaults> {
    const faults = faultsFor(model, request.headers, true);
    const failed = faultResponse(faults);
    if (failed) return failed;
    await firstByte(faults, request.signal);
    return faults;
  }

  const tooLarge = (detail: string) =>
    apiError(413, `Failed to buffer the request body: length limit exceeded${detail}`);

  /** The providers' own routes (`/fal-ai/…`, `/replicate/…`, `/together/v1/…`) and their media. */
  const providerRoutes = createProviderRoutes({
    catalogue,
    engines,
    jobs: resolveJobSettings(config.jobs),
    authorised,
    admit,
    streamSettings,
    async readJson(request) {
      const parsed = await readBody(request, limits.maxBodyBytes);
      if (parsed.tooLarge) return tooLarge(` (${limits.maxBodyBytes} bytes).`);
      if (parsed.error) return apiError(400, parsed.error);
      return { body: parsed.body, bytes: parsed.bytes };
    },
  });

  // ---------------------------------------------------------------------------------------------
  // The router root's routes, one step at a time: route → auth → body → model → faults → task →
  // cold start → input checks → engine.

  async function answer(request: Request, route: Route, state: RequestState): Promise<Response> {
    if (route.kind === 'root') return json(rootInfo());
    if (isHubRoute(route)) return answerHub(request, route, state, { catalogue, authorised, admit });
    if (!authorised(request.headers)) return apiError(401, 'Invalid credentials in Authorization header');
    if (route.kind === 'framework') return json(frameworkList(route.framework));

    const parsed = await readBody(request, limits.maxBodyBytes);
    if (parsed.tooLarge) {
      return tooLarge(`. The emulator reads bodies up to ${limits.maxBodyBytes} bytes (limits.maxBodyBytes).`);
    }
    const target = modelOf(route, parsed, state);
    if (target instanceof Response) return target;
    const { model, served } = target;
    if (route.kind === 'health') return new Response(null, { status: 200 });

    // A status read does not use up a limited fault: it only looks.
    const faults = faultsFor(model, request.headers, route.kind !== 'status');
    const failed = faultResponse(faults);
    if (failed) return failed;
    if (route.kind === 'status') return json(statusOf(model, faults));
    if (route.kind === 'info') return json(info(model));

    const task = taskOf(route, model);
    if (task instanceof Response) return task;
    const loading = await coldStart(request, model, faults, parsed.body);
    if (loading) return loading;
    const invalid = inputError(route, task, parsed);
    if (invalid) return invalid;
    return runEngine(request, route, { model, task, parsed, faults, served });
  }

  /** `GET /`: what the emulator is and serves. */
  const rootInfo = () => ({
    name: '@inferkit/emulator',
    models: catalogue.models.length,
    docs: 'POST /models/{id}, /models/{id}/v1/chat/completions, /v1/chat/completions, /fal-ai/{app}?_subdomain=queue, /replicate/v1/models/{owner}/{name}/predictions, /{provider}/v1/chat/completions; GET /status/{id}, /v1/models, /api/models/{id}?expand[]=inferenceProviderMapping, /api/models, /api/tasks',
  });

  /** `GET /framework/{framework}`: the models a serving framework runs (`all` for every one). */
  const frameworkList = (framework: string) =>
    catalogue.models
      .filter((m) => framework === 'all' || frameworkOf(m) === framework)
      .map((m) => ({ model_id: m.id, task: m.task, compute_type: computeType(m), framework: frameworkOf(m) }));

  /**
   * The model a route names. The router's own chat route names it in the body, maybe with a policy
   * or provider suffix: the provider it lands on is then `served` (whose id the answer echoes).
   */
  function modelOf(
    route: Exclude<Route, { kind: 'root' | 'framework' } | HubRoute>,
    parsed: ParsedBody,
    state: RequestState,
  ): Response | { model: CatalogueModel; served?: { provider: string; providerId: string } } {
    let id = route.id;
    let served: { provider: string; providerId: string } | undefined;
    if (route.kind === 'chat' && id === undefined) {
      const requested = isObject(parsed.body) ? parsed.body.model : undefined;
      if (typeof requested !== 'string' || !requested) {
        return parsed.error
          ? apiError(400, parsed.error)
          : apiError(422, 'Failed to deserialize the JSON body into the target type: missing field `model`', {
              error_type: 'validation',
            });
      }
      const { id: hubId, suffix } = splitModelSuffix(requested);
      const named = suffix && !(POLICIES as readonly string[]).includes(suffix) ? suffix : undefined;
      const entries = providersOf(hubId, catalogue);
      const chosen = entries && chooseChatProvider(entries, suffix);
      if (!chosen) return modelNotSupported(hubId, named);
      served = { provider: chosen.provider, providerId: chosen.providerId };
      state.provider = chosen.provider;
      id = hubId;
    }
    const model = catalogue.find(id!);
    if (!model) return notFound(id!);
    state.model = model.id;
    return { model, served };
  }

  /** `GET /status/{id}`: loaded, or still loading under the cold-start fault. */
  function statusOf(model: CatalogueModel, faults: ActiveFaults) {
    const cold = coldRemaining(model, faults.coldStartSeconds, false) > 0;
    return {
      loaded: !cold,
      state: cold ? 'Loadable' : 'Loaded',
      compute_type: computeType(model),
      framework: frameworkOf(model),
    };
  }

  /** Which engine, or the API's 400 when this model does not serve it on this route. */
  function taskOf(route: Extract<Route, { kind: 'chat' | 'infer' }>, model: CatalogueModel): string | Response {
    if (route.kind === 'chat') {
      return servesChat(model)
        ? CHAT_ENGINE
        : apiError(400, `Model not supported for task conversational. Supported task: ${model.task}.`);
    }
    const task = route.task ?? model.task;
    return servesTask(model, task)
      ? task
      : apiError(400, `Model not supported for task ${task}. Supported task: ${model.task}.`);
  }

  /** The cold-start fault: a 503 while the model loads, or a wait when the client asked to wait for it. */
  async function coldStart(
    request: Request,
    model: CatalogueModel,
    faults: ActiveFaults,
    body: unknown,
  ): Promise<Response | undefined> {
    // A request without the fault ends the model's cold-start episode, so turning the fault on again
    // (the playground's switch, a test) starts a new cold start instead of finding the model warm.
    if (faults.coldStartSeconds === undefined) endColdStart(model);
    const remaining = coldRemaining(model, faults.coldStartSeconds, true);
    if (remaining <= 0) return undefined;
    const wait =
      request.headers.get('x-wait-for-model') === 'true' ||
      (isObject(body) && isObject(body.options) && body.options.wait_for_model === true);
    if (!wait)
      return apiError(503, `Model ${model.id} is currently loading`, {
        estimated_time: Math.max(0.1, Math.round(remaining / 100) / 10),
      });
    await clock.sleep(remaining, request.signal);
    return undefined;
  }

  /** The body's own faults, found after the faults and the cold start had their say: bad JSON, no `inputs`, too long a text. */
  function inputError(route: Extract<Route, { kind: 'chat' | 'infer' }>, task: string, parsed: ParsedBody) {
    if (parsed.error)
      return route.kind === 'chat'
        ? apiError(400, parsed.error, { error_type: 'validation' })
        : apiError(400, parsed.error);
    if (
      route.kind === 'infer' &&
      (parsed.body !== undefined ? !isObject(parsed.body) || !('inputs' in parsed.body) : parsed.bytes === undefined)
    )
      return apiError(400, 'Error in `inputs`: field required');
    const length = textTooLong(task, parsed, limits.maxInputChars);
    return length === undefined
      ? undefined
      : apiError(
          422,
          `Input validation error: \`inputs\` must have less than ${limits.maxInputChars} characters. Given: ${length}`,
          { error_type: 'validation' },
        );
  }

  /** Runs the task's engine after the first-byte latency, and answers with its output and timing headers. */
  async function runEngine(
    request: Request,
    route: Extract<Route, { kind: 'chat' | 'infer' }>,
    run: {
      model: CatalogueModel;
      task: string;
      parsed: ParsedBody;
      faults: ActiveFaults;
      served: { provider: string; providerId: string } | undefined;
    },
  ): Promise<Response> {
    const { model, task, parsed, faults, served } = run;
    const { headers, signal } = request;
    const engine = engines[task];
    if (!engine) return apiError(501, `The emulator does not implement the task ${task} yet.`);
    await firstByte(faults, signal);
    const started = Date.now();
    let result: unknown;
    try {
      result = await engine({
        model,
        body: parsed.body,
        bytes: parsed.bytes,
        contentType: headers.get('content-type') ?? '',
        headers,
        signal,
        stream: streamSettings(faults),
        route: route.kind === 'chat' ? 'chat' : route.route,
        compat: { legacyZeroShot: config.legacyZeroShot },
        // Providers echo their own model id, so a router answer names the provider's.
        responseModel: served?.providerId,
        // TGI serves hf-inference and dedicated endpoints; the other providers answer as OpenAI does.
        dialect: !served || served.provider === 'hf-inference' ? 'tgi' : 'openai',
      });
    } catch (error) {
      if (error instanceof EngineInputError) {
        return apiError(error.status, error.message, error.errorType ? { error_type: error.errorType } : {});
      }
      throw error;
    }
    const timing = {
      'x-compute-type': computeType(model),
      'x-compute-time': ((Date.now() - started) / 1000).toFixed(3),
      'x-inferkit-model': model.id,
    };
    if (result instanceof Response) {
      const withTiming = new Headers(result.headers);
      for (const [key, value] of Object.entries(timing)) withTiming.set(key, value);
      return new Response(result.body, { status: result.status, statusText: result.statusText, headers: withTiming });
    }
    if (faults.malformedAfterTokens !== undefined) return truncatedJson(result, timing);
    return json(result, 200, timing);
  }

  const handler = async (request: Request): Promise<Response> => {
    const requestId = newRequestId();
    const started = Date.now();
    const url = new URL(request.url);
    const state: RequestState = {};
    let response: Response;
    if (request.method === 'OPTIONS') {
      response = preflight(request);
    } else {
      const provided = parseProviderRoute(url, request.method);
      const route = provided ? undefined : parseRoute(url.pathname, request.method);
      const allowed = route ? allowedMethods(route) : [];
      try {
        response = provided
          ? await providerRoutes.answer(request, provided, state)
          : !route
            ? apiError(404, 'Not Found')
            : !allowed.includes(request.method)
              ? apiError(405, 'Method Not Allowed', {}, { allow: [...allowed, 'OPTIONS'].join(', ') })
              : await answer(request, route, state);
      } catch (error) {
        if (request.signal?.aborted) {
          // The client went away while we waited: nobody reads this, it only ends the work.
          response = new Response(null, { status: 499 });
        } else if (error instanceof FaultSyntaxError) {
          response = apiError(400, `Invalid ${faultHeader ?? 'fault'} header: ${error.message}`);
        } else {
          response = apiError(500, `Internal emulator error: ${(error as Error)?.message ?? String(error)}`);
        }
      }
    }
    response = withApiHeaders(response, request, requestId, state.provider);
    config.onRequest?.({
      method: request.method,
      path: url.pathname,
      status: response.status,
      model: state.model,
      requestId,
      ms: Date.now() - started,
    });
    return response;
  };

  return Object.assign(handler, {
    reset() {
      reset();
      providerRoutes.reset();
    },
    catalogue,
  });
}
