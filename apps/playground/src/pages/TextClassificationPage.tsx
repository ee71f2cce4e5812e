import { textClassification } from '@inferkit/core';
import { LabelScoreBars } from '@inferkit/components';
import { useTextClassification } from '@inferkit/react';
import { useState } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { StaleAnswer } from '../ui/StaleAnswer';
import { useLastAnswer } from '../ui/use-last-answer';

export function TextClassificationPage() {
  const { model, setModel, models } = useModelChoice(
    'text-classification',
    'distilbert/distilbert-base-uncased-finetuned-sst-2-english',
  );
  const providerChoice = useProviderChoice([textClassification], model);
  const { provider } = providerChoice;
  const [text, setText] = useState('The battery lasts all day and the screen is gorgeous. Best purchase this year!');
  const { data, error, isFetching, isDebouncing, modelLoading } = useTextClassification(
    { model, provider, inputs: text },
    { debounceMs: 300 },
  );
  const busy = isFetching || isDebouncing;

  const answer = useLastAnswer(data, error);

  const code = `import { useTextClassification } from '@inferkit/react';
import { LabelScoreBars } from '@inferkit/components';

function Sentiment({ text }: { text: string }) {
  const { data, isFetching } = useTextClassification(
    { model: ${str(model)}${providerArg(provider)}, inputs: text },
    { debounceMs: 300 },
  );
  return <LabelScoreBars items={data ?? []} loading={isFetching} aria-label="Sentiment" />;
}`;

  return (
    <DemoPage
      title="Text classification"
      description="Sentiment, emotion, topic: the labels are the model's own. Pick another model to see its label set."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <TextAreaField label="Text" value={text} onChange={(event) => setText(event.target.value)} />
      <section className="result" aria-labelledby="tc-result">
        <h2 id="tc-result">Labels</h2>
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
        <StaleAnswer stale={answer.stale}>
          <LabelScoreBars
            items={text.trim() ? (answer.value ?? []) : []}
            loading={busy}
            emptyMessage={error ? 'No labels yet.' : 'Type some text to classify.'}
            aria-label="Label scores"
          />
        </StaleAnswer>
      </section>
    </DemoPage>
  );
}
