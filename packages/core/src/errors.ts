/**
 * Error classes thrown by `@inferkit/core`. Every error extends {@link InferenceError}, so one
 * `instanceof` check catches them all; the subclasses carry what a caller needs to act.
 *
 * None of them ever holds the access token: requests are stored redacted.
 */

/** A request as it was sent, with the `Authorization` header redacted. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

/** Base class of every error this library throws. */
export class InferenceError extends Error {
  override name = 'InferenceError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** Serialises without the `cause` chain so logs never pick up foreign objects. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key !== 'cause' && key !== 'stack') out[key] = value;
    }
    return out;
  }
}

/** Details shared by errors that come from a request that was sent. */
export interface InferenceRequestContext {
  /** The model id or URL the request was for, when known. */
  model?: string | undefined;
  /** The request as sent, redacted. */
  request?: RedactedRequest | undefined;
}

/** The server answered with an HTTP error status. */
export class InferenceHTTPError extends InferenceError {
  override name = 'InferenceHTTPError';
  /** HTTP status code. */
  readonly status: number;
  /** The URL that answered. */
  readonly url: string;
  /** The model id or URL, when known. */
  readonly model: string | undefined;
  /** `x-request-id` (or a similar header) of the response, for support requests. */
  readonly requestId: string | undefined;
  /** The message the server gave (`error` field of the JSON body, or the body text). */
  readonly serverMessage: string | undefined;
  /** The parsed response body (JSON when it was JSON, text otherwise). */
  readonly body: unknown;
  /** The request as sent, with the token redacted. */
  readonly request: RedactedRequest | undefined;
  /** Seconds the server asked us to wait (`Retry-After`), when given. */
  readonly retryAfter: number | undefined;

  constructor(init: {
    status: number;
    url: string;
    model?: string | undefined;
    requestId?: string | undefined;
    serverMessage?: string | undefined;
    body?: unknown;
    request?: RedactedRequest | undefined;
    retryAfter?: number | undefined;
  }) {
    super(httpMessage(init.status, init.model, init.serverMessage));
    this.status = init.status;
    this.url = init.url;
    this.model = init.model;
    this.requestId = init.requestId;
    this.serverMessage = init.serverMessage;
    this.body = init.body;
    this.request = init.request;
    this.retryAfter = init.retryAfter;
  }
}

function httpMessage(status: number, model: string | undefined, serverMessage: string | undefined): string {
  const what = model ? ` for model "${model}"` : '';
  const server = serverMessage ? `: ${serverMessage}` : '';
  let hint = '';
  if (status === 401) hint = ' Check the accessToken (a Hugging Face token starting with "hf_").';
  else if (status === 403)
    hint = ' The token lacks permission for this model (check its scopes), or a proxy in between does not allow it.';
  else if (status === 404) hint = ' Check the model id, or whether the model is deployed.';
  else if (status === 429) hint = ' Rate limited; wait and retry, or use a token with a higher quota.';
  else if (status === 503) hint = ' The model is loading or unavailable; retry later or pass waitForModel: true.';
  return `Request${what} failed with HTTP ${status}${server}.${hint}`;
}

/** The request took longer than its `timeout`. */
export class InferenceTimeoutError extends InferenceError {
  override name = 'InferenceTimeoutError';
  readonly timeout: number;
  readonly model: string | undefined;
  readonly request: RedactedRequest | undefined;
  constructor(timeout: number, context: InferenceRequestContext = {}) {
    super(
      `Request${context.model ? ` for model "${context.model}"` : ''} timed out after ${timeout} ms. ` +
        'Raise the `timeout` option, or pass waitForModel: true if the model is cold.',
    );
    this.timeout = timeout;
    this.model = context.model;
    this.request = context.request;
  }
}

/** One problem found in the caller's input. */
export interface ValidationIssue {
  /** Dotted path of the field, e.g. `parameters.candidateLabels`. */
  path: string;
  message: string;
}

/** The input is invalid. Thrown before any network call. */
export class InferenceValidationError extends InferenceError {
  override name = 'InferenceValidationError';
  /** The task whose input was rejected. */
  readonly task: string;
  /** Every problem found, each naming its field. */
  readonly issues: ValidationIssue[];
  constructor(task: string, issues: ValidationIssue[]) {
    const lines = issues.map((i) => `\`${i.path || '(input)'}\`: ${i.message}`);
    super(`Invalid input for ${task}: ${lines.join('; ')}`);
    this.task = task;
    this.issues = issues;
  }
}

/** A stream failed: the server sent an error event, or the connection broke mid-way. */
export class InferenceStreamError extends InferenceError {
  override name = 'InferenceStreamError';
  /** TGI's `error_type` (`overloaded`, `generation`, `validation`, ...), when the server gave one. */
  readonly errorType: string | undefined;
  readonly model: string | undefined;
  constructor(
    message: string,
    init: { errorType?: string | undefined; model?: string | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: init.cause });
    this.errorType = init.errorType;
    this.model = init.model;
  }
}

/** The server answered 2xx, but with a body that matches no shape this task knows. */
export class InferenceResponseError extends InferenceError {
  override name = 'InferenceResponseError';
  readonly task: string;
  readonly model: string | undefined;
  /** The body as received. */
  readonly body: unknown;
  constructor(task: string, expected: string, body: unknown, model?: string) {
    super(
      `Unexpected response for ${task}${model ? ` from model "${model}"` : ''}: expected ${expected}, got ${preview(body)}.`,
    );
    this.task = task;
    this.model = model;
    this.body = body;
  }
}

function preview(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
