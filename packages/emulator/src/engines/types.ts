/**
 * The contract between the emulator's request handler and its task engines. An engine turns a
 * parsed request into what the real API would answer. Engines are framework-free and run in Node
 * and in the browser (inside MSW), so they use no Node-only API.
 */

/** One model of the catalogue. */
export interface CatalogueModel {
  /** Hub id, e.g. `facebook/bart-large-mnli`. */
  id: string;
  /** Hub pipeline tag, e.g. `zero-shot-classification`. */
  task: string;
  /** Per-model settings an engine reads (embedding dimension, mask token, label set, ...). */
  options?: Record<string, unknown>;
  /**
   * Further pipeline tags the model serves through `/pipeline/{task}` or, with `conversational`,
   * the chat route (an instruct LLM is tagged `text-generation` but answers chat too).
   */
  tasks?: string[] | undefined;
  /** Serving framework that `/status` and `/framework/{name}` report; derived from the task when absent. */
  framework?: string | undefined;
}

/** Which route a request came through, for engines whose wire shape depends on it. */
export type EngineRoute =
  /** `POST /models/{id}` or a dedicated endpoint's root. */
  | 'model'
  /** `POST /models/{id}/pipeline/{task}`. */
  | 'pipeline'
  /** An OpenAI-compatible `/v1/chat/completions`. */
  | 'chat'
  /** TGI's own `/generate` (answers an object, not an array). */
  | 'generate'
  /** TGI's own `/generate_stream`. */
  | 'generate_stream';

/** What an engine receives. */
export interface EngineContext {
  model: CatalogueModel;
  /** The parsed JSON body, when the request was JSON. */
  body: unknown;
  /** The raw body bytes, when the request was not JSON (binary tasks). */
  bytes: Uint8Array | undefined;
  /** `content-type` of the request. */
  contentType: string;
  headers: Headers;
  signal: AbortSignal | undefined;
  /** Streaming behaviour chosen by config or fault headers; only streaming engines read it. */
  stream: StreamSettings;
  /** The route the request came through; `model` when absent. */
  route?: EngineRoute | undefined;
  /** Handler-wide switches an engine may read (see `EmulatorConfig`). */
  compat?: EngineCompat | undefined;
  /**
   * The model id the answer names, when it is not the Hub id: a router chat call answers with the
   * chosen provider's own id (`llama-3.1-8b-instant` on groq), as real providers do.
   */
  responseModel?: string | undefined;
  /**
   * Whose wire shapes a chat answer takes where they differ (tool calls): `tgi` for a model served by
   * TGI (hf-inference, a dedicated endpoint), `openai` for the router's other providers.
   */
  dialect?: 'tgi' | 'openai' | undefined;
}

/** Handler-wide wire-format switches, for testing how clients cope with older shapes. */
export interface EngineCompat {
  /** Answer zero-shot classification in the legacy `{ sequence, labels, scores }` form. */
  legacyZeroShot?: boolean | undefined;
}

/** How a streamed answer is paced and whether it fails. */
export interface StreamSettings {
  /** Milliseconds between tokens (0 = as fast as possible). */
  tokenDelayMs: number;
  /** Milliseconds before the first byte. */
  firstByteDelayMs: number;
  /** Drop the connection after this many tokens. */
  dropAfterTokens?: number | undefined;
  /** Send a TGI error event after this many tokens. */
  errorAfterTokens?: number | undefined;
  /** `error_type` of that error event. */
  errorType?: string | undefined;
  /** Send a malformed JSON event after this many tokens. */
  malformedAfterTokens?: number | undefined;
}

/**
 * An engine returns a JSON-serialisable value (answered as `200 application/json`) or a full
 * `Response` (binary output, SSE streams). It throws `EngineInputError` for bad input, which the
 * handler answers as the API's 400 body `{"error": message}`.
 */
export type Engine = (context: EngineContext) => unknown | Response | Promise<unknown | Response>;

/**
 * Bad input: the handler answers 400 with `{"error": message}` (or 422 when `status` says so).
 * With `errorType` (TGI routes), the body also carries `"error_type"`, as TGI's validation errors do.
 */
export class EngineInputError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    readonly errorType?: string,
  ) {
    super(message);
  }
}
