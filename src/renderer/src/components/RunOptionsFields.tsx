/** Run options: a reproducible sample (percentage + seed) and generation parameters; empty means provider default. */
import type { RunOptions } from '@shared/domain';

export const DEFAULT_RUN_OPTIONS: RunOptions = { samplePercentage: 100, sampleSeed: null, temperature: null, maxTokens: null };

interface RunOptionsFieldsProps {
  options: RunOptions;
  onChange(options: RunOptions): void;
  disabled: boolean;
}

/** Parses a number field: empty → null, anything unparsable → undefined (the caller keeps the old value). */
function parseNumber(text: string, integer: boolean): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) return undefined;
  return value;
}

interface NumberFieldProps {
  label: string;
  value: number | null;
  min: number;
  max: number;
  step: number;
  integer: boolean;
  placeholder?: string;
  disabled: boolean;
  testId: string;
  /** Called with the clamped value, or null when the field is cleared (provider default). */
  onValue(value: number | null): void;
}

function NumberField({ label, value, min, max, step, integer, placeholder, disabled, testId, onValue }: NumberFieldProps): React.JSX.Element {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={value ?? ''}
        placeholder={placeholder}
        disabled={disabled}
        data-testid={testId}
        onChange={(event) => {
          const parsed = parseNumber(event.currentTarget.value, integer);
          if (parsed !== undefined) onValue(parsed === null ? null : Math.min(max, Math.max(min, parsed)));
        }}
      />
    </label>
  );
}

export function RunOptionsFields({ options, onChange, disabled }: RunOptionsFieldsProps): React.JSX.Element {
  function set<K extends keyof RunOptions>(key: K, value: RunOptions[K]): void {
    onChange({ ...options, [key]: value });
  }
  const sampling = options.samplePercentage < 100;
  return (
    <details className="run-options" open={sampling || options.temperature !== null || options.maxTokens !== null}>
      <summary>Options</summary>
      <div className="field-row">
        <NumberField
          label="Sample (% of scenarios)"
          value={options.samplePercentage}
          min={1}
          max={100}
          step={1}
          integer={false}
          disabled={disabled}
          testId="sample-percentage"
          onValue={(value) => set('samplePercentage', value ?? 100)}
        />
        <NumberField
          label={`Seed${sampling ? '' : ' (for samples)'}`}
          value={options.sampleSeed}
          min={-2147483648}
          max={2147483647}
          step={1}
          integer
          placeholder="0"
          disabled={disabled || !sampling}
          testId="sample-seed"
          onValue={(value) => set('sampleSeed', value)}
        />
        <NumberField
          label="Temperature"
          value={options.temperature}
          min={0}
          max={2}
          step={0.1}
          integer={false}
          placeholder="provider default"
          disabled={disabled}
          testId="temperature"
          onValue={(value) => set('temperature', value)}
        />
        <NumberField
          label="Max tokens"
          value={options.maxTokens}
          min={1}
          max={32000}
          step={1}
          integer
          placeholder="provider default"
          disabled={disabled}
          testId="max-tokens"
          onValue={(value) => set('maxTokens', value)}
        />
      </div>
      {sampling ? (
        <p className="muted">The same percentage and seed always select the same scenarios, so a sample can be reproduced.</p>
      ) : null}
    </details>
  );
}
