import { LabelScoreBars } from '@inferkit/components';
import type { QuestionAnsweringOutput } from '@inferkit/core';
import { useQuestionAnswering } from '@inferkit/react';
import { useId, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { emulatorLog } from '../../emulator';
import { withInference } from '../../inference';
import preview from '../../preview';
import { demoStyle, ErrorNotice, fieldStyle, ModelLoadingNotice, pause, StatusLine, XSS } from './demo-kit';

const CONTEXT =
  'My name is Clara and I live in Berkeley. I work as a nurse at the Alta Bates hospital and I have two cats.';

/**
 * The context with the best answer marked. `start`/`end` count Unicode code points (as Python
 * does), so the context is cut by code points, not UTF-16 units.
 */
function MarkedContext({ context, answer }: { context: string; answer: QuestionAnsweringOutput[number] | undefined }) {
  if (!answer || answer.answer === '') return <p style={{ margin: 0 }}>{context}</p>;
  const points = Array.from(context);
  return (
    <p style={{ margin: 0 }} dir="auto">
      {points.slice(0, answer.start).join('')}
      <mark>{points.slice(answer.start, answer.end).join('')}</mark>
      {points.slice(answer.end).join('')}
    </p>
  );
}

interface QuestionAnsweringDemoProps {
  question: string;
  context: string;
}

/** Extracts the answer from the context as you type: `useQuestionAnswering` + `LabelScoreBars`. */
function QuestionAnsweringDemo({ question: initialQuestion, context: initialContext }: QuestionAnsweringDemoProps) {
  const id = useId();
  const [question, setQuestion] = useState(initialQuestion);
  const [context, setContext] = useState(initialContext);
  const query = useQuestionAnswering({ inputs: { question, context }, parameters: { topK: 3 } }, { debounceMs: 300 });
  // The marks belong to the context that was asked about, not to newer text still being typed.
  const settled = query.isSuccess && !query.isPlaceholderData && !query.isDebouncing;
  const best = query.data?.[0];
  return (
    <div style={demoStyle}>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-question`}>Question</label>
        <input id={`${id}-question`} dir="auto" value={question} onChange={(e) => setQuestion(e.target.value)} />
      </div>
      <div style={fieldStyle}>
        <label htmlFor={`${id}-context`}>Context</label>
        <textarea
          id={`${id}-context`}
          dir="auto"
          rows={4}
          value={context}
          onChange={(e) => setContext(e.target.value)}
        />
      </div>
      <ModelLoadingNotice info={query.modelLoading} />
      <ErrorNotice error={query.error} />
      <section aria-label="Answer" aria-busy={query.isFetching || query.isDebouncing}>
        <p style={{ margin: 0, fontWeight: 'bold' }} dir="auto" data-testid="answer">
          {best ? best.answer || 'No answer in the context.' : 'Ask a question about the context.'}
        </p>
        {settled && <MarkedContext context={context} answer={best} />}
      </section>
      <LabelScoreBars
        items={(query.data ?? []).map(({ answer, score }) => ({ label: answer, score }))}
        aria-label="Candidate answers"
        emptyMessage="No candidates yet."
      />
      <StatusLine>
        {query.status} / {query.fetchStatus}
      </StatusLine>
    </div>
  );
}

const answer = (root: HTMLElement) => within(root).getByTestId('answer');
const mark = (root: HTMLElement) => root.querySelector('mark');
const settled = (root: HTMLElement) =>
  waitFor(() => expect(within(root).getByTestId('status')).toHaveTextContent('success / idle'), { timeout: 5000 });

const meta = preview.meta({
  title: 'Hooks/useQuestionAnswering',
  component: QuestionAnsweringDemo,
  decorators: [withInference],
  args: { question: 'Where does Clara live?', context: CONTEXT },
});

/** The answer is a span of the context, marked where it was found. */
export const Default = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(mark(canvasElement)).not.toBeNull());
    const text = answer(canvasElement).textContent!;
    expect(text).toBe('Berkeley');
    expect(CONTEXT).toContain(text);
    expect(mark(canvasElement)).toHaveTextContent(text);
    expect(within(canvasElement).queryAllByRole('meter').length).toBeGreaterThanOrEqual(1);
    expect(emulatorLog()).toEqual([
      expect.objectContaining({ path: '/hf-inference/models/deepset/roberta-base-squad2', status: 200 }),
    ]);
  },
});

/** Another question about the same context asks again (after the debounce). */
export const EditQuestion = meta.story({
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(answer(canvasElement)).toHaveTextContent('Berkeley'));
    const box = within(canvasElement).getByLabelText('Question');
    await userEvent.clear(box);
    await userEvent.type(box, 'How many cats does Clara have?');
    await waitFor(() => expect(answer(canvasElement)).toHaveTextContent(/^two/));
    await settled(canvasElement);
    expect(mark(canvasElement)!.textContent).toBe(answer(canvasElement).textContent);
  },
});

/**
 * Emoji before the answer: the API's offsets count code points, JavaScript's strings UTF-16
 * units. The mark lands exactly on the answer.
 */
export const EmojiBeforeAnswer = meta.story({
  args: { context: '👋🏽🎉 Hi! 🇫🇷 My name is Clara 👩‍⚕️ and I live in 🏙️ Berkeley.' },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(mark(canvasElement)).not.toBeNull());
    expect(answer(canvasElement)).toHaveTextContent('Berkeley');
    expect(mark(canvasElement)).toHaveTextContent(/^Berkeley$/);
  },
});

/** Arabic question and context, right to left: the answer is still a span of the context. */
export const RightToLeft = meta.story({
  args: { question: 'أين تعيش كلارا؟', context: 'اسمي كلارا وأعيش في بيركلي. أعمل ممرضة في المستشفى.' },
  decorators: [
    (Story) => (
      <div dir="rtl" lang="ar">
        <Story />
      </div>
    ),
  ],
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(mark(canvasElement)).not.toBeNull());
    const text = answer(canvasElement).textContent!;
    expect(text.length).toBeGreaterThan(0);
    expect('اسمي كلارا وأعيش في بيركلي. أعمل ممرضة في المستشفى.').toContain(text);
    expect(mark(canvasElement)).toHaveTextContent(text);
  },
});

/** A cold model (fault `cold-start=1`): a countdown, then the answer. */
export const ModelLoading = meta.story({
  parameters: { inference: { fault: 'cold-start=1' } },
  play: async ({ canvasElement }) => {
    expect(await within(canvasElement).findByTestId('model-loading')).toHaveTextContent(/Model loading, about \d s/);
    await waitFor(() => expect(answer(canvasElement)).toHaveTextContent('Berkeley'), { timeout: 6000 });
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
    expect(answer(canvasElement)).toHaveTextContent('Ask a question about the context.');
  },
});

/** No question yet: nothing is sent. */
export const EmptyQuestion = meta.story({
  args: { question: '' },
  play: async ({ canvasElement }) => {
    await pause();
    expect(emulatorLog()).toHaveLength(0);
    expect(answer(canvasElement)).toHaveTextContent('Ask a question about the context.');
    expect(within(canvasElement).getByTestId('status')).toHaveTextContent('pending / idle');
  },
});

/** A context that looks like HTML: the answer and the marked context are text. */
export const XssContext = meta.story({
  args: { question: 'Who wrote the note?', context: `${XSS} This note was written by Alice Martin in Paris.` },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(mark(canvasElement)).not.toBeNull());
    expect(answer(canvasElement)).toHaveTextContent('Alice Martin');
    expect(within(canvasElement).getByRole('region', { name: 'Answer' })).toHaveTextContent(XSS);
    expect(canvasElement.querySelector('img, [onerror]')).toBeNull();
  },
});
