/**
 * zai-org (Z.ai), below `{root}/zai-org/api/paas/v4`, each request with the `x-source-channel` and
 * `accept-language` headers Z.ai's API expects from Hugging Face. Images are async jobs polled at
 * `/async-result/{id}` until `SUCCESS`, the image then downloaded from Z.ai's CDN (no token); OCR
 * (`image-to-text`) runs synchronously at `/layout_parsing`. Bodies as @huggingface/inference 4.13 sends them.
 */
import { InferenceJobError, InferenceResponseError } from '../errors';
import { sendRequest } from '../http';
import { mediaBlob, pollJob, readJson, type JobState } from './jobs';
import { dataUrlOf, partsOf } from './payload';
import { hooked } from './hooked';
import type { ProviderCall } from './types';

const NAME = 'zai-org';

const headers = () => ({ 'x-source-channel': 'hugging_face', 'accept-language': 'en-US,en' });

interface Job {
  id?: unknown;
  task_status?: unknown;
  image_result?: { url?: unknown }[];
}

const stateOf = (job: Job | null, call: ProviderCall, id: string): JobState<unknown> => {
  if (job?.task_status === 'SUCCESS') return { done: job.image_result?.[0]?.url };
  if (job?.task_status === 'FAIL') throw new InferenceJobError(NAME, 'FAIL', job, call.model, undefined, id);
  return { status: 'running' };
};

/** text-to-image: `{ ...parameters, model, prompt }` → `{ id, task_status }`, polled to `{ image_result: [{ url }] }`. */
export const zaiOrgTextToImage = /* @__PURE__ */ hooked({
  path: () => '/api/paas/v4/async/images/generations',
  headers,
  body: (wire, { model }) => {
    const { inputs, parameters } = partsOf(wire);
    return { json: { ...parameters, model, prompt: inputs } };
  },
  read: async (response, call) => {
    const job = (await readJson(response, call, NAME)) as Job | null;
    const { id } = job ?? {};
    if (typeof id !== 'string' || !job?.task_status) {
      throw new InferenceResponseError(NAME, '{ id, task_status }', job, call.model);
    }
    const url = `${call.root}/${NAME}/api/paas/v4/async-result/${encodeURIComponent(id)}`;
    // The polls need Z.ai's headers too, which `call.send` does not add; the call's own still win.
    const options = { ...call.options, headers: { ...headers(), ...call.options.headers }, modelLoadingTimeout: 0 };
    const check = async () =>
      stateOf(
        (await readJson(
          await sendRequest({ url, method: 'GET', contentType: 'application/json', model: call.model }, options),
          call,
          NAME,
        )) as Job,
        call,
        id,
      );
    // The reference polls even when the submit says SUCCESS, as the image is only in the result.
    const first = stateOf({ task_status: job.task_status === 'FAIL' ? 'FAIL' : undefined }, call, id);
    return mediaBlob(await pollJob(call, first, check), call, 'image/png', NAME);
  },
});

/** image-to-text (layout parsing, OCR): `{ model, file: data URL }` → `{ md_results }`, the Markdown as the text. */
export const zaiOrgImageToText = /* @__PURE__ */ hooked({
  path: () => '/api/paas/v4/layout_parsing',
  headers,
  body: async (wire, { model }) => ({ json: { model, file: await dataUrlOf(wire, 'image/png') } }),
  read: async (response, call) => {
    const answer = (await readJson(response, call, NAME)) as { md_results?: unknown } | null;
    if (typeof answer?.md_results !== 'string') {
      throw new InferenceResponseError(NAME, '{ md_results }', answer, call.model);
    }
    return { generated_text: answer.md_results };
  },
});
