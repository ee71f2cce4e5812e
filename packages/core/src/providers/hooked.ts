import { sendRequest } from '../http';
import type { ProviderHooks, ProviderTask } from './types';

/**
 * A provider's way of serving a task, from its declared {@link ProviderHooks}: the body mapped, the
 * submit headers added, then the answer read (follow-ups sent with the call's token and options, no
 * waits for a loading model) or each stream event mapped.
 */
export const hooked = /* @__NO_SIDE_EFFECTS__ */ ({
  path,
  body,
  headers,
  read,
  events,
}: ProviderHooks): ProviderTask => ({
  path,
  async send(request, call) {
    const { options } = call;
    if (body) {
      const { url, model, ...wire } = request;
      request = { url, model, ...(await body(wire, call)) };
    }
    const extra = headers?.(call);
    const response = await sendRequest(
      request,
      extra ? { ...options, headers: { ...extra, ...options.headers } } : options,
    );
    return {
      response,
      event: events?.(),
      read:
        read &&
        (() =>
          read(response, {
            ...call,
            send: (next) => sendRequest({ model: request.model, ...next }, { ...options, modelLoadingTimeout: 0 }),
          })),
    };
  },
});
