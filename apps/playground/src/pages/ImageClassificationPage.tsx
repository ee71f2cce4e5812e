import { imageClassification } from '@inferkit/core';
import { LabelScoreBars } from '@inferkit/components';
import { useImageClassification } from '@inferkit/react';
import { useState } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { ImagePicker } from '../ui/ImagePicker';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { StaleAnswer } from '../ui/StaleAnswer';
import { useLastAnswer } from '../ui/use-last-answer';
import { useObjectUrl } from '../ui/use-object-url';

export function ImageClassificationPage() {
  const { model, setModel, models } = useModelChoice('image-classification', 'google/vit-base-patch16-224');
  const providerChoice = useProviderChoice([imageClassification], model);
  const { provider } = providerChoice;
  const [file, setFile] = useState<File | null>(null);
  const preview = useObjectUrl(file);
  const { data, error, isFetching, modelLoading } = useImageClassification(
    file ? { model, provider, inputs: file, parameters: { topK: 5 } } : null,
  );

  const answer = useLastAnswer(data, error);

  const code = `import { useImageClassification } from '@inferkit/react';
import { LabelScoreBars } from '@inferkit/components';

function Labels({ file }: { file: File | null }) {
  // null leaves the query idle until there is a file; the bytes are sent as the body.
  const { data, isFetching } = useImageClassification(
    file ? { model: ${str(model)}${providerArg(provider)}, inputs: file, parameters: { topK: 5 } } : null,
  );
  return <LabelScoreBars items={data ?? []} loading={isFetching} aria-label="Image labels" />;
}`;

  return (
    <DemoPage
      title="Image classification"
      description="Upload a picture (or keep the sample) and get the model's labels. The file goes to the proxy as raw bytes."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <ImagePicker file={file} onChange={setFile} />
      <div className="image-result">
        {preview && <img className="preview" src={preview} alt="The image being classified" />}
        <section className="result" aria-labelledby="ic-result">
          <h2 id="ic-result">Labels</h2>
          <RequestStatus modelLoading={modelLoading} error={error} busy={isFetching} />
          <StaleAnswer stale={answer.stale}>
            <LabelScoreBars
              items={file ? (answer.value ?? []) : []}
              loading={isFetching}
              emptyMessage={error ? 'No labels yet.' : 'Choose an image.'}
              aria-label="Image labels"
            />
          </StaleAnswer>
        </section>
      </div>
    </DemoPage>
  );
}
