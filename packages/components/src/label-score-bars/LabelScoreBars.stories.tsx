'use client';
import { expect, userEvent, within } from 'storybook/test';
import preview from '../../../../.storybook/preview';
import { LabelScoreBars } from './LabelScoreBars';

const XSS = '<img src=x onerror=alert(1)>';

const sentiment = [
  { label: 'negative', score: 0.021 },
  { label: 'positive', score: 0.923 },
  { label: 'neutral', score: 0.056 },
];

const meta = preview.meta({
  title: 'Components/LabelScoreBars',
  component: LabelScoreBars,
  args: { items: sentiment, 'aria-label': 'Sentiment' },
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '32rem' }}>
        <Story />
      </div>
    ),
  ],
});

/** Sorted by score, the top bar marked; each bar is a meter read as "positive, 92 percent". */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const list = canvas.getByRole('list', { name: 'Sentiment' });
    const meters = within(list).getAllByRole('meter');
    expect(meters.map((m) => m.getAttribute('aria-valuetext'))).toEqual([
      'positive, 92 percent',
      'neutral, 6 percent',
      'negative, 2 percent',
    ]);
    expect(meters[0]).toHaveAttribute('data-top');
    expect(meters[0]).toHaveAccessibleName('positive');
    expect(canvas.getByText('92%')).toBeVisible();
  },
});

/** One tab stop; arrow keys, Home and End move between the bars. */
export const KeyboardNavigation = meta.story({
  play: async ({ canvasElement }) => {
    const meters = within(canvasElement).getAllByRole('meter');
    await userEvent.tab();
    expect(meters[0]).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(meters[1]).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(meters[2]).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(meters[2]).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(meters[0]).toHaveFocus();
    // Leaving and coming back lands on the bar focused last.
    await userEvent.keyboard('{ArrowRight}');
    await userEvent.tab({ shift: true });
    await userEvent.tab();
    expect(meters[1]).toHaveFocus();
  },
});

/** The first answer is on its way: a skeleton announced as loading. */
export const Loading = meta.story({
  args: { items: [], loading: true, maxItems: 4 },
  play: async ({ canvasElement }) => {
    const status = within(canvasElement).getByRole('status', { name: 'Sentiment' });
    expect(status).toHaveTextContent('Loading');
    expect(within(canvasElement).queryAllByRole('meter')).toHaveLength(0);
  },
});

/** A newer answer is on its way: the previous bars stay, marked busy. */
export const Refreshing = meta.story({
  args: { loading: true },
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole('list', { name: 'Sentiment' });
    expect(list).toHaveAttribute('aria-busy', 'true');
    expect(within(list).getAllByRole('meter')).toHaveLength(3);
  },
});

/** No labels and nothing loading. */
export const Empty = meta.story({
  args: { items: [] },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('No results')).toBeVisible();
    expect(canvasElement.querySelector('.ik-label-score-bars')).toHaveAttribute('data-empty');
  },
});

/** The empty state says what to do next. */
export const EmptyWithMessage = meta.story({
  args: { items: [], emptyMessage: 'Type a sentence to classify it.' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Type a sentence to classify it.')).toBeVisible();
  },
});

const topics = [
  'billing',
  'refund',
  'shipping',
  'returns',
  'account',
  'password reset',
  'technical issue',
  'feature request',
  'complaint',
  'praise',
  'cancellation',
  'upgrade',
];

/** Many labels, only the best five shown. */
export const TopFive = meta.story({
  args: {
    'aria-label': 'Topic',
    maxItems: 5,
    items: topics.map((label, i) => ({ label, score: Math.round((0.9 / (i + 1)) * 1000) / 1000 })),
  },
  play: async ({ canvasElement }) => {
    const meters = within(canvasElement).getAllByRole('meter');
    expect(meters).toHaveLength(5);
    expect(meters[0]).toHaveAccessibleName('billing');
  },
});

/** Long labels wrap instead of pushing the bars out of view. */
export const LongLabels = meta.story({
  args: {
    'aria-label': 'Intent',
    items: [
      {
        label:
          'The customer asks for a refund of an order that arrived damaged and would like a replacement shipped by express delivery',
        score: 0.71,
      },
      { label: 'Question about the opening hours of the store on public holidays', score: 0.19 },
      { label: 'Supercalifragilisticexpialidocious-unbreakable-label-without-any-spaces-at-all', score: 0.1 },
    ],
  },
  play: async ({ canvasElement }) => {
    const root = canvasElement.querySelector<HTMLElement>('.ik-label-score-bars')!;
    expect(root.scrollWidth).toBeLessThanOrEqual(root.clientWidth + 1);
    expect(within(canvasElement).getAllByRole('meter')).toHaveLength(3);
  },
});

/** Arabic labels in a right-to-left page: bars grow from the right. */
export const RightToLeft = meta.story({
  args: {
    'aria-label': 'المشاعر',
    items: [
      { label: 'إيجابي', score: 0.81 },
      { label: 'محايد', score: 0.14 },
      { label: 'سلبي', score: 0.05 },
    ],
  },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    const list = within(canvasElement).getByRole('list', { name: 'المشاعر' });
    expect(within(list).getAllByRole('meter')[0]).toHaveAttribute('aria-valuetext', 'إيجابي, 81 percent');
  },
});

/** What a model may send: raw logits above 1 or below 0, and a missing score. */
export const OddScores = meta.story({
  args: {
    'aria-label': 'Raw scores',
    items: [
      { label: 'logit above one', score: 1.7 },
      { label: 'negative logit', score: -0.4 },
      { label: 'no score', score: Number.NaN },
    ],
  },
  play: async ({ canvasElement }) => {
    const meters = within(canvasElement).getAllByRole('meter');
    expect(meters.map((m) => m.getAttribute('aria-valuenow'))).toEqual(['100', '0', '0']);
    expect(meters[2]).toHaveAttribute('aria-valuetext', 'no score, no score');
  },
});

/** Scores shown with two decimals instead of percents. */
export const CustomFormat = meta.story({
  args: { formatScore: (score: number) => score.toFixed(2) },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getAllByRole('meter')[0]).toHaveAttribute('aria-valuetext', 'positive, 0.92');
  },
});

/** A label that looks like HTML is shown as text: no element is created from it. */
export const XssLabel = meta.story({
  args: {
    'aria-label': 'Untrusted labels',
    items: [
      { label: XSS, score: 0.8 },
      { label: '<script>alert(1)</script>', score: 0.2 },
    ],
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByText(XSS)).toBeVisible();
    expect(canvas.getByText('<script>alert(1)</script>')).toBeVisible();
    expect(canvasElement.querySelector('img, script, [onerror]')).toBeNull();
  },
});

/** The dark theme of styles.css (`data-theme="dark"`), checked for contrast by axe. */
export const DarkTheme = meta.story({
  globals: { theme: 'dark' },
});
