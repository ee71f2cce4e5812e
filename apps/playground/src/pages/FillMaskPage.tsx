import { fillMask } from '@inferkit/core';
import { LabelScoreBars } from '@inferkit/components';
import { useFillMask } from '@inferkit/react';
import { useMemo, useState } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

const MASKS = ['[MASK]', '<mask>'];

export function FillMaskPage() {
  const { model, setModel, models, info } = useModelChoice('fill-mask', 'google-bert/bert-base-uncased');
  const providerChoice = useProviderChoice([fillMask], model);
  const { provider } = providerChoice;
  const mask = info?.maskToken ?? '[MASK]';
  const [text, setText] = useState('Paris is the [MASK] of France.');

  // Each tokenizer has its own mask token: switching models rewrites the gap in the text.
  const changeModel = (next: string) => {
    const nextMask = models.find((m) => m.id === next)?.maskToken ?? '[MASK]';
    setText((current) => MASKS.reduce((t, token) => t.split(token).join(nextMask), current));
    setModel(next);
  };

  const hasMask = text.includes(mask);
  const { data, error, isFetching, isDebouncing, modelLoading } = useFillMask(
    hasMask ? { model, provider, inputs: text } : null,
    {
      debounceMs: 300,
    },
  );
  const busy = isFetching || isDebouncing;
  const items = useMemo(
    () => (hasMask && data ? data.map((c) => ({ label: c.tokenStr, score: c.score })) : []),
    [data, hasMask],
  );

  const code = `import { useFillMask } from '@inferkit/react';

const { data: candidates } = useFillMask(
  { model: ${str(model)}${providerArg(provider)}, inputs: ${str(text)} },
  { debounceMs: 300 },
);
// → [{ tokenStr, score, sequence, token }, ...]`;

  return (
    <DemoPage
      title="Fill-mask"
      description={
        <>
          Guess the word behind the mask. This model&rsquo;s mask token is <code>{mask}</code>.
        </>
      }
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={changeModel} models={models} choice={providerChoice} />
      <TextAreaField
        label="Text with a mask"
        rows={3}
        value={text}
        onChange={(event) => setText(event.target.value)}
        hint={
          <>
            Put <code>{mask}</code> where the missing word goes.{' '}
            <button type="button" className="button-link" onClick={() => setText((t) => `${t.trimEnd()} ${mask}`)}>
              Add a mask
            </button>
          </>
        }
      />
      <section className="result" aria-labelledby="fm-result">
        <h2 id="fm-result">Candidates</h2>
        <LabelScoreBars
          items={items}
          loading={busy}
          sort="none"
          emptyMessage={`The text needs a ${mask} token.`}
          aria-label="Candidate words"
        />
        {hasMask && data?.[0] && <p className="sentence">{data[0].sequence}</p>}
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
      </section>
    </DemoPage>
  );
}
