/**
 * Weighted κ and ordinal α with their jackknife intervals (README "Methods") from count tables over score slots, for
 * agreement on large runs: the same statistics, the same arithmetic in the same order as `chance-agreement.ts` (so the
 * same figures bit for bit; then MIN_OFF_MODE withholds the interval under one dominant score), without a string key or a Map copy per scenario (20,000 scenarios × 45 pairs of models
 * took over a second that way).
 *
 * A slot is a small integer standing for one score: `slotScore[slot]` is its score.
 */
import type { ChanceCorrected, IntervalMethod } from '../../../shared/analysis';
import { jackknife, MIN_CHANCE_SCENARIOS, unlessDominated } from './chance-agreement';

/**
 * Weighted κ of the pairs (`slotScore[slotA[k]]`, `slotScore[slotB[k]]`), k < n, with its jackknife interval: equal to
 * `chanceCorrected(pairs, weightedKappa, method, kappaLeaveOneOut)`.
 */
export function kappaInterval(
  slotA: Int32Array,
  slotB: Int32Array,
  n: number,
  slotScore: readonly number[],
  method: IntervalMethod,
): ChanceCorrected | null {
  const size = slotScore.length;
  const countA = new Float64Array(size);
  const countB = new Float64Array(size);
  // Each model's scores in the order they first appear: the order the Map-based counts iterate in.
  const orderA: number[] = [];
  const orderB: number[] = [];
  let observed = 0;
  for (let k = 0; k < n; k += 1) {
    const a = slotA[k]!;
    const b = slotB[k]!;
    observed += Math.abs(slotScore[a]! - slotScore[b]!);
    if (countA[a]!++ === 0) orderA.push(a);
    if (countB[b]!++ === 0) orderB.push(b);
  }
  /** κ from the counts, less one pair (lessA, lessB) when given. */
  const kappa = (obs: number, total: number, lessA: number, lessB: number): number | null => {
    if (total === 0) return null;
    let expected = 0;
    for (const a of orderA) {
      const na = countA[a]! - (a === lessA ? 1 : 0);
      for (const b of orderB)
        expected += Math.abs(slotScore[a]! - slotScore[b]!) * na * (countB[b]! - (b === lessB ? 1 : 0));
    }
    expected /= total;
    if (expected === 0) return null;
    return 1 - obs / expected;
  };
  const estimate = kappa(observed, n, -1, -1);
  if (estimate === null) return null;
  if (n < MIN_CHANCE_SCENARIOS) return { estimate, ciLow: null, ciHigh: null, scenarios: n };
  // Without one pair κ depends only on that pair's two scores: computed once per distinct pair of slots.
  const dropped = new Float64Array(size * size);
  const state = new Uint8Array(size * size); // 0 not yet, 1 a value, 2 undefined
  for (let k = 0; k < n; k += 1) {
    const a = slotA[k]!;
    const b = slotB[k]!;
    const cell = a * size + b;
    if (state[cell] !== 0) continue;
    const value = kappa(observed - Math.abs(slotScore[a]! - slotScore[b]!), n - 1, a, b);
    state[cell] = value === null ? 2 : 1;
    dropped[cell] = value ?? 0;
  }
  let undefinedSomewhere = false;
  for (let k = 0; k < n; k += 1) if (state[slotA[k]! * size + slotB[k]!] === 2) undefinedSomewhere = true;
  const interval = jackknife(
    estimate,
    n,
    undefinedSomewhere ? null : (k) => dropped[slotA[k]! * size + slotB[k]!]!,
    method,
  );
  return unlessDominated(interval, Math.min(n - Math.max(...countA), n - Math.max(...countB)));
}

/** α's sufficient statistics over slots: coincidences (size × size) and value totals. */
interface Tables {
  coincidence: Float64Array;
  totals: Float64Array;
}

function addUnit(tables: Tables, unit: Int32Array, start: number, end: number, sign: 1 | -1, size: number): void {
  const weight = sign / (end - start - 1);
  for (let i = start; i < end; i += 1) {
    const ui = unit[i]!;
    tables.totals[ui]! += sign;
    for (let j = start; j < end; j += 1) {
      const uj = unit[j]!;
      if (i === j || ui === uj) continue;
      tables.coincidence[ui * size + uj]! += weight;
    }
  }
}

function alphaOf({ coincidence, totals }: Tables, ascending: readonly number[], size: number): number | null {
  const values = ascending.filter((slot) => totals[slot] !== 0);
  if (values.length < 2) return null;
  let n = 0;
  for (const slot of values) n += totals[slot]!;
  const cumulative: number[] = [];
  let running = 0;
  for (const slot of values) cumulative.push((running += totals[slot]!));
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c += 1) {
    for (let k = 0; k < values.length; k += 1) {
      if (c === k) continue;
      const [lo, hi] = c < k ? [c, k] : [k, c];
      const between = cumulative[hi]! - (lo === 0 ? 0 : cumulative[lo - 1]!);
      const d = (between - (totals[values[lo]!]! + totals[values[hi]!]!) / 2) ** 2;
      observed += coincidence[values[c]! * size + values[k]!]! * d;
      expected += totals[values[c]!]! * totals[values[k]!]! * d;
    }
  }
  return 1 - ((n - 1) * observed) / expected;
}

/**
 * Krippendorff's α (ordinal) of pairable units with its jackknife interval: unit u holds the slots
 * `units[starts[u]] … units[starts[u + 1] − 1]` (two or more). Equal to
 * `chanceCorrected(units, krippendorffAlpha, method, alphaLeaveOneOut)`.
 */
export function alphaInterval(
  units: Int32Array,
  starts: Int32Array,
  slotScore: readonly number[],
  method: IntervalMethod,
): ChanceCorrected | null {
  const size = slotScore.length;
  const count = starts.length - 1;
  const ascending = Array.from(slotScore.keys()).sort((x, y) => slotScore[x]! - slotScore[y]!);
  const whole: Tables = { coincidence: new Float64Array(size * size), totals: new Float64Array(size) };
  for (let u = 0; u < count; u += 1) addUnit(whole, units, starts[u]!, starts[u + 1]!, 1, size);
  const estimate = alphaOf(whole, ascending, size);
  if (estimate === null) return null;
  if (count < MIN_CHANCE_SCENARIOS) return { estimate, ciLow: null, ciHigh: null, scenarios: count };
  const scratch: Tables = { coincidence: new Float64Array(size * size), totals: new Float64Array(size) };
  const dropped: (number | null)[] = [];
  for (let u = 0; u < count; u += 1) {
    scratch.coincidence.set(whole.coincidence);
    scratch.totals.set(whole.totals);
    addUnit(scratch, units, starts[u]!, starts[u + 1]!, -1, size);
    dropped.push(alphaOf(scratch, ascending, size));
  }
  const defined = dropped.every((value) => value !== null);
  const interval = jackknife(estimate, count, defined ? (u) => dropped[u]! : null, method);
  let all = 0;
  for (const total of whole.totals) all += total;
  return unlessDominated(interval, all - Math.max(...whole.totals));
}
