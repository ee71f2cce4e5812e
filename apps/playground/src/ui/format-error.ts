import { InferenceHTTPError } from '@inferkit/core';

/** One line a user can act on: the error's class, its message, and the request id for support. */
export function formatError(error: Error): string {
  if (error instanceof InferenceHTTPError) {
    const id = error.requestId ? ` (request ${error.requestId})` : '';
    return `${error.message}${id}`;
  }
  return error.message || error.name;
}
