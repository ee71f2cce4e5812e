/**
 * What async providers share: a poll loop bounded by the call's `timeout` and `signal` that reports
 * each wait through `onProgress`, and turning media answers (a URL, a data URL, base64) into a `Blob`.
 */
import { InferenceResponseError, InferenceTimeoutError } from '../errors';
import { readBody, release, sendRequest, sleep } from '../http';
import { base64ToBlob } from '../media';
import { isUrl, type JobProgress } from '../options';
import type { ProviderCall } from './types';

/** How long to wait between two polls: fal's and replicate's own clients poll about twice a second. */
export const POLL_INTERVAL_MS = 500;

/** One look at a job: its result, or where it stands. */
export type JobState<T> = { done: T } | Omit<JobProgress, 'elapsed'>;

/**
 * Polls `check` until the job is done. Before each wait it reports progress; the call's `signal`
 * stops it at once (and `cancel`, when given, tells the provider), and its `timeout`, when set,
 * bounds the whole job. `started` is when the job was submitted.
 */
export async function pollJob<T>(
  call: ProviderCall,
  first: JobState<T>,
  check: () => Promise<JobState<T>>,
  cancel?: () => Promise<unknown>,
): Promise<T> {
  const { signal, timeout, onProgress } = call.options;
  const started = Date.now();
  // What is left of the deadline (none without a timeout); the last wait is only that much.
  const left = () => (timeout ? timeout - Date.now() + started : Infinity);
  const expired = () => {
    if (left() <= 0) throw new InferenceTimeoutError(timeout!, { model: call.model });
  };
  let state = first;
  try {
    while (!('done' in state)) {
      expired();
      onProgress?.({ ...state, elapsed: Date.now() - started });
      await sleep(Math.min(POLL_INTERVAL_MS, left()), signal);
      expired();
      state = await check();
    }
    return state.done;
  } catch (error) {
    // An abort or a timeout leaves the job running (and billed) unless the provider hears of it.
    // The cancel is not awaited and its failure is not news: the call has already ended.
    if (cancel && (signal?.aborted || error instanceof InferenceTimeoutError)) cancel().catch(() => {});
    throw error;
  }
}

/** The JSON of a provider's answer, or an `InferenceResponseError` showing what came instead. */
export async function readJson(response: Response, call: Pick<ProviderCall, 'model'>, name: string): Promise<unknown> {
  try {
    const body = await readBody(response);
    if (typeof body === 'string') throw new InferenceResponseError(name, 'JSON', body, call.model);
    return body;
  } finally {
    release(response);
  }
}

/**
 * Sends a follow-up GET and reads its JSON. It says `content-type: application/json` although it
 * has no body, as the reference clients' polls do (they resend the submit's headers).
 */
export const getJson = async (call: ProviderCall, url: string, name: string): Promise<unknown> =>
  readJson(await call.send({ url, method: 'GET', contentType: 'application/json' }), call, name);

/**
 * A media answer as a `Blob`: a `data:` URL or bare base64 is decoded; an http(s) URL is
 * downloaded. A URL below the router root goes with the call's token; any other host (fal's and
 * replicate's CDNs) is fetched without it, so the token never leaves for a provider's host.
 * `type` is used when the answer does not say.
 */
export async function mediaBlob(value: unknown, call: ProviderCall, type: string, name: string): Promise<Blob> {
  if (typeof value === 'string' && value) {
    if (!isUrl(value)) {
      const blob = base64ToBlob(value, type);
      if (blob) return blob;
    } else {
      const response = value.startsWith(`${call.root}/`)
        ? await call.send({ url: value, method: 'GET' })
        : await sendRequest(
            { url: value, method: 'GET', model: call.model },
            {
              fetch: call.options.fetch,
              signal: call.options.signal,
              timeout: call.options.timeout,
              modelLoadingTimeout: 0,
            },
          );
      try {
        const blob = await response.blob();
        return blob.type ? blob : new Blob([blob], { type });
      } finally {
        release(response);
      }
    }
  }
  throw new InferenceResponseError(name, 'a media URL, data URL or base64', value, call.model);
}

/**
 * Tells the provider to drop a job. The call's signal has aborted by then, so the cancel goes
 * without it (else it would never leave), and without retries: the call has already ended.
 */
export const cancelJob = (call: ProviderCall, url: string, method: 'POST' | 'PUT') =>
  sendRequest(
    { url, method, model: call.model },
    { ...call.options, signal: undefined, modelLoadingTimeout: 0, maxRateLimitRetries: 0 },
  ).then((response) => response.body?.cancel());
