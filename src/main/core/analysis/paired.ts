/**
 * Paired comparisons: two runs (or two models) that answered the same scenarios differ scenario by scenario, so the
 * change of a mean is the mean of the per-scenario differences, with a Student-t interval on n − 1 df (n = scenarios in
 * both) and a sign-flip permutation p-value (exact by enumeration up to 2^12 sign patterns, else a seeded Monte-Carlo
 * over sign patterns, else, above the resampling limit `bootstrapMaxScenarios`, the t test, which the permutation
 * distribution approaches there). Scenario effects shared by both runs cancel in
 * the differences, which is why a paired interval is narrower than one from two independent resamplings.
 */
import type { IntervalMethod } from '../../../shared/analysis';
import { mean, seededRandom } from './bootstrap';
import { studentTCdf, studentTQuantile } from './student-t';

export type PMethod = 'sign_flip_exact' | 'sign_flip_mc' | 't';

export interface PairedEstimate {
  estimate: number;
  ciLow: number | null;
  ciHigh: number | null;
  df: number | null;
  /** Scenarios behind the estimate: those with a scored answer in both runs. */
  scenarios: number;
  pValue: number | null;
  pMethod: PMethod | null;
}

/** Up to this many pairs the sign-flip distribution is enumerated (4,096 patterns). */
export const EXACT_SIGN_FLIP_MAX = 12;
/** Monte-Carlo sign patterns drawn above EXACT_SIGN_FLIP_MAX (p has a Monte-Carlo error of at most 0.007). */
export const SIGN_FLIP_DRAWS = 4999;

/** Two-sided p-value of a t statistic on df degrees of freedom. */
export function tTestPValue(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? 1 : 0;
  return Math.min(1, 2 * (1 - studentTCdf(Math.abs(t), df)));
}

/**
 * Two-sided sign-flip p-value for "the differences are symmetric about 0": the share of sign patterns whose |Σ ± d|
 * reaches the observed |Σ d| (the observed pattern included, so p is never 0). Enumerated up to EXACT_SIGN_FLIP_MAX
 * differences, else `draws` seeded patterns.
 */
export function signFlipPValue(diffs: readonly number[], seed: number, draws = SIGN_FLIP_DRAWS): number {
  const n = diffs.length;
  if (n === 0) return 1;
  let observed = 0;
  for (const d of diffs) observed += d;
  // Sums are compared with a relative tolerance, so a pattern equal to the observed one up to rounding counts as equal.
  const bar = Math.abs(observed) * (1 - 1e-12) - 1e-12;
  if (n <= EXACT_SIGN_FLIP_MAX) {
    let reach = 0;
    const patterns = 1 << n;
    for (let mask = 0; mask < patterns; mask += 1) {
      let sum = 0;
      for (let i = 0; i < n; i += 1) sum += mask & (1 << i) ? -diffs[i]! : diffs[i]!;
      if (Math.abs(sum) >= bar) reach += 1;
    }
    return reach / patterns;
  }
  const random = seededRandom(seed);
  let reach = 0;
  for (let draw = 0; draw < draws; draw += 1) {
    let sum = 0;
    for (let i = 0; i < n; i += 1) sum += random() < 0.5 ? -diffs[i]! : diffs[i]!;
    if (Math.abs(sum) >= bar) reach += 1;
  }
  return (reach + 1) / (draws + 1);
}

/** Mean of per-scenario differences (B − A) with its paired t interval and sign-flip p-value. */
export function pairedChange(diffs: readonly number[], method: IntervalMethod, seed: number): PairedEstimate | null {
  const n = diffs.length;
  if (n === 0) return null;
  const m = mean(diffs);
  if (n < 2) return { estimate: m, ciLow: null, ciHigh: null, df: null, scenarios: n, pValue: null, pMethod: null };
  let ss = 0;
  for (const d of diffs) ss += (d - m) ** 2;
  // Identical differences leave only rounding in ss: below a relative tolerance the standard error is 0.
  const rawSe = Math.sqrt(ss / (n - 1) / n);
  const se = rawSe < 1e-9 * Math.max(1, Math.abs(m)) ? 0 : rawSe;
  const half = studentTQuantile(method.confidence, n - 1) * se;
  let pValue: number;
  let pMethod: PMethod;
  if (n <= EXACT_SIGN_FLIP_MAX) {
    pValue = signFlipPValue(diffs, seed);
    pMethod = 'sign_flip_exact';
  } else if (n <= method.bootstrapMaxScenarios) {
    pValue = signFlipPValue(diffs, seed);
    pMethod = 'sign_flip_mc';
  } else {
    pValue = se === 0 ? (m === 0 ? 1 : 0) : tTestPValue(m / se, n - 1);
    pMethod = 't';
  }
  return { estimate: m, ciLow: m - half, ciHigh: m + half, df: n - 1, scenarios: n, pValue, pMethod };
}
