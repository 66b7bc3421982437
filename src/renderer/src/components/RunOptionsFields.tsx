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

export function RunOptionsFields({ options, onChange, disabled }: RunOptionsFieldsProps): React.JSX.Element {
  function set<K extends keyof RunOptions>(key: K, value: RunOptions[K]): void {
    onChange({ ...options, [key]: value });
  }
  const sampling = options.samplePercentage < 100;
  return (
    <details className="run-options" open={sampling || options.temperature !== null || options.maxTokens !== null}>
      <summary>Options</summary>
      <div className="field-row">
        <label className="field">
          <span className="field-label">Sample (% of scenarios)</span>
          <input
            type="number"
            min={1}
            max={100}
            step={1}
            value={options.samplePercentage}
            disabled={disabled}
            data-testid="sample-percentage"
            onChange={(event) => {
              const value = parseNumber(event.currentTarget.value, false);
              if (typeof value === 'number') set('samplePercentage', Math.min(100, Math.max(1, value)));
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">Seed {sampling ? '' : '(for samples)'}</span>
          <input
            type="number"
            step={1}
            value={options.sampleSeed ?? ''}
            placeholder="0"
            disabled={disabled || !sampling}
            data-testid="sample-seed"
            onChange={(event) => {
              const value = parseNumber(event.currentTarget.value, true);
              if (value !== undefined) set('sampleSeed', value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">Temperature</span>
          <input
            type="number"
            min={0}
            max={2}
            step={0.1}
            value={options.temperature ?? ''}
            placeholder="provider default"
            disabled={disabled}
            data-testid="temperature"
            onChange={(event) => {
              const value = parseNumber(event.currentTarget.value, false);
              if (value !== undefined) set('temperature', value === null ? null : Math.min(2, Math.max(0, value)));
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">Max tokens</span>
          <input
            type="number"
            min={1}
            max={32000}
            step={1}
            value={options.maxTokens ?? ''}
            placeholder="provider default"
            disabled={disabled}
            data-testid="max-tokens"
            onChange={(event) => {
              const value = parseNumber(event.currentTarget.value, true);
              if (value !== undefined) set('maxTokens', value === null ? null : Math.min(32000, Math.max(1, value)));
            }}
          />
        </label>
      </div>
      {sampling ? (
        <p className="muted">The same percentage and seed always select the same scenarios, so a sample can be reproduced.</p>
      ) : null}
    </details>
  );
}
