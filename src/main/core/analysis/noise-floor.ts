/**
 * How often a model disagrees with itself, and whether two runs disagree more than that. Every decision counts the
 * same way here as in the modal decision: a score, a refusal and an unparseable answer are each a decision.
 *
 * - Pairwise agreement of one scenario: the probability that two of its samples, drawn without replacement, give the
 *   same decision, Σ n_k (n_k − 1) / (n (n − 1)) — an unbiased estimate whatever the number of samples (n ≥ 2), unlike
 *   the share of the modal decision, which falls as samples are added. Self-disagreement is one minus it.
 * - Entropy of one scenario: −Σ p_k log2 p_k over its decisions' shares (bits; 0 when all agree).
 * - The flip test: in each scenario, two samples of the run with repeated samples (x1, x2) and one of the other run
 *   (y), drawn at random with a seeded generator. If the other run answers like this one, x2 and y are exchangeable
 *   given x1, so "x1 ≠ y but x1 = x2" and "x1 = y but x1 ≠ x2" are equally likely: McNemar's exact test (a binomial
 *   with p = ½ over the discordant scenarios) of the between-run disagreement against the within-run one.
 */
import type { IntervalMethod } from '../../../shared/analysis';
import { mean, seededRandom } from './bootstrap';
import { logGamma, studentTQuantile } from './student-t';

/** One scenario's answers: how many samples gave each decision (keys are the decisions). */
export type DecisionCounts = ReadonlyMap<string, number>;

export function scenarioAgreement(counts: DecisionCounts): number | null {
  let n = 0;
  let same = 0;
  for (const k of counts.values()) {
    n += k;
    same += k * (k - 1);
  }
  return n < 2 ? null : same / (n * (n - 1));
}

export function scenarioEntropy(counts: DecisionCounts): number | null {
  let n = 0;
  for (const k of counts.values()) n += k;
  if (n === 0) return null;
  let h = 0;
  for (const k of counts.values()) if (k > 0) h -= (k / n) * Math.log2(k / n);
  return h === 0 ? 0 : h;
}

export interface Consistency {
  /** Mean over scenarios with at least two samples of their pairwise agreement, with a t interval (n − 1 df). */
  agreement: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Mean per-scenario entropy of the decisions (bits), over the same scenarios. */
  entropy: number;
  /** Scenarios with at least two samples (the unit of the interval). */
  scenarios: number;
}

/** Pairwise agreement and entropy over a model's scenarios (those with at least two samples); null without any. */
export function consistency(perScenario: Iterable<DecisionCounts>, method: IntervalMethod): Consistency | null {
  const agreements: number[] = [];
  const entropies: number[] = [];
  for (const counts of perScenario) {
    const a = scenarioAgreement(counts);
    if (a === null) continue;
    agreements.push(a);
    entropies.push(scenarioEntropy(counts)!);
  }
  const n = agreements.length;
  if (n === 0) return null;
  const m = mean(agreements);
  const entropy = mean(entropies);
  if (n < 2) return { agreement: m, ciLow: null, ciHigh: null, entropy, scenarios: n };
  let ss = 0;
  for (const a of agreements) ss += (a - m) ** 2;
  const half = studentTQuantile(method.confidence, n - 1) * Math.sqrt(ss / (n - 1) / n);
  return {
    agreement: m,
    ciLow: Math.max(0, m - half),
    ciHigh: Math.min(1, m + half),
    entropy,
    scenarios: n,
  };
}

/**
 * A mean of per-scenario values with its Student-t interval (n − 1 df) from their count, mean and mean square (as SQL
 * aggregates give them), clipped to [0, 1]; no interval below two values.
 */
export function proportionMeanInterval(
  n: number,
  m: number,
  meanSq: number,
  confidence: number,
): { low: number | null; high: number | null } {
  if (n < 2) return { low: null, high: null };
  const variance = Math.max(0, ((meanSq - m * m) * n) / (n - 1));
  const half = studentTQuantile(confidence, n - 1) * Math.sqrt(variance / n);
  return { low: Math.max(0, m - half), high: Math.min(1, m + half) };
}

/** P(X ≥ k) for X ~ Binomial(n, ½): McNemar's exact one-sided p-value. */
export function binomialUpperTail(k: number, n: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let p = 0;
  for (let i = k; i <= n; i += 1) {
    p += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) - n * Math.LN2);
  }
  return Math.min(1, p);
}

export interface FlipTest {
  /** Scenarios with two samples on the floor's side and one on the other. */
  scenarios: number;
  /** Which run's repeated samples give the floor. */
  floorSide: 'a' | 'b';
  /** Scenarios where the two runs' samples differ but the floor side's two samples agree. */
  betweenOnly: number;
  /** Scenarios where the floor side's two samples differ but agree with the other run's. */
  withinOnly: number;
  /** One-sided exact McNemar p-value: between-run disagreement exceeds the within-run one. */
  pValue: number;
}

/** One decision drawn from the counts, without replacement (the counts are decremented). */
function draw(counts: Map<string, number>, random: () => number): string {
  let total = 0;
  for (const k of counts.values()) total += k;
  let pick = Math.floor(random() * total);
  for (const [key, k] of counts) {
    if (pick < k) {
      counts.set(key, k - 1);
      return key;
    }
    pick -= k;
  }
  throw new RangeError('draw from empty counts');
}

/**
 * McNemar's exact test of "run B answers each scenario like run A" against "more disagreement between the runs
 * than within": scenarios are matched by key, the floor comes from A when A has repeated samples, else from B.
 */
export function flipTest(
  a: ReadonlyMap<string, DecisionCounts>,
  b: ReadonlyMap<string, DecisionCounts>,
  seed: number,
): FlipTest | null {
  const total = (c: DecisionCounts): number => [...c.values()].reduce((s, k) => s + k, 0);
  const repeated = (side: ReadonlyMap<string, DecisionCounts>): boolean =>
    [...side.values()].some((c) => total(c) >= 2);
  const floorSide = repeated(a) ? 'a' : repeated(b) ? 'b' : null;
  if (!floorSide) return null;
  const [floor, other] = floorSide === 'a' ? [a, b] : [b, a];
  const random = seededRandom(seed);
  let scenarios = 0;
  let betweenOnly = 0;
  let withinOnly = 0;
  const ids = [...floor.keys()].sort();
  for (const id of ids) {
    const own = floor.get(id)!;
    const theirs = other.get(id);
    if (!theirs || total(own) < 2 || total(theirs) < 1) continue;
    const pool = new Map(own);
    const x1 = draw(pool, random);
    const x2 = draw(pool, random);
    const y = draw(new Map(theirs), random);
    scenarios += 1;
    if (x1 === x2 && x1 !== y) betweenOnly += 1;
    else if (x1 !== x2 && x1 === y) withinOnly += 1;
  }
  if (scenarios === 0) return null;
  return {
    scenarios,
    floorSide,
    betweenOnly,
    withinOnly,
    pValue: binomialUpperTail(betweenOnly, betweenOnly + withinOnly),
  };
}

/** The probability that one sample of A and one of B differ, averaged over the scenarios both answered. */
export function crossDisagreement(
  a: ReadonlyMap<string, DecisionCounts>,
  b: ReadonlyMap<string, DecisionCounts>,
): number | null {
  const values: number[] = [];
  for (const [id, countsA] of a) {
    const countsB = b.get(id);
    if (!countsB) continue;
    let nA = 0;
    let nB = 0;
    let same = 0;
    for (const k of countsA.values()) nA += k;
    for (const [key, k] of countsB) {
      nB += k;
      same += k * (countsA.get(key) ?? 0);
    }
    if (nA > 0 && nB > 0) values.push(1 - same / (nA * nB));
  }
  return values.length === 0 ? null : mean(values);
}
