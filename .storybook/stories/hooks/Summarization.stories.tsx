import { useSummarization } from '@inferkit/react';
import { delay, http } from 'msw';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, XSS } from './demo-kit';

const ARTICLE =
  'The tower is 324 metres tall, about the same height as an 81-storey building, and the tallest structure in Paris. ' +
  'Its base is square, measuring 125 metres on each side. During its construction, the Eiffel Tower surpassed the ' +
  'Washington Monument to become the tallest man-made structure in the world, a title it held for 41 years until the ' +
  'Chrysler Building in New York City was finished in 1930. It was the first structure to reach a height of 300 metres. ' +
  'Due to the addition of a broadcasting aerial at the top of the tower in 1957, it is now taller than the Chrysler ' +
  'Building by 5.2 metres. Excluding transmitters, the Eiffel Tower is the second tallest free-standing structure in ' +
  'France after the Millau Viaduct.';

/** Summarizes on demand (a mutation): `useSummarization`. */
function SummarizationDemo({ text: initialText }: { text: string }) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const summarize = useSummarization();
  return (
    <form
      style={demoStyle}
      onSubmit={(event) => {
        event.preventDefault();
        summarize.mutate({ inputs: text });
      }}
    >
      <div style={fieldStyle}>
        <label htmlFor={id}>Article</label>
        <textarea id={id} rows={6} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <div>
        <button type="submit" disabled={summarize.isPending || text.trim() === ''}>
          {summarize.isPending ? 'Summarizing…' : 'Summarize'}
        </button>
      </div>
      <ModelLoadingNotice info={summarize.modelLoading} />
      <ErrorNotice error={summarize.error} />
      <section aria-label="Summary" aria-busy={summarize.isPending}>
        {summarize.data ? <p>{summarize.data.summaryText}</p> : <p>No summary yet.</p>}
      </section>
    </form>
  );
}

const summary = (root: HTMLElement) => within(root).getByRole('region', { name: 'Summary' });
const summarizeButton = (root: HTMLElement) => within(root).getByRole('button', { name: /^Summariz/ });

const meta = preview.meta({
  title: 'Hooks/useSummarization',
  component: SummarizationDemo,
  decorators: [withInference],
  args: { text: ARTICLE },
});

/** Click, wait, read. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    expect(summary(canvasElement)).toHaveTextContent('No summary yet.');
    await userEvent.click(summarizeButton(canvasElement));
    await waitFor(() => expect(summary(canvasElement)).not.toHaveTextContent('No summary yet.'));
    expect(summary(canvasElement).textContent!.length).toBeLessThan(ARTICLE.length);
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/facebook/bart-large-cnn', status: 200 }),
    ]);
  },
});

/** While the request runs, the button is disabled and says so (the request never ends here). */
export const Pending = meta.story({
  beforeEach: ({ msw }) => {
    msw.use(http.all('/api/inference/*', () => delay('infinite')));
  },
  play: async ({ canvasElement }) => {
    await userEvent.click(summarizeButton(canvasElement));
    await waitFor(() => expect(summarizeButton(canvasElement)).toHaveTextContent('Summarizing…'));
    expect(summarizeButton(canvasElement)).toBeDisabled();
    expect(summary(canvasElement)).toHaveAttribute('aria-busy', 'true');
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the summary. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(summarizeButton(canvasElement));
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await waitFor(() => expect(summary(canvasElement)).not.toHaveTextContent('No summary yet.'), { timeout: 6000 });
    expect(within(canvasElement).queryByTestId('model-loading')).toBeNull();
  },
});

/** The server fails (500): retried twice, then shown; the button works again. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error' } },
  play: async ({ canvasElement }) => {
    await userEvent.click(summarizeButton(canvasElement));
    expect(await within(canvasElement).findByRole('alert')).toHaveTextContent('failed with HTTP 500');
    expect(emulatorLog()).toHaveLength(3);
    expect(summarizeButton(canvasElement)).toBeEnabled();
  },
});

/** No text: the button is disabled. */
export const EmptyInput = meta.story({
  args: { text: '' },
  play: async ({ canvasElement }) => {
    expect(summarizeButton(canvasElement)).toBeDisabled();
  },
});

/** Hebrew, right to left. */
export const RightToLeft = meta.story({
  args: {
    text: 'מגדל אייפל הוא מגדל סריג מברזל בפריז. הוא נבנה בשנים 1887 עד 1889 ככניסה לתערוכה העולמית. גובהו 330 מטרים והוא המבנה הגבוה ביותר בפריז.',
  },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="he">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await userEvent.click(summarizeButton(canvasElement));
    await waitFor(() => expect(summary(canvasElement)).toHaveTextContent(/אייפל|פריז/));
  },
});

/** Input that looks like HTML stays text in the summary. */
export const XssText = meta.story({
  args: { text: `${XSS} The Eiffel Tower is 330 metres tall. ${XSS} It is in Paris.` },
  play: async ({ canvasElement }) => {
    await userEvent.click(summarizeButton(canvasElement));
    await waitFor(() => expect(summary(canvasElement)).not.toHaveTextContent('No summary yet.'));
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
