import { zeroShotClassification } from '@inferkit/core';
import { LabelScoreBars } from '@inferkit/components';
import { useZeroShotClassification } from '@inferkit/react';
import { useMemo, useState } from 'react';
import { providerArg, str, strList } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { InputField, TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { StaleAnswer } from '../ui/StaleAnswer';
import { useLastAnswer } from '../ui/use-last-answer';

/** Labels typed as a comma-separated list: trimmed, without blanks or repeats. */
const parseLabels = (text: string) => [...new Set(text.split(',').map((label) => label.trim()))].filter(Boolean);

export function ZeroShotPage() {
  const { model, setModel, models } = useModelChoice('zero-shot-classification', 'facebook/bart-large-mnli');
  const [text, setText] = useState('My new phone stopped working after two days and I want my money back');
  const [labelText, setLabelText] = useState('refund, legal, faq, praise');
  const [multiLabel, setMultiLabel] = useState(false);
  const candidateLabels = useMemo(() => parseLabels(labelText), [labelText]);
  const providerChoice = useProviderChoice([zeroShotClassification], model);
  const { provider } = providerChoice;

  const { data, error, isFetching, isDebouncing, modelLoading } = useZeroShotClassification(
    { model, provider, inputs: text, parameters: { candidateLabels, ...(multiLabel && { multiLabel }) } },
    { debounceMs: 300 },
  );
  const busy = isFetching || isDebouncing;

  const answer = useLastAnswer(data, error);

  const code = `import { useZeroShotClassification } from '@inferkit/react';
import { LabelScoreBars } from '@inferkit/components';

function Triage() {
  const [text, setText] = useState(${str(text)});
  // Debounced as you type; the previous bars stay while the next answer loads.
  const { data, isFetching, modelLoading, error } = useZeroShotClassification(
    {
      model: ${str(model)},${providerArg(provider, '\n      ')}
      inputs: text,
      parameters: { candidateLabels: ${strList(candidateLabels)}${multiLabel ? ', multiLabel: true' : ''} },
    },
    { debounceMs: 300 },
  );
  return <LabelScoreBars items={data ?? []} loading={isFetching} aria-label="Labels" />;
}`;

  return (
    <DemoPage
      title="Zero-shot classification"
      description="Classify text into labels of your choice, as you type. The bars keep the last answer while the next one loads, so nothing flickers."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <TextAreaField label="Text" value={text} onChange={(event) => setText(event.target.value)} />
      <InputField
        label="Candidate labels"
        hint="Comma-separated; the model need not have been trained on them."
        value={labelText}
        onChange={(event) => setLabelText(event.target.value)}
      />
      <label className="checkbox">
        <input type="checkbox" checked={multiLabel} onChange={(event) => setMultiLabel(event.target.checked)} />
        Score each label on its own (multi-label)
      </label>
      <section className="result" aria-labelledby="zs-result">
        <h2 id="zs-result">Labels</h2>
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
        <StaleAnswer stale={answer.stale}>
          <LabelScoreBars
            items={text.trim() && candidateLabels.length ? (answer.value ?? []) : []}
            loading={busy}
            emptyMessage={
              !candidateLabels.length
                ? 'Add at least one label.'
                : error
                  ? 'No labels yet.'
                  : 'Type some text to classify.'
            }
            aria-label="Label scores"
          />
        </StaleAnswer>
      </section>
    </DemoPage>
  );
}
