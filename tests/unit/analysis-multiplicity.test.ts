/**
 * Holm and Benjamini–Hochberg: hand-computed adjusted p-values (as R's p.adjust gives them), and seeded simulations of
 * pages of paired comparisons: with identical truth Holm keeps the chance of any marked change near or below 5 %
 * (unadjusted, far above), and with half the changes real BH keeps the false discovery rate below 5 %.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import { benjaminiHochberg, holmAdjust } from '../../src/main/core/analysis/multiplicity';
import { pairedChange } from '../../src/main/core/analysis/paired';

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

/** One page: `m` paired changes over 20 scenarios, the first `real` of them with a true change of `size`. */
function page(m: number, real: number, size: number, noise: () => number, rep: number): number[] {
  // 20 scenarios above a resampling limit of 0: the paired t test's p-value (the sign-flip one is tested elsewhere).
  const method = { ...DEFAULT_INTERVAL_METHOD, bootstrapMaxScenarios: 0 };
  return Array.from({ length: m }, (_, test) => {
    const diffs = Array.from({ length: 20 }, () => (test < real ? size : 0) + noise());
    return pairedChange(diffs, method, rep * 100 + test)!.pValue!;
  });
}

describe('adjusted p-values', () => {
  it('match the hand-computed (R p.adjust) values, keep nulls out of the family and the input order', () => {
    const p = [0.01, 0.04, 0.03, 0.005];
    const holm = holmAdjust(p);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(holm[i]).toBeCloseTo(v, 12));
    const bh = benjaminiHochberg(p);
    [0.02, 0.04, 0.04, 0.02].forEach((v, i) => expect(bh[i]).toBeCloseTo(v, 12));
    expect(holmAdjust([0.5, null, 0.9])).toEqual([1, null, 1]);
    expect(benjaminiHochberg([0.5, null, 0.9])).toEqual([0.9, null, 0.9]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('Holm controls the family-wise error rate on a page of 20 null comparisons', () => {
    const noise = gaussian(seededRandom(4242));
    const reps = 500;
    let anyRaw = 0;
    let anyHolm = 0;
    let anyBh = 0;
    for (let rep = 0; rep < reps; rep += 1) {
      const p = page(20, 0, 0, noise, rep);
      if (p.some((v) => v < 0.05)) anyRaw += 1;
      if (holmAdjust(p).some((v) => v! < 0.05)) anyHolm += 1;
      if (benjaminiHochberg(p).some((v) => v! < 0.05)) anyBh += 1;
    }
    // 500 replications: 0.05 + 2.5 standard errors.
    expect(anyHolm / reps).toBeLessThanOrEqual(0.075);
    // Under the global null FDR = FWER, so BH holds it too.
    expect(anyBh / reps).toBeLessThanOrEqual(0.075);
    expect(anyRaw / reps).toBeGreaterThan(0.5);
  });

  it('Benjamini–Hochberg controls the false discovery rate with half the changes real, with more power than Holm', () => {
    const noise = gaussian(seededRandom(99));
    const reps = 500;
    let fdp = 0;
    let foundBh = 0;
    let foundHolm = 0;
    for (let rep = 0; rep < reps; rep += 1) {
      const p = page(20, 10, 1, noise, rep);
      const q = benjaminiHochberg(p);
      const marked = q.map((v) => v! < 0.05);
      const falseMarks = marked.filter((m, i) => m && i >= 10).length;
      const total = marked.filter(Boolean).length;
      fdp += total === 0 ? 0 : falseMarks / total;
      foundBh += marked.filter((m, i) => m && i < 10).length;
      foundHolm += holmAdjust(p).filter((v, i) => v! < 0.05 && i < 10).length;
    }
    expect(fdp / reps).toBeLessThanOrEqual(0.05);
    expect(foundBh).toBeGreaterThan(foundHolm);
  });
});
