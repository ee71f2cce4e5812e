import { useEffect, useId, useState } from 'react';
import { drawSampleImage } from '../../../../packages/components/src/sample-image';

export interface ImagePickerProps {
  file: File | null;
  onChange: (file: File | null) => void;
}

/** A file input for images, with a generated sample picked at first. */
export function ImagePicker({ file, onChange }: ImagePickerProps) {
  const id = useId();
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    if (file) return;
    let cancelled = false;
    drawSampleImage().then(
      (sample) => !cancelled && onChange(sample),
      (error: Error) => !cancelled && setProblem(error.message),
    );
    return () => {
      cancelled = true;
    };
    // Only the first time: after that the user's choice stands, even an empty one.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- on mount only, by design (above)
  }, []);

  return (
    <div className="field">
      <label htmlFor={id}>Image</label>
      <input
        id={id}
        type="file"
        accept="image/png,image/jpeg,image/webp,image/gif"
        aria-describedby={`${id}-hint`}
        onChange={(event) => {
          const chosen = event.target.files?.[0] ?? null;
          setProblem(chosen && !chosen.type.startsWith('image/') ? 'That file is not an image.' : null);
          if (!chosen || chosen.type.startsWith('image/')) onChange(chosen);
        }}
      />
      <p className="hint" id={`${id}-hint`}>
        {file ? `Using ${file.name} (${Math.round(file.size / 1024)} kB).` : 'PNG, JPEG, WebP or GIF.'}{' '}
        <button type="button" className="button-link" onClick={() => void drawSampleImage().then(onChange)}>
          Use the sample picture
        </button>
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </div>
  );
}
