import { JobProgress } from '@inferkit/components';
import { textToVideo } from '@inferkit/core';
import { useTextToVideo } from '@inferkit/react';
import { useId, useState, type FormEvent } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { downloadName, shownError } from '../ui/media';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { useObjectUrl } from '../ui/use-object-url';

export function TextToVideoPage() {
  const { model, setModel, models } = useModelChoice('text-to-video', 'Wan-AI/Wan2.2-T2V-A14B');
  const providerChoice = useProviderChoice([textToVideo], model);
  const { provider } = providerChoice;
  const [prompt, setPrompt] = useState('A paper boat drifting down a rainy street, slow motion');
  const film = useTextToVideo();
  const url = useObjectUrl(film.data);
  const captionId = useId();
  const filmedPrompt = film.variables?.inputs;
  const error = shownError(film.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    film.mutate({ model, provider, inputs: prompt });
  };

  const code = `import { useTextToVideo } from '@inferkit/react';
import { JobProgress } from '@inferkit/components';

function Clip({ prompt }: { prompt: string }) {
  // Video is always a provider job: queued, then running, then downloaded as a Blob (video/mp4).
  const film = useTextToVideo();
  const url = useObjectUrl(film.data); // URL.createObjectURL, revoked on change
  return (
    <>
      <button onClick={() => film.mutate({ model: ${str(model)}${providerArg(provider)}, inputs: prompt })}>
        Generate
      </button>
      <JobProgress progress={film.progress} onCancel={film.cancel} label="Video generation" />
      {url && <video controls src={url} />}
    </>
  );
}`;

  return (
    <DemoPage
      title="Text-to-video"
      description="Generate a short clip from a prompt. Providers run video as a job: the page shows the queue and the time taken, and Cancel drops the job. The answer is a Blob, played with the browser's own video controls."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
        <TextAreaField label="Prompt" rows={3} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <button type="submit" className="button" disabled={film.isPending || !prompt.trim()}>
          {film.isPending ? 'Generating…' : 'Generate'}
        </button>
      </form>
      <JobProgress
        progress={film.progress}
        onCancel={film.cancel}
        label="Video generation"
        doneMessage={film.isSuccess ? 'Done' : null}
      />
      <section className="result" aria-labelledby="t2v-result" aria-busy={film.isPending || undefined}>
        <h2 id="t2v-result">Video</h2>
        {url && film.data ? (
          <figure className="generated-image">
            <video controls src={url} aria-describedby={captionId} />
            <figcaption id={captionId}>
              Generated from the prompt: {filmedPrompt ?? prompt}. {film.data.type || 'video'},{' '}
              {Math.round(film.data.size / 1024)} kB ·{' '}
              <a href={url} download={downloadName(film.data, 'mp4')}>
                Download
              </a>
            </figcaption>
          </figure>
        ) : (
          <p className="empty">{film.isPending ? 'Generating…' : 'Press Generate.'}</p>
        )}
        <RequestStatus
          modelLoading={film.modelLoading}
          error={error}
          busy={film.isPending && !film.progress}
          busyLabel="Generating…"
        />
      </section>
    </DemoPage>
  );
}
