/**
 * Small pieces shared by the hook demos: the model-loading notice (over @inferkit/components'
 * countdown, as ChatMessages and the playground), the error, the status line,
 * and the text every XSS story feeds in.
 */
import { useModelLoadingCountdown } from '@inferkit/components';
import type { ModelLoadingInfo } from '@inferkit/core';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';

export const XSS = '<img src=x onerror=alert(1)>';

export const demoStyle: CSSProperties = { display: 'grid', gap: '0.75rem', maxWidth: '40rem' };
export const fieldStyle: CSSProperties = { display: 'grid', gap: '0.25rem' };
const hidden: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};

/**
 * "Model loading, about N s", counting down. Screen readers hear the estimate once (a polite
 * status), not every tick.
 */
export function ModelLoadingNotice({ info }: { info: ModelLoadingInfo | null }) {
  const remaining = useModelLoadingCountdown(info);
  return (
    <div role="status">
      {info && (
        <>
          <span style={hidden}>
            {remaining !== null ? `Model loading, about ${Math.ceil(info.estimatedTime)} seconds` : 'Model loading'}
          </span>
          <p aria-hidden="true" data-testid="model-loading" style={{ margin: 0 }}>
            ⏳ Model loading{remaining !== null ? `, about ${remaining} s` : '…'}
          </p>
        </>
      )}
    </div>
  );
}

export function ErrorNotice({ error }: { error: Error | null }) {
  if (!error) return null;
  return (
    <p role="alert" style={{ margin: 0, color: 'var(--ik-color-error)' }}>
      {error.message}
    </p>
  );
}

export function StatusLine({ children }: { children: ReactNode }) {
  return (
    <p style={{ margin: 0, color: 'var(--ik-color-muted)' }}>
      Status: <code data-testid="status">{children}</code>
    </p>
  );
}

/** An object URL for a Blob, revoked when the Blob changes or the component leaves. */
export function useObjectUrl(blob: Blob | null | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return setUrl(undefined);
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [blob]);
  return url;
}

/** Waits a little longer than a demo's debounce, for "nothing was sent" checks. */
export const pause = (ms = 400) => new Promise<void>((resolve) => setTimeout(resolve, ms));
