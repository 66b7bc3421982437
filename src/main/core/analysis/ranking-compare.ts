/**
 * Two rankings of the same values side by side (two models, or two versions of one model): Kendall's τ-b between
 * their utilities with a bootstrap interval, and each value's change of utility with its interval and a bootstrap
 * p-value (to be adjusted for the number of values compared). Scenarios are resampled jointly: a scenario drawn for
 * one side is drawn for the other, so what both sides share (the dilemmas) is not counted as a difference.
 */
import { seededRandom, streamSeed } from './bootstrap';
import { holmAdjust } from './multiplicity';
import { normalCdf } from './student-t';
import { cellTable, fitBradleyTerry, type PairedChoice } from './bradley-terry';
import type { Estimate, ValueChange } from '../../../shared/values';
import {
  DEFAULT_RANKING_OPTIONS,
  hasBothOrders,
  intervalOf,
  standardErrorInterval,
  type RankingOptions,
} from './value-ranking';

/** Kendall's τ-b (ties in either ranking handled), in [-1, 1]; null when either side has no spread. */
export function kendallTau(a: readonly number[], b: readonly number[]): number | null {
  let concordant = 0;
  let discordant = 0;
  let tiesA = 0;
  let tiesB = 0;
  for (let i = 0; i < a.length; i += 1)
    for (let j = i + 1; j < a.length; j += 1) {
      const da = Math.sign(a[i]! - a[j]!);
      const db = Math.sign(b[i]! - b[j]!);
      if (da === 0 && db === 0) continue;
      if (da === 0) tiesA += 1;
      else if (db === 0) tiesB += 1;
      else if (da === db) concordant += 1;
      else discordant += 1;
    }
  const n0 = concordant + discordant;
  const denominator = Math.sqrt((n0 + tiesA) * (n0 + tiesB));
  return denominator > 0 ? (concordant - discordant) / denominator : null;
}

export interface RankingComparison {
  tau: Estimate | null;
  changes: ValueChange[];
}

function jointWeights(
  sides: readonly (readonly PairedChoice[])[],
  random: () => number,
): { weights: Float64Array[]; draws: number } {
  const ids = new Map<string, number>();
  for (const side of sides) for (const c of side) if (!ids.has(c.cluster)) ids.set(c.cluster, ids.size);
  const times = new Float64Array(ids.size);
  for (let i = 0; i < ids.size; i += 1) times[Math.floor(random() * ids.size)]! += 1;
  return {
    weights: sides.map((side) => Float64Array.from(side, (c) => times[ids.get(c.cluster) ?? 0]!)),
    draws: ids.size,
  };
}

/** B's utilities minus A's, per value, over the values both sides rank. */
export function compareRankings(
  values: number,
  a: readonly PairedChoice[],
  b: readonly PairedChoice[],
  options: RankingOptions = DEFAULT_RANKING_OPTIONS,
): RankingComparison {
  const positionA = hasBothOrders(values, a);
  const positionB = hasBothOrders(values, b);
  const fitA = fitBradleyTerry(cellTable(values, a), { positionTerm: positionA });
  const fitB = fitBradleyTerry(cellTable(values, b), { positionTerm: positionB });
  const random = seededRandom(streamSeed(options.seed, 'compare'));
  const taus: number[] = [];
  const differences: number[][] = Array.from({ length: values }, () => []);
  for (let r = 0; r < options.resamples; r += 1) {
    const { weights } = jointWeights([a, b], random);
    const ra = fitBradleyTerry(cellTable(values, a, weights[0]), { start: fitA, positionTerm: positionA });
    const rb = fitBradleyTerry(cellTable(values, b, weights[1]), { start: fitB, positionTerm: positionB });
    const tau = kendallTau(ra.utilities, rb.utilities);
    if (tau !== null) taus.push(tau);
    for (let v = 0; v < values; v += 1) differences[v]!.push(rb.utilities[v]! - ra.utilities[v]!);
  }
  const tau = kendallTau(fitA.utilities, fitB.utilities);
  const tests = differences.map((replicates, value) => {
    const estimate = fitB.utilities[value]! - fitA.utilities[value]!;
    const difference = standardErrorInterval(estimate, replicates, options.confidence);
    // The Wald test that matches the interval: the difference over its bootstrap standard error.
    const p = difference.se ? 2 * (1 - normalCdf(Math.abs(estimate) / difference.se)) : 1;
    return { value, difference, p };
  });
  const adjusted = holmAdjust(tests.map((t) => t.p));
  const alpha = 1 - options.confidence;
  return {
    tau: tau === null ? null : intervalOf(tau, taus, options.confidence),
    changes: tests.map((t, i) => {
      const adjustedP = adjusted[i] ?? 1;
      return { ...t, adjustedP, changed: adjustedP < alpha };
    }),
  };
}
