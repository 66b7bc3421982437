/** The change of an effect between two runs: a four-group contrast with a reproducible interval, paired by model. */
import { describe, expect, it } from 'vitest';
import {
  contrastInterval,
  DEFAULT_INTERVAL_METHOD,
  differenceInterval,
  seededRandom,
} from '../../src/main/core/analysis/bootstrap';
import { parse } from 'csv-parse/sync';
import { compareEffects, ONE_SAMPLE_NOTE } from '../../src/main/core/analysis/compare-effects';
import { comparisonCsv } from '../../src/main/core/export/comparison-csv';
import type { AnalysisInput, DecisionCountRow } from '../../src/main/core/analysis/effects';
import type { DimensionValue } from '../../src/shared/domain';

const method = DEFAULT_INTERVAL_METHOD;

/** One dimension with levels 1–3, 10 scenarios per level; the model answers `slope × level` plus a little noise. */
function run(runId: string, key: string, slope: number): AnalysisInput {
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  const rows: DecisionCountRow[] = [];
  for (const level of [1, 2, 3]) {
    for (let copy = 0; copy < 10; copy += 1) {
      const id = `L${level}_${copy}`;
      scenarios.set(id, { Stakes: { score: level, label: `l${level}`, option: 'o' } });
      const score = slope * level + (copy % 3) - 1;
      rows.push({
        modelKey: key,
        scenarioId: id,
        score,
        decision: `d${score}`,
        parsePath: 'explicit_rating',
        n: 1,
        transcriptId: `${runId}-${id}`,
      });
    }
  }
  return {
    runId,
    scale: [],
    models: [{ key, model: { providerId: 'openai', modelId: key.split(':')[1]!.split('@')[0]!, modelVersion: null } }],
    dimensions: [{ name: 'Stakes', levels: [1, 2, 3].map((score) => ({ score, label: `l${score}` })) }],
    rows,
    scenarios,
  };
}

describe('contrasts', () => {
  it('equal the two-group difference for two terms and widen with every independent group added', () => {
    const random = seededRandom(3);
    const x = Array.from({ length: 30 }, () => random() * 5);
    const y = Array.from({ length: 30 }, () => random() * 5 + 1);
    const two = contrastInterval(
      [
        { values: y, weight: 1 },
        { values: x, weight: -1 },
      ],
      method,
      9,
    )!;
    expect(differenceInterval(x, y, method, 9)).toEqual(two);
    const four = contrastInterval(
      [
        { values: y, weight: 1 },
        { values: x, weight: -1 },
        { values: y, weight: -1 },
        { values: x, weight: 1 },
      ],
      method,
      9,
    )!;
    expect(four.mean).toBeCloseTo(0, 12);
    expect(four.high! - four.low!).toBeGreaterThan(two.high! - two.low!);
    const normal = contrastInterval([{ values: y, weight: 1 }], { ...method, bootstrapMaxScenarios: 10 }, 9)!;
    expect(normal.method).toBe('normal');
    expect(contrastInterval([{ values: [], weight: 1 }], method, 1)).toBeNull();
    expect(contrastInterval([{ values: [2], weight: 1 }], method, 1)).toEqual({
      mean: 2,
      low: null,
      high: null,
      method: null,
    });
  });
});

describe('effects compared between runs', () => {
  it('pairs models, gives both effects and the change B − A with an interval around it', () => {
    const a = run('run_a', 'openai:m', 1);
    const b = run('run_b', 'openai:m@v2', 2);
    const report = compareEffects(a, b, [{ label: 'openai:m', a: 'openai:m', b: 'openai:m@v2' }], method);
    const change = report.models[0]!.dimensions[0]!;
    expect(change.a!.estimate).toBeCloseTo(2, 12);
    expect(change.b!.estimate).toBeCloseTo(4, 12);
    expect(change.change!.estimate).toBeCloseTo(2, 12);
    // Paired: both runs share each scenario's noise, so it cancels and the interval closes on the change.
    expect(change.change!.ciLow!).toBeCloseTo(2, 9);
    expect(change.change!.ciHigh!).toBeCloseTo(2, 9);
    expect(change.change).toMatchObject({ df: 27, scenarios: 30, pMethod: 't' });
    expect(change.change!.pValue!).toBeLessThan(1e-9);
    const pair = report.models[0]!;
    // Levels 1-3 with slope 1 vs 2: each scenario moves by its level, 2 on average.
    expect(pair.meanChange).toMatchObject({ scenarios: 30, df: 29, pMethod: 'sign_flip_mc' });
    expect(pair.meanChange!.estimate).toBeCloseTo(2, 12);
    expect(pair.floor).toMatchObject({ a: null, b: null, test: null, note: ONE_SAMPLE_NOTE });
    expect(pair.floor!.crossDisagreement).toBe(1);
    expect(report.multiplicity).toMatchObject({ method: 'holm', family: 2 });
    // Holm over the family of two: the mean change has the larger p, so its adjusted p is its own (step-down, × 1);
    // the effect change, the smaller, is doubled.
    expect(pair.meanChange!.pHolm).toBe(pair.meanChange!.pValue);
    expect(change.change!.pHolm).toBeCloseTo(2 * change.change!.pValue!, 15);
    expect(compareEffects(a, b, [{ label: 'openai:m', a: 'openai:m', b: 'openai:m@v2' }], method)).toEqual(report);
    const alone = compareEffects(a, b, [{ label: 'openai:m', a: 'openai:m', b: null }], method).models[0]!;
    expect(alone.dimensions[0]).toMatchObject({ b: null, change: null });
    expect(alone).toMatchObject({ meanChange: null, floor: null });
  });
});

describe('changed decisions against the noise floor', () => {
  /** Run A asks each of 40 scenarios 3 times and answers 3, 3, 4; run B answers once, `b` everywhere. */
  function sampled(runId: string, key: string, scores: number[]): AnalysisInput {
    const input = run(runId, key, 1);
    const rows: DecisionCountRow[] = [];
    for (const scenarioId of input.scenarios.keys()) {
      const counts = new Map<number, number>();
      for (const score of scores) counts.set(score, (counts.get(score) ?? 0) + 1);
      for (const [score, n] of counts)
        rows.push({
          modelKey: key,
          scenarioId,
          score,
          decision: `d${score}`,
          parsePath: 'explicit_rating',
          n,
          transcriptId: `${runId}-${scenarioId}-${score}`,
        });
    }
    return { ...input, rows };
  }

  it('measures each run’s self-disagreement and tests the flips against it', () => {
    const pairs = [{ label: 'openai:m', a: 'openai:m', b: 'openai:m' }];
    const a = sampled('run_a', 'openai:m', [3, 3, 4]);
    const changed = compareEffects(a, sampled('run_b', 'openai:m', [1]), pairs, method).models[0]!.floor!;
    // Two of three samples agree: pairwise agreement 1/3 in every scenario; entropy of (2/3, 1/3) is 0.918 bits.
    expect(changed.a!.agreement).toBeCloseTo(1 / 3, 12);
    expect(changed.a!.entropy).toBeCloseTo(0.918296, 6);
    expect(changed.b).toBeNull();
    expect(changed.crossDisagreement).toBe(1);
    expect(changed.note).toBeNull();
    expect(changed.test).toMatchObject({ scenarios: 30, floorSide: 'a', withinOnly: 0 });
    // Only scenarios whose two drawn A samples agree (1 in 3) can count against B: about 10 of 30, none the other way.
    expect(changed.test!.pValue).toBeLessThan(0.01);
    expect(changed.test!.pHolm).not.toBeNull();
    // B answers like A's own samples: its one answer is a draw from the same 3, 3, 4 — here always the mode.
    const same = compareEffects(a, sampled('run_b', 'openai:m', [3]), pairs, method).models[0]!.floor!;
    expect(same.test!.pValue).toBeGreaterThan(0.05);

    // The tidy export: one row per estimate; self-disagreement is 1 − agreement with its interval turned around.
    const report = compareEffects(a, sampled('run_b', 'openai:m', [1]), pairs, method);
    const rows = parse(comparisonCsv(report), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.kind)).toEqual([
      'mean_change',
      'effect_change',
      'self_disagreement_a',
      'cross_disagreement',
      'flip_test',
    ]);
    const selfA = rows[2]!;
    expect(Number(selfA.estimate)).toBeCloseTo(2 / 3, 12);
    expect(Number(selfA.ci_low)).toBeCloseTo(1 - changed.a!.ciHigh!, 12);
    expect(rows[4]).toMatchObject({ p_method: 'mcnemar_exact', multiplicity: 'holm', family: '3', scenarios: '30' });
    expect(Number(rows[4]!.p_holm)).toBeGreaterThanOrEqual(Number(rows[4]!.p_value));
  });
});
