'use client';
import type { JobProgress as JobProgressInfo } from '@inferkit/core';
import { forwardRef, type HTMLAttributes, useId, useState } from 'react';
import { cx, visuallyHidden } from '../visually-hidden';

export interface JobProgressProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /**
   * The latest report of an async provider job (core's `onProgress`), or undefined when no job waits:
   * before one starts (nothing is shown) and once it ended (the done or cancelled state is shown).
   */
  progress: JobProgressInfo | null | undefined;
  /** Shows a Cancel button; called once per job (abort the call there, then clear `progress`). */
  onCancel?: () => void;
  /** Names the job, its group and its progress bar, e.g. "Video generation". Default "Job". */
  label?: string;
  /**
   * Shown and announced, with the time taken, when `progress` goes away without a cancel. Default
   * "Done"; `null` shows nothing (e.g. when the job failed and the app shows the error).
   */
  doneMessage?: string | null;
}

type Phase = 'idle' | 'queued' | 'running' | 'cancelling' | 'cancelled' | 'done';

const count = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** Milliseconds as a clock, `0:07`, `12:34`, `1:02:03`; undefined for a figure that is not one. */
export function formatClock(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const s = Math.floor(ms / 1000);
  const [h, m] = [Math.floor(s / 3600), Math.floor(s / 60) % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** Milliseconds in words, `7 seconds`, `2 minutes 5 seconds`, `1 hour 2 minutes`; undefined for a figure that is not one. */
export function formatDuration(ms: number): string | undefined {
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  const s = Math.floor(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  if (h) return m ? `${count(h, 'hour')} ${count(m, 'minute')}` : count(h, 'hour');
  if (m) return sec ? `${count(m, 'minute')} ${count(sec, 'second')}` : count(m, 'minute');
  return count(sec, 'second');
}

/** A queue position the provider gave: a whole number of jobs ahead, or undefined. */
const position = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 ? n : undefined;

/**
 * A queued or running async provider job (fal-ai's queue, replicate's predictions, …): its status,
 * the jobs ahead of it, the time since it was submitted (from each report), an indeterminate progress
 * bar, and a Cancel button.
 *
 * Screen readers hear the status when it changes ("Queued, 3 jobs ahead", "Running", "Done after 42
 * seconds", "Cancelled") through a polite `role="status"`; the elapsed time is shown but never
 * announced, so a report every second does not talk over the user. The status region stays mounted
 * while idle so its first message is heard.
 * @example
 * const [progress, setProgress] = useState<JobProgress>();
 * const controller = useRef(new AbortController());
 * textToVideo({ model, inputs }, { onProgress: setProgress, signal: controller.current.signal })
 *   .finally(() => setProgress(undefined));
 * <JobProgress progress={progress} label="Video generation" onCancel={() => controller.current.abort()} />
 */
export const JobProgress = forwardRef<HTMLDivElement, JobProgressProps>(function JobProgress(
  { progress, onCancel, label = 'Job', doneMessage = 'Done', className, ...rest },
  ref,
) {
  const id = useId();
  // The last report (for "Done after …"), whether a job is under way, and whether Cancel was pressed.
  const [job, setJob] = useState(() => ({ last: progress ?? undefined, active: !!progress, cancelled: false }));
  if (progress ? progress !== job.last || !job.active : job.active) {
    // Adjusting state while rendering (React's documented pattern): a report after the end is a new job.
    setJob(
      progress ? { last: progress, active: true, cancelled: job.active && job.cancelled } : { ...job, active: false },
    );
  }

  const last = progress ?? job.last;
  const phase: Phase = progress
    ? job.cancelled
      ? 'cancelling'
      : progress.status === 'queued'
        ? 'queued'
        : 'running'
    : !last
      ? 'idle'
      : job.cancelled
        ? 'cancelled'
        : doneMessage === null
          ? 'idle'
          : 'done';
  const ahead = progress?.status === 'queued' ? position(progress.queuePosition) : undefined;
  const took = last && formatDuration(last.elapsed);

  // Only status and position changes reach this text, so it is announced only when they change.
  const status = {
    idle: '',
    queued:
      ahead === undefined ? 'Queued' : ahead === 0 ? 'Queued, next in line' : `Queued, ${count(ahead, 'job')} ahead`,
    running: 'Running',
    cancelling: 'Cancelling…',
    cancelled: 'Cancelled',
    done: took ? `${doneMessage} after ${took}` : doneMessage,
  }[phase];

  const busy = phase === 'queued' || phase === 'running' || phase === 'cancelling';
  const clock = progress && formatClock(progress.elapsed);
  const spoken = progress && formatDuration(progress.elapsed);

  return (
    <div
      ref={ref}
      className={cx('ik-job-progress', className)}
      data-state={phase}
      role={phase === 'idle' ? undefined : 'group'}
      aria-labelledby={phase === 'idle' ? undefined : `${id}-label`}
      {...rest}
    >
      {phase !== 'idle' && (
        <span id={`${id}-label`} className="ik-jp-label">
          {label}
        </span>
      )}
      <p className="ik-jp-status" role="status">
        {status}
      </p>
      {busy && (
        <>
          {clock && (
            <p className="ik-jp-elapsed">
              <span aria-hidden="true">{clock}</span>
              <span style={visuallyHidden}>{spoken} elapsed</span>
            </p>
          )}
          <div className="ik-jp-bar" role="progressbar" aria-labelledby={`${id}-label`}>
            <span className="ik-jp-bar-fill" />
          </div>
          {onCancel && (
            <button
              type="button"
              className="ik-jp-cancel"
              aria-disabled={phase === 'cancelling' || undefined}
              onClick={() => {
                if (phase === 'cancelling') return;
                setJob({ ...job, cancelled: true });
                onCancel();
              }}
            >
              Cancel
            </button>
          )}
        </>
      )}
    </div>
  );
});
