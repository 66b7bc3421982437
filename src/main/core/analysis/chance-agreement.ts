/**
 * Agreement corrected for chance (README "Methods"): Cohen's κ with linear disagreement weights for two models, and
 * Krippendorff's α with the ordinal metric for any number of models, each with a jackknife interval over scenarios (the
 * unit that was sampled). Both are 1 for perfect agreement and 0 for what the models' own
 * distributions of scores would give by chance, so two models that both answer "4" most of the time no longer look
 * like they agree.
 */
import type { ChanceCorrected, IntervalMethod } from '../../../shared/analysis';
import { studentTQuantile } from './student-t';

/** Fewer scenarios than this: the estimate is shown without an interval (a resample of so few is mostly degenerate). */
export const MIN_CHANCE_SCENARIOS = 5;

/**
 * Fewer answers than this off the most common score (for κ, on the side with fewer; for α, over all the scores): the
 * estimate is shown without an interval. When one score dominates, κ and α rest on the few other answers and the
 * jackknife's t interval is far too narrow: in the seeded simulation (README "Methods") it covered 51–85 % with 90 % of
 * answers on one score and 20–50 scenarios, 89 % with 10–19 answers off it, 91 % with 20–29, and 93.5–95 % from 30 on.
 */
export const MIN_OFF_MODE = 30;

/** The estimate alone when fewer than MIN_OFF_MODE answers are off the most common score (see there). */
export function unlessDominated(result: ChanceCorrected | null, offMode: number): ChanceCorrected | null {
  if (!result || result.ciLow === null || offMode >= MIN_OFF_MODE) return result;
  return { estimate: result.estimate, ciLow: null, ciHigh: null, scenarios: result.scenarios };
}

/**
 * Weighted κ for paired scores (one pair per scenario): 1 − Σ|a − b| / Σ over all a×b of |a − b| · p_A(a) p_B(b),
 * i.e. observed over expected disagreement with weights proportional to the distance on the scale. The scale factor
 * of the weights cancels, so the weights need no scale range. Null when no disagreement is possible by chance (both
 * models always give one and the same score).
 */
export function weightedKappa(pairs: readonly (readonly [number, number])[]): number | null {
  const { observed, countsA, countsB } = kappaCounts(pairs);
  return kappaFromCounts(observed, countsA, countsB, pairs.length);
}

/** The sufficient statistics of α: the coincidence matrix and the value totals (both sums over pairable units). */
interface AlphaTables {
  coincidence: Map<string, number>;
  totals: Map<number, number>;
}

/** Adds one pairable unit's coincidences and totals to the tables (sign −1 takes them away again). */
function addUnit(tables: AlphaTables, unit: readonly number[], sign: 1 | -1): void {
  const weight = sign / (unit.length - 1);
  for (let i = 0; i < unit.length; i += 1) {
    const total = (tables.totals.get(unit[i]!) ?? 0) + sign;
    if (total === 0) tables.totals.delete(unit[i]!);
    else tables.totals.set(unit[i]!, total);
    for (let j = 0; j < unit.length; j += 1) {
      if (i === j || unit[i] === unit[j]) continue;
      const key = `${unit[i]}|${unit[j]}`;
      tables.coincidence.set(key, (tables.coincidence.get(key) ?? 0) + weight);
    }
  }
}

function alphaFromTables({ coincidence, totals }: AlphaTables): number | null {
  const values = [...totals.keys()].sort((x, y) => x - y);
  if (values.length < 2) return null;
  const n = [...totals.values()].reduce((s, v) => s + v, 0);
  // Cumulative totals turn each δ into two lookups.
  const cumulative: number[] = [];
  let running = 0;
  for (const v of values) cumulative.push((running += totals.get(v)!));
  const delta2 = (c: number, k: number): number => {
    const [lo, hi] = c < k ? [c, k] : [k, c];
    const between = cumulative[hi]! - (lo === 0 ? 0 : cumulative[lo - 1]!);
    return (between - (totals.get(values[lo]!)! + totals.get(values[hi]!)!) / 2) ** 2;
  };
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < values.length; c += 1) {
    for (let k = 0; k < values.length; k += 1) {
      if (c === k) continue;
      const d = delta2(c, k);
      observed += (coincidence.get(`${values[c]}|${values[k]}`) ?? 0) * d;
      expected += totals.get(values[c]!)! * totals.get(values[k]!)! * d;
    }
  }
  return 1 - ((n - 1) * observed) / expected;
}

function alphaTables(units: readonly (readonly number[])[]): AlphaTables {
  const tables: AlphaTables = { coincidence: new Map(), totals: new Map() };
  for (const unit of units) if (unit.length >= 2) addUnit(tables, unit, 1);
  return tables;
}

/**
 * Krippendorff's α, ordinal metric, over units (scenarios) each holding the scores of the models that gave one; units
 * with fewer than two scores are not pairable and ignored. α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck with the
 * coincidence matrix o, the value totals n_c and δ_ck = Σ_{g from c to k} n_g − (n_c + n_k) / 2.
 */
export function krippendorffAlpha(units: readonly (readonly number[])[]): number | null {
  return alphaFromTables(alphaTables(units));
}

/**
 * α without each unit in turn, from the whole design's tables less that unit's share: O(units) rather than the
 * O(units²) of recomputing α n times (20,000 scenarios took minutes). Equal to recomputing up to rounding.
 */
export function alphaLeaveOneOut(units: readonly (readonly number[])[]): (number | null)[] {
  const whole = alphaTables(units);
  const estimate = alphaFromTables(whole);
  return units.map((unit) => {
    if (unit.length < 2) return estimate;
    const tables: AlphaTables = { coincidence: new Map(whole.coincidence), totals: new Map(whole.totals) };
    addUnit(tables, unit, -1);
    return alphaFromTables(tables);
  });
}

/** Weighted κ from its sufficient statistics: Σ|a − b| over the pairs and each model's counts of scores. */
function kappaFromCounts(observed: number, countsA: Map<number, number>, countsB: Map<number, number>, n: number) {
  if (n === 0) return null;
  let expected = 0;
  for (const [a, na] of countsA) for (const [b, nb] of countsB) expected += Math.abs(a - b) * na * nb;
  expected /= n;
  if (expected === 0) return null;
  return 1 - observed / expected;
}

function kappaCounts(pairs: readonly (readonly [number, number])[]) {
  const countsA = new Map<number, number>();
  const countsB = new Map<number, number>();
  let observed = 0;
  for (const [a, b] of pairs) {
    observed += Math.abs(a - b);
    countsA.set(a, (countsA.get(a) ?? 0) + 1);
    countsB.set(b, (countsB.get(b) ?? 0) + 1);
  }
  return { observed, countsA, countsB };
}

/**
 * κ without each scenario in turn, from the counts less that scenario's pair. Its sums are integer counts, so this is
 * bit for bit what recomputing κ without the scenario gives, at O(scale²) per distinct pair of scores instead of
 * O(scenarios) per scenario.
 */
export function kappaLeaveOneOut(pairs: readonly (readonly [number, number])[]): (number | null)[] {
  const { observed, countsA, countsB } = kappaCounts(pairs);
  const seen = new Map<string, number | null>();
  return pairs.map(([a, b]) => {
    const key = `${a}|${b}`;
    if (!seen.has(key)) {
      const lessA = new Map(countsA).set(a, countsA.get(a)! - 1);
      const lessB = new Map(countsB).set(b, countsB.get(b)! - 1);
      seen.set(key, kappaFromCounts(observed - Math.abs(a - b), lessA, lessB, pairs.length - 1));
    }
    return seen.get(key)!;
  });
}

/**
 * A chance-corrected statistic over scenarios with a delete-one-scenario jackknife standard error and a Student-t
 * interval on n − 1 degrees of freedom. In the seeded simulation where chance agreement is high it held its coverage
 * for α where a percentile bootstrap over scenarios covered about 89 %; it needs no seed, so it is reproducible as is.
 */
export function chanceCorrected<T>(
  units: readonly T[],
  statistic: (units: readonly T[]) => number | null,
  method: IntervalMethod,
  /** The statistic without each unit in turn (default: recomputed n times, O(n²)). */
  leaveOneOut: (units: readonly T[]) => (number | null)[] = (all) =>
    all.map((_, i) => statistic(all.filter((__, j) => j !== i))),
): ChanceCorrected | null {
  const estimate = statistic(units);
  if (estimate === null) return null;
  if (units.length < MIN_CHANCE_SCENARIOS) return jackknife(estimate, units.length, null, method);
  const dropped = leaveOneOut(units);
  const defined = dropped.every((value) => value !== null);
  return jackknife(estimate, units.length, defined ? (i) => dropped[i]! : null, method);
}

/**
 * The jackknife interval of an estimate over n units from the statistic without each unit in turn (`dropped(i)`, in
 * the units' order). A unit without which the statistic is undefined (say the only answer off the dominant score,
 * which alone gave chance disagreement) makes the jackknife meaningless: the rest would agree exactly and give a
 * zero-width band. Then (`dropped` null), and below MIN_CHANCE_SCENARIOS, the estimate is shown alone.
 */
export function jackknife(
  estimate: number,
  n: number,
  dropped: ((i: number) => number) | null,
  method: IntervalMethod,
): ChanceCorrected {
  if (n < MIN_CHANCE_SCENARIOS || dropped === null) return { estimate, ciLow: null, ciHigh: null, scenarios: n };
  let sum = 0;
  for (let i = 0; i < n; i += 1) sum += dropped(i);
  const centre = sum / n;
  let spread = 0;
  for (let i = 0; i < n; i += 1) spread += (dropped(i) - centre) ** 2;
  const half = studentTQuantile(method.confidence, n - 1) * Math.sqrt(((n - 1) / n) * spread);
  return { estimate, ciLow: estimate - half, ciHigh: estimate + half, scenarios: n };
}
