import { useTextToImage } from '@inferkit/react';
import { useState, type FormEvent } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { InputField } from '../ui/Field';
import { ModelPicker } from '../ui/ModelPicker';
import { useModelChoice } from '../ui/models';
import { RequestStatus } from '../ui/RequestStatus';
import { useObjectUrl } from '../ui/use-object-url';

export function TextToImagePage() {
  const { model, setModel, models } = useModelChoice('text-to-image', 'black-forest-labs/FLUX.1-schnell');
  const [prompt, setPrompt] = useState('A lighthouse on a cliff at sunset, watercolour');
  const draw = useTextToImage();
  const url = useObjectUrl(draw.data);
  // The prompt of the picture shown, for its alt text (the box may have changed since).
  const drawnPrompt = draw.variables?.inputs;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    draw.mutate({ model, inputs: prompt, parameters: { width: 512, height: 512 } });
  };

  const code = `import { useTextToImage } from '@inferkit/react';

function Picture({ prompt }: { prompt: string }) {
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
      <button onClick={() => draw.mutate({ model: ${str(model)}, inputs: prompt })}>Generate</button>
      {url && <img src={url} alt={prompt} />}
    </>
  );
}`;

  return (
    <DemoPage
      title="Text-to-image"
      description="Generate a picture from a prompt. The answer is a Blob; the page shows it through an object URL."
      code={code}
    >
      <form onSubmit={submit}>
        <ModelPicker value={model} onChange={setModel} models={models} />
        <InputField label="Prompt" value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <button type="submit" className="button" disabled={draw.isPending || !prompt.trim()}>
          {draw.isPending ? 'Generating…' : 'Generate'}
        </button>
      </form>
      <section className="result" aria-labelledby="t2i-result" aria-busy={draw.isPending || undefined}>
        <h2 id="t2i-result">Image</h2>
        {url && draw.data ? (
          <figure className="generated-image">
            <img src={url} alt={`Generated from the prompt: ${drawnPrompt ?? prompt}`} />
            <figcaption>
              {draw.data.type || 'image'}, {Math.round(draw.data.size / 1024)} kB ·{' '}
              <a href={url} download="inferkit.png">
                Download
              </a>
            </figcaption>
          </figure>
        ) : (
          <p className="empty">{draw.isPending ? 'Generating…' : 'Press Generate.'}</p>
        )}
        <RequestStatus
          modelLoading={draw.modelLoading}
          error={draw.error}
          busy={draw.isPending}
          busyLabel="Generating…"
        />
      </section>
    </DemoPage>
  );
}
