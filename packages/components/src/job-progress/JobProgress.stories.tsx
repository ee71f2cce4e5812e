'use client';
import type { JobProgress as Progress } from '@inferkit/core';
import { useState } from 'react';
import { expect, fn, userEvent, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { JobProgress, type JobProgressProps } from './JobProgress';

/** What core's `onProgress` reports for a fal-ai queue job, then `undefined` once it ended. */
const REPORTS: (Progress | undefined)[] = [
  { status: 'queued', elapsed: 900, queuePosition: 2 },
  { status: 'queued', elapsed: 2100, queuePosition: 2 },
  { status: 'queued', elapsed: 3300, queuePosition: 0 },
  { status: 'running', elapsed: 4500 },
  { status: 'running', elapsed: 17_800 },
  undefined,
];

/**
 * Plays the reports one at a time ("Next report"), as a hook would pass them on. Cancel calls
 * `onCancel` and ends the job, as aborting the call does.
 */
function Replay({ onCancel, ...props }: Omit<JobProgressProps, 'progress'>) {
  const [step, setStep] = useState(0);
  const [ended, setEnded] = useState(false);
  const progress = ended ? undefined : REPORTS[step];
  return (
    <div style={{ display: 'grid', gap: '1rem' }}>
      <JobProgress
        {...props}
        progress={progress}
        onCancel={() => {
          onCancel?.();
          setEnded(true);
        }}
      />
      <button type="button" onClick={() => setStep((s) => Math.min(s + 1, REPORTS.length - 1))} disabled={!progress}>
        Next report
      </button>
    </div>
  );
}

const QUEUED: Progress = { status: 'queued', elapsed: 5200, queuePosition: 3 };

const meta = preview.meta({
  title: 'Components/JobProgress',
  component: JobProgress,
  args: { label: 'Video generation', onCancel: fn(), progress: QUEUED },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '28rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** Waiting for a worker, three jobs ahead. */
export const Queued = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('group', { name: 'Video generation' })).toBeVisible();
    expect(canvas.getByRole('status')).toHaveTextContent('Queued, 3 jobs ahead');
    expect(canvas.getByRole('progressbar', { name: 'Video generation' })).not.toHaveAttribute('aria-valuenow');
    expect(canvas.getByText('0:05')).toBeVisible();
    expect(canvas.getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
});

/** Running for a minute and a bit. */
export const Running = meta.story({
  args: { progress: { status: 'running', elapsed: 75_000 } },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('status')).toHaveTextContent('Running');
    expect(within(canvasElement).getByText('1:15')).toBeVisible();
  },
});

/**
 * Queued → running → done. The live region changes with the status and the position only; the
 * elapsed time updates on screen without being announced.
 */
export const QueuedRunningDone = meta.story({
  render: (args) => <Replay label={args.label} onCancel={args.onCancel} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    const status = canvas.getByRole('status');
    const next = canvas.getByRole('button', { name: 'Next report' });
    expect(status).toHaveTextContent('Queued, 2 jobs ahead');
    const announced: string[] = [];
    const observer = new MutationObserver(() => announced.push(status.textContent ?? ''));
    observer.observe(status, { childList: true, characterData: true, subtree: true });

    await userEvent.click(next);
    expect(canvas.getByText('0:02')).toBeVisible();
    await userEvent.click(next);
    expect(status).toHaveTextContent('Queued, next in line');
    await userEvent.click(next);
    expect(status).toHaveTextContent('Running');
    await userEvent.click(next);
    expect(canvas.getByText('0:17')).toBeVisible();
    await userEvent.click(next);
    expect(status).toHaveTextContent('Done after 17 seconds');
    expect(canvas.queryByRole('progressbar')).toBeNull();
    expect(canvas.queryByRole('button', { name: 'Cancel' })).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 0));
    observer.disconnect();
    expect(announced).toEqual(['Queued, next in line', 'Running', 'Done after 17 seconds']);
    expect(args.onCancel).not.toHaveBeenCalled();
  },
});

/** Cancel calls `onCancel`; once the job ends it says Cancelled. */
export const Cancel = meta.story({
  render: (args) => <Replay label={args.label} onCancel={args.onCancel} />,
  play: async ({ canvasElement, args }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Next report' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    expect(args.onCancel).toHaveBeenCalledTimes(1);
    expect(canvas.getByRole('status')).toHaveTextContent('Cancelled');
    expect(canvas.queryByRole('button', { name: 'Cancel' })).toBeNull();
  },
});

/** No job yet: nothing shows (the empty live region waits for the first report). */
export const Idle = meta.story({
  args: { progress: undefined },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByRole('status')).toHaveTextContent('');
    expect(within(canvasElement).queryByRole('group')).toBeNull();
  },
});

/** Without `onCancel`, no button. */
export const WithoutCancel = meta.story({
  args: { onCancel: undefined, progress: { status: 'running', elapsed: 3000 } },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).queryByRole('button')).toBeNull();
  },
});

/** The dark theme, checked for contrast by axe. */
export const DarkTheme = meta.story({
  globals: { theme: 'dark' },
});
