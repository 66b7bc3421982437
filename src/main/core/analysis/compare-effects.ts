/**
 * Did a dimension weigh differently in two runs (say two versions of one model)? For each model pair and dimension,
 * both runs' effects and the change B − A with an interval that resamples the four groups of scenarios behind it.
 */
import type { EffectChange, EffectsComparison, IntervalMethod, ModelEffectChanges } from '../../../shared/analysis';
import { contrastInterval, streamSeed } from './bootstrap';
import { dimensionEffects, levelsOf, scenarioMeansByLevel, tallyByScenario, type AnalysisInput } from './effects';

export interface PairedModels {
  label: string;
  a: string | null;
  b: string | null;
}

/** The scenario means at the lowest and the highest level of a dimension (empty when a level has no scored answer). */
function extremes(input: AnalysisInput, modelKey: string, dimension: string): { from: number[]; to: number[] } {
  const spec = input.dimensions.find((d) => d.name === dimension);
  const levels = spec ? levelsOf(spec) : [];
  const tallies = tallyByScenario(input.rows.filter((row) => row.modelKey === modelKey)).get(modelKey);
  if (!tallies || levels.length < 2) return { from: [], to: [] };
  const perLevel = scenarioMeansByLevel(dimension, tallies, input.scenarios);
  return {
    from: perLevel.get(levels[0]!.score)?.means ?? [],
    to: perLevel.get(levels[levels.length - 1]!.score)?.means ?? [],
  };
}

export function compareEffects(
  inputA: AnalysisInput,
  inputB: AnalysisInput,
  pairs: readonly PairedModels[],
  method: IntervalMethod,
): EffectsComparison {
  const reportA = dimensionEffects(inputA, method);
  const reportB = dimensionEffects(inputB, method);
  // The dimensions of A in their order, then any only B has (the same definition gives the same dimensions).
  const names = [...new Set([...inputA.dimensions, ...inputB.dimensions].map((d) => d.name))];
  const models = pairs.map((pair): ModelEffectChanges => {
    const effectsA = reportA.models.find((m) => m.modelKey === pair.a);
    const effectsB = reportB.models.find((m) => m.modelKey === pair.b);
    const dimensions = names.map((dimension): EffectChange => {
      const a = effectsA?.dimensions.find((d) => d.dimension === dimension)?.effect ?? null;
      const b = effectsB?.dimensions.find((d) => d.dimension === dimension)?.effect ?? null;
      let change: EffectChange['change'] = null;
      if (a && b && pair.a !== null && pair.b !== null) {
        const groupsA = extremes(inputA, pair.a, dimension);
        const groupsB = extremes(inputB, pair.b, dimension);
        const interval = contrastInterval(
          [
            { values: groupsB.to, weight: 1 },
            { values: groupsB.from, weight: -1 },
            { values: groupsA.to, weight: -1 },
            { values: groupsA.from, weight: 1 },
          ],
          method,
          streamSeed(method.seed, pair.label, dimension, 'change'),
        );
        if (interval) change = { estimate: interval.mean, ciLow: interval.low, ciHigh: interval.high };
      }
      return { dimension, a, b, change };
    });
    return { label: pair.label, modelA: pair.a, modelB: pair.b, dimensions };
  });
  return { runA: inputA.runId, runB: inputB.runId, method, models };
}
