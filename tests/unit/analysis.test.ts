/** Dimension effects, interactions and model agreement computed from decision counts, with reproducible intervals. */
import { describe, expect, it } from 'vitest';
import { agreement, modalDecision } from '../../src/main/core/analysis/agreement';
import {
  DEFAULT_INTERVAL_METHOD,
  differenceInterval,
  meanInterval,
  normalQuantile,
  wilsonInterval,
} from '../../src/main/core/analysis/bootstrap';
import {
  dimensionEffects,
  interaction,
  type AnalysisInput,
  type DecisionCountRow,
} from '../../src/main/core/analysis/effects';
import type { DimensionValue } from '../../src/shared/domain';

const method = DEFAULT_INTERVAL_METHOD;
const MODELS = [
  { key: 'openai:a', model: { providerId: 'openai' as const, modelId: 'a', modelVersion: null } },
  { key: 'openai:b', model: { providerId: 'openai' as const, modelId: 'b', modelVersion: null } },
];

/** A 3 × 2 design; model a answers Stakes level + 1 (so Stakes moves it by 2), model b always 3. */
function fixture(extra: DecisionCountRow[] = []): AnalysisInput {
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  const rows: DecisionCountRow[] = [];
  for (const stakes of [1, 2, 3]) {
    for (const certainty of [1, 2]) {
      for (let copy = 0; copy < 4; copy += 1) {
        const id = `Stakes${stakes}_Certainty${certainty}_${copy}`;
        scenarios.set(id, {
          Stakes: { score: stakes, label: `s${stakes}`, option: 'x' },
          Certainty: { score: certainty, label: `c${certainty}`, option: 'y' },
        });
        const scoreA = stakes + 1 + (copy % 2 === 0 ? 0 : certainty - 1);
        rows.push({
          modelKey: 'openai:a',
          scenarioId: id,
          score: scoreA,
          decision: `d${scoreA}`,
          parsePath: 'explicit_rating',
          n: 1,
          transcriptId: `ta-${id}`,
        });
        rows.push({
          modelKey: 'openai:b',
          scenarioId: id,
          score: 3,
          decision: 'd3',
          parsePath: 'explicit_rating',
          n: 1,
          transcriptId: `tb-${id}`,
        });
      }
    }
  }
  return {
    runId: 'run_x',
    scale: [],
    models: MODELS,
    dimensions: [
      { name: 'Stakes', levels: [3, 1, 2].map((s) => ({ score: s, label: `s${s}` })) },
      { name: 'Certainty', levels: [1, 2].map((s) => ({ score: s, label: `c${s}` })) },
    ],
    rows: [...rows, ...extra],
    scenarios,
  };
}

describe('intervals', () => {
  it('are Student-t intervals over scenario means on n − 1 degrees of freedom (hand-computed)', () => {
    // [1, 2, 3]: mean 2, sd 1, se 1/√3, t(0.975, 2) = 4.302653 → half-width 2.484138.
    const t = meanInterval([1, 2, 3], method)!;
    expect(t.method).toBe('t');
    expect(t.mean).toBe(2);
    expect(t.low!).toBeCloseTo(2 - 2.484138, 5);
    expect(t.high!).toBeCloseTo(2 + 2.484138, 5);
    // Two scenarios: t(0.975, 1) = 12.706205; [2, 4] → se 1.
    const two = meanInterval([2, 4], method)!;
    expect(two.high! - two.mean).toBeCloseTo(12.706205, 5);
    expect(normalQuantile(0.95)).toBeCloseTo(1.959964, 5);
  });

  it('give Wilson score intervals for rates (hand-computed)', () => {
    const none = wilsonInterval(0, 10, 0.95);
    expect(none.rate).toBe(0);
    expect(none.low).toBe(0);
    expect(none.high!).toBeCloseTo(0.27753, 5);
    const half = wilsonInterval(5, 10, 0.95);
    expect(half.low!).toBeCloseTo(0.23659, 5);
    expect(half.high!).toBeCloseTo(0.76341, 5);
    expect(wilsonInterval(0, 0, 0.95)).toEqual({ rate: null, low: null, high: null });
  });

  it('give no interval from a single scenario, and none at all from none', () => {
    expect(meanInterval([3], method)).toEqual({ mean: 3, low: null, high: null, method: null });
    expect(meanInterval([], method)).toBeNull();
    expect(differenceInterval([], [1, 2], method, 1)).toBeNull();
    const constant = differenceInterval([1, 1, 1], [4, 4, 4], method, 1)!;
    expect([constant.mean, constant.low, constant.high]).toEqual([3, 3, 3]);
  });
});

describe('dimension effects', () => {
  it('gives the mean per level in level order and the effect of going from the lowest to the highest level', () => {
    const report = dimensionEffects(fixture(), method);
    const a = report.models.find((m) => m.modelKey === 'openai:a')!;
    const stakes = a.dimensions.find((d) => d.dimension === 'Stakes')!;
    expect(stakes.levels.map((l) => l.level)).toEqual([1, 2, 3]);
    expect(stakes.levels.map((l) => l.mean)).toEqual([2.25, 3.25, 4.25]);
    expect(stakes.levels.map((l) => [l.scenarios, l.n])).toEqual([
      [8, 8],
      [8, 8],
      [8, 8],
    ]);
    expect(stakes.effect).toMatchObject({ fromLevel: 1, toLevel: 3, estimate: 2 });
    expect(stakes.effect!.ciLow!).toBeGreaterThan(1);
    const b = report.models.find((m) => m.modelKey === 'openai:b')!;
    const flat = b.dimensions[0]!.effect!;
    expect([flat.estimate, flat.ciLow!, flat.ciHigh!].map((v) => Math.abs(v) < 1e-12)).toEqual([true, true, true]);
    // Every level against the baseline (the first level) from the main-effects model: exactly +1 and +2 here.
    expect(stakes.baseline).toBe(1);
    expect(stakes.amce.map((e) => [e.level, Math.round(e.estimate * 1e9) / 1e9])).toEqual([
      [2, 1],
      [3, 2],
    ]);
  });

  it('leaves refusals and unparseable answers out of the means and counts them', () => {
    const report = dimensionEffects(
      fixture([
        {
          modelKey: 'openai:b',
          scenarioId: 'Stakes1_Certainty1_0',
          score: null,
          decision: 'refusal',
          parsePath: 'refusal',
          n: 2,
          transcriptId: 'r',
        },
        {
          modelKey: 'openai:b',
          scenarioId: 'Stakes1_Certainty1_1',
          score: null,
          decision: 'unparseable',
          parsePath: 'unparseable',
          n: 1,
          transcriptId: 'u',
        },
      ]),
      method,
    );
    const b = report.models.find((m) => m.modelKey === 'openai:b')!;
    expect([b.refusals, b.unparseable, b.scored]).toEqual([2, 1, 24]);
    expect(b.dimensions[0]!.levels[0]!.mean).toBe(3);
    // Per level, refusals and unparseable answers are rates among all answers there (8 scored + 3): 2/11 and 1/11.
    const low = b.dimensions[0]!.levels[0]!;
    expect(low.answers).toBe(11);
    expect(low.refusals).toMatchObject({ count: 2, rate: 2 / 11 });
    expect(low.unparseable).toMatchObject({ count: 1, rate: 1 / 11 });
    expect(low.refusals.ciLow!).toBeGreaterThan(0);
    expect(b.dimensions[0]!.levels[1]!.refusals).toMatchObject({ count: 0, rate: 0, ciLow: 0 });
  });

  it('averages the samples of a scenario before averaging scenarios', () => {
    const input = fixture();
    input.rows.push({
      modelKey: 'openai:b',
      scenarioId: 'Stakes3_Certainty2_0',
      score: 5,
      decision: 'd5',
      parsePath: 'explicit_rating',
      n: 3,
      transcriptId: 'x',
    });
    const b = dimensionEffects(input, method).models.find((m) => m.modelKey === 'openai:b')!;
    const top = b.dimensions[0]!.levels[2]!;
    expect(top.n).toBe(11);
    expect(top.scenarios).toBe(8);
    expect(top.mean).toBeCloseTo((7 * 3 + (3 + 15) / 4) / 8, 10);
  });
});

describe('interaction of two dimensions', () => {
  it('fills every level pair, empty cells included', () => {
    const report = interaction(fixture(), 'Stakes', 'Certainty');
    const a = report.models[0]!;
    expect(a.cells).toHaveLength(6);
    expect(a.cells.find((c) => c.levelA === 3 && c.levelB === 2)).toMatchObject({ scenarios: 4, mean: 4.5 });
    expect(a.cells.find((c) => c.levelA === 1 && c.levelB === 1)).toMatchObject({ mean: 2 });
    expect(() => interaction(fixture(), 'Stakes', 'Nope')).toThrow(/Nope/);
  });
});

describe('model agreement', () => {
  it('counts exact and within-one agreement per pair and lists the widest disagreements first', () => {
    const report = agreement(fixture());
    // Model b always answers 3: whatever a does, the agreement is what chance gives (κ = 0 exactly). With no answer of
    // b off its one score there is no interval (MIN_OFF_MODE), where the jackknife gave a zero-width [0, 0].
    expect(report.pairs).toEqual([
      {
        modelA: 'openai:a',
        modelB: 'openai:b',
        compared: 24,
        exact: 8,
        withinOne: 22,
        bothScored: 24,
        tied: 0,
        kappa: { estimate: 0, ciLow: null, ciHigh: null, scenarios: 24 },
      },
    ]);
    expect(report.alpha).toBeNull();
    expect(report.disagreements[0]!.distance).toBe(2);
    expect(report.disagreements[0]!.a.transcriptId).toMatch(/^ta-Stakes3/);
    expect(report.disagreements).toHaveLength(16);
    expect(agreement(fixture(), 3).disagreements.map((d) => d.distance)).toEqual([2, 2, 1]);
  });

  it('takes the modal decision of a sampled scenario, ties broken the same way whatever the row order', () => {
    const rows: DecisionCountRow[] = [
      {
        modelKey: 'm',
        scenarioId: 's',
        score: 4,
        decision: 'd4',
        parsePath: 'explicit_rating',
        n: 2,
        transcriptId: 't2',
      },
      {
        modelKey: 'm',
        scenarioId: 's',
        score: 2,
        decision: 'd2',
        parsePath: 'explicit_rating',
        n: 2,
        transcriptId: 't1',
      },
      {
        modelKey: 'm',
        scenarioId: 's',
        score: null,
        decision: 'refusal',
        parsePath: 'refusal',
        n: 1,
        transcriptId: 't0',
      },
    ];
    expect(modalDecision(rows).score).toBe(2);
    expect(modalDecision([...rows].reverse()).score).toBe(2);
  });
});
