/**
 * Run options as typed: a reproducible sample (percentage + seed) and generation parameters; empty means the provider's
 * default. Text is never rewritten: a field that is out of range says why, and the form will not start meanwhile.
 */
import { useState } from 'react';
import { RUN_OPTION_RULES, type RunOptionDrafts, type RunOptionKey } from '../lib/run-options';

interface RunOptionsFieldsProps {
  drafts: RunOptionDrafts;
  errors: Partial<Record<RunOptionKey, string>>;
  onChange(drafts: RunOptionDrafts): void;
  disabled: boolean;
}

interface FieldSpec {
  key: RunOptionKey;
  label: string;
  testId: string;
  step: number | 'any';
  placeholder?: string;
}

const FIELDS: FieldSpec[] = [
  { key: 'samplePercentage', label: 'Sample (% of scenarios)', testId: 'sample-percentage', step: 'any' },
  { key: 'sampleSeed', label: 'Seed', testId: 'sample-seed', step: 1, placeholder: '0' },
  { key: 'samples', label: 'Samples per scenario', testId: 'samples', step: 1 },
  { key: 'temperature', label: 'Temperature', testId: 'temperature', step: 0.1, placeholder: 'provider default' },
  { key: 'maxTokens', label: 'Max tokens', testId: 'max-tokens', step: 1, placeholder: 'provider default' },
  { key: 'maxCost', label: 'Spending cap (US$)', testId: 'max-cost', step: 'any', placeholder: 'no cap' },
];

export function RunOptionsFields({ drafts, errors, onChange, disabled }: RunOptionsFieldsProps): React.JSX.Element {
  const sampleValue = Number(drafts.samplePercentage);
  const sampling = drafts.samplePercentage.trim() !== '' && !(sampleValue >= 100);
  // Open at first when an option is set; from then on the person opens and closes it (clearing a field must not close it).
  const [open, setOpen] = useState(
    () =>
      sampling ||
      drafts.samples.trim() !== '1' ||
      drafts.temperature !== '' ||
      drafts.maxTokens !== '' ||
      drafts.maxCost !== '' ||
      Object.keys(errors).length > 0,
  );
  const invalid = Object.keys(errors).length > 0;
  return (
    <details className="run-options" open={open || invalid} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Options{invalid ? <span className="warning-text"> (check the values)</span> : null}</summary>
      <div className="field-row">
        {FIELDS.map((field) => {
          const rule = RUN_OPTION_RULES[field.key];
          const error = errors[field.key];
          const seedIdle = field.key === 'sampleSeed' && !sampling;
          return (
            <label className="field" key={field.key}>
              <span className="field-label">
                {field.label}
                {seedIdle ? ' (for samples)' : ''}
              </span>
              <input
                type="number"
                min={rule.min ?? undefined}
                max={rule.max ?? undefined}
                step={field.step}
                value={drafts[field.key]}
                placeholder={field.placeholder}
                disabled={disabled || seedIdle}
                aria-invalid={error !== undefined}
                aria-describedby={error ? `${field.testId}-error` : undefined}
                data-testid={field.testId}
                onChange={(event) => onChange({ ...drafts, [field.key]: event.currentTarget.value })}
              />
              {error ? (
                <span className="field-error" id={`${field.testId}-error`} data-testid={`${field.testId}-error`}>
                  {error}
                </span>
              ) : null}
            </label>
          );
        })}
      </div>
      {sampling ? (
        <p className="muted">
          The same percentage and seed always select the same scenarios, so a sample can be reproduced.
        </p>
      ) : null}
      <p className="muted small">
        Samples per scenario asks each model every scenario that many times, to see how consistent its answers are. A
        spending cap pauses the run by itself once its cost so far reaches it; resuming it then lifts the cap.
      </p>
    </details>
  );
}
