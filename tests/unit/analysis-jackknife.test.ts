/**
 * The jackknife of κ and α from sufficient statistics (issue 21: agreement on 200,000 transcripts within 1 s) against
 * the definition, recomputing the statistic without each scenario in turn, on seeded random designs: κ bit for bit
 * (its sums are integer counts), α to rounding; and the intervals built from them are the same.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import {
  alphaLeaveOneOut,
  chanceCorrected,
  kappaLeaveOneOut,
  krippendorffAlpha,
  weightedKappa,
} from '../../src/main/core/analysis/chance-agreement';

const naive = <T>(units: readonly T[], statistic: (u: readonly T[]) => number | null): (number | null)[] =>
  units.map((_, i) => statistic(units.filter((__, j) => j !== i)));

/** Scores 1..levels, one level dominant with probability `dominant` (the hard case for chance correction). */
function score(random: () => number, levels: number, dominant: number): number {
  return random() < dominant ? 4 : 1 + Math.floor(random() * levels);
}

describe('leave-one-out from sufficient statistics', () => {
  it('κ equals recomputing without each scenario, bit for bit, over 40 seeded designs', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(seed);
      const n = 5 + Math.floor(random() * 60);
      const dominant = random();
      const pairs = Array.from({ length: n }, () => [score(random, 5, dominant), score(random, 5, dominant)] as const);
      expect(kappaLeaveOneOut(pairs)).toEqual(naive(pairs, weightedKappa));
    }
  });

  it('α equals recomputing without each scenario (to rounding), units of 1 to 6 scores, over 40 seeded designs', () => {
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(1000 + seed);
      const n = 5 + Math.floor(random() * 60);
      const dominant = random();
      const units = Array.from({ length: n }, () =>
        Array.from({ length: 1 + Math.floor(random() * 6) }, () => score(random, 7, dominant)),
      );
      const fast = alphaLeaveOneOut(units);
      const slow = naive(units, krippendorffAlpha);
      expect(fast.length).toBe(slow.length);
      fast.forEach((value, i) => {
        const expected = slow[i];
        if (expected === null || expected === undefined) expect(value).toBe(expected ?? null);
        else expect(value).toBeCloseTo(expected, 10);
      });
    }
  });

  it('gives the same interval as the O(n²) jackknife, and a missing leave-one-out value stays missing', () => {
    const random = seededRandom(7);
    const pairs = Array.from({ length: 30 }, () => [score(random, 5, 0.5), score(random, 5, 0.5)] as const);
    const method = DEFAULT_INTERVAL_METHOD;
    expect(chanceCorrected(pairs, weightedKappa, method, kappaLeaveOneOut)).toEqual(
      chanceCorrected(pairs, weightedKappa, method),
    );
    // Without the one (1, 2) scenario both models always answer 4: no disagreement by chance, so κ is null there.
    const edge = [[1, 2], ...Array.from({ length: 6 }, () => [4, 4])] as [number, number][];
    expect(kappaLeaveOneOut(edge)).toEqual(naive(edge, weightedKappa));
    expect(kappaLeaveOneOut(edge)[0]).toBeNull();
  });

  it('one dominant score whose only exception carries all chance disagreement: the estimate alone, no zero-width band', () => {
    const edge = [[1, 2], ...Array.from({ length: 6 }, () => [4, 4])] as [number, number][];
    // κ = 1 − 7/31; every other leave-one-out κ is the same 10/13, which used to give a zero-width interval.
    const kappa = chanceCorrected(edge, weightedKappa, DEFAULT_INTERVAL_METHOD, kappaLeaveOneOut);
    expect(kappa).toEqual({ estimate: 1 - 7 / 31, ciLow: null, ciHigh: null, scenarios: 7 });
  });
});
