/**
 * The start form's run options as typed (text per field) and what they mean: the options to send, or for each field
 * that is not valid the reason (range and unit). Nothing is clamped or rounded: an invalid field blocks the start.
 */
import { MAX_SAMPLES, type RunOptions } from '@shared/domain';
import { runOptionProblem, runOptionRange, type RunOptionKey, type RunOptionRange } from '@shared/run-options';

export type { RunOptionKey };
export type RunOptionDrafts = Record<RunOptionKey, string>;

/** The form's wording per field; what is valid, and the range shown, come from the route's schema (shared/run-options). */
interface FieldRule extends RunOptionRange {
  /** Value of an empty field; undefined means the field is required. */
  empty: null | undefined;
  /** "1 to 32,000 tokens, a whole number" */
  rule: string;
}

const WORDING: Record<RunOptionKey, Pick<FieldRule, 'empty' | 'rule'>> = {
  samplePercentage: { empty: undefined, rule: 'more than 0 and at most 100 (% of the scenarios)' },
  sampleSeed: { empty: null, rule: 'a whole number (any seed; empty means 0)' },
  samples: {
    empty: undefined,
    rule: `a whole number from 1 to ${MAX_SAMPLES} (times each scenario is asked of each model)`,
  },
  temperature: { empty: null, rule: '0 to 2 (empty: the provider’s default)' },
  maxTokens: { empty: null, rule: '1 to 32,000 tokens, a whole number (empty: the provider’s default)' },
  maxCost: { empty: null, rule: 'more than $0 and at most $1,000,000 (empty: no cap)' },
};

export const RUN_OPTION_RULES = Object.fromEntries(
  (Object.keys(WORDING) as RunOptionKey[]).map((key) => [key, { ...WORDING[key], ...runOptionRange(key) }]),
) as Record<RunOptionKey, FieldRule>;

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
  return runOptionProblem(key, value) === null ? { ok: true, value } : { ok: false, reason: `Must be ${rule.rule}.` };
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
