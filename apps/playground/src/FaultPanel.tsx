import { useId } from 'react';
import { FAULT_HEADER, FAULTS, useFaults } from './faults';
import { upstreamKind } from './ui/models';

/** Checkboxes that add faults to every request, through the client's `headers` option. */
export function FaultPanel() {
  const { active, setActive, header } = useFaults();
  const hintId = useId();
  return (
    <fieldset className="fault-panel" aria-describedby={hintId}>
      <legend>Simulate faults</legend>
      {FAULTS.map((fault) => (
        <div key={fault.id} className="fault">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={active.has(fault.id)}
              aria-describedby={`${hintId}-${fault.id}`}
              onChange={(event) => setActive(fault.id, event.target.checked)}
            />
            {fault.label}
          </label>
          <p className="fault-description" id={`${hintId}-${fault.id}`}>
            {fault.description}
          </p>
        </div>
      ))}
      <p className="hint" id={hintId}>
        {upstreamKind === 'hugging-face'
          ? 'Hugging Face ignores these; they only work against the emulator.'
          : header
            ? `Sending ${FAULT_HEADER}: ${header}`
            : `Sent as the ${FAULT_HEADER} header, which the emulator obeys.`}
      </p>
    </fieldset>
  );
}
