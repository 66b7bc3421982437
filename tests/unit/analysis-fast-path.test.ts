/**
 * The analyses' array-based hot loops (tally-arrays.ts, chance-tables.ts) give exactly the figures of the Map-based
 * code they replaced (kept as the reference in tests/helpers/analysis-reference): dimension effects, agreement with
 * κ/α and their jackknife intervals, and the comparison of two runs, over seeded designs with missing scenarios,
 * repeated samples, tied modes, refusals, unparseable answers, scenarios without stored dimension values and rows in
 * any order. Equal means bit for bit (`toStrictEqual`), not close.
 */
import { describe, expect, it } from 'vitest';
import type { DimensionValue } from '../../src/shared/domain';
import { agreement } from '../../src/main/core/analysis/agreement';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import { compareEffects } from '../../src/main/core/analysis/compare-effects';
import { dimensionEffects, type AnalysisInput, type DecisionCountRow } from '../../src/main/core/analysis/effects';
import { pairModels } from '../../src/main/core/results/compare';
import { agreement as referenceAgreement } from '../helpers/analysis-reference/agreement';
import { compareEffects as referenceCompare } from '../helpers/analysis-reference/compare-effects';
import { dimensionEffects as referenceEffects } from '../helpers/analysis-reference/effects';

const method = DEFAULT_INTERVAL_METHOD;

interface Shape {
  dimensions: { name: string; levels: { score: number; label: string }[] }[];
  scenarioIds: string[];
  values: Record<string, DimensionValue>[];
  models: string[];
}

function shapeOf(random: () => number): Shape {
  const dimensionCount = Math.floor(random() * 4); // 0 to 3 dimensions
  const dimensions = Array.from({ length: dimensionCount }, (_, d) => {
    const count = 2 + Math.floor(random() * 3);
    // Scores need not be consecutive.
    return {
      name: `D${d}`,
      levels: Array.from({ length: count }, (__, l) => ({ score: l * (1 + (d % 2)) + 1, label: `d${d}l${l}` })),
    };
  });
  let values: Record<string, DimensionValue>[] = [{}];
  for (const dimension of dimensions)
    values = values.flatMap((partial) =>
      dimension.levels.map((level) => ({
        ...partial,
        [dimension.name]: { score: level.score, label: level.label, option: level.label },
      })),
    );
  // Designs are repeated (more scenarios per cell) to about 120 scenarios, so that enough answers are off the most
  // common score for κ and α to have intervals (MIN_OFF_MODE).
  const copies = Math.ceil(120 / values.length);
  values = Array.from({ length: copies }, () => values).flat();
  const models = Array.from({ length: 2 + Math.floor(random() * 3) }, (_, i) => `openai:m${i}`);
  return { dimensions, scenarioIds: values.map((_, i) => `S${String(i).padStart(3, '0')}`), values, models };
}

/** One run's rows over the shape: each model leans its own way, with one dominant score and a few odd answers. */
function inputOf(shape: Shape, random: () => number, runId: string, samples: number): AnalysisInput {
  const groups = new Map<string, DecisionCountRow>();
  shape.models.forEach((modelKey, m) => {
    shape.scenarioIds.forEach((scenarioId, s) => {
      if (random() < 0.1) return; // not answered by this model
      const lean = Object.values(shape.values[s]!).reduce((sum, v) => sum + v.score, 0) % 3;
      for (let k = 0; k < samples; k += 1) {
        const r = random();
        const kind = r < 0.05 ? 'refusal' : r < 0.08 ? 'unparseable' : 'answer';
        const score = kind !== 'answer' ? null : r < 0.35 ? 4 : 1 + ((lean + m + Math.floor(random() * 3)) % 5);
        const decision = kind === 'answer' ? `answer ${score}` : kind;
        const parsePath = kind === 'answer' ? (random() < 0.2 ? 'label_quote' : 'explicit_rating') : kind;
        const key = `${modelKey}|${scenarioId}|${score}|${decision}|${parsePath}`;
        const seen = groups.get(key);
        if (seen) seen.n += 1;
        else
          groups.set(key, {
            modelKey,
            scenarioId,
            score,
            decision,
            parsePath,
            n: 1,
            transcriptId: `t-${runId}-${m}-${s}-${k}`,
          });
      }
    });
  });
  // Rows in a shuffled order: the analyses must not depend on SQL's grouping order.
  const rows = [...groups.values()];
  for (let i = rows.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  // One answered scenario has no stored dimension values.
  const scenarios = new Map(shape.scenarioIds.slice(1).map((id) => [id, shape.values[shape.scenarioIds.indexOf(id)]!]));
  return {
    runId,
    scale: [],
    models: shape.models.map((key) => ({
      key,
      model: { providerId: 'openai', modelId: key.slice('openai:'.length), modelVersion: null },
    })),
    dimensions: shape.dimensions,
    rows,
    scenarios,
  };
}

describe('array-based analyses equal the Map-based reference, bit for bit', () => {
  for (let seed = 1; seed <= 40; seed += 1) {
    it(`seeded design ${seed}`, () => {
      const random = seededRandom(seed * 7919);
      const shape = shapeOf(random);
      const samples = 1 + (seed % 3);
      const a = inputOf(shape, random, 'run_a', samples);
      const b = inputOf(shape, random, 'run_b', seed % 2 === 0 ? 1 : samples);
      // Fresh inputs for the reference: neither side may lean on the other's caches.
      const again = (input: AnalysisInput): AnalysisInput => ({ ...input, rows: input.rows.map((r) => ({ ...r })) });
      expect(dimensionEffects(a, method)).toStrictEqual(referenceEffects(again(a), method));
      const baseline = shape.dimensions[0];
      if (baseline) {
        const chosen = { [baseline.name]: baseline.levels[1]!.score };
        expect(dimensionEffects(a, method, chosen)).toStrictEqual(referenceEffects(again(a), method, chosen));
      }
      expect(agreement(a, 50, method)).toStrictEqual(referenceAgreement(again(a), 50, method));
      expect(agreement(b, 3, method)).toStrictEqual(referenceAgreement(again(b), 3, method));
      const pairs = pairModels(a.models, b.models.slice(0, -1));
      expect(compareEffects(a, b, pairs, method)).toStrictEqual(referenceCompare(again(a), again(b), pairs, method));
    });
  }

  it('exercises what it claims: intervals, ties, α and disagreements occur in the seeded designs', () => {
    let kappaIntervals = 0;
    let alphaIntervals = 0;
    let tied = 0;
    for (let seed = 1; seed <= 40; seed += 1) {
      const random = seededRandom(seed * 7919);
      const shape = shapeOf(random);
      const report = agreement(inputOf(shape, random, 'run_a', 1 + (seed % 3)), 50, method);
      kappaIntervals += report.pairs.filter((p) => p.kappa?.ciLow != null).length;
      tied += report.pairs.reduce((sum, p) => sum + p.tied, 0);
      if (report.alpha?.ciLow != null) alphaIntervals += 1;
    }
    expect(kappaIntervals).toBeGreaterThan(20);
    expect(alphaIntervals).toBeGreaterThan(5);
    expect(tied).toBeGreaterThan(10);
  });
});
