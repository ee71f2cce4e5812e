/**
 * The machinery shared by the streaming stores (`createChatStore`, `createTextGenerationStore`):
 * an immutable snapshot with `subscribe`/`getSnapshot` (the `useSyncExternalStore` contract),
 * throttled notifications, and one abortable run at a time whose late chunks can never land.
 *
 * Framework-free on purpose: React, Vue or Svelte bindings only subscribe and read.
 */
import { mergeCallOptions, type ClientOptions, type ModelLoadingInfo, type RequestOptions } from './options';

/**
 * Where a stream is: `idle` (nothing sent yet), `submitted` (request sent, no token yet),
 * `loading-model` (the server answered 503 and the client waits for the model), `streaming`,
 * then `success`, `error` or `stopped` (by `stop()`, or by a newer `send`).
 */
export type StreamStatus = 'idle' | 'loading-model' | 'submitted' | 'streaming' | 'success' | 'error' | 'stopped';

/**
 * How often subscribers hear about new tokens: a number of milliseconds (default
 * {@link DEFAULT_STREAM_THROTTLE_MS}: 20 renders a second, never two token renders in one
 * frame), `'frame'` (once per animation frame, `setTimeout(16)` where there are no frames), or
 * `'none'` (every chunk). Status changes are always announced at once.
 *
 * Why not every frame by default: each render of a growing reply costs O(its length) (the text
 * node, and any Markdown renderer), so 60–120 renders a second spend three to six times the CPU
 * of 20 for little a reader can see. The first token and every status change render at once.
 * A number that is not finite and ≥ 0 means the default.
 */
export type StreamThrottle = 'frame' | 'none' | number;

/**
 * The default {@link StreamThrottle}: at most one token render per 50 ms (20 a second), the
 * interval AI SDK suggests for `experimental_throttle` and Cloudflare's agents chat uses by default.
 */
export const DEFAULT_STREAM_THROTTLE_MS = 50;

/** Schedules `flush` once and returns a function that cancels it. Tests pass a manual one. */
export type StreamScheduler = (flush: () => void) => () => void;

/** The fields every streaming snapshot has. */
export interface StreamSnapshotBase {
  status: StreamStatus;
  /** The typed error (`InferenceHTTPError`, `InferenceStreamError`, ...) when `status` is `error`; else null. */
  error: Error | null;
  /** While `status` is `loading-model`: the server's estimate and the time waited so far; else null. */
  modelLoading: ModelLoadingInfo | null;
}

/** Options every streaming store takes. */
export interface StreamStoreOptions {
  /** Client (or anything with its `options`) whose defaults the default `run` uses: token, base URL, fetch... */
  client?: { readonly options: Readonly<ClientOptions> } | undefined;
  /** See {@link StreamThrottle}. Ignored when `scheduler` is given. */
  throttle?: StreamThrottle | undefined;
  /** A custom scheduler for notifications (takes precedence over `throttle`). */
  scheduler?: StreamScheduler | undefined;
}

/** The options of a store that may change after creation (`setOptions`). */
export type StreamStoreUpdatableKey =
  'model' | 'parameters' | 'onFinish' | 'onError' | 'run' | 'client' | 'throttle' | 'scheduler';

/** What every `run` receives besides the task input: abort it with `signal`, report a loading model. */
export interface StreamRunControl {
  signal: AbortSignal;
  onModelLoading: (info: ModelLoadingInfo) => void;
}

const noop = () => {};

/** Turns a throttle setting into a scheduler. */
export function resolveScheduler(
  throttle: StreamThrottle = DEFAULT_STREAM_THROTTLE_MS,
  scheduler?: StreamScheduler,
): StreamScheduler {
  if (scheduler) return scheduler;
  if (throttle === 'none') {
    return (flush) => {
      flush();
      return noop;
    };
  }
  if (throttle === 'frame' && typeof requestAnimationFrame === 'function') {
    return (flush) => {
      const id = requestAnimationFrame(() => flush());
      return () => cancelAnimationFrame(id);
    };
  }
  // A throttle that is negative, NaN or infinite falls back to the default rather than throwing in a UI.
  const ms = throttle === 'frame' ? 16 : throttle >= 0 && throttle < Infinity ? throttle : DEFAULT_STREAM_THROTTLE_MS;
  return (flush) => {
    const id = setTimeout(flush, ms);
    return () => clearTimeout(id);
  };
}

/**
 * Builds the options of the default `run`: the client's defaults under the call's arguments, as
 * `InferenceClient` merges them (a call's `model` replaces the client's model or endpoint), with
 * both `onModelLoading` callbacks called.
 */
export function withClientOptions<TArgs extends StreamRunControl & { model?: string | undefined }>(
  client: StreamStoreOptions['client'],
  args: TArgs,
): TArgs & RequestOptions {
  const merged = mergeCallOptions(client?.options ?? {}, args as TArgs & RequestOptions);
  const theirs = client?.options.onModelLoading;
  const own = args.onModelLoading;
  merged.onModelLoading = (info: ModelLoadingInfo) => {
    theirs?.(info);
    own(info);
  };
  return merged;
}

/** Callbacks of one run, called only while that run is the current one. */
export interface RunHandlers<TChunk> {
  /** Applies a chunk to the store's accumulator; call `touch()` or `set()` from here. */
  chunk(chunk: TChunk): void;
  /** The stream ended normally. */
  done(): void;
  /** The stream failed (not called when it was stopped or superseded). */
  fail(error: Error): void;
}

/** The engine a store is built on (internal to core's stores). */
export interface StreamEngine<
  TSnapshot extends StreamSnapshotBase,
  TOptions extends StreamStoreOptions = StreamStoreOptions,
> {
  getSnapshot(): TSnapshot;
  subscribe(listener: () => void): () => void;
  /**
   * Flushes pending live changes, then applies `patch` and notifies at once. A function patch sees
   * the flushed snapshot; `live` says the accumulator changed too. Nothing changes (and no new snapshot is made) when every value is the same.
   */
  set(patch: Partial<TSnapshot> | ((snapshot: TSnapshot) => Partial<TSnapshot>), live?: boolean): void;
  /** Marks the live accumulator as changed: the next scheduled flush picks it up. */
  touch(): void;
  /** Starts a run, superseding (aborting) the current one. Resolves when it settles. */
  run<TChunk>(
    start: (control: StreamRunControl) => AsyncIterable<TChunk>,
    handlers: RunHandlers<TChunk>,
  ): Promise<void>;
  /** Aborts the current run without touching the snapshot. Returns whether one was running. */
  abort(): boolean;
  /** Aborts the current run and sets status `stopped`, keeping what arrived. */
  stop(): void;
  /** The store's options, as created and then changed by `setOptions` (the same object throughout). */
  readonly options: TOptions;
  /** Changes options; a new `throttle` or `scheduler` applies from the next notification. */
  setOptions(next: Partial<TOptions>): void;
  readonly destroyed: boolean;
  /** Aborts, cancels any pending flush and drops every listener; the engine is inert afterwards. */
  destroy(): void;
}

/** An `AbortError` as `fetch` raises it, so code that checks `error.name` treats a stop as an abort. */
const abortReason = (message: string) => new DOMException(message, 'AbortError');

/**
 * Creates the engine. `live` materialises the accumulator into snapshot fields; it is called at
 * most once per flush, and only when `touch()` was called since the last one.
 */
export function createStreamEngine<TSnapshot extends StreamSnapshotBase, TOptions extends StreamStoreOptions>(
  initial: TSnapshot,
  live: () => Partial<TSnapshot>,
  initialOptions: TOptions,
): StreamEngine<TSnapshot, TOptions> {
  let snapshot = initial;
  const options = { ...initialOptions };
  let schedule = resolveScheduler(options.throttle, options.scheduler);
  const listeners = new Set<() => void>();
  let dirty = false;
  let scheduled = false;
  let cancelFlush: (() => void) | undefined;
  let current: AbortController | undefined;
  let destroyed = false;

  const notify = () => {
    for (const listener of listeners) listener();
  };

  /** Applies the accumulator and a patch; returns whether the snapshot changed. */
  const apply = (patch?: Partial<TSnapshot> | ((snapshot: TSnapshot) => Partial<TSnapshot>)): boolean => {
    let next = snapshot;
    if (dirty) {
      dirty = false;
      next = { ...next, ...live() };
    }
    if (patch) {
      const values = typeof patch === 'function' ? patch(next) : patch;
      for (const key in values) {
        if (!Object.is(values[key], next[key])) {
          next = { ...next, ...values };
          break;
        }
      }
    }
    if (next === snapshot) return false;
    snapshot = next;
    return true;
  };

  const cancel = () => {
    scheduled = false;
    cancelFlush?.();
    cancelFlush = undefined;
  };

  const flush = () => {
    scheduled = false;
    cancelFlush = undefined;
    if (!destroyed && apply()) notify();
  };

  const engine: StreamEngine<TSnapshot, TOptions> = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      if (destroyed) return noop;
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(patch, changed) {
      if (destroyed) return;
      if (changed) dirty = true;
      cancel();
      if (apply(patch)) notify();
    },
    touch() {
      if (destroyed) return;
      dirty = true;
      if (scheduled) return;
      scheduled = true;
      const cancelThis = schedule(flush);
      // A synchronous scheduler (`'none'`) has flushed already.
      if (scheduled) cancelFlush = cancelThis;
    },
    async run(start, handlers) {
      engine.abort();
      if (destroyed) return;
      const controller = new AbortController();
      current = controller;
      const isCurrent = () => current === controller;
      const onModelLoading = (info: ModelLoadingInfo) => {
        if (isCurrent()) engine.set({ status: 'loading-model', modelLoading: info } as Partial<TSnapshot>);
      };
      let failure: Error | undefined;
      try {
        for await (const chunk of start({ signal: controller.signal, onModelLoading })) {
          // A superseded run stops reading at once; `break` closes the stream.
          if (!isCurrent()) break;
          handlers.chunk(chunk);
        }
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
      // Stopped, superseded or destroyed meanwhile: its ending (an AbortError, most likely) is not news.
      if (!isCurrent()) return;
      current = undefined;
      if (failure) handlers.fail(failure);
      else handlers.done();
    },
    abort() {
      const controller = current;
      if (!controller) return false;
      current = undefined;
      controller.abort(abortReason('The stream was stopped.'));
      return true;
    },
    stop() {
      if (engine.abort()) engine.set({ status: 'stopped', modelLoading: null } as Partial<TSnapshot>);
    },
    options,
    setOptions(next) {
      const { throttle, scheduler } = options;
      Object.assign(options, next);
      if (options.throttle !== throttle || options.scheduler !== scheduler) {
        schedule = resolveScheduler(options.throttle, options.scheduler);
      }
    },
    get destroyed() {
      return destroyed;
    },
    destroy() {
      if (destroyed) return;
      engine.abort();
      destroyed = true;
      cancel();
      listeners.clear();
    },
  };
  return engine;
}
