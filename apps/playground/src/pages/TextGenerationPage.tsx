import { textGeneration } from '@inferkit/core';
import { useTextGeneration } from '@inferkit/react';
import { useId, useState, type FormEvent } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';

const PROMPT = 'The lighthouse keeper climbed the stairs one last time and';

const FINISH_TEXT: Record<string, string> = {
  length: 'the token budget ran out',
  eos_token: 'the model ended it',
  stop_sequence: 'a stop sequence came',
};

export function TextGenerationPage() {
  const { model, setModel, models } = useModelChoice('text-generation', 'bigscience/bloom-560m');
  const providerChoice = useProviderChoice([textGeneration], model);
  const { provider } = providerChoice;
  // The streaming hook names its provider the router's way, as a suffix: `org/model:together`.
  const routed = provider === 'auto' ? model : `${model}:${provider}`;
  const [prompt, setPrompt] = useState(PROMPT);
  const [maxNewTokens, setMaxNewTokens] = useState(60);
  const maxId = useId();
  const gen = useTextGeneration({ model: routed, parameters: { maxNewTokens, details: true } });
  const busy = gen.status === 'submitted' || gen.status === 'loading-model' || gen.status === 'streaming';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void gen.send(prompt);
  };

  const code = `import { useTextGeneration } from '@inferkit/react';

function Continue({ prompt }: { prompt: string }) {
  // TGI's text-generation, streamed; the text grows as tokens arrive.
  const gen = useTextGeneration({
    model: ${str(routed)},${provider === 'auto' ? '' : ' // the provider as a suffix'}
    parameters: { maxNewTokens: ${maxNewTokens}, details: true },
  });
  const busy = gen.status === 'submitted' || gen.status === 'streaming';
  return (
    <>
      <button onClick={() => gen.send(prompt)} disabled={busy}>Generate</button>
      {busy && <button onClick={gen.stop}>Stop</button>}
      <p>{prompt}{gen.text}</p>
      {gen.details && <p>{gen.details.generatedTokens} tokens ({gen.finishReason})</p>}
    </>
  );
}`;

  const { details } = gen;
  return (
    <DemoPage
      title="Text generation"
      description="Continue a prompt with TGI's text-generation, streamed token by token. Stop keeps what has come; the details say why it ended."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice}>
          <div className="field field-narrow">
            <label htmlFor={maxId}>Max new tokens</label>
            <input
              id={maxId}
              type="number"
              min={1}
              max={1024}
              value={maxNewTokens}
              onChange={(event) => setMaxNewTokens(Math.max(1, Number(event.target.value) || 1))}
            />
          </div>
        </ModelAndProvider>
        <TextAreaField label="Prompt" rows={4} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <div className="row">
          <button type="submit" className="button" disabled={busy || !prompt.trim()}>
            Generate
          </button>
          {busy && (
            <button type="button" className="button-quiet" onClick={gen.stop}>
              Stop
            </button>
          )}
        </div>
      </form>
      <section className="result" aria-labelledby="gen-result" aria-busy={busy || undefined}>
        <h2 id="gen-result">Continuation</h2>
        {gen.prompt !== null ? (
          // Model output is text, never HTML.
          <p className="generated">
            <span className="prompt-echo">{gen.prompt}</span>
            <span className="continuation">{gen.text}</span>
          </p>
        ) : (
          <p className="empty">Press Generate.</p>
        )}
        <p role="status" className="hint generation-outcome">
          {gen.status === 'success' &&
            `Finished: ${FINISH_TEXT[gen.finishReason ?? ''] ?? gen.finishReason ?? 'done'}${
              details ? `, ${details.generatedTokens} tokens from a ${details.inputLength ?? '?'}-token prompt` : ''
            }.`}
          {gen.status === 'stopped' && 'Stopped: the text so far is kept.'}
        </p>
        <RequestStatus
          modelLoading={gen.modelLoading}
          error={gen.error}
          busy={gen.status === 'submitted'}
          busyLabel="Waiting for the first token…"
        />
      </section>
    </DemoPage>
  );
}
