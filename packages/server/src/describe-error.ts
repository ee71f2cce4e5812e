/** An error as one line for the client and the log: its message, and its cause's code or message. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail =
    cause instanceof Error
      ? `: ${(cause as { code?: string }).code ?? cause.message}`
      : cause
        ? `: ${String(cause)}`
        : '';
  return `${error.message}${detail}`;
}
