import { translation } from '@inferkit/core';
import { useTranslation } from '@inferkit/react';
import { useId, useState, type FormEvent } from 'react';
import type { PickerModel } from '../catalogue-tasks';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

function LanguageSelect({
  label,
  value,
  onChange,
  languages,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  languages: readonly string[] | undefined;
}) {
  const id = useId();
  return (
    <div className="field field-narrow">
      <label htmlFor={id}>{label}</label>
      {languages ? (
        <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
          {languages.map((language) => (
            <option key={language}>{language}</option>
          ))}
        </select>
      ) : (
        <input id={id} value={value} onChange={(event) => onChange(event.target.value)} spellCheck={false} />
      )}
    </div>
  );
}

export function TranslationPage() {
  const { model, setModel, models, info } = useModelChoice('translation', 'Helsinki-NLP/opus-mt-en-fr');
  const providerChoice = useProviderChoice([translation], model);
  const { provider } = providerChoice;
  const [text, setText] = useState('The weather is lovely today, shall we have lunch in the garden?');
  const [pair, setPair] = useState({ src: info?.source ?? 'en', tgt: info?.target ?? 'fr' });
  const translate = useTranslation();
  const fixed = info?.fixed === true;

  const changeModel = (next: string) => {
    const model: PickerModel | undefined = models.find((m) => m.id === next);
    setPair({ src: model?.source ?? 'en', tgt: model?.target ?? 'fr' });
    setModel(next);
  };
  const parameters = fixed ? undefined : { srcLang: pair.src, tgtLang: pair.tgt };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    translate.mutate({ model, provider, inputs: text, ...(parameters && { parameters }) });
  };

  const code = `import { useTranslation } from '@inferkit/react';

const translate = useTranslation();
translate.mutate({
  model: ${str(model)},${providerArg(provider, '\n  ')}
  inputs: ${str(text)},${parameters ? `\n  parameters: { srcLang: ${str(pair.src)}, tgtLang: ${str(pair.tgt)} },` : ''}
});
// translate.data?.translationText`;

  return (
    <DemoPage
      title="Translation"
      description="Translate on demand. Single-pair models (opus-mt) need no languages; multilingual ones take a source and a target."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelAndProvider model={model} onModelChange={changeModel} models={models} choice={providerChoice} />
        {fixed ? (
          <p className="hint">
            This model translates <code>{info?.source}</code> → <code>{info?.target}</code> only.
          </p>
        ) : (
          <div className="row">
            <LanguageSelect
              label="From"
              value={pair.src}
              onChange={(src) => setPair((p) => ({ ...p, src }))}
              languages={info?.languages}
            />
            <LanguageSelect
              label="To"
              value={pair.tgt}
              onChange={(tgt) => setPair((p) => ({ ...p, tgt }))}
              languages={info?.languages}
            />
          </div>
        )}
        <TextAreaField label="Text" rows={3} value={text} onChange={(event) => setText(event.target.value)} />
        <button type="submit" className="button" disabled={translate.isPending || !text.trim()}>
          {translate.isPending ? 'Translating…' : 'Translate'}
        </button>
      </form>
      <section className="result" aria-labelledby="tr-result" aria-busy={translate.isPending || undefined}>
        <h2 id="tr-result">Translation</h2>
        {translate.data ? (
          <p className="generated" lang={fixed ? info?.target : pair.tgt.slice(0, 2)}>
            {translate.data.translationText}
          </p>
        ) : (
          <p className="empty">{translate.isPending ? 'Translating…' : 'Press Translate.'}</p>
        )}
        <RequestStatus
          modelLoading={translate.modelLoading}
          error={translate.error}
          busy={translate.isPending}
          busyLabel="Translating…"
        />
      </section>
    </DemoPage>
  );
}
