import { summarization } from '@inferkit/core';
import { useSummarization } from '@inferkit/react';
import { useState, type FormEvent } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

const ARTICLE = `The city council approved a plan on Tuesday to turn the old rail yard into a park with a public library, a market hall and a network of cycle paths. Construction will start next spring and is expected to take three years. The project is funded by a regional grant and by the sale of two office buildings the city no longer uses. Residents who spoke at the meeting welcomed the green space but asked for more affordable housing on the site. The mayor said a second phase, to be decided next year, could add around four hundred homes.`;

export function SummarizationPage() {
  const { model, setModel, models } = useModelChoice('summarization', 'facebook/bart-large-cnn');
  const providerChoice = useProviderChoice([summarization], model);
  const { provider } = providerChoice;
  const [article, setArticle] = useState(ARTICLE);
  const summarize = useSummarization();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    summarize.mutate({ model, provider, inputs: article });
  };

  const code = `import { useSummarization } from '@inferkit/react';

function Summary({ article }: { article: string }) {
  // Generative tasks run on demand: a mutation, not a query.
  const summarize = useSummarization();
  return (
    <>
      <button
        disabled={summarize.isPending}
        onClick={() => summarize.mutate({ model: ${str(model)}${providerArg(provider)}, inputs: article })}
      >
        Summarise
      </button>
      <p>{summarize.data?.summaryText}</p>
    </>
  );
}`;

  return (
    <DemoPage
      title="Summarisation"
      description="Condense a text on demand. Generative tasks are mutations: nothing is sent until you ask."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
        <TextAreaField label="Article" rows={8} value={article} onChange={(event) => setArticle(event.target.value)} />
        <button type="submit" className="button" disabled={summarize.isPending || !article.trim()}>
          {summarize.isPending ? 'Summarising…' : 'Summarise'}
        </button>
      </form>
      <section className="result" aria-labelledby="sum-result" aria-busy={summarize.isPending || undefined}>
        <h2 id="sum-result">Summary</h2>
        {summarize.data ? (
          <p className="generated">{summarize.data.summaryText}</p>
        ) : (
          <p className="empty">{summarize.isPending ? 'Summarising…' : 'Press Summarise.'}</p>
        )}
        <RequestStatus
          modelLoading={summarize.modelLoading}
          error={summarize.error}
          busy={summarize.isPending}
          busyLabel="Summarising…"
        />
      </section>
    </DemoPage>
  );
}
