import { LabelScoreBars } from '@inferkit/components';
import { useFillMask } from '@inferkit/react';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, pause, StatusLine, XSS } from './demo-kit';

interface FillMaskDemoProps {
  text: string;
  /** A fill-mask model; its mask token is `[MASK]` (BERT) or `<mask>` (RoBERTa). */
  model?: string;
  maskToken?: string;
}

/** Candidates for the masked word as you type: `useFillMask` + `LabelScoreBars`. */
function FillMaskDemo({ text: initialText, model, maskToken = '[MASK]' }: FillMaskDemoProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const query = useFillMask({ model, inputs: text, parameters: { topK: 5 } }, { debounceMs: 300 });
  const best = query.data?.[0];
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={id}>Sentence with {maskToken}</label>
        <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <LabelScoreBars
        items={(query.data ?? []).map(({ tokenStr, score }) => ({ label: tokenStr, score }))}
        loading={query.isFetching || query.isDebouncing}
        aria-label="Candidates"
        emptyMessage={`Type a sentence with ${maskToken} where a word is missing.`}
      />
      <section aria-label="Best guess">
        <p style={{ margin: 0 }} data-testid="best-sequence">
          {best ? best.sequence : '—'}
        </p>
      </section>
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const meters = (root: HTMLElement) => within(root).queryAllByRole('meter');
const candidates = (root: HTMLElement) =>
  meters(root).map((meter) => meter.getAttribute('aria-valuetext')!.replace(/, \d+ percent$/, ''));
const bestSequence = (root: HTMLElement) => within(root).getByTestId('best-sequence');

const meta = preview.meta({
  title: 'Hooks/useFillMask',
  component: FillMaskDemo,
  decorators: [withInference],
  args: { text: 'The capital of France is [MASK].' },
});

/** Five candidates for the mask, best first; the best one fills the sentence. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    const [top] = candidates(canvasElement);
    expect(top).toBe('paris');
    // The sequence is the sentence with the mask filled (the uncased model answers in lower case).
    expect(bestSequence(canvasElement)).toHaveTextContent('the capital of france is paris.');
    expect(bestSequence(canvasElement)).not.toHaveTextContent('[MASK]');
    for (const meter of meters(canvasElement)) {
      const value = Number(meter.getAttribute('aria-valuenow'));
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(100);
    }
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/google-bert/bert-base-uncased', status: 200 }),
    ]);
  },
});

/** Typing another sentence asks again (after the debounce); the candidates follow. */
export const EditSentence = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(candidates(canvasElement)[0]).toBe('paris'));
    const box = within(canvasElement).getByLabelText('Sentence with [MASK]');
    await userEvent.clear(box);
    // `[[` types a literal `[` (user-event reads `[Key]` as a key name).
    await userEvent.type(box, 'The capital of Japan is [[MASK].');
    await waitFor(() => expect(candidates(canvasElement)[0]).toBe('tokyo'));
    expect(bestSequence(canvasElement)).toHaveTextContent('the capital of japan is tokyo.');
  },
});

/** A RoBERTa model and its `<mask>` token, which looks like HTML but is only ever text. */
export const RobertaMaskToken = meta.story({
  args: { text: 'The goal of life is <mask>.', model: 'FacebookAI/roberta-base', maskToken: '<mask>' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    // RoBERTa's tokens carry their leading space; the sequence has the word in place of the mask.
    const [top] = candidates(canvasElement);
    expect(top).toMatch(/^ \S/);
    expect(bestSequence(canvasElement)).toHaveTextContent(`The goal of life is ${top!.trim()}.`);
    expect(canvasElement.querySelector('mask')).toBeNull();
    expect(within(canvasElement).getByLabelText('Sentence with <mask>')).toHaveValue('The goal of life is <mask>.');
  },
});

/** No mask token in the text: the server says so (400), and it is not retried. */
export const NoMaskToken = meta.story({
  args: { text: 'There is nothing to fill in here.' },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 400');
    expect(alert).toHaveTextContent('No mask_token ([MASK]) found on the input');
    expect(emulatorLog()).toHaveLength(1);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the candidates. */
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

/** No text: nothing is sent, the empty state says what to do. */
export const EmptyInput = meta.story({
  args: { text: '' },
  play: async ({ canvasElement }) => {
    expect(within(canvasElement).getByText('Type a sentence with [MASK] where a word is missing.')).toBeVisible();
    await pause();
    expect(emulatorLog()).toHaveLength(0);
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / idle');
  },
});

/** Input that looks like HTML comes back in the sequence and is shown as text. */
export const XssText = meta.story({
  args: { text: `${XSS} The capital of France is [MASK].` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(meters(canvasElement)).toHaveLength(5));
    expect(bestSequence(canvasElement)).toHaveTextContent(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
