import { useId } from 'react';
import type { PickerModel } from '../catalogue-tasks';

export interface ModelPickerProps {
  value: string;
  onChange: (model: string) => void;
  models: readonly PickerModel[];
  label?: string;
}

/** A labelled select of Hub model ids. */
export function ModelPicker({ value, onChange, models, label = 'Model' }: ModelPickerProps) {
  const id = useId();
  return (
    <div className="field model-picker">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {models.map((model) => (
          <option key={model.id} value={model.id}>
            {model.id}
          </option>
        ))}
      </select>
    </div>
  );
}
