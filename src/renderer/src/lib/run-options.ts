/**
 * The start form's run options as typed (text per field) and what they mean: the options to send, or for each field
 * that is not valid the reason (range and unit). Nothing is clamped or rounded: an invalid field blocks the start.
 */
import { MAX_SAMPLES, type RunOptions } from '@shared/domain';

export type RunOptionKey = keyof RunOptions;
export type RunOptionDrafts = Record<RunOptionKey, string>;

interface FieldRule {
  min: number;
  minExclusive: boolean;
  max: number;
  integer: boolean;
  /** Value of an empty field; undefined means the field is required. */
  empty: number | null | undefined;
  /** "1 to 32,000 tokens, a whole number" */
  rule: string;
}

export const RUN_OPTION_RULES: Record<RunOptionKey, FieldRule> = {
  samplePercentage: {
    min: 0,
    minExclusive: true,
    max: 100,
    integer: false,
    empty: undefined,
    rule: 'more than 0 and at most 100 (% of the scenarios)',
  },
  sampleSeed: {
    min: -2147483648,
    minExclusive: false,
    max: 2147483647,
    integer: true,
    empty: null,
    rule: 'a whole number (any seed; empty means 0)',
  },
  samples: {
    min: 1,
    minExclusive: false,
    max: MAX_SAMPLES,
    integer: true,
    empty: undefined,
    rule: `a whole number from 1 to ${MAX_SAMPLES} (times each scenario is asked of each model)`,
  },
  temperature: {
    min: 0,
    minExclusive: false,
    max: 2,
    integer: false,
    empty: null,
    rule: '0 to 2 (empty: the provider’s default)',
  },
  maxTokens: {
    min: 1,
    minExclusive: false,
    max: 32000,
    integer: true,
    empty: null,
    rule: '1 to 32,000 tokens, a whole number (empty: the provider’s default)',
  },
  maxCost: {
    min: 0,
    minExclusive: true,
    max: 1_000_000,
    integer: false,
    empty: null,
    rule: 'more than $0 and at most $1,000,000 (empty: no cap)',
  },
};

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  samplePercentage: 100,
  sampleSeed: null,
  samples: 1,
  temperature: null,
  maxTokens: null,
  maxCost: null,
};

export function draftsFrom(options: RunOptions): RunOptionDrafts {
  const text = (value: number | null): string => (value === null ? '' : String(value));
  return {
    samplePercentage: text(options.samplePercentage),
    sampleSeed: text(options.sampleSeed),
    samples: text(options.samples),
    temperature: text(options.temperature),
    maxTokens: text(options.maxTokens),
    maxCost: text(options.maxCost),
  };
}

/** One field: its value, or why it is not valid. */
export function parseRunOption(
  key: RunOptionKey,
  text: string,
): { ok: true; value: number | null } | { ok: false; reason: string } {
  const rule = RUN_OPTION_RULES[key];
  const trimmed = text.trim();
  if (trimmed === '') {
    return rule.empty === undefined
      ? { ok: false, reason: `Required: ${rule.rule}.` }
      : { ok: true, value: rule.empty };
  }
  const value = Number(trimmed);
  const inRange =
    Number.isFinite(value) &&
    (rule.minExclusive ? value > rule.min : value >= rule.min) &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  return inRange ? { ok: true, value } : { ok: false, reason: `Must be ${rule.rule}.` };
}

export interface ParsedRunOptions {
  /** The options to send, or null while any field is invalid. */
  options: RunOptions | null;
  errors: Partial<Record<RunOptionKey, string>>;
}

export function parseRunOptions(drafts: RunOptionDrafts): ParsedRunOptions {
  const errors: Partial<Record<RunOptionKey, string>> = {};
  const values: Partial<Record<RunOptionKey, number | null>> = {};
  for (const key of Object.keys(RUN_OPTION_RULES) as RunOptionKey[]) {
    const parsed = parseRunOption(key, drafts[key]);
    if (parsed.ok) values[key] = parsed.value;
    else errors[key] = parsed.reason;
  }
  if (Object.keys(errors).length > 0) return { options: null, errors };
  return {
    options: {
      samplePercentage: values.samplePercentage ?? 100,
      sampleSeed: values.sampleSeed ?? null,
      samples: values.samples ?? 1,
      temperature: values.temperature ?? null,
      maxTokens: values.maxTokens ?? null,
      maxCost: values.maxCost ?? null,
    },
    errors,
  };
}
