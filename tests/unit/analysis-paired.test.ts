/**
 * Paired comparisons against known truth (seeded simulations): the paired t interval of a change holds 93–97 %
 * coverage at 2, 3, 5, 10 and 50 scenarios, is far narrower than two independent resamplings when scenarios differ a
 * lot, and the sign-flip p-value rejects a true null at most about 5 % of the time.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD, differenceInterval, seededRandom } from '../../src/main/core/analysis/bootstrap';
import { compareEffects } from '../../src/main/core/analysis/compare-effects';
import type { AnalysisInput, DecisionCountRow } from '../../src/main/core/analysis/effects';
import { pairedChange, signFlipPValue, tTestPValue } from '../../src/main/core/analysis/paired';
import type { DimensionValue } from '../../src/shared/domain';

const method = DEFAULT_INTERVAL_METHOD;

function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
}

/** Scenario means of run A and B: a large scenario effect both share, the true change, and answer noise. */
function pairedRuns(n: number, change: number, noise: () => number): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (let s = 0; s < n; s += 1) {
    const scenario = 3 + 2 * noise();
    a.push(scenario + 0.4 * noise());
    b.push(scenario + change + 0.4 * noise());
  }
  return { a, b };
}

describe('paired change of a mean', () => {
  it('is computed by hand on a small case', () => {
    const result = pairedChange([1, 2, 3], method, 1)!;
    // mean 2, s = 1, se = 1/√3, t(0.975, 2) = 4.302653
    expect(result.estimate).toBe(2);
    expect(result.ciLow).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(result.ciHigh).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    expect(result.df).toBe(2);
    // All three positive: only the all-positive and all-negative patterns reach |Σ| = 6 of 8 patterns.
    expect(result).toMatchObject({ pValue: 2 / 8, pMethod: 'sign_flip_exact', scenarios: 3 });
    expect(pairedChange([], method, 1)).toBeNull();
    expect(pairedChange([0.5], method, 1)).toMatchObject({ estimate: 0.5, ciLow: null, pValue: null });
    expect(signFlipPValue([0, 0, 0], 1)).toBe(1);
    expect(tTestPValue(2.228139, 10)).toBeCloseTo(0.05, 5);
  });

  it('covers the true change in 93–97 % of replications at 2, 3, 5, 10 and 50 scenarios', () => {
    const random = seededRandom(211);
    const noise = gaussian(random);
    // The interval does not depend on how the p-value is found: the t test's p keeps the loop fast.
    const tOnly = { ...method, bootstrapMaxScenarios: 0 };
    for (const n of [2, 3, 5, 10, 50]) {
      let covered = 0;
      for (let rep = 0; rep < 1000; rep += 1) {
        const { a, b } = pairedRuns(n, 0.3, noise);
        const c = pairedChange(
          b.map((v, i) => v - a[i]!),
          tOnly,
          rep,
        )!;
        if (c.ciLow! <= 0.3 && 0.3 <= c.ciHigh!) covered += 1;
      }
      expect(covered / 1000, `${n} scenarios`).toBeGreaterThanOrEqual(0.93);
      expect(covered / 1000, `${n} scenarios`).toBeLessThanOrEqual(0.97);
    }
  });

  it('is much narrower than two independent resamplings when the scenarios differ', () => {
    const noise = gaussian(seededRandom(5));
    const { a, b } = pairedRuns(30, 0.3, noise);
    const paired = pairedChange(
      b.map((v, i) => v - a[i]!),
      method,
      1,
    )!;
    const independent = differenceInterval(a, b, method, 1)!;
    expect(paired.ciHigh! - paired.ciLow!).toBeLessThan(0.4 * (independent.high! - independent.low!));
    // A change of 0.3 against answer noise 0.4 × √2 per scenario, 30 scenarios: the paired test finds it.
    expect(paired.pValue!).toBeLessThan(0.05);
  });

  it('rejects a true null at most at its level (exact at 8 scenarios, Monte-Carlo at 30, t above the limit)', () => {
    const noise = gaussian(seededRandom(77));
    for (const [n, reps] of [
      [8, 2000],
      [30, 400],
      [300, 1000],
    ] as const) {
      let rejected = 0;
      for (let rep = 0; rep < reps; rep += 1) {
        const { a, b } = pairedRuns(n, 0, noise);
        const c = pairedChange(
          b.map((v, i) => v - a[i]!),
          method,
          rep,
        )!;
        if (c.pValue! < 0.05) rejected += 1;
      }
      expect(rejected / reps, `${n} scenarios`).toBeLessThanOrEqual(0.065);
      expect(rejected / reps, `${n} scenarios`).toBeGreaterThanOrEqual(n === 8 ? 0.01 : 0.03);
    }
  });
});

describe('paired change of an effect between two runs', () => {
  const key = 'openai:sim';
  const model = { key, model: { providerId: 'openai' as const, modelId: 'sim', modelVersion: null } };

  /**
   * Stakes (1, 2) crossed with Context (one level per scenario pair, large effects of its own), `perLevel` scenarios
   * per Stakes level; every scenario has its own large deviation shared by both runs. B's Stakes effect is A's + 0.5.
   */
  function runPair(perLevel: number, noise: () => number): [AnalysisInput, AnalysisInput] {
    const scenarios = new Map<string, Record<string, DimensionValue>>();
    const rowsA: DecisionCountRow[] = [];
    const rowsB: DecisionCountRow[] = [];
    const row = (run: string, id: string, score: number): DecisionCountRow => ({
      modelKey: key,
      scenarioId: id,
      score,
      decision: 'x',
      parsePath: 'explicit_rating',
      n: 1,
      transcriptId: `${run}-${id}`,
    });
    for (const stakes of [1, 2]) {
      for (let c = 0; c < perLevel; c += 1) {
        const id = `S${stakes}_C${c}`;
        scenarios.set(id, {
          Stakes: { score: stakes, label: `s${stakes}`, option: '' },
          Context: { score: c, label: `c${c}`, option: '' },
        });
        const shared = 3 + 1.5 * Math.sin(c + 1) + 1.5 * noise();
        rowsA.push(row('a', id, shared + (stakes === 2 ? 0.7 : 0) + 0.3 * noise()));
        rowsB.push(row('b', id, shared + (stakes === 2 ? 1.2 : 0) + 0.3 * noise()));
      }
    }
    const dimensions = [
      { name: 'Stakes', levels: [1, 2].map((score) => ({ score, label: `s${score}` })) },
      { name: 'Context', levels: Array.from({ length: perLevel }, (_, c) => ({ score: c, label: `c${c}` })) },
    ];
    const input = (runId: string, rows: DecisionCountRow[]): AnalysisInput => ({
      runId,
      scale: [],
      models: [model],
      dimensions,
      rows,
      scenarios,
    });
    return [input('a', rowsA), input('b', rowsB)];
  }

  it('covers the true change of the effect in 93–97 % of replications at 2, 3, 5, 10 and 50 scenarios per level', () => {
    const noise = gaussian(seededRandom(606));
    const tOnly = { ...method, bootstrapMaxScenarios: 0 };
    const reps = 1000;
    for (const perLevel of [2, 3, 5, 10, 50]) {
      let covered = 0;
      for (let rep = 0; rep < reps; rep += 1) {
        const [a, b] = runPair(perLevel, noise);
        const change = compareEffects(a, b, [{ label: key, a: key, b: key }], tOnly).models[0]!.dimensions[0]!.change!;
        if (change.ciLow! <= 0.5 && 0.5 <= change.ciHigh!) covered += 1;
      }
      expect(covered / reps, `${perLevel} per level`).toBeGreaterThanOrEqual(0.93);
      expect(covered / reps, `${perLevel} per level`).toBeLessThanOrEqual(0.97);
    }
  });
});
