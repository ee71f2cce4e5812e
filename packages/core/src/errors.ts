/**
 * Error classes thrown by `@inferkit/core`. Every error extends {@link InferenceError}, so one
 * `instanceof` check catches them all; the subclasses carry what a caller needs to act.
 *
 * None of them ever holds a credential the call sent: requests are stored redacted, and every error
 * leaving a task, stream, store or utility is scrubbed of the token, secret headers and URL secrets.
 */

/** A request as it was sent, with credential headers (and any in `secretHeaders`) `[redacted]`. */
export interface RedactedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
}

// Data fields are `declare`d: each constructor assigns them, and emitted field definitions would only cost bytes.

/** Base class of every error this library throws. */
export class InferenceError extends Error {
  override name = 'InferenceError';

  /** Serialises without the `cause` chain so logs never pick up foreign objects. */
  toJSON(): Record<string, unknown> {
    // `cause` and `stack` are own but not enumerable, so the spread leaves them out.
    return Object.assign({ name: this.name, message: this.message } as Record<string, unknown>, this);
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
  declare readonly status: number;
  /** The URL that answered. */
  declare readonly url: string;
  /** The model id or URL, when known. */
  declare readonly model: string | undefined;
  /** `x-request-id` (or a similar header) of the response, for support requests. */
  declare readonly requestId: string | undefined;
  /** The message the server gave (`error` field of the JSON body, or the body text). */
  declare readonly serverMessage: string | undefined;
  /** The parsed response body (JSON when it was JSON, text otherwise). */
  declare readonly body: unknown;
  /** The request as sent, with the token redacted. */
  declare readonly request: RedactedRequest | undefined;
  /** Seconds the server asked us to wait (`Retry-After`), when given. */
  declare readonly retryAfter: number | undefined;

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
    Object.assign(this, init);
  }
}

function httpMessage(status: number, model: string | undefined, serverMessage: string | undefined): string {
  const what = model ? ` for model "${model}"` : '';
  const server = serverMessage ? `: ${serverMessage}` : '';
  const hint =
    {
      401: ' Check accessToken: a Hugging Face token ("hf_…") with the "Make calls to Inference Providers" permission.',
      402: ' The Inference Providers credits are spent: add credits or subscribe at https://huggingface.co/settings/billing, or bill an organization with `billTo`.',
      403: ' The token lacks a permission ("Make calls to Inference Providers", or access to a gated model), or a proxy refused the call.',
      404: ' Check the model id, or whether the model is deployed.',
      429: ' Rate limited: retry later, or use a token with a higher quota.',
      503: ' The model is loading or unavailable: retry later, or pass waitForModel: true.',
    }[status] ?? '';
  return `Request${what} failed with HTTP ${status}${server}.${hint}`;
}

/** The request took longer than its `timeout`. */
export class InferenceTimeoutError extends InferenceError {
  override name = 'InferenceTimeoutError';
  declare readonly timeout: number;
  declare readonly model: string | undefined;
  declare readonly request: RedactedRequest | undefined;
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

/**
 * The server could not be reached: connection refused, DNS failure, TLS failure, or a URL `fetch`
 * refuses. `cause` holds the underlying error (scrubbed of credentials).
 */
export class InferenceNetworkError extends InferenceError {
  override name = 'InferenceNetworkError';
  /** The URL that could not be reached. */
  declare readonly url: string;
  declare readonly model: string | undefined;
  declare readonly request: RedactedRequest | undefined;
  constructor(url: string, cause: unknown, context: InferenceRequestContext = {}) {
    // `fetch failed` says nothing; its cause says why (`connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND`).
    super(
      `Could not reach ${url} (${String((cause as { cause?: unknown } | undefined)?.cause ?? cause)}): is the server running, and the URL right?`,
      { cause },
    );
    this.url = url;
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
  declare readonly task: string;
  /** Every problem found, each naming its field. */
  declare readonly issues: ValidationIssue[];
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
  declare readonly errorType: string | undefined;
  declare readonly model: string | undefined;
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
  declare readonly task: string;
  declare readonly model: string | undefined;
  /** The body as received (for structured output: the model's text, whole). */
  declare readonly body: unknown;
  /** For structured output: where the answer breaks the schema, field by field (set by `parseStructuredAnswer`). */
  declare readonly issues: ValidationIssue[] | undefined;
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
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * An async provider job ended without a result (failed, cancelled, moderated). `serverMessage` keeps
 * the provider's own reason, `body` its whole answer. An `InferenceResponseError`, so code that
 * catches malformed answers catches it too.
 */
export class InferenceJobError extends InferenceResponseError {
  override name = 'InferenceJobError';
  /** How the job ended, in the provider's words (`failed`, `canceled`, `Content Moderated`). */
  declare readonly status: string;
  /** The provider's reason, when it gave one. */
  declare readonly serverMessage: string | undefined;
  /** The provider's id of the job, when known. */
  declare readonly jobId: string | undefined;
  constructor(provider: string, status: string, body: unknown, model: string, reason?: unknown, jobId?: string) {
    super(provider, 'a finished job', body, model);
    const message = typeof reason === 'string' ? reason : reason == null ? undefined : JSON.stringify(reason);
    this.message = `The ${provider} job${jobId ? ` ${jobId}` : ''} for model "${model}" ended "${status}"${message ? `: ${message}` : '.'}`;
    this.status = status;
    this.serverMessage = message;
    this.jobId = jobId;
  }
}
