/** Run options: a reproducible sample (percentage + seed) and generation parameters; empty means provider default. */
import { useState } from 'react';
import type { RunOptions } from '@shared/domain';

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  samplePercentage: 100,
  sampleSeed: null,
  temperature: null,
  maxTokens: null,
};

interface RunOptionsFieldsProps {
  options: RunOptions;
  onChange(options: RunOptions): void;
  disabled: boolean;
}

/** Parses a number field: empty → null, a number → itself, anything unparsable → undefined. */
function parseNumber(text: string): number | null | undefined {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

interface NumberFieldProps {
  label: string;
  value: number | null;
  /** Smallest allowed value; with minExclusive, values must be strictly greater. */
  min: number;
  minExclusive?: boolean;
  max: number;
  step: number | 'any';
  integer: boolean;
  placeholder?: string;
  disabled: boolean;
  testId: string;
  /** Called with a valid, in-range value, or null when the field is cleared (the default). */
  onValue(value: number | null): void;
}

function NumberField(props: NumberFieldProps): React.JSX.Element {
  const { label, value, min, minExclusive = false, max, step, integer, placeholder, disabled, testId, onValue } = props;
  // The text while the person is editing; null shows the current value. Kept apart so typing "0.5" or backspacing
  // through "10" and "1" is never rewritten mid-edit.
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? (value === null ? '' : String(value));
  const valid = (parsed: number | null | undefined): parsed is number | null =>
    parsed === null ||
    (parsed !== undefined &&
      (!integer || Number.isInteger(parsed)) &&
      (minExclusive ? parsed > min : parsed >= min) &&
      parsed <= max);
  const invalid = !valid(parseNumber(text));

  /** On leaving the field: clamp or round what was typed into range, or go back to the last valid value. */
  function normalise(): void {
    if (draft === null) return;
    const parsed = parseNumber(draft);
    setDraft(null);
    if (parsed === undefined) return;
    if (parsed === null) {
      onValue(null);
      return;
    }
    const rounded = integer ? Math.round(parsed) : parsed;
    if (minExclusive && rounded <= min) return;
    onValue(Math.min(max, Math.max(min, rounded)));
  }

  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={step}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        aria-invalid={invalid}
        title={
          invalid
            ? `${minExclusive ? `more than ${min}` : `${min}`} to ${max}${integer ? ', a whole number' : ''}`
            : undefined
        }
        data-testid={testId}
        onChange={(event) => {
          const next = event.currentTarget.value;
          setDraft(next);
          const parsed = parseNumber(next);
          if (valid(parsed)) onValue(parsed);
        }}
        onBlur={normalise}
      />
    </label>
  );
}

export function RunOptionsFields({ options, onChange, disabled }: RunOptionsFieldsProps): React.JSX.Element {
  function set<K extends keyof RunOptions>(key: K, value: RunOptions[K]): void {
    onChange({ ...options, [key]: value });
  }
  const sampling = options.samplePercentage < 100;
  // Open at first when an option is set; from then on the person opens and closes it (clearing a field must not close it).
  const [open, setOpen] = useState(() => sampling || options.temperature !== null || options.maxTokens !== null);
  return (
    <details className="run-options" open={open} onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Options</summary>
      <div className="field-row">
        <NumberField
          label="Sample (% of scenarios)"
          value={options.samplePercentage}
          min={0}
          minExclusive
          max={100}
          step="any"
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
        <p className="muted">
          The same percentage and seed always select the same scenarios, so a sample can be reproduced.
        </p>
      ) : null}
    </details>
  );
}
