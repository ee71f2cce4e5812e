import { useModelLoadingCountdown } from '@inferkit/components';
import type { ModelLoadingInfo } from '@inferkit/core';
import { formatError } from './format-error';

export interface RequestStatusProps {
  modelLoading: ModelLoadingInfo | null | undefined;
  error: Error | null | undefined;
  /** A request is on its way (or the input is settling). */
  busy?: boolean;
  busyLabel?: string;
}

/**
 * The state of a request in words: the model-loading countdown, a busy hint, or the error.
 * Only the countdown is a live region: "Updating…" on every keystroke would be noise for a screen
 * reader (the results carry `aria-busy` instead), and the error is an alert of its own.
 */
export function RequestStatus({ modelLoading, error, busy = false, busyLabel = 'Updating…' }: RequestStatusProps) {
  const remaining = useModelLoadingCountdown(modelLoading);
  const loading = !!modelLoading;
  return (
    <div className="request-status">
      <div role="status" className="model-loading">
        {loading && (
          <>
            {/* Announced once per report from core; the ticking seconds are for the eyes only. */}
            <span className="visually-hidden">
              {remaining !== null
                ? `Model loading, about ${Math.ceil(modelLoading.estimatedTime)} seconds`
                : 'Model loading'}
            </span>
            <span aria-hidden="true">
              <span className="spinner" /> Model loading{remaining !== null ? ` — ready in about ${remaining} s` : '…'}
            </span>
          </>
        )}
      </div>
      {busy && !loading && (
        // The CSS shows it only after a short delay, so fast answers do not flash it.
        <p className="busy-hint" aria-hidden="true">
          <span className="spinner" /> {busyLabel}
        </p>
      )}
      {error && !busy && !loading && (
        <p role="alert" className="error">
          <strong>{error.name}</strong> {formatError(error)}
        </p>
      )}
    </div>
  );
}
