import type { ReactNode } from 'react';
import type { PickerModel } from '../catalogue-tasks';
import { ModelPicker } from './ModelPicker';
import { ProviderPicker } from './ProviderPicker';
import type { useProviderChoice } from './providers';

export interface ModelAndProviderProps {
  model: string;
  onModelChange: (model: string) => void;
  models: readonly PickerModel[];
  choice: ReturnType<typeof useProviderChoice>;
  /** More fields for the same row (max tokens…). */
  children?: ReactNode;
}

/** The model select and, beside it, the providers that serve it. */
export function ModelAndProvider({ model, onModelChange, models, choice, children }: ModelAndProviderProps) {
  return (
    <div className="row">
      <ModelPicker value={model} onChange={onModelChange} models={models} />
      <ProviderPicker
        value={choice.provider}
        onChange={choice.setProvider}
        providers={choice.providers}
        loading={choice.loading}
        failed={choice.failed}
      />
      {children}
    </div>
  );
}
