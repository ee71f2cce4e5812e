import { questionAnswering } from '@inferkit/core';
import { useQuestionAnswering } from '@inferkit/react';
import { useState } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { InputField, TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

/** The context split around the answer; offsets are code points (Python indices). */
function splitAround(context: string, start: number, end: number): [string, string, string] | undefined {
  const chars = Array.from(context);
  if (!(start >= 0 && end > start && end <= chars.length)) return undefined;
  return [chars.slice(0, start).join(''), chars.slice(start, end).join(''), chars.slice(end).join('')];
}

export function QuestionAnsweringPage() {
  const { model, setModel, models } = useModelChoice('question-answering', 'deepset/roberta-base-squad2');
  const providerChoice = useProviderChoice([questionAnswering], model);
  const { provider } = providerChoice;
  const [question, setQuestion] = useState('Where do the penguins live?');
  const [context, setContext] = useState(
    'Emperor penguins live in Antarctica, where they breed during the winter. The males keep the eggs warm on their feet for about two months while the females hunt at sea.',
  );
  const { data, error, isFetching, isDebouncing, modelLoading } = useQuestionAnswering(
    { model, provider, inputs: { question, context } },
    { debounceMs: 300 },
  );
  const busy = isFetching || isDebouncing;
  const best = question.trim() && context.trim() ? data?.[0] : undefined;
  const parts = best ? splitAround(context, best.start, best.end) : undefined;

  const code = `import { useQuestionAnswering } from '@inferkit/react';

const { data } = useQuestionAnswering(
  { model: ${str(model)}${providerArg(provider)}, inputs: { question, context } },
  { debounceMs: 300 },
);
const best = data?.[0]; // { answer, score, start, end }, offsets into context`;

  return (
    <DemoPage
      title="Question answering"
      description="Extract the answer to a question from a passage. The answer is highlighted where the model found it."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <InputField label="Question" value={question} onChange={(event) => setQuestion(event.target.value)} />
      <TextAreaField label="Context" rows={5} value={context} onChange={(event) => setContext(event.target.value)} />
      <section className="result" aria-labelledby="qa-result" aria-busy={busy || undefined}>
        <h2 id="qa-result">Answer</h2>
        {best ? (
          <>
            <p className="answer">
              <strong>{best.answer}</strong> <span className="score">{(best.score * 100).toFixed(1)}% confident</span>
            </p>
            {parts && (
              <blockquote className="context">
                {parts[0]}
                <mark>{parts[1]}</mark>
                {parts[2]}
              </blockquote>
            )}
          </>
        ) : (
          <p className="empty">{question.trim() && context.trim() ? 'Reading…' : 'Ask a question about a context.'}</p>
        )}
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
      </section>
    </DemoPage>
  );
}
