/**
 * Reproducible confidence intervals for means of scenario-level values: a seeded percentile bootstrap for the sizes
 * researchers usually run, and the normal approximation (which the bootstrap converges to) above a size where
 * resampling would cost seconds.
 */
import { MIN_INTERVAL_SCENARIOS, type IntervalMethod } from '../../../shared/analysis';
import { studentTQuantile } from './student-t';

export const DEFAULT_INTERVAL_METHOD: IntervalMethod = {
  confidence: 0.95,
  resamples: 1000,
  seed: 20251207,
  bootstrapMaxScenarios: 200,
};

export interface Interval {
  mean: number;
  low: number | null;
  high: number | null;
  method: 't' | 'bootstrap' | 'normal' | null;
}

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG; the same seed always yields the same sequence. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Derives an independent stream per figure, so adding a model or dimension never changes another figure's interval. */
export function streamSeed(seed: number, ...parts: string[]): number {
  let hash = seed >>> 0 || 1;
  for (const part of parts) {
    for (let i = 0; i < part.length; i += 1) hash = Math.imul(hash ^ part.charCodeAt(i), 0x01000193) >>> 0;
    hash = Math.imul(hash ^ 0x2f, 0x01000193) >>> 0;
  }
  return hash;
}

export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function variance(values: readonly number[], m: number): number {
  let sum = 0;
  for (const value of values) sum += (value - m) ** 2;
  return sum / (values.length - 1);
}

/** The two-sided standard normal quantile for a confidence level (Acklam's rational approximation, |error| < 1e-9). */
export function normalQuantile(confidence: number): number {
  const p = 1 - (1 - confidence) / 2;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.sqrt(-2 * Math.log(1 - p));
  if (p > 0.97575) {
    return (
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1)
    );
  }
  const r = p - 0.5;
  const s = r * r;
  return (
    ((((((a[0]! * s + a[1]!) * s + a[2]!) * s + a[3]!) * s + a[4]!) * s + a[5]!) * r) /
    (((((b[0]! * s + b[1]!) * s + b[2]!) * s + b[3]!) * s + b[4]!) * s + 1)
  );
}

function percentile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower]! + (sorted[upper]! - sorted[lower]!) * (position - lower);
}

function resampledMean(values: readonly number[], random: () => number): number {
  let sum = 0;
  for (let i = 0; i < values.length; i += 1) sum += values[Math.floor(random() * values.length)]!;
  return sum / values.length;
}

function bootstrapInterval(draw: () => number, method: IntervalMethod): { low: number; high: number } {
  const estimates = new Float64Array(method.resamples);
  for (let i = 0; i < method.resamples; i += 1) estimates[i] = draw();
  estimates.sort();
  const tail = (1 - method.confidence) / 2;
  return { low: percentile(estimates, tail), high: percentile(estimates, 1 - tail) };
}

/**
 * The mean of scenario-level values with a Student-t interval on n − 1 degrees of freedom (n = scenarios): it holds its
 * coverage with 2, 3 or 5 scenarios where a bootstrap or normal interval covers far less. With one scenario there is
 * no between-scenario variance to estimate, so no interval (MIN_INTERVAL_SCENARIOS).
 */
export function meanInterval(values: readonly number[], method: IntervalMethod): Interval | null {
  if (values.length === 0) return null;
  const m = mean(values);
  if (values.length < MIN_INTERVAL_SCENARIOS) return { mean: m, low: null, high: null, method: null };
  const half = studentTQuantile(method.confidence, values.length - 1) * Math.sqrt(variance(values, m) / values.length);
  return { mean: m, low: m - half, high: m + half, method: 't' };
}

/** One group of scenario-level values in a contrast, with its sign (+1 or −1). */
export interface ContrastTerm {
  values: readonly number[];
  weight: number;
}

/**
 * Σ weight × mean(values) over independent groups of scenarios, each group resampled on its own: the effect (two
 * groups) and the change of an effect between two runs (four groups). Normal approximation when any group is larger
 * than the bootstrap limit; no interval when a group has fewer than two scenarios.
 */
export function contrastInterval(
  terms: readonly ContrastTerm[],
  method: IntervalMethod,
  seed: number,
): Interval | null {
  if (terms.length === 0 || terms.some((t) => t.values.length === 0)) return null;
  let estimate = 0;
  for (const term of terms) estimate += term.weight * mean(term.values);
  if (terms.some((t) => t.values.length < 2)) return { mean: estimate, low: null, high: null, method: null };
  if (terms.some((t) => t.values.length > method.bootstrapMaxScenarios)) {
    let varianceSum = 0;
    for (const term of terms)
      varianceSum += (term.weight ** 2 * variance(term.values, mean(term.values))) / term.values.length;
    const half = normalQuantile(method.confidence) * Math.sqrt(varianceSum);
    return { mean: estimate, low: estimate - half, high: estimate + half, method: 'normal' };
  }
  const random = seededRandom(seed);
  const { low, high } = bootstrapInterval(() => {
    let sum = 0;
    for (const term of terms) sum += term.weight * resampledMean(term.values, random);
    return sum;
  }, method);
  return { mean: estimate, low, high, method: 'bootstrap' };
}

/** mean(to) − mean(from), resampling each group of scenarios independently (they are disjoint sets of scenarios). */
export function differenceInterval(
  from: readonly number[],
  to: readonly number[],
  method: IntervalMethod,
  seed: number,
): Interval | null {
  return contrastInterval(
    [
      { values: to, weight: 1 },
      { values: from, weight: -1 },
    ],
    method,
    seed,
  );
}

/**
 * The Wilson score interval for a proportion x / n (Wilson 1927): well-behaved at 0, at 1 and with few answers, where
 * the normal (Wald) interval collapses to a point or leaves [0, 1].
 */
export function wilsonInterval(
  count: number,
  total: number,
  confidence: number,
): { rate: number | null; low: number | null; high: number | null } {
  if (total <= 0) return { rate: null, low: null, high: null };
  const z = normalQuantile(confidence);
  const p = count / total;
  const z2n = (z * z) / total;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total));
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
