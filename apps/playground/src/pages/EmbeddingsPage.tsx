import { featureExtraction, sentenceSimilarity } from '@inferkit/core';
import { LabelScoreBars } from '@inferkit/components';
import { useFeatureExtraction, useSentenceSimilarity } from '@inferkit/react';
import { useMemo, useState } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { InputField, TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** The vector of a single input, whatever nesting the server used (token-level output is mean-pooled). */
function toVector(output: unknown): number[] | undefined {
  if (!Array.isArray(output) || output.length === 0) return undefined;
  if (typeof output[0] === 'number') return output as number[];
  const rows = (Array.isArray(output[0]) && Array.isArray(output[0][0]) ? output[0] : output) as number[][];
  if (rows.length === 1) return rows[0];
  const mean = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const row of rows) row.forEach((v, i) => (mean[i] = (mean[i] ?? 0) + v / rows.length));
  return mean;
}

const STRIP = 64;

export function EmbeddingsPage() {
  const { model, setModel, models } = useModelChoice('sentence-similarity', 'sentence-transformers/all-MiniLM-L6-v2');
  const providerChoice = useProviderChoice([sentenceSimilarity, featureExtraction], model);
  const { provider } = providerChoice;
  const [source, setSource] = useState('How do I reset my password?');
  const [others, setOthers] = useState(
    'I forgot my password and cannot log in\nWhere can I change my login credentials?\nWhat are your opening hours?\nThe parcel arrived damaged',
  );
  const sentences = useMemo(() => lines(others), [others]);

  const similarity = useSentenceSimilarity(
    { model, provider, inputs: { sourceSentence: source, sentences } },
    { debounceMs: 300 },
  );
  const embedding = useFeatureExtraction({ model, provider, inputs: source }, { debounceMs: 300 });
  const vector = useMemo(() => toVector(embedding.data), [embedding.data]);
  const norm = vector ? Math.sqrt(vector.reduce((sum, v) => sum + v * v, 0)) : 0;
  const peak = vector ? Math.max(...vector.slice(0, STRIP).map(Math.abs), 1e-9) : 1;

  const items = useMemo(
    () =>
      source.trim() && similarity.data ? sentences.map((label, i) => ({ label, score: similarity.data[i] ?? 0 })) : [],
    [similarity.data, sentences, source],
  );
  const busy = similarity.isFetching || similarity.isDebouncing;

  const code = `import { useFeatureExtraction, useSentenceSimilarity } from '@inferkit/react';

const model = ${str(model)};${provider === 'auto' ? '' : `\nconst provider = ${str(provider)};`}
// One score per sentence, in the order given.
const { data: scores } = useSentenceSimilarity(
  { model${provider === 'auto' ? '' : ', provider'}, inputs: { sourceSentence: query, sentences } },
  { debounceMs: 300 },
);
// The embedding itself (number[] for one sentence).
const { data: vector } = useFeatureExtraction({ model${provider === 'auto' ? '' : ', provider'}, inputs: query }, { debounceMs: 300 });`;

  return (
    <DemoPage
      title="Embeddings & sentence similarity"
      description="Rank sentences by meaning, and look at the vector behind it. Both calls go to the same model."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <InputField label="Source sentence" value={source} onChange={(event) => setSource(event.target.value)} />
      <TextAreaField
        label="Sentences to compare"
        hint="One per line."
        rows={5}
        value={others}
        onChange={(event) => setOthers(event.target.value)}
      />
      <section className="result" aria-labelledby="sim-result">
        <h2 id="sim-result">Similarity</h2>
        <LabelScoreBars
          items={items}
          loading={busy}
          formatScore={(score) => score.toFixed(3)}
          emptyMessage="Type a source sentence and at least one sentence to compare."
          aria-label="Similarity to the source sentence"
        />
        <RequestStatus modelLoading={similarity.modelLoading} error={similarity.error} busy={busy} />
      </section>
      <section className="result" aria-labelledby="emb-result">
        <h2 id="emb-result">Embedding of the source sentence</h2>
        {vector && source.trim() ? (
          <>
            <p>
              {vector.length} dimensions, norm {norm.toFixed(3)}. First values:{' '}
              <code>
                [
                {vector
                  .slice(0, 6)
                  .map((v) => v.toFixed(4))
                  .join(', ')}
                , …]
              </code>
            </p>
            <div
              className="vector-strip"
              role="img"
              aria-label={`The first ${Math.min(STRIP, vector.length)} dimensions as a colour strip`}
            >
              {vector.slice(0, STRIP).map((v, i) => (
                <span
                  key={i}
                  style={{ opacity: 0.15 + (0.85 * Math.abs(v)) / peak }}
                  data-sign={v < 0 ? 'negative' : 'positive'}
                />
              ))}
            </div>
          </>
        ) : (
          <p className="empty">{source.trim() ? 'Embedding…' : 'Type a source sentence.'}</p>
        )}
        <RequestStatus
          modelLoading={embedding.modelLoading}
          error={embedding.error}
          busy={embedding.isFetching || embedding.isDebouncing}
        />
      </section>
    </DemoPage>
  );
}
