/**
 * Agreement corrected for chance: weighted κ and Krippendorff's α (ordinal) against hand-computed cases, ties counted
 * apart, and a seeded simulation of two (and three) models that agree only by chance while both answer mostly "4".
 */
import { describe, expect, it } from 'vitest';
import { agreement } from '../../src/main/core/analysis/agreement';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import { chanceCorrected, krippendorffAlpha, weightedKappa } from '../../src/main/core/analysis/chance-agreement';
import type { AnalysisInput, DecisionCountRow } from '../../src/main/core/analysis/effects';

const method = DEFAULT_INTERVAL_METHOD;
const model = (id: string) => ({
  key: `openai:${id}`,
  model: { providerId: 'openai' as const, modelId: id, modelVersion: null },
});

function row(modelKey: string, scenarioId: string, score: number | null, n = 1): DecisionCountRow {
  return {
    modelKey,
    scenarioId,
    score,
    decision: score === null ? 'refusal' : `d${score}`,
    parsePath: score === null ? 'refusal' : 'explicit_rating',
    n,
    transcriptId: `${modelKey}-${scenarioId}-${score}`,
  };
}

function input(ids: string[], rows: DecisionCountRow[]): AnalysisInput {
  const scenarios = new Map([...new Set(rows.map((r) => r.scenarioId))].map((s) => [s, {}]));
  return { runId: 'run_chance', scale: [], models: ids.map(model), dimensions: [], rows, scenarios };
}

describe('weighted κ and ordinal α (hand-computed)', () => {
  it('κ: pairs (1,1), (2,2), (1,2) give observed 1/3 against expected 5/9 disagreement, κ = 0.4', () => {
    expect(
      weightedKappa([
        [1, 1],
        [2, 2],
        [1, 2],
      ]),
    ).toBeCloseTo(0.4, 12);
  });

  it('κ weighs a disagreement by its distance, is 1 when identical and undefined without variation', () => {
    // A: 1, 2, 3; B: 1, 3, 3 → observed |0|+|1|+|0| = 1 over 3; expected Σ|a−b| p_A p_B = (2+1+1+0+1+0... )
    // a=1: |1−1|·1 + |1−3|·2 = 4; a=2: 1 + 2 = 3; a=3: 2 + 0 = 2 → 9 / 9 = 1 per scenario; κ = 1 − (1/3)/1 = 2/3.
    expect(
      weightedKappa([
        [1, 1],
        [2, 3],
        [3, 3],
      ]),
    ).toBeCloseTo(2 / 3, 12);
    expect(
      weightedKappa([
        [1, 1],
        [5, 5],
      ]),
    ).toBe(1);
    expect(
      weightedKappa([
        [4, 4],
        [4, 4],
      ]),
    ).toBeNull();
    expect(weightedKappa([])).toBeNull();
  });

  it('α (ordinal): the same three units give 1 − 5·18 / 162 = 4/9', () => {
    expect(
      krippendorffAlpha([
        [1, 1],
        [2, 2],
        [1, 2],
      ]),
    ).toBeCloseTo(4 / 9, 12);
  });

  it('α (ordinal) ranks by value totals: units (1,1,1), (2,2,3), (3,3,3) give 0.785185…', () => {
    // n1 = 3, n2 = 2, n3 = 4, n = 9. Coincidences: o23 = o32 = 2 · ½ = 1. δ²(2,3) = (2 + 4 − 3)² = 9.
    // Σ n_c n_k δ² = 2 · (3·2·(3+2−2.5)² + 3·4·(9−3.5)² + 2·4·9) = 2 · (37.5 + 363 + 72) = 945.
    // α = 1 − 8 · 2 · 9 / 945 = 1 − 144/945.
    expect(krippendorffAlpha([[1, 1, 1], [2, 2, 3], [3, 3, 3], [5]])).toBeCloseTo(1 - 144 / 945, 12);
    expect(
      krippendorffAlpha([
        [2, 2],
        [2, 2],
      ]),
    ).toBeNull();
  });

  it('gives no interval below five scenarios and a reproducible one around the estimate above', () => {
    const few = chanceCorrected(
      [
        [1, 1],
        [2, 2],
        [1, 2],
      ] as [number, number][],
      weightedKappa,
      method,
    );
    expect(few).toEqual({ estimate: expect.closeTo(0.4, 12), ciLow: null, ciHigh: null, scenarios: 3 });
    const pairs: [number, number][] = [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 3],
      [5, 5],
      [2, 1],
      [3, 4],
      [5, 4],
    ];
    const once = chanceCorrected(pairs, weightedKappa, method)!;
    expect(once).toEqual(chanceCorrected(pairs, weightedKappa, method));
    expect(once.ciLow!).toBeLessThan(once.estimate);
    expect(once.ciHigh!).toBeGreaterThan(once.estimate);
  });
});

describe('agreement report', () => {
  it('counts tied modes apart: in none of exact, within one or κ, and never listed as a disagreement', () => {
    const rows = [
      // s1: a ties 2 and 4 (one sample each); b says 2 twice.
      row('openai:a', 's1', 2),
      row('openai:a', 's1', 4),
      row('openai:b', 's1', 2, 2),
      // s2, s3: clear modes, the same decision.
      row('openai:a', 's2', 3, 2),
      row('openai:b', 's2', 3, 2),
      row('openai:a', 's3', 5, 2),
      row('openai:a', 's3', 1),
      row('openai:b', 's3', 5, 2),
    ];
    const [pair] = agreement(input(['a', 'b'], rows)).pairs;
    expect(pair).toMatchObject({ compared: 3, tied: 1, exact: 2, withinOne: 2, bothScored: 2 });
    expect(pair!.kappa).toEqual({ estimate: 1, ciLow: null, ciHigh: null, scenarios: 2 });
    expect(agreement(input(['a', 'b'], rows)).disagreements).toEqual([]);
    expect(agreement(input(['a', 'b'], rows)).alpha).toBeNull();
  });

  it('gives Krippendorff α over three models on their untied modal scores', () => {
    const rows = ['s1', 's2', 's3'].flatMap((s, i) => [
      row('openai:a', s, [1, 2, 1][i]!),
      row('openai:b', s, [1, 2, 2][i]!),
      row('openai:c', s, null),
    ]);
    expect(agreement(input(['a', 'b', 'c'], rows)).alpha!.estimate).toBeCloseTo(4 / 9, 12);
  });
});

/** A score that is 4 with probability 0.8, else 3 or 5: answers that agree "within one point" almost always. */
function concentrated(random: () => number): number {
  const u = random();
  return u < 0.8 ? 4 : u < 0.9 ? 3 : 5;
}

describe('when chance agreement is high (seeded simulation, 400 replications of 60 scenarios)', () => {
  const REPLICATIONS = 400;
  const SCENARIOS = 60;
  const sim = method;

  // κ centres on 0 but its interval covers 0 in only ~70 % of these replications (its denominator, the
  // expected disagreement, is small and noisy when one score dominates): see README "Methods"; α's holds.
  it('raw within-one agreement is about 99 %, yet κ and α centre on 0 and the α interval covers 0 about 95 % of the time', () => {
    const random = seededRandom(4242);
    let within = 0;
    let alphaCovers = 0;
    let kappaSum = 0;
    for (let r = 0; r < REPLICATIONS; r += 1) {
      const rows: DecisionCountRow[] = [];
      for (let s = 0; s < SCENARIOS; s += 1)
        for (const m of ['a', 'b', 'c']) rows.push(row(`openai:${m}`, `s${s}`, concentrated(random)));
      const pairRows = rows.filter((x) => x.modelKey !== 'openai:c');
      const report = agreement(input(['a', 'b'], pairRows), 0, sim);
      const [pair] = report.pairs;
      within += pair!.withinOne / pair!.bothScored;
      kappaSum += pair!.kappa!.estimate;
      const alpha = agreement(input(['a', 'b', 'c'], rows), 0, sim).alpha!;
      if (alpha.ciLow! <= 0 && 0 <= alpha.ciHigh!) alphaCovers += 1;
    }
    expect(within / REPLICATIONS).toBeGreaterThan(0.97);
    expect(Math.abs(kappaSum / REPLICATIONS)).toBeLessThan(0.03);
    expect(alphaCovers / REPLICATIONS).toBeGreaterThanOrEqual(0.91);
    expect(alphaCovers / REPLICATIONS).toBeLessThanOrEqual(0.98);
  });
});
