import { entityColorIndex } from '@inferkit/components';
import { useObjectDetection } from '@inferkit/react';
import { http, HttpResponse } from 'msw';
import { useEffect, useId, useState, type CSSProperties } from 'react';
import { expect, waitFor, within } from 'storybook/test';
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
import {
  drawSampleImage,
  SAMPLE_SIZE,
  sampleAlt,
  type SampleName,
} from '../../../packages/components/src/sample-image';

const percent = (score: number) => `${Math.round(score * 100)}%`;

interface ObjectDetectionDemoProps {
  /** The picture drawn at first; `none` starts without one. */
  sample: SampleName | 'none';
  threshold?: number;
}

/** Objects in a picture drawn on a canvas, listed with their boxes and drawn over it: `useObjectDetection`. */
function ObjectDetectionDemo({ sample, threshold: initialThreshold = 0.5 }: ObjectDetectionDemoProps) {
  const id = useId();
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<Error | null>(null);
  const [threshold, setThreshold] = useState(initialThreshold);
  useEffect(() => {
    if (sample !== 'none') drawSampleImage(sample).then(setFile, setProblem);
  }, [sample]);
  const url = useObjectUrl(file);
  const query = useObjectDetection(file && { inputs: file, parameters: { threshold } }, { debounceMs: 200 });
  const objects = file ? (query.data ?? []) : [];
  const { width, height } = SAMPLE_SIZE;
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={id}>Threshold: {threshold.toFixed(2)}</label>
        <input
          id={id}
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
        />
      </div>
      {url && sample !== 'none' && (
        <figure style={{ position: 'relative', margin: 0, width, height }}>
          <img src={url} alt={sampleAlt(sample)} width={width} height={height} style={{ display: 'block' }} />
          {/* The boxes repeat the list below, for sighted users: hidden from screen readers. */}
          {objects.map(({ label, box }, i) => (
            <span
              key={i}
              aria-hidden="true"
              data-testid="box"
              style={
                {
                  position: 'absolute',
                  left: box.xmin,
                  top: box.ymin,
                  width: box.xmax - box.xmin,
                  height: box.ymax - box.ymin,
                  border: `3px solid var(--ik-palette-${entityColorIndex(label)})`,
                  boxSizing: 'border-box',
                } as CSSProperties
              }
            />
          ))}
        </figure>
      )}
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={problem ?? query.error} />
      <section aria-label="Objects" aria-busy={query.isFetching || query.isDebouncing}>
        {objects.length > 0 ? (
          <ol style={{ margin: 0 }}>
            {objects.map(({ label, score, box }, i) => (
              <li key={i}>
                {label}, {percent(score)}: x {Math.round(box.xmin)}–{Math.round(box.xmax)}, y {Math.round(box.ymin)}–
                {Math.round(box.ymax)}
              </li>
            ))}
          </ol>
        ) : (
          <p style={{ margin: 0 }}>{file && query.isSuccess ? 'No objects found.' : 'No objects yet.'}</p>
        )}
      </section>
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const objectsRegion = (root: HTMLElement) => within(root).getByRole('region', { name: 'Objects' });
const items = (root: HTMLElement) => within(objectsRegion(root)).queryAllByRole('listitem');
/** "label, 93%: x 90–200, y 120–250" → its parts. */
const parse = (item: HTMLElement) => {
  const m = /^(.+), (\d+)%: x (\d+)–(\d+), y (\d+)–(\d+)$/.exec(item.textContent!)!;
  expect(m).not.toBeNull();
  const [, label, score, xmin, xmax, ymin, ymax] = m;
  return {
    label,
    score: Number(score),
    xmin: Number(xmin),
    xmax: Number(xmax),
    ymin: Number(ymin),
    ymax: Number(ymax),
  };
};

const meta = preview.meta({
  title: 'Hooks/useObjectDetection',
  component: ObjectDetectionDemo,
  decorators: [withInference],
  args: { sample: 'house' as const },
});

/** The objects of a picture drawn in the story, each with its box inside the picture. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(items(canvasElement).length).toBeGreaterThan(0));
    for (const item of items(canvasElement)) {
      const { label, score, xmin, xmax, ymin, ymax } = parse(item);
      expect(label!.length).toBeGreaterThan(0);
      expect(score).toBeGreaterThanOrEqual(50);
      expect(xmin).toBeGreaterThanOrEqual(0);
      expect(xmax).toBeLessThanOrEqual(SAMPLE_SIZE.width);
      expect(xmin).toBeLessThan(xmax);
      expect(ymin).toBeGreaterThanOrEqual(0);
      expect(ymax).toBeLessThanOrEqual(SAMPLE_SIZE.height);
      expect(ymin).toBeLessThan(ymax);
    }
    // One drawn box per listed object, hidden from the accessibility tree.
    expect(within(canvasElement).getAllByTestId('box')).toHaveLength(items(canvasElement).length);
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/facebook/detr-resnet-50', status: 200 }),
    ]);
  },
});

/** A threshold of 0.99 keeps only the surest detections, if any. */
export const HighThreshold = meta.story({
  args: { threshold: 0.99 },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(within(canvasElement).getByTestId('status')).toHaveTextContent('success / idle'));
    for (const item of items(canvasElement)) expect(parse(item).score).toBeGreaterThanOrEqual(99);
  },
});

/** A flat grey picture has nothing in it: "No objects found". */
export const FlatPicture = meta.story({
  args: { sample: 'flat' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(objectsRegion(canvasElement)).toHaveTextContent('No objects found.'));
    expect(emulatorLog()).toHaveLength(1);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the objects. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await waitFor(() => expect(items(canvasElement).length).toBeGreaterThan(0), { timeout: 6000 });
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
    expect(items(canvasElement)).toHaveLength(0);
  },
});

/** No picture: nothing is sent. */
export const NoImage = meta.story({
  args: { sample: 'none' },
  play: async ({ canvasElement }) => {
    await pause();
    expect(emulatorLog()).toHaveLength(0);
    expect(objectsRegion(canvasElement)).toHaveTextContent('No objects yet.');
  },
});

/** A server that answers with a label that looks like HTML: listed as text. */
export const XssLabelFromServer = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(
      http.post('/api/inference/*', () =>
        HttpResponse.json([{ label: XSS, score: 0.9, box: { xmin: 10, ymin: 20, xmax: 110, ymax: 120 } }]),
      ),
    );
  },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(items(canvasElement)).toHaveLength(1));
    expect(items(canvasElement)[0]).toHaveTextContent(`${XSS}, 90%: x 10–110, y 20–120`);
    expect(canvasElement.querySelectorAll('img')).toHaveLength(1);
    expect(canvasElement.querySelector('[onerror]')).toBeNull();
  },
});
