import type { JobProgress as Progress } from '@inferkit/core';
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { formatClock, formatDuration, JobProgress } from '../JobProgress';

afterEach(cleanup);

const queued = (queuePosition: number | undefined, elapsed: number): Progress => ({
  status: 'queued',
  elapsed,
  queuePosition,
});
const running = (elapsed: number): Progress => ({ status: 'running', elapsed });

const status = () => screen.getByRole('status');
const root = (container: HTMLElement) => container.firstElementChild as HTMLElement;

/**
 * Records what the live region says: after each render, `check()` notes its text if the DOM under
 * it changed (a change is what a screen reader would announce).
 */
function watch(element: Element) {
  const changes: string[] = [];
  const observer = new MutationObserver(() => {});
  observer.observe(element, { childList: true, characterData: true, subtree: true });
  return {
    changes,
    check: () => {
      if (observer.takeRecords().length) changes.push(element.textContent ?? '');
    },
  };
}

describe('JobProgress', () => {
  it('shows nothing but an empty live region while no job waits', () => {
    const { container } = render(<JobProgress progress={undefined} onCancel={() => {}} />);
    expect(root(container).dataset.state).toBe('idle');
    expect(root(container).hasAttribute('role')).toBe(false);
    expect(status().textContent).toBe('');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('queued with a position → running → done, announcing each change once', () => {
    const onCancel = vi.fn();
    const { container, rerender } = render(
      <JobProgress progress={undefined} label="Video generation" onCancel={onCancel} />,
    );
    const live = status();
    const spy = watch(live);

    rerender(<JobProgress progress={queued(3, 1200)} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(screen.getByRole('group', { name: 'Video generation' })).toBe(root(container));
    expect(live.textContent).toBe('Queued, 3 jobs ahead');
    expect(root(container).dataset.state).toBe('queued');
    const bar = screen.getByRole('progressbar', { name: 'Video generation' });
    expect(bar.hasAttribute('aria-valuenow')).toBe(false);
    expect(container.querySelector('.ik-jp-elapsed')!.textContent).toBe('0:011 second elapsed');
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();

    rerender(<JobProgress progress={queued(1, 2200)} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(live.textContent).toBe('Queued, 1 job ahead');
    rerender(<JobProgress progress={queued(0, 3400)} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(live.textContent).toBe('Queued, next in line');
    rerender(<JobProgress progress={running(4100)} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(live.textContent).toBe('Running');
    expect(root(container).dataset.state).toBe('running');
    expect(screen.getByText('0:04')).toBeTruthy();
    rerender(<JobProgress progress={running(65_000)} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(screen.getByText('1:05')).toBeTruthy();
    expect(container.querySelector('.ik-jp-elapsed')!.textContent).toContain('1 minute 5 seconds elapsed');

    rerender(<JobProgress progress={undefined} label="Video generation" onCancel={onCancel} />);
    spy.check();
    expect(live.textContent).toBe('Done after 1 minute 5 seconds');
    expect(root(container).dataset.state).toBe('done');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(status()).toBe(live);
    expect(onCancel).not.toHaveBeenCalled();
    expect(spy.changes).toEqual([
      'Queued, 3 jobs ahead',
      'Queued, 1 job ahead',
      'Queued, next in line',
      'Running',
      'Done after 1 minute 5 seconds',
    ]);
  });

  it('does not touch the live region when only the elapsed time changes', () => {
    const { rerender } = render(<JobProgress progress={queued(2, 0)} />);
    const spy = watch(status());
    for (let t = 1000; t <= 30_000; t += 1000) {
      rerender(<JobProgress progress={queued(2, t)} />);
      spy.check();
    }
    expect(screen.getByText('0:30')).toBeTruthy();
    rerender(<JobProgress progress={running(31_000)} />);
    spy.check();
    for (let t = 32_000; t <= 60_000; t += 1000) {
      rerender(<JobProgress progress={running(t)} />);
      spy.check();
    }
    expect(screen.getByText('1:00')).toBeTruthy();
    expect(spy.changes).toEqual(['Running']);
    expect(status().textContent).toBe('Running');
  });

  it('cancel: calls onCancel once, says Cancelling… then Cancelled; a new job starts afresh', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    const { container, rerender } = render(<JobProgress progress={queued(5, 2000)} onCancel={onCancel} />);
    expect(screen.getByRole('group', { name: 'Job' })).toBeTruthy();
    const cancel = screen.getByRole('button', { name: 'Cancel' });
    await user.click(cancel);
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(status().textContent).toBe('Cancelling…');
    expect(root(container).dataset.state).toBe('cancelling');
    expect(cancel.getAttribute('aria-disabled')).toBe('true');
    // Still focusable (not `disabled`), so focus does not drop to the page; a second press does nothing.
    expect(document.activeElement).toBe(cancel);
    await user.click(cancel);
    rerender(<JobProgress progress={running(3000)} onCancel={onCancel} />);
    expect(status().textContent).toBe('Cancelling…');
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledTimes(1);

    rerender(<JobProgress progress={undefined} onCancel={onCancel} />);
    expect(status().textContent).toBe('Cancelled');
    expect(root(container).dataset.state).toBe('cancelled');

    rerender(<JobProgress progress={queued(undefined, 0)} onCancel={onCancel} />);
    expect(status().textContent).toBe('Queued');
    const again = screen.getByRole('button', { name: 'Cancel' });
    expect(again.hasAttribute('aria-disabled')).toBe(false);
    await user.click(again);
    expect(onCancel).toHaveBeenCalledTimes(2);
  });

  it('the Cancel button works from the keyboard', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    render(<JobProgress progress={running(1000)} onCancel={onCancel} />);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Cancel' }));
    await user.keyboard('{Enter}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('without onCancel there is no button', () => {
    render(<JobProgress progress={running(1000)} />);
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.getByRole('progressbar', { name: 'Job' })).toBeTruthy();
  });

  it('doneMessage: a custom one, or null to show nothing after the job', () => {
    const { container, rerender } = render(<JobProgress progress={running(800)} doneMessage="Video ready" />);
    rerender(<JobProgress progress={undefined} doneMessage="Video ready" />);
    expect(status().textContent).toBe('Video ready after 0 seconds');
    rerender(<JobProgress progress={running(800)} doneMessage={null} />);
    rerender(<JobProgress progress={undefined} doneMessage={null} />);
    expect(status().textContent).toBe('');
    expect(root(container).dataset.state).toBe('idle');
    expect(root(container).hasAttribute('role')).toBe(false);
  });

  it('shows odd reports without made-up figures', () => {
    const { container, rerender } = render(<JobProgress progress={queued(-1, Number.NaN)} />);
    expect(status().textContent).toBe('Queued');
    expect(container.querySelector('.ik-jp-elapsed')).toBeNull();
    rerender(<JobProgress progress={queued(1.5, -5)} />);
    expect(status().textContent).toBe('Queued');
    expect(container.querySelector('.ik-jp-elapsed')).toBeNull();
    // A position only counts while queued.
    rerender(<JobProgress progress={{ status: 'running', elapsed: 1000, queuePosition: 4 }} />);
    expect(status().textContent).toBe('Running');
    rerender(<JobProgress progress={null} />);
    expect(status().textContent).toBe('Done after 1 second');
  });

  it('renders the label as text', () => {
    const { container } = render(<JobProgress progress={running(0)} label="<img src=x onerror=alert(1)>" />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('group', { name: '<img src=x onerror=alert(1)>' })).toBeTruthy();
  });

  it('renders on the server, with the label escaped', () => {
    const html = renderToString(<JobProgress progress={queued(1, 2000)} label="<img src=x onerror=alert(1)>" />);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('Queued, 1 job ahead');
  });

  it('forwards ref, className and other props', () => {
    const ref = { current: null as HTMLDivElement | null };
    const { container } = render(<JobProgress ref={ref} progress={undefined} className="mine" data-testid="job" />);
    expect(ref.current).toBe(container.firstChild);
    expect(ref.current!.className).toBe('ik-job-progress mine');
    expect(ref.current!.dataset.testid).toBe('job');
  });

  it('starts with a report when mounted during a job', () => {
    render(<JobProgress progress={running(61_000)} />);
    expect(status().textContent).toBe('Running');
    expect(screen.getByText('1:01')).toBeTruthy();
  });

  it('a report every second through act() leaves the announcement alone', async () => {
    function Ticking({ reports }: { reports: Progress[] }) {
      return <JobProgress progress={reports[reports.length - 1]} />;
    }
    const reports = [queued(2, 0)];
    const { rerender } = render(<Ticking reports={reports} />);
    await act(async () => {
      reports.push(queued(2, 1000));
      rerender(<Ticking reports={[...reports]} />);
    });
    expect(status().textContent).toBe('Queued, 2 jobs ahead');
  });

  describe('accessibility (axe)', () => {
    it.each([
      ['idle', <JobProgress key="a" progress={undefined} onCancel={() => {}} />],
      ['queued', <JobProgress key="b" progress={queued(2, 5000)} onCancel={() => {}} label="Video" />],
      ['running', <JobProgress key="c" progress={running(5000)} onCancel={() => {}} />],
      ['running, no cancel', <JobProgress key="d" progress={running(5000)} />],
    ])('%s', async (_, element) => {
      const { container } = render(element);
      await expectNoAxeViolations(container);
    });

    it('done and cancelled', async () => {
      const user = userEvent.setup();
      const { container, rerender } = render(<JobProgress progress={running(5000)} onCancel={() => {}} />);
      rerender(<JobProgress progress={undefined} onCancel={() => {}} />);
      await expectNoAxeViolations(container);
      rerender(<JobProgress progress={running(0)} onCancel={() => {}} />);
      await user.click(screen.getByRole('button', { name: 'Cancel' }));
      await expectNoAxeViolations(container);
      rerender(<JobProgress progress={undefined} onCancel={() => {}} />);
      await expectNoAxeViolations(container);
    });
  });
});

describe('formatClock / formatDuration', () => {
  it.each([
    [0, '0:00', '0 seconds'],
    [999, '0:00', '0 seconds'],
    [1000, '0:01', '1 second'],
    [59_999, '0:59', '59 seconds'],
    [60_000, '1:00', '1 minute'],
    [61_000, '1:01', '1 minute 1 second'],
    [754_000, '12:34', '12 minutes 34 seconds'],
    [3_600_000, '1:00:00', '1 hour'],
    [3_723_000, '1:02:03', '1 hour 2 minutes'],
    [Number.NaN, undefined, undefined],
    [-1, undefined, undefined],
    [Infinity, undefined, undefined],
  ])('%d ms', (ms, clock, words) => {
    expect(formatClock(ms)).toBe(clock);
    expect(formatDuration(ms)).toBe(words);
  });
});
