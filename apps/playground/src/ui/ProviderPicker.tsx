import { useId } from 'react';
import type { InferenceProviderName } from '@inferkit/core';
import type { ProviderOption } from './providers';

export interface ProviderPickerProps {
  value: ProviderOption;
  onChange: (provider: ProviderOption) => void;
  /** The providers that serve the model for the page's task (see `useProviderChoice`). */
  providers: readonly InferenceProviderName[];
  loading?: boolean;
  failed?: boolean;
}

/** A labelled select of the providers that serve the chosen model, `auto` first. */
export function ProviderPicker({ value, onChange, providers, loading = false, failed = false }: ProviderPickerProps) {
  const id = useId();
  const hint = loading
    ? 'Looking up the providers of this model…'
    : failed
      ? 'The providers of this model could not be looked up; auto lets the router choose.'
      : providers.length
        ? `Served by ${providers.join(', ')}. Auto takes the first.`
        : 'No provider serves this model for this task.';
  return (
    <div className="field field-narrow provider-picker">
      <label htmlFor={id}>Provider</label>
      <select
        id={id}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value as ProviderOption)}
      >
        <option value="auto">auto</option>
        {providers.map((provider) => (
          <option key={provider} value={provider}>
            {provider}
          </option>
        ))}
      </select>
      <p className="hint visually-hidden" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
