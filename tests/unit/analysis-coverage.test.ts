/**
 * Seeded simulations against known truth (in-process, 1,000 replications per design): 95 % intervals for level means
 * and for effects must cover the true value in 93–97 % of replications at 2, 3, 5, 10 and 50 scenarios per level, and
 * the design-based effect interval must be no wider than the correctly specified additive model's.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_INTERVAL_METHOD, seededRandom } from '../../src/main/core/analysis/bootstrap';
import { dimensionEffects, type AnalysisInput, type DecisionCountRow } from '../../src/main/core/analysis/effects';
import type { DimensionValue } from '../../src/shared/domain';

const REPLICATIONS = 1000;
const SIZES = [2, 3, 5, 10, 50];
const MODEL = { key: 'openai:sim', model: { providerId: 'openai' as const, modelId: 'sim', modelVersion: null } };

function gaussian(random: () => number): () => number {
  return () => {
    const u = Math.max(random(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** One scenario's answers: `samples` noisy draws around its own true mean (the row's score is their average). */
function scenarioRows(id: string, truth: number, samples: number, noise: () => number): DecisionCountRow[] {
  let sum = 0;
  for (let s = 0; s < samples; s += 1) sum += truth + 0.8 * noise();
  const score = sum / samples;
  return [
    { modelKey: MODEL.key, scenarioId: id, score, decision: 'x', parsePath: 'explicit_rating', n: 1, transcriptId: id },
  ];
}

interface Design {
  input: AnalysisInput;
}

/**
 * Stakes (levels 1, 2; true effect +0.7) crossed with Context: `perLevel` scenarios at each Stakes level, each in its
 * own Context level with a large effect of its own (other dimensions matter), plus scenario-level noise.
 */
function crossed(perLevel: number, random: () => number, noise: () => number): Design {
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  const rows: DecisionCountRow[] = [];
  const contextEffect = Array.from({ length: perLevel }, (_, c) => 1.5 * Math.sin(c + 1));
  for (const stakes of [1, 2]) {
    for (let c = 0; c < perLevel; c += 1) {
      const id = `S${stakes}_C${c}`;
      scenarios.set(id, {
        Stakes: { score: stakes, label: `s${stakes}`, option: '' },
        Context: { score: c, label: `c${c}`, option: '' },
      });
      const truth = 3 + (stakes === 2 ? 0.7 : 0) + contextEffect[c]! + 0.5 * noise();
      rows.push(...scenarioRows(id, truth, 1 + Math.floor(random() * 3), noise));
    }
  }
  return {
    input: {
      runId: 'sim',
      scale: [],
      models: [MODEL],
      dimensions: [
        { name: 'Stakes', levels: [1, 2].map((s) => ({ score: s, label: `s${s}` })) },
        { name: 'Context', levels: contextEffect.map((_, c) => ({ score: c, label: `c${c}` })) },
      ],
      rows,
      scenarios,
    },
  };
}

/** One dimension, `perLevel` scenarios per level drawn around the level's true mean (3.0 and 3.6). */
function single(perLevel: number, random: () => number, noise: () => number): Design {
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  const rows: DecisionCountRow[] = [];
  for (const stakes of [1, 2]) {
    for (let k = 0; k < perLevel; k += 1) {
      const id = `S${stakes}_${k}`;
      scenarios.set(id, { Stakes: { score: stakes, label: `s${stakes}`, option: '' } });
      rows.push(...scenarioRows(id, (stakes === 1 ? 3 : 3.6) + 0.6 * noise(), 2, noise));
    }
  }
  void random;
  return {
    input: {
      runId: 'sim',
      scale: [],
      models: [MODEL],
      dimensions: [{ name: 'Stakes', levels: [1, 2].map((s) => ({ score: s, label: `s${s}` })) }],
      rows,
      scenarios,
    },
  };
}

const covers = (low: number | null, high: number | null, truth: number): boolean =>
  low !== null && high !== null && low <= truth && truth <= high;

describe('coverage of 95 % intervals against known truth', () => {
  for (const perLevel of SIZES) {
    it(`level means hold 93–97 % with ${perLevel} scenarios per level`, () => {
      const random = seededRandom(1000 + perLevel);
      const noise = gaussian(random);
      let hits = 0;
      for (let r = 0; r < REPLICATIONS; r += 1) {
        // The level's true mean is the mean of its scenarios' distribution: 3.0, plus the samples' zero-mean noise.
        const level = dimensionEffects(single(perLevel, random, noise).input, DEFAULT_INTERVAL_METHOD).models[0]!
          .dimensions[0]!.levels[0]!;
        expect(level.scenarios).toBe(perLevel);
        if (covers(level.ciLow, level.ciHigh, 3)) hits += 1;
      }
      const rate = hits / REPLICATIONS;
      expect(rate).toBeGreaterThanOrEqual(0.93);
      expect(rate).toBeLessThanOrEqual(0.97);
    });

    it(`effects (AMCE and highest − lowest) hold 93–97 % with ${perLevel} scenarios per level in a crossed design`, () => {
      const random = seededRandom(2000 + perLevel);
      const noise = gaussian(random);
      let amceHits = 0;
      let contrastHits = 0;
      for (let r = 0; r < REPLICATIONS; r += 1) {
        const model = dimensionEffects(crossed(perLevel, random, noise).input, DEFAULT_INTERVAL_METHOD).models[0]!;
        const stakes = model.dimensions[0]!;
        expect(model.residualDf).toBe(perLevel - 1);
        const amce = stakes.amce[0]!;
        if (covers(amce.ciLow, amce.ciHigh, 0.7)) amceHits += 1;
        if (covers(stakes.effect!.ciLow, stakes.effect!.ciHigh, 0.7)) contrastHits += 1;
      }
      for (const rate of [amceHits / REPLICATIONS, contrastHits / REPLICATIONS]) {
        expect(rate).toBeGreaterThanOrEqual(0.93);
        expect(rate).toBeLessThanOrEqual(0.97);
      }
    });
  }

  it('the design-based effect is narrower than two levels compared as independent groups when others matter', () => {
    const random = seededRandom(77);
    const noise = gaussian(random);
    let model = 0;
    let independent = 0;
    for (let r = 0; r < 200; r += 1) {
      const stakes = dimensionEffects(crossed(10, random, noise).input, DEFAULT_INTERVAL_METHOD).models[0]!
        .dimensions[0]!;
      model += stakes.effect!.ciHigh! - stakes.effect!.ciLow!;
      // Independent groups: the two level means' t half-widths added in quadrature (what the app did before).
      const [low, high] = stakes.levels;
      independent += 2 * Math.hypot((low!.ciHigh! - low!.ciLow!) / 2, (high!.ciHigh! - high!.ciLow!) / 2);
    }
    expect(model / independent).toBeLessThan(0.9);
  });

  it('shows the estimate without an interval below the minimum: one scenario per level, or no residual df', () => {
    const random = seededRandom(5);
    const noise = gaussian(random);
    const one = dimensionEffects(single(1, random, noise).input, DEFAULT_INTERVAL_METHOD).models[0]!;
    expect(one.dimensions[0]!.levels[0]).toMatchObject({ scenarios: 1, ciLow: null, ciHigh: null, method: null });
    expect(one.residualDf).toBe(0);
    expect(one.dimensions[0]!.effect).toMatchObject({ ciLow: null, ciHigh: null });
    expect(one.dimensions[0]!.effect!.estimate).toBeTypeOf('number');
  });
});
