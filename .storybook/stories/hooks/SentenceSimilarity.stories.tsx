import { LabelScoreBars } from '@inferkit/components';
import type { LabelScore } from '@inferkit/core';
import { useFeatureExtraction, useSentenceSimilarity } from '@inferkit/react';
import { useEffect, useId, useMemo, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, pause, StatusLine, XSS } from './demo-kit';

/** The length of an embedding (flat, or the first row of a batch / a token matrix). */
function describeEmbedding(vector: unknown): string {
  let row = vector;
  while (Array.isArray(row) && Array.isArray(row[0])) row = row[0];
  if (!Array.isArray(row)) return 'unknown shape';
  const norm = Math.sqrt((row as number[]).reduce((sum, x) => sum + x * x, 0));
  return `${row.length} dimensions, norm ${norm.toFixed(2)}`;
}

function SourceEmbedding({ source }: { source: string }) {
  const embedding = useFeatureExtraction({ inputs: source }, { debounceMs: 300 });
  return (
    <p style={{ margin: 0 }}>
      Embedding of the source sentence:{' '}
      <span data-testid="embedding">{embedding.data ? describeEmbedding(embedding.data) : '—'}</span>
    </p>
  );
}

interface SimilarityDemoProps {
  source: string;
  /** One sentence per line. */
  sentences: string;
  /** Also show the source's embedding (`useFeatureExtraction`). */
  showEmbedding?: boolean;
}

/** How close each sentence is to the source, as you type: `useSentenceSimilarity` + `LabelScoreBars`. */
function SimilarityDemo({ source: initialSource, sentences: initialSentences, showEmbedding }: SimilarityDemoProps) {
  const id = useId();
  const [source, setSource] = useState(initialSource);
  const [text, setText] = useState(initialSentences);
  const sentences = useMemo(
    () =>
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    [text],
  );
  const query = useSentenceSimilarity({ inputs: { sourceSentence: source, sentences } }, { debounceMs: 300 });
  // Scores belong to the sentences that were sent (the query key's inputs), not to newer lines
  // still being typed: keep the two together, as the previous answer stays while the next loads.
  const [items, setItems] = useState<readonly LabelScore[]>([]);
  const settled = query.isSuccess && !query.isPlaceholderData && !query.isDebouncing;
  // `queryKey` is a new array each render: depend on its text.
  const sentJson = JSON.stringify((query.queryKey[3] as { sentences?: string[] } | undefined)?.sentences ?? []);
  useEffect(() => {
    if (settled) {
      const sent = JSON.parse(sentJson) as string[];
      setItems(sent.map((label, i) => ({ label, score: query.data[i] ?? Number.NaN })));
    } else if (sentences.length === 0) setItems([]);
  }, [settled, query.data, sentJson, sentences.length]);
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-source`}>Source sentence</label>
        <input id={`${id}-source`} dir="auto" value={source} onChange={(e) => setSource(e.target.value)} />
      </div>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-sentences`}>Sentences to compare (one per line)</label>
        <textarea id={`${id}-sentences`} dir="auto" rows={4} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <LabelScoreBars
        items={items}
        sort="none"
        formatScore={(score) => score.toFixed(2)}
        loading={query.isFetching || query.isDebouncing}
        aria-label="Similarity"
        emptyMessage="Type a source sentence and at least one sentence to compare."
      />
      {showEmbedding && <SourceEmbedding source={source} />}
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const meters = (root: HTMLElement) => within(root).queryAllByRole('meter');
/** The scores as read out ("label, 0.78"). */
const scores = (root: HTMLElement) =>
  meters(root).map((meter) => Number(/, (-?[\d.]+)$/.exec(meter.getAttribute('aria-valuetext')!)![1]));

const SENTENCES = [
  'Deep learning is so straightforward.',
  'This is so difficult, like rocket science.',
  'I am hungry.',
];

const meta = preview.meta({
  title: 'Hooks/useSentenceSimilarity',
  component: SimilarityDemo,
  decorators: [withInference],
  args: { source: 'Machine learning is so easy.', sentences: SENTENCES.join('\n') },
});

/** One score per sentence, in their order, the closest in meaning highest. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
    meters(canvasElement).forEach((meter, i) => expect(meter).toHaveAccessibleName(SENTENCES[i]!));
    const values = scores(canvasElement);
    for (const value of values) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
    }
    expect(values[0]).toBe(Math.max(...values));
    expect(emulatorLog()).toEqual([
      expect.objectContaining({
        path: '/hf-inference/models/sentence-transformers/all-MiniLM-L6-v2/pipeline/sentence-similarity',
        status: 200,
      }),
    ]);
  },
});

/** A sentence added on a new line gets its own score. */
export const AddSentence = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
    await userEvent.type(within(canvasElement).getByLabelText(/^Sentences to compare/), '\nMachine learning is easy.');
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(4));
    expect(meters(canvasElement)[3]).toHaveAccessibleName('Machine learning is easy.');
    expect(scores(canvasElement)[3]).toBe(Math.max(...scores(canvasElement)));
  },
});

/** The same sentence scores 1 (up to rounding). */
export const IdenticalSentence = meta.story({
  args: { sentences: 'Machine learning is so easy.\nThe cat sleeps on the sofa.' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(scores(canvasElement)[0]).toBeCloseTo(1, 2);
  },
});

/** With `useFeatureExtraction` next to it: the source's embedding, 384 numbers of unit length. */
export const Embedding = meta.story({
  args: { showEmbedding: true },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(within(canvasElement).getByTestId('embedding')).toHaveTextContent(/^384 dimensions/));
    expect(within(canvasElement).getByTestId('embedding')).toHaveTextContent('norm 1.00');
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3));
  },
});

/** Hebrew sentences, right to left, with a multilingual model. */
export const RightToLeft = meta.story({
  args: { source: 'אני אוהב ללמוד שפות.', sentences: 'אני אוהב ללמוד שפות חדשות.\nהחתול ישן על הספה.' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="he">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(meters(canvasElement)[0]).toHaveAccessibleName('אני אוהב ללמוד שפות חדשות.');
    expect(scores(canvasElement)[0]).toBeGreaterThan(scores(canvasElement)[1]!);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the scores. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(3), { timeout: 6000 });
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

/** No sentences to compare: nothing is sent, the empty state says what to do. */
export const EmptyInput = meta.story({
  args: { sentences: '  \n  ' },
  play: async ({ canvasElement }) => {
    expect(
      within(canvasElement).getByText('Type a source sentence and at least one sentence to compare.'),
    ).toBeVisible();
    await pause();
    expect(emulatorLog()).toHaveLength(0);
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / idle');
  },
});

/** A sentence that looks like HTML is a label, shown as text. */
export const XssSentence = meta.story({
  args: { sentences: `${XSS}\nDeep learning is so straightforward.` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(2));
    expect(meters(canvasElement)[0]).toHaveAccessibleName(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
