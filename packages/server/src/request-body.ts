/**
 * Reading the model a request body names, for the allow-lists: the body is parsed once and sent as
 * parsed, so what the upstream runs is what was checked.
 */
import { ROUTER_POLICIES, splitModelSuffix, type ProxyRoute } from './routes';

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/**
 * What a route's body names as its model: the field's value (`undefined` when the field is absent),
 * and the body to send, re-encoded from what was parsed (`undefined` when it did not parse); or why
 * the body is refused.
 */
export type BodyModel =
  { named: unknown; body: { bytes: Uint8Array; type: string | undefined } | undefined } | { reason: string };

/** A JSON body's model field; sent re-serialised, so a second key or odd bytes cannot name another. */
export function modelOfJson(bytes: Uint8Array, field: string): BodyModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return { named: undefined, body: undefined };
  }
  if (!isJsonObject(parsed)) return { named: undefined, body: undefined };
  return {
    named: Object.hasOwn(parsed, field) ? parsed[field] : undefined,
    body: { bytes: new TextEncoder().encode(JSON.stringify(parsed)), type: undefined },
  };
}

/**
 * A multipart form's model field (OpenAI's transcriptions routes). The form is sent re-encoded (a new
 * boundary, so a new content type): what another parser would read from the original bytes (a part
 * after the end, a boundary in a value) cannot differ from what was checked. A field given twice is refused.
 */
export async function modelOfForm(bytes: Uint8Array, contentType: string | null, field: string): Promise<BodyModel> {
  if (!contentType || !/^multipart\/form-data\s*;/i.test(contentType)) return { named: undefined, body: undefined };
  let form: FormData;
  try {
    form = await new Response(bytes as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { named: undefined, body: undefined };
  }
  const values = form.getAll(field);
  if (values.length > 1) return { reason: `The form gives "${field}" ${values.length} times; give it once.` };
  const encoded = new Response(form);
  return {
    named: values[0],
    body: {
      bytes: new Uint8Array(await encoded.arrayBuffer()),
      type: encoded.headers.get('content-type') ?? undefined,
    },
  };
}

/** Who a body says the call is for, and the bytes to send (re-encoded as parsed); or why it is refused. */
export type BodySubject =
  | {
      model: string | undefined;
      provider: string | undefined;
      suffix: string | undefined;
      send: { bytes: Uint8Array; type: string | undefined } | undefined;
    }
  | { reason: string };

/**
 * The model (and, on the router's chat route, the provider from its suffix) a read body names.
 * `modelChecked`: an allow-list needs the model, so a body without one is refused.
 */
export function subjectOfBody(
  read: Exclude<BodyModel, { reason: string }>,
  route: ProxyRoute,
  routerChat: boolean,
  modelChecked: boolean,
): BodySubject {
  const field = route.bodyModel ?? 'model';
  const named = typeof read.named === 'string' ? read.named : undefined;
  // Sent as parsed: with a second "model" key, or bytes another parser reads differently, the
  // upstream could otherwise run a model other than the one checked against the allow-lists.
  const send = (named || route.model !== undefined) && read.body ? read.body : undefined;
  let model = route.model;
  let provider = route.provider;
  let suffix: string | undefined;
  if (route.model !== undefined) {
    // The path names the model (hf-inference's `/v1/completions`): the body is sent as parsed,
    // and may only name that model again, as the upstream could run the body's.
    if (!read.body) return { reason: `The request body must be JSON (it may name the path's model as "${field}").` };
    if (read.named !== undefined && named?.toLowerCase() !== route.model.toLowerCase()) {
      return {
        reason: `The body's "${field}" (${JSON.stringify(read.named)}) is not the model the path names ("${route.model}"); the proxy checks the path's, so they must be the same.`,
      };
    }
  } else if (named && routerChat) {
    ({ model, suffix } = splitModelSuffix(named));
    provider = suffix && !ROUTER_POLICIES.includes(suffix) ? suffix : undefined;
  } else {
    model = named || undefined;
  }
  // `":groq"` names no model: with a check on, an empty id must not skip it.
  if (!model && modelChecked) {
    const where = route.bodyFormat === 'form' ? 'a multipart form with a' : 'JSON with a';
    return { reason: `The request body must be ${where} "${field}" field naming the model to run.` };
  }
  return { model, provider, suffix, send };
}
