import { EntityHighlighter } from '@inferkit/components';
import type { TokenClassificationEntity } from '@inferkit/core';
import { useTokenClassification } from '@inferkit/react';
import { useEffect, useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, StatusLine, XSS } from './demo-kit';

const NONE: readonly TokenClassificationEntity[] = [];
const TYPE_NAMES: Record<string, string> = { PER: 'Person', LOC: 'Place', ORG: 'Organisation', MISC: 'Other' };
const formatType = (type: string) => TYPE_NAMES[type] ?? type;

interface NerDemoProps {
  text: string;
  dir?: 'ltr' | 'rtl' | 'auto';
}

/** Named entities of the text as you type: `useTokenClassification` + `EntityHighlighter`. */
function NerDemo({ text: initialText, dir = 'auto' }: NerDemoProps) {
  const id = useId();
  const [text, setText] = useState(initialText);
  const query = useTokenClassification(
    { inputs: text, parameters: { aggregationStrategy: 'simple' } },
    { debounceMs: 300 },
  );
  // Offsets belong to the text that was classified: keep the two together, so a previous answer
  // shown while the next one loads is never drawn over newer text.
  const [shown, setShown] = useState<{ text: string; entities: readonly TokenClassificationEntity[] }>({
    text: initialText,
    entities: NONE,
  });
  const settled = query.isSuccess && !query.isPlaceholderData && !query.isDebouncing;
  useEffect(() => {
    if (settled) setShown({ text, entities: query.data });
    else if (text.trim() === '') setShown({ text, entities: NONE });
  }, [settled, text, query.data]);
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={id}>Text</label>
        <textarea id={id} rows={3} dir={dir} value={text} onChange={(e) => setText(e.target.value)} />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <EntityHighlighter text={shown.text} entities={shown.entities} dir={dir} formatType={formatType} />
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const markTexts = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>('mark')].map((mark) => mark.firstChild?.textContent);
const settled = (root: HTMLElement) =>
  waitFor(() => expect(within(root).getByTestId('status')).toHaveTextContent('success / idle'), { timeout: 5000 });

const meta = preview.meta({
  title: 'Hooks/useTokenClassification',
  component: NerDemo,
  decorators: [withInference],
  args: { text: 'My name is Sarah Jessica Parker and I live in London. I work at Google in Paris.' },
});

/** People, places and organisations found by the emulator's NER model. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(markTexts(canvasElement)).toContain('Sarah Jessica Parker'));
    expect(markTexts(canvasElement)).toEqual(expect.arrayContaining(['London', 'Paris']));
    expect(within(canvasElement).getByRole('button', { name: /^Person 1$/ })).toBeVisible();
  },
});

/** Typing replaces the answer; the marks always match the text they were found in. */
export const EditText = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(markTexts(canvasElement)).toContain('Sarah Jessica Parker'));
    const box = within(canvasElement).getByLabelText('Text');
    await userEvent.clear(box);
    await userEvent.type(box, 'Angela Merkel visited Madrid.');
    await waitFor(() => expect(markTexts(canvasElement)).toEqual(['Angela Merkel', 'Madrid']));
  },
});

/**
 * Emoji before the entities: the API counts code points, JavaScript UTF-16 units. The marks land
 * exactly on the names.
 */
export const EmojiBeforeEntities = meta.story({
  args: { text: '👋🏽 Hi! I am Sarah, from 🇫🇷 Paris, and I work at 🤗 Google.' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(markTexts(canvasElement)).toEqual(['Sarah', 'Paris', 'Google']));
  },
});

/** Arabic text, right to left, with Latin names inside. */
export const RightToLeft = meta.story({
  args: { text: 'قابلت Sarah في Paris أمس، ثم زرنا Google.', dir: 'rtl' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(markTexts(canvasElement)).toEqual(['Sarah', 'Paris', 'Google']));
    const marks = canvasElement.querySelectorAll<HTMLElement>('mark');
    marks[0]!.focus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(marks[1]).toHaveFocus();
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the entities. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await settled(canvasElement);
    expect(markTexts(canvasElement)).toContain('Sarah Jessica Parker');
    expect(emulatorLog().map((r) => r.status)).toEqual([503, 200]);
  },
});

/** A bad request (400) is not retried: the server's message is shown. */
export const BadRequest = meta.story({
  parameters: { inference: { fault: 'bad-request=Input is too long for this model' } },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 400: Input is too long for this model');
    expect(emulatorLog()).toHaveLength(1);
  },
});

/** The server fails (500): retried twice, then shown. */
export const ServerError = meta.story({
  parameters: { inference: { fault: 'server-error=503' } },
  play: async ({ canvasElement }) => {
    const alert = await within(canvasElement).findByRole('alert');
    expect(alert).toHaveTextContent('failed with HTTP 503');
  },
});

/** No text: nothing is sent. */
export const EmptyInput = meta.story({
  args: { text: '   ' },
  play: async ({ canvasElement }) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(emulatorLog()).toHaveLength(0);
    expect(canvasElement.querySelector('mark')).toBeNull();
  },
});

/** A long text with many entities. */
export const LongText = meta.story({
  args: {
    text: Array.from(
      { length: 12 },
      (_, i) => `In chapter ${i + 1}, Sarah Jessica Parker flew from London to Paris to meet the team of Google.`,
    ).join(' '),
  },
  play: async ({ canvasElement }) => {
    await settled(canvasElement);
    expect(canvasElement.querySelectorAll('mark').length).toBeGreaterThanOrEqual(24);
  },
});

/** Input that looks like HTML is shown as text around the entities. */
export const XssText = meta.story({
  args: { text: `Reply from ${XSS} to Alice in Paris` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(markTexts(canvasElement)).toEqual(['Alice', 'Paris']));
    expect(canvasElement.querySelector('.ik-entity-text')).toHaveTextContent(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
