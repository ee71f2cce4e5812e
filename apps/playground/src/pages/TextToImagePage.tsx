import { JobProgress } from '@inferkit/components';
import { textToImage } from '@inferkit/core';
import { useTextToImage } from '@inferkit/react';
import { useState, type FormEvent } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { InputField } from '../ui/Field';
import { downloadName, shownError } from '../ui/media';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { useObjectUrl } from '../ui/use-object-url';

export function TextToImagePage() {
  const { model, setModel, models } = useModelChoice('text-to-image', 'black-forest-labs/FLUX.1-schnell');
  const providerChoice = useProviderChoice([textToImage], model);
  const { provider } = providerChoice;
  const [prompt, setPrompt] = useState('A lighthouse on a cliff at sunset, watercolour');
  const draw = useTextToImage();
  const url = useObjectUrl(draw.data);
  // The prompt of the picture shown, for its alt text (the box may have changed since).
  const drawnPrompt = draw.variables?.inputs;
  const error = shownError(draw.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    draw.mutate({ model, provider, inputs: prompt, parameters: { width: 512, height: 512 } });
  };

  const code = `import { useTextToImage } from '@inferkit/react';
import { JobProgress } from '@inferkit/components';

function Picture({ prompt }: { prompt: string }) {
  // fal-ai and replicate run jobs: \`progress\` reports the queue, \`cancel()\` drops the job.
  const draw = useTextToImage();
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!draw.data) return;
    const next = URL.createObjectURL(draw.data); // data is a Blob (image/png)
    setUrl(next);
    return () => URL.revokeObjectURL(next);
  }, [draw.data]);
  return (
    <>
      <button onClick={() => draw.mutate({ model: ${str(model)}${providerArg(provider)}, inputs: prompt })}>
        Generate
      </button>
      <JobProgress progress={draw.progress} onCancel={draw.cancel} label="Image generation" />
      {url && <img src={url} alt={prompt} />}
    </>
  );
}`;

  return (
    <DemoPage
      title="Text-to-image"
      description="Generate a picture from a prompt. fal-ai and replicate queue the job: the page shows its place in the queue, and Cancel drops it. The answer is a Blob, shown through an object URL."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
        <InputField label="Prompt" value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <button type="submit" className="button" disabled={draw.isPending || !prompt.trim()}>
          {draw.isPending ? 'Generating…' : 'Generate'}
        </button>
      </form>
      <JobProgress
        progress={draw.progress}
        onCancel={draw.cancel}
        label="Image generation"
        doneMessage={draw.isSuccess ? 'Done' : null}
      />
      <section className="result" aria-labelledby="t2i-result" aria-busy={draw.isPending || undefined}>
        <h2 id="t2i-result">Image</h2>
        {url && draw.data ? (
          <figure className="generated-image">
            <img src={url} alt={`Generated from the prompt: ${drawnPrompt ?? prompt}`} />
            <figcaption>
              {draw.data.type || 'image'}, {Math.round(draw.data.size / 1024)} kB ·{' '}
              <a href={url} download={downloadName(draw.data, 'png')}>
                Download
              </a>
            </figcaption>
          </figure>
        ) : (
          <p className="empty">{draw.isPending ? 'Generating…' : 'Press Generate.'}</p>
        )}
        <RequestStatus
          modelLoading={draw.modelLoading}
          error={error}
          busy={draw.isPending && !draw.progress}
          busyLabel="Generating…"
        />
      </section>
    </DemoPage>
  );
}
