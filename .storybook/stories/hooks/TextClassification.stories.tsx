import { LabelScoreBars } from '@inferkit/components';
import { useTextClassification } from '@inferkit/react';
import { http, HttpResponse } from 'msw';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorHubLog, emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, StatusLine, XSS } from './demo-kit';

interface SentimentDemoProps {
  text: string;
  model?: string;
  label?: string;
}

/** Sentiment of the text as you type: `useTextClassification` + `LabelScoreBars`. */
function SentimentDemo({ text: initialText, model, label = 'Sentiment' }: SentimentDemoProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const query = useTextClassification({ inputs: text, model }, { debounceMs: 300 });
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={id}>Review</label>
        <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <LabelScoreBars
        items={query.data ?? []}
        loading={query.isFetching || query.isDebouncing}
        aria-label={label}
        emptyMessage="Write a review to see its sentiment."
      />
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const meters = (root: HTMLElement) => within(root).queryAllByRole('meter');

const meta = preview.meta({
  title: 'Hooks/useTextClassification',
  component: SentimentDemo,
  decorators: [withInference],
  args: { text: 'I love this blender: quiet, powerful and easy to clean.' },
});

/** Positive or negative, from the default sentiment model. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(meters(canvasElement)[0]).toHaveAccessibleName('POSITIVE');
  },
});

/** The answer follows the text. */
export const ChangeOfMind = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)[0]).toHaveAccessibleName('POSITIVE'));
    const box = within(canvasElement).getByLabelText('Review');
    await userEvent.clear(box);
    await userEvent.type(box, 'Terrible. It broke after two days and the support never answered.');
    await waitFor(() => expect(meters(canvasElement)[0]).toHaveAccessibleName('NEGATIVE'));
  },
});

/** Arabic review, right to left, with a multilingual five-star model. */
export const RightToLeft = meta.story({
  args: {
    text: 'منتج رائع جدا، أنصح به بشدة!',
    model: 'nlptown/bert-base-multilingual-uncased-sentiment',
    label: 'التقييم',
  },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    expect(within(canvasElement).getByRole('list', { name: 'التقييم' })).toBeVisible();
  },
});

/** A missing model (404): not retried, the message says what to check. */
export const UnknownModel = meta.story({
  args: { model: 'someone/does-not-exist' },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 404');
    expect(alert).toHaveTextContent('Check the model id');
    // The Hub's lookup answers the 404: no inference request is made.
    expect(emulatorHubLog()).toEqual([expect.objectContaining({ status: 404 })]);
    expect(emulatorLog()).toHaveLength(0);
  },
});

/** No text: nothing sent, the empty state says what to do. */
export const EmptyInput = meta.story({
  args: { text: '' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Write a review to see its sentiment.')).toBeVisible();
    expect(emulatorLog()).toHaveLength(0);
  },
});

/** A server that answers with labels that look like HTML: they are shown as text. */
export const XssLabelsFromServer = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(
      http.post('/api/inference/*', () =>
        HttpResponse.json([
          { label: XSS, score: 0.9 },
          { label: '<b onmouseover=alert(1)>bold</b>', score: 0.1 },
        ]),
      ),
    );
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(within(canvasElement).getByText(XSS)).toBeVisible();
    expect(canvasElement.querySelector('img, b, [onerror], [onmouseover]')).toBeNull();
  },
});
