/** nscale: text-to-image at `{root}/nscale/v1/images/generations`, as @huggingface/inference 4.13 sends it. */
import { promptBody } from './payload';
import { images } from './together';

/** text-to-image: `{ ...parameters, response_format: 'b64_json', prompt, model }` → `{ data: [{ b64_json }] }`. */
export const nscaleTextToImage = /* @__PURE__ */ images(
  '/v1/images/generations',
  (wire, { model }) => promptBody(wire, 'prompt', { response_format: 'b64_json', model }),
  'nscale',
);
