import { tokenClassification } from '@inferkit/core';
import { EntityHighlighter } from '@inferkit/components';
import type { TokenClassificationEntity } from '@inferkit/core';
import { useTokenClassification } from '@inferkit/react';
import { useId, useState } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

const TYPE_NAMES: Record<string, string> = { PER: 'Person', ORG: 'Organisation', LOC: 'Location', MISC: 'Other' };
const formatType = (type: string) => TYPE_NAMES[type] ?? type;

const STRATEGIES = ['simple', 'first', 'average', 'max', 'none'] as const;
type Strategy = (typeof STRATEGIES)[number];

interface Shown {
  text: string;
  entities: readonly TokenClassificationEntity[];
}

export function TokenClassificationPage() {
  const { model, setModel, models } = useModelChoice('token-classification', 'dslim/bert-base-NER');
  const [text, setText] = useState(
    'Ada Lovelace worked with Charles Babbage in London on the Analytical Engine, long before Google or IBM existed.',
  );
  const providerChoice = useProviderChoice([tokenClassification], model);
  const { provider } = providerChoice;
  const [strategy, setStrategy] = useState<Strategy>('simple');
  const strategyId = useId();
  const { data, error, isFetching, isDebouncing, isPlaceholderData, modelLoading, queryKey } = useTokenClassification(
    { model, provider, inputs: text, parameters: { aggregationStrategy: strategy } },
    { debounceMs: 300 },
  );
  const busy = isFetching || isDebouncing;

  // Offsets belong to the text that was classified, not to what is in the box while a new answer
  // loads: keep each answer with its own text (derived state, set during render).
  const [shown, setShown] = useState<Shown | null>(null);
  if (!text.trim()) {
    if (shown) setShown(null);
  } else if (data && !isPlaceholderData && shown?.entities !== data && typeof queryKey[3] === 'string') {
    setShown({ text: queryKey[3], entities: data });
  }

  const code = `import { useTokenClassification } from '@inferkit/react';
import { EntityHighlighter } from '@inferkit/components';

function Entities({ text }: { text: string }) {
  const { data } = useTokenClassification(
    { model: ${str(model)}${providerArg(provider)}, inputs: text, parameters: { aggregationStrategy: ${str(strategy)} } },
    { debounceMs: 300 },
  );
  // Model output is rendered as text, never as HTML.
  return <EntityHighlighter text={text} entities={data ?? []} />;
}`;

  return (
    <DemoPage
      title="Token classification"
      description="Named entities highlighted in place, with a legend to toggle each type. Offsets are code points, so emoji and accents stay aligned."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <TextAreaField label="Text" value={text} onChange={(event) => setText(event.target.value)} />
      <div className="field">
        <label htmlFor={strategyId}>Aggregation</label>
        <select id={strategyId} value={strategy} onChange={(event) => setStrategy(event.target.value as Strategy)}>
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s === 'none' ? 'none (one tag per token, B-/I- merged here)' : s}
            </option>
          ))}
        </select>
      </div>
      <section className="result" aria-labelledby="ner-result" aria-busy={busy || undefined}>
        <h2 id="ner-result">Entities</h2>
        {shown ? (
          <EntityHighlighter text={shown.text} entities={shown.entities} formatType={formatType} />
        ) : (
          <p className="empty">{text.trim() ? 'Finding entities…' : 'Type some text to find entities.'}</p>
        )}
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
      </section>
    </DemoPage>
  );
}
