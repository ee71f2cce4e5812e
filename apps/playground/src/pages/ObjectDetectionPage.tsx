import { objectDetection } from '@inferkit/core';
import { entityColorIndex } from '@inferkit/components';
import { useObjectDetection } from '@inferkit/react';
import { useId, useState, type CSSProperties } from 'react';
import { providerArg, str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { ImagePicker } from '../ui/ImagePicker';
import { ModelAndProvider } from '../ui/ModelAndProvider';
import { useModelChoice } from '../ui/models';
import { useProviderChoice } from '../ui/providers';
import { RequestStatus } from '../ui/RequestStatus';
import { useObjectUrl } from '../ui/use-object-url';

export function ObjectDetectionPage() {
  const { model, setModel, models } = useModelChoice('object-detection', 'facebook/detr-resnet-50');
  const providerChoice = useProviderChoice([objectDetection], model);
  const { provider } = providerChoice;
  const [file, setFile] = useState<File | null>(null);
  const [threshold, setThreshold] = useState(0.5);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  const preview = useObjectUrl(file);
  const thresholdId = useId();
  const { data, error, isFetching, isDebouncing, modelLoading } = useObjectDetection(
    file ? { model, provider, inputs: file, parameters: { threshold } } : null,
    { debounceMs: 200 },
  );
  const objects = file ? (data ?? []) : [];
  const busy = isFetching || isDebouncing;

  const code = `import { useObjectDetection } from '@inferkit/react';

const { data: objects } = useObjectDetection(
  file ? { model: ${str(model)}${providerArg(provider)}, inputs: file, parameters: { threshold: ${threshold} } } : null,
);
// → [{ label, score, box: { xmin, ymin, xmax, ymax } }, ...] in image pixels`;

  return (
    <DemoPage
      title="Object detection"
      description="Boxes around what the model sees, drawn over the picture in its own pixel coordinates."
      code={code}
    >
      <ModelAndProvider model={model} onModelChange={setModel} models={models} choice={providerChoice} />
      <ImagePicker
        file={file}
        onChange={(next) => {
          setSize(null);
          setFile(next);
        }}
      />
      <div className="field field-narrow">
        <label htmlFor={thresholdId}>Threshold: {threshold.toFixed(2)}</label>
        <input
          id={thresholdId}
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={threshold}
          onChange={(event) => setThreshold(Number(event.target.value))}
        />
      </div>
      <section className="result" aria-labelledby="od-result" aria-busy={busy || undefined}>
        <h2 id="od-result">Objects</h2>
        {preview && (
          <figure className="detections">
            <img
              src={preview}
              alt="The image being analysed"
              onLoad={(event) =>
                setSize({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })
              }
            />
            {size &&
              objects.map(({ label, score, box }, i) => (
                <span
                  key={i}
                  className="box"
                  aria-hidden="true"
                  data-color={entityColorIndex(label)}
                  style={
                    {
                      left: `${(box.xmin / size.width) * 100}%`,
                      top: `${(box.ymin / size.height) * 100}%`,
                      width: `${((box.xmax - box.xmin) / size.width) * 100}%`,
                      height: `${((box.ymax - box.ymin) / size.height) * 100}%`,
                      '--box-color': `var(--ik-palette-${entityColorIndex(label)})`,
                    } as CSSProperties
                  }
                >
                  <span className="box-label">
                    {label} {Math.round(score * 100)}%
                  </span>
                </span>
              ))}
          </figure>
        )}
        {objects.length > 0 ? (
          <ul className="object-list">
            {objects.map(({ label, score, box }, i) => (
              <li key={i}>
                <strong>{label}</strong> {Math.round(score * 100)}% at ({Math.round(box.xmin)}, {Math.round(box.ymin)}
                )–(
                {Math.round(box.xmax)}, {Math.round(box.ymax)})
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">{file ? (busy ? 'Looking…' : 'Nothing above the threshold.') : 'Choose an image.'}</p>
        )}
        <RequestStatus modelLoading={modelLoading} error={error} busy={busy} />
      </section>
    </DemoPage>
  );
}
