import { LabelScoreBars } from '@inferkit/components';
import { useImageClassification } from '@inferkit/react';
import { http, HttpResponse } from 'msw';
import { useEffect, useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import {
  demoStyle,
  ErrorNotice,
  fieldStyle,
  ModelLoadingNotice,
  pause,
  StatusLine,
  useObjectUrl,
  XSS,
} from './demo-kit';
import { drawSampleImage, sampleAlt, type SampleName } from '../../../packages/components/src/sample-image';

interface ImageClassificationDemoProps {
  /** The picture drawn at first; `none` starts without one. */
  sample: SampleName | 'none';
}

/** Labels for a picture (drawn on a canvas, or a file you pick): `useImageClassification` + `LabelScoreBars`. */
function ImageClassificationDemo({ sample }: ImageClassificationDemoProps) {
  const id = useId();
  const [image, setImage] = useState<{ file: File; alt: string } | null>(null);
  const [problem, setProblem] = useState<Error | null>(null);
  const pickSample = (name: SampleName) =>
    drawSampleImage(name).then((file) => setImage({ file, alt: sampleAlt(name) }), setProblem);
  useEffect(() => {
    if (sample !== 'none') void pickSample(sample);
    // Only the first picture comes from the args; after that the user's choice stands.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only, by design (above)
  }, []);
  const url = useObjectUrl(image?.file);
  const query = useImageClassification(image && { inputs: image.file, parameters: { topK: 5 } });
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={id}>Image</label>
        <input
          id={id}
          type="file"
          accept="image/png,image/jpeg,image/webp,image/gif"
          onChange={(e) => {
            const file = e.target.files?.[0];
            setImage(file ? { file, alt: `The picture ${file.name}` } : null);
          }}
        />
        <div style={{ display: 'flex', gap: '0.5rem' }}>
          <button type="button" onClick={() => void pickSample('house')}>
            Use the house picture
          </button>
          <button type="button" onClick={() => void pickSample('banana')}>
            Use the banana picture
          </button>
        </div>
      </div>
      {url && image && <img src={url} alt={image.alt} width={240} height={160} />}
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={problem ?? query.error} />
      <LabelScoreBars
        items={image ? (query.data ?? []) : []}
        loading={query.isFetching}
        aria-label="Labels"
        emptyMessage="Pick a picture to see what it shows."
      />
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const meters = (root: HTMLElement) => within(root).queryAllByRole('meter');
const labelNames = (root: HTMLElement) =>
  meters(root).map((meter) => meter.getAttribute('aria-valuetext')!.replace(/, \d+ percent$/, ''));

const meta = preview.meta({
  title: 'Hooks/useImageClassification',
  component: ImageClassificationDemo,
  decorators: [withInference],
  args: { sample: 'house' as const },
});

/** A picture drawn in the story, sent as PNG bytes: the five likeliest labels, best first. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(await canvas.findByRole('img', { name: sampleAlt('house') })).toBeVisible();
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    const values = meters(canvasElement).map((meter) => Number(meter.getAttribute('aria-valuenow')));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    // Softmax scores over the model's labels: five of them add up to at most 100%.
    expect(values.reduce((sum, v) => sum + v, 0)).toBeLessThanOrEqual(100.5);
    expect(labelNames(canvasElement).every((label) => label.length > 0)).toBe(true);
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/google/vit-base-patch16-224', status: 200 }),
    ]);
  },
});

/** Another picture asks again; a yellow banana is labelled as one. */
export const SwitchPicture = meta.story({
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    await userEvent.click(canvas.getByRole('button', { name: 'Use the banana picture' }));
    expect(await canvas.findByRole('img', { name: sampleAlt('banana') })).toBeVisible();
    await waitFor(() => expect(labelNames(canvasElement)[0]).toBe('banana'));
    expect(emulatorLog()).toHaveLength(2);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the labels. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5), { timeout: 6000 });
    expect(within(canvasElement).queryByTestId('model-loading')).toBeNull();
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** The server fails (500): retried twice, then the error is shown. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
    expect(emulatorLog().map((r) => r.status)).toEqual([500, 500, 500]);
    expect(meters(canvasElement)).toHaveLength(0);
  },
});

/** No picture yet: nothing is sent, the empty state says what to do. */
export const NoImage = meta.story({
  args: { sample: 'none' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Pick a picture to see what it shows.')).toBeVisible();
    await pause();
    expect(emulatorLog()).toHaveLength(0);
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / idle');
  },
});

/** A server that answers with labels that look like HTML: they are shown as text. */
export const XssLabelsFromServer = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(
      http.post('/api/inference/*', () =>
        HttpResponse.json([
          { label: XSS, score: 0.7 },
          { label: '<script>alert(1)</script>', score: 0.3 },
        ]),
      ),
    );
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(within(canvasElement).getByText(XSS)).toBeVisible();
    expect(within(canvasElement).getByText('<script>alert(1)</script>')).toBeVisible();
    // The one image is the picture, from a blob: URL.
    expect(canvasElement.querySelectorAll('img')).toHaveLength(1);
    expect(canvasElement.querySelector('img')!.getAttribute('src')).toMatch(/^blob:/);
    expect(canvasElement.querySelector('script, [onerror]')).toBeNull();
  },
});
