/**
 * The allow-lists' decision on one call: its provider, its model (a Hub id or the provider's own id)
 * and its task, against `allowProviders`, `allowModels`, `allowProviderModels` and `allowTasks`.
 */
import { describeError } from './describe-error';
import type { ProxyConfig } from './proxy-options';
import type { ProxyRoute } from './routes';

/** What a call is, as far as the route and its body tell. */
export interface CallSubject {
  route: ProxyRoute;
  /** `/v1/chat/completions` without a provider in the path: the router picks from the model's suffix. */
  routerChat: boolean;
  model: string | undefined;
  provider: string | undefined;
  /** The chat model's suffix (`groq`, `fastest`), when it has one. */
  suffix: string | undefined;
}

/** Let through, with the model as matched (a replicate version as its listed entry) and the task; or refused. */
export type Allowance =
  | { allowed: true; model: string | undefined; task: string | undefined }
  | { allowed: false; status: 403 | 500; message: string; task?: string | undefined };

const refuse = (status: 403 | 500, message: string, task?: string): Allowance => ({
  allowed: false,
  status,
  message,
  task,
});

/**
 * The entry of `allowProviderModels` that lets a provider's own id through, if any; replicate's
 * version route names the version only, which matches an entry `owner/name:version`.
 */
function listedProviderModel(config: ProxyConfig, provider: string, model: string, field: string | undefined) {
  const lists = config.providerModels ?? {};
  return (Object.hasOwn(lists, provider) ? lists[provider]! : []).find(
    (listed) => listed === model || (field === 'version' && listed.endsWith(`:${model}`)),
  );
}

async function isModelAllowed(config: ProxyConfig, model: string): Promise<boolean> {
  if (config.allowedModels) return config.allowedModels.has(model.toLowerCase());
  if (typeof config.allowModels === 'function') return config.allowModels(model);
  return true;
}

/** Checks a call against every allow-list; `taskOf` is asked only when the route cannot tell the task. */
export async function checkAllowLists(config: ProxyConfig, call: CallSubject): Promise<Allowance> {
  const { route, routerChat, provider, suffix } = call;
  let model = call.model;
  const { allowedProviders, allowedTasks } = config;
  if (allowedProviders) {
    const list = `Allowed: ${[...allowedProviders].join(', ')}.`;
    if (routerChat && provider === undefined) {
      // Nothing is rewritten: the browser must say which provider, so the router cannot pick another.
      const why = suffix ? `its suffix ":${suffix}" lets the router pick the provider` : 'it names no provider';
      return refuse(
        403,
        `This proxy only allows some providers (option \`allowProviders\`), and model "${model}" would not stay with them: ${why}. ` +
          `Name an allowed provider with a suffix, e.g. "${model}:${[...allowedProviders][0]}". ${list}`,
      );
    }
    if (provider !== undefined && !allowedProviders.has(provider)) {
      return refuse(403, `Provider "${provider}" is not allowed by this proxy (option \`allowProviders\`). ${list}`);
    }
  }
  if (model && route.modelKind === 'provider') {
    const listed = config.checkProviderModels ? listedProviderModel(config, provider!, model, route.bodyModel) : model;
    if (listed === undefined) {
      return refuse(
        403,
        `Model "${model}" of provider "${provider}" is not allowed by this proxy: provider routes carry the provider's own model id, ` +
          `so it must be listed in the option \`allowProviderModels\` under "${provider}".`,
      );
    }
    // A version is logged and given to `taskOf` as the `owner/name:version` entry it matched.
    model = listed;
  } else if (model) {
    let allowed = true;
    try {
      allowed = await isModelAllowed(config, model);
    } catch (error) {
      return refuse(500, `The proxy's allowModels failed for model "${model}": ${describeError(error)}`);
    }
    if (!allowed) {
      const list = config.allowedModels
        ? ` Allowed: ${[...(config.allowModels as readonly string[])].join(', ')}.`
        : '';
      return refuse(403, `Model "${model}" is not allowed by this proxy (option \`allowModels\`).${list}`);
    }
  }
  let task = route.task;
  // Polling and cancelling a job run no model: what it ran was checked when it was submitted.
  if (allowedTasks && route.method === 'POST' && route.kind !== 'poll') {
    // A route that serves several tasks is taken as its first unless `taskOf` names another it serves.
    const ask = task === undefined || (!allowedTasks.has(task) && route.otherTasks.length > 0);
    if (ask && model && config.taskOf) {
      try {
        const told = await config.taskOf(model, provider ?? 'hf-inference');
        if (task === undefined || (told !== undefined && route.otherTasks.includes(told))) task = told;
      } catch (error) {
        return refuse(
          500,
          `The proxy's taskOf failed for model "${model}": ${(error as Error)?.message ?? String(error)}`,
        );
      }
    }
    if (task === undefined) {
      return refuse(
        403,
        `This proxy only allows the tasks ${[...allowedTasks].join(', ')}, and cannot tell the task of model "${model ?? '(none)'}" from the route. ` +
          'Pass a `taskOf(model, provider)` option to createInferenceProxy, or call a route that names the task (/hf-inference/models/{model}/pipeline/{task}).',
      );
    }
    if (!allowedTasks.has(task)) {
      return refuse(
        403,
        `Task "${task}"${model ? ` (model "${model}")` : ''} is not allowed by this proxy (option \`allowTasks\`). Allowed: ${[...allowedTasks].join(', ')}.`,
        task,
      );
    }
  }
  return { allowed: true, model, task };
}
