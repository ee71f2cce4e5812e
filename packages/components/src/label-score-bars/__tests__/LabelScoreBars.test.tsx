import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../../__tests__/axe';
import { LabelScoreBars } from '../LabelScoreBars';

afterEach(cleanup);

const ITEMS = [
  { label: 'neutral', score: 0.05 },
  { label: 'positive', score: 0.923 },
  { label: 'negative', score: 0.027 },
];

const meters = () => screen.getAllByRole('meter');
const labels = () => meters().map((m) => m.getAttribute('aria-valuetext'));

describe('LabelScoreBars', () => {
  it('renders one meter per label with value and text a screen reader reads', () => {
    render(<LabelScoreBars items={ITEMS} aria-label="Sentiment" />);
    const [top] = meters();
    expect(screen.getByRole('list', { name: 'Sentiment' })).toBeTruthy();
    expect(top!.getAttribute('aria-valuetext')).toBe('positive, 92 percent');
    expect(top!.getAttribute('aria-valuenow')).toBe('92.3');
    expect(top!.getAttribute('aria-valuemin')).toBe('0');
    expect(top!.getAttribute('aria-valuemax')).toBe('100');
    expect(screen.getByRole('meter', { name: 'positive' })).toBe(top);
    expect(top!.style.getPropertyValue('--ik-score')).toBe('0.923');
    expect(screen.getByText('92%')).toBeTruthy();
  });

  it('sorts by descending score by default, ascending, or keeps the given order', () => {
    const { rerender } = render(<LabelScoreBars items={ITEMS} />);
    expect(labels()).toEqual(['positive, 92 percent', 'neutral, 5 percent', 'negative, 3 percent']);
    rerender(<LabelScoreBars items={ITEMS} sort="score-asc" />);
    expect(labels()).toEqual(['negative, 3 percent', 'neutral, 5 percent', 'positive, 92 percent']);
    rerender(<LabelScoreBars items={ITEMS} sort="none" />);
    expect(labels()).toEqual(['neutral, 5 percent', 'positive, 92 percent', 'negative, 3 percent']);
  });

  it('shows at most maxItems, after sorting', () => {
    render(<LabelScoreBars items={ITEMS} maxItems={2} />);
    expect(labels()).toEqual(['positive, 92 percent', 'neutral, 5 percent']);
  });

  it('formats scores with formatScore, shown and read out', () => {
    render(<LabelScoreBars items={ITEMS} formatScore={(s) => s.toFixed(3)} />);
    expect(labels()[0]).toBe('positive, 0.923');
    expect(screen.getByText('0.923')).toBeTruthy();
  });

  it('marks the top label with data-top, whatever the order, unless highlightTop is false', () => {
    const { container, rerender } = render(<LabelScoreBars items={ITEMS} sort="none" />);
    const top = () => [...container.querySelectorAll('li[data-top]')].map((li) => li.textContent);
    expect(top()).toEqual(['positive92%']);
    expect(screen.getByRole('meter', { name: 'positive' }).hasAttribute('data-top')).toBe(true);
    rerender(<LabelScoreBars items={ITEMS} highlightTop={false} />);
    expect(top()).toEqual([]);
  });

  it('clamps odd scores for the bar but shows them as given', () => {
    render(
      <LabelScoreBars
        items={[
          { label: 'logit', score: 3.2 },
          { label: 'negative', score: -1 },
          { label: 'nan', score: Number.NaN },
        ]}
      />,
    );
    const [logit, negative, nan] = meters();
    expect(logit!.getAttribute('aria-valuenow')).toBe('100');
    expect(logit!.getAttribute('aria-valuetext')).toBe('logit, 320 percent');
    expect(negative!.getAttribute('aria-valuenow')).toBe('0');
    expect(nan!.getAttribute('aria-valuenow')).toBe('0');
    expect(nan!.getAttribute('aria-valuetext')).toBe('nan, no score');
  });

  it('keeps duplicate labels apart', () => {
    render(
      <LabelScoreBars
        items={[
          { label: 'cat', score: 0.6 },
          { label: 'cat', score: 0.4 },
        ]}
      />,
    );
    expect(labels()).toEqual(['cat, 60 percent', 'cat, 40 percent']);
  });

  it('is one tab stop; arrow keys, Home and End move between bars', async () => {
    const user = userEvent.setup();
    render(
      <>
        <LabelScoreBars items={ITEMS} />
        <button>after</button>
      </>,
    );
    const [a, b, c] = meters();
    expect(meters().map((m) => m.tabIndex)).toEqual([0, -1, -1]);
    await user.tab();
    expect(document.activeElement).toBe(a);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(b);
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(c);
    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(c);
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(a);
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(c);
    await user.keyboard('{ArrowUp}{ArrowLeft}');
    expect(document.activeElement).toBe(a);
    await user.keyboard('{ArrowDown}');
    expect(meters().map((m) => m.tabIndex)).toEqual([-1, 0, -1]);
    await user.tab();
    expect(document.activeElement).toBe(screen.getByText('after'));
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(b);
  });

  it('keeps the focused bar as tab stop when the order changes', async () => {
    const user = userEvent.setup();
    const { rerender } = render(<LabelScoreBars items={ITEMS} />);
    await user.tab();
    await user.keyboard('{ArrowDown}');
    rerender(<LabelScoreBars items={ITEMS.map((i) => (i.label === 'neutral' ? { ...i, score: 0.99 } : i))} />);
    expect(screen.getByRole('meter', { name: 'neutral' }).tabIndex).toBe(0);
    expect(labels()[0]).toBe('neutral, 99 percent');
  });

  it('shows a skeleton while loading without items', () => {
    const { container } = render(<LabelScoreBars items={[]} loading aria-label="Topic" maxItems={4} />);
    const root = container.firstElementChild!;
    expect(root.hasAttribute('data-loading')).toBe(true);
    expect(root.hasAttribute('data-empty')).toBe(false);
    expect(screen.getByRole('status', { name: 'Topic' }).textContent).toBe('Loading');
    expect(container.querySelectorAll('.ik-lsb-skeleton-row')).toHaveLength(4);
    expect(screen.queryAllByRole('meter')).toHaveLength(0);
  });

  it('keeps items while loading new ones, marked busy', () => {
    const { container } = render(<LabelScoreBars items={ITEMS} loading />);
    expect(container.firstElementChild!.hasAttribute('data-loading')).toBe(true);
    expect(screen.getByRole('list').getAttribute('aria-busy')).toBe('true');
    expect(meters()).toHaveLength(3);
  });

  it('shows the empty message when there is nothing and it is not loading', () => {
    const { container } = render(<LabelScoreBars items={[]} emptyMessage="No labels yet" />);
    expect(container.firstElementChild!.hasAttribute('data-empty')).toBe(true);
    expect(screen.getByText('No labels yet')).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('forwards ref, className and other props', () => {
    const ref = { current: null as HTMLDivElement | null };
    const { container } = render(<LabelScoreBars ref={ref} className="mine" data-testid="bars" items={ITEMS} />);
    expect(ref.current).toBe(container.firstChild);
    expect(ref.current!.className).toBe('ik-label-score-bars mine');
    expect(ref.current!.dataset.testid).toBe('bars');
  });

  it('renders labels as text', () => {
    const { container } = render(<LabelScoreBars items={[{ label: '<img src=x onerror=alert(1)>', score: 1 }]} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('meter').getAttribute('aria-valuetext')).toBe('<img src=x onerror=alert(1)>, 100 percent');
  });

  describe('accessibility (axe)', () => {
    it.each([
      ['with items', <LabelScoreBars key="a" items={ITEMS} aria-label="Sentiment" />],
      ['with items, unnamed', <LabelScoreBars key="b" items={ITEMS} />],
      ['loading', <LabelScoreBars key="c" items={[]} loading aria-label="Sentiment" />],
      ['loading with items', <LabelScoreBars key="d" items={ITEMS} loading aria-label="Sentiment" />],
      ['empty', <LabelScoreBars key="e" items={[]} />],
    ])('%s', async (_, element) => {
      const { container } = render(element);
      await expectNoAxeViolations(container);
    });
  });
});
