import { LabelScoreBars } from '@inferkit/components';
import { useZeroShotClassification } from '@inferkit/react';
import { delay, http } from 'msw';
import { useId, useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { ErrorNotice, fieldStyle, ModelLoadingNotice, StatusLine, XSS } from './demo-kit';

interface ZeroShotDemoProps {
  text: string;
  /** Comma-separated. */
  labels: string;
  debounceMs?: number;
}

/** Classifies the text into the labels as you type: `useZeroShotClassification` + `LabelScoreBars`. */
function ZeroShotDemo({ text: initialText, labels: initialLabels, debounceMs = 300 }: ZeroShotDemoProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const [labels, setLabels] = useState(initialLabels);
  const candidateLabels = useMemo(
    () =>
      labels
        .split(',')
        .map((label) => label.trim())
        .filter(Boolean),
    [labels],
  );
  const query = useZeroShotClassification({ inputs: text, parameters: { candidateLabels } }, { debounceMs });
  return (
    <form style={{ display: 'grid', gap: '0.75rem', maxWidth: '40rem' }} onSubmit={(e) => e.preventDefault()}>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-text`}>Text</label>
        <textarea id={`${id}-text`} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-labels`}>Candidate labels (comma-separated)</label>
        <input id={`${id}-labels`} value={labels} onChange={(e) => setLabels(e.target.value)} />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <LabelScoreBars
        items={query.data ?? []}
        loading={query.isFetching || query.isDebouncing}
        aria-label="Labels"
        emptyMessage="Type a text and at least one label."
      />
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </form>
  );
}

const meters = (root: HTMLElement) => within(root).queryAllByRole('meter');

const meta = preview.meta({
  title: 'Hooks/useZeroShotClassification',
  component: ZeroShotDemo,
  decorators: [withInference],
  args: {
    text: 'I ordered a blender three weeks ago, it arrived broken and I want my money back.',
    labels: 'refund, shipping, praise',
  },
});

/** The answer of the emulator, sorted, the top label highlighted. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
    expect(meters(canvasElement)[0]).toHaveAccessibleName('refund');
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/facebook/bart-large-mnli', status: 200 }),
    ]);
  },
});

/** Editing the labels asks again (after the debounce), the previous bars staying meanwhile. */
export const EditLabels = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
    await userEvent.type(canvas.getByLabelText('Candidate labels (comma-separated)'), ', broken item');
    // Still the previous answer while the next one is on its way.
    expect(meters(canvasElement).length).toBeGreaterThan(0);
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(4));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('success / idle'));
  },
});

/** Waiting for the first answer: a skeleton announced as loading (the request never ends here). */
export const Loading = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(http.all('/api/inference/*', () => delay('infinite')));
  },
  play: async ({ canvasElement }) => {
    const status = await within(canvasElement).findByRole('status', { name: 'Labels' });
    expect(status).toHaveTextContent('Loading');
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / fetching');
  },
});

/**
 * A cold model: the emulator answers 503 with `estimated_time` (fault `cold-start=2`); the hook
 * counts down, waits, asks again and shows the answer.
 */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=2' } },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const notice = await canvas.findByTestId('model-loading');
    expect(notice).toHaveTextContent(/Model loading, about [12] s/);
    // Screen readers hear the estimate once, not every tick.
    expect(notice.closest('[role="status"]')).toHaveTextContent('Model loading, about 2 seconds');
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3), { timeout: 6000 });
    expect(canvas.queryByTestId('model-loading')).toBeNull();
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** The server fails (500): retried twice, then the error is shown. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 500');
    expect(emulatorLog().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(meters(canvasElement)).toHaveLength(0);
  },
});

/** Rate limited (429): the client honours `Retry-After` twice, then reports what to do. */
export const RateLimited = meta.story({
  parameters: { inference: { fault: 'rate-limit=0' } },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 429');
    expect(alert).toHaveTextContent('Rate limited: retry later');
    expect(emulatorLog().map((r) => r.status)).toEqual([429, 429, 429]);
  },
});

/** No text yet: nothing is sent, the empty state says what to do. */
export const EmptyInput = meta.story({
  args: { text: '', labels: 'refund, shipping' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Type a text and at least one label.')).toBeVisible();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(emulatorLog()).toHaveLength(0);
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / idle');
  },
});

/** A long text. */
export const LongText = meta.story({
  args: {
    text: Array.from(
      { length: 20 },
      () =>
        'The parcel was supposed to arrive on Monday, but the tracking page has not changed for ten days and nobody answers the phone.',
    ).join(' '),
    labels: 'shipping, refund, praise, billing',
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(4));
  },
});

/** Arabic text and labels, right to left. */
export const RightToLeft = meta.story({
  args: { text: 'طلبت خلاطًا ووصل مكسورًا، أريد استرداد أموالي.', labels: 'استرداد, شحن, شكوى' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
    expect(meters(canvasElement)[0]).toHaveAttribute('aria-valuetext', expect.stringMatching(/^استرداد, \d+ percent$/));
  },
});

/** A label that looks like HTML comes back from the server and is shown as text. */
export const XssLabel = meta.story({
  args: { text: 'Please render this label safely.', labels: `${XSS}, safe` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(within(canvasElement).getByText(XSS)).toBeVisible();
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
