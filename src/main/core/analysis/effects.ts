/**
 * Dimension effects and interactions from one pass over a run's decision counts: per model, each scenario's mean
 * score (its samples averaged), then per dimension level the mean over scenarios with a reproducible interval.
 */
import type {
  AmceEstimate,
  DimensionEffect,
  EffectsReport,
  InteractionCell,
  InteractionReport,
  IntervalMethod,
  LevelEstimate,
} from '../../../shared/analysis';
import type { DimensionValue, ModelRef, ScaleEntry } from '../../../shared/domain';
import { meanInterval, wilsonInterval } from './bootstrap';
import {
  columnOf,
  contrastOf,
  fitMainEffects,
  type DesignDimension,
  type DesignRow,
  type MainEffectsFit,
} from './main-effects';
import type { DecisionGroupRow } from '../store/analysis';
import {
  dimensionSlots,
  modelTallies,
  tallyArrays,
  tallyByScenario,
  type LevelSlots,
  type ModelTallies,
  type ScenarioTally,
  type TallyArrays,
} from './tally-arrays';

export { tallyByScenario, type ScenarioTally };

/** One group of identical decisions of one model on one scenario (transcripts grouped by decision and score). */
export type DecisionCountRow = DecisionGroupRow;

export interface DimensionLevels {
  name: string;
  levels: { score: number; label: string }[];
}

export interface AnalysisInput {
  runId: string;
  scale: ScaleEntry[];
  models: { key: string; model: ModelRef }[];
  dimensions: DimensionLevels[];
  rows: DecisionCountRow[];
  /** Each scenario's dimension values, by scenario id. */
  scenarios: Map<string, Record<string, DimensionValue>>;
}

export function levelsOf(dimension: DimensionLevels): { score: number; label: string }[] {
  return [...dimension.levels].sort((a, b) => a.score - b.score);
}

/** Per level of one dimension: each scored scenario's mean score (the bootstrap's unit) and the answers behind them. */
export function scenarioMeansByLevel(
  dimension: string,
  tallies: Map<string, ScenarioTally>,
  scenarios: AnalysisInput['scenarios'],
): Map<number, { means: number[]; n: number }> {
  const perLevel = new Map<number, { means: number[]; n: number }>();
  for (const [scenarioId, tally] of tallies) {
    const value = scenarios.get(scenarioId)?.[dimension];
    if (!value || tally.scored === 0) continue;
    let entry = perLevel.get(value.score);
    if (!entry) perLevel.set(value.score, (entry = { means: [], n: 0 }));
    entry.means.push(tally.scoreSum / tally.scored);
    entry.n += tally.scored;
  }
  return perLevel;
}

/**
 * Per level of one dimension in one pass: the scored scenarios' means (as scenarioMeansByLevel) and every answer,
 * refusal and unparseable answer there (outcomes in their own right).
 */
function byLevel(
  model: ModelTallies,
  slots: LevelSlots,
): {
  perLevel: Map<number, { means: number[]; n: number }>;
  outcomes: Map<number, { answers: number; refusals: number; unparseable: number }>;
} {
  // Per slot (a level score), filled in the tallies' order: the same sums, in the same order, as one Map per score.
  const perSlot = slots.scoreOf.map(() => ({ means: [] as number[], n: 0, seen: false }));
  const counts = slots.scoreOf.map(() => ({ answers: 0, refusals: 0, unparseable: 0, seen: false }));
  const { tallies, scenario } = model;
  for (let i = 0; i < tallies.length; i += 1) {
    const s = slots.slot[scenario[i]!]!;
    if (s < 0) continue;
    const tally = tallies[i]!;
    const c = counts[s]!;
    c.seen = true;
    c.answers += tally.scored + tally.refusals + tally.unparseable;
    c.refusals += tally.refusals;
    c.unparseable += tally.unparseable;
    if (tally.scored === 0) continue;
    const entry = perSlot[s]!;
    entry.seen = true;
    entry.means.push(tally.scoreSum / tally.scored);
    entry.n += tally.scored;
  }
  const perLevel = new Map<number, { means: number[]; n: number }>();
  const outcomes = new Map<number, { answers: number; refusals: number; unparseable: number }>();
  slots.scoreOf.forEach((score, s) => {
    const { answers, refusals, unparseable, seen } = counts[s]!;
    if (seen) outcomes.set(score, { answers, refusals, unparseable });
    if (perSlot[s]!.seen) perLevel.set(score, { means: perSlot[s]!.means, n: perSlot[s]!.n });
  });
  return { perLevel, outcomes };
}

/** Per dimension, the baseline level: the researcher's choice where given and present, else the first level. */
export type Baselines = Readonly<Record<string, number>>;

function baselineOf(dimension: DimensionLevels, baselines: Baselines): number | null {
  const levels = levelsOf(dimension);
  const chosen = baselines[dimension.name];
  if (chosen !== undefined && levels.some((l) => l.score === chosen)) return chosen;
  return levels[0]?.score ?? null;
}

/** The main-effects model over one model's scenario means; null when the design cannot identify every level. */
function fitModel(
  dimensions: readonly DimensionLevels[],
  model: ModelTallies,
  arrays: TallyArrays,
  baselines: Baselines,
): MainEffectsFit | null {
  const rows: DesignRow[] = [];
  const present = dimensions.map(() => new Set<number>());
  const { tallies, scenario } = model;
  next: for (let i = 0; i < tallies.length; i += 1) {
    const tally = tallies[i]!;
    const index = scenario[i]!;
    if (arrays.known[index] === 0 || tally.scored === 0) continue;
    const levels = new Array<number>(dimensions.length);
    for (let d = 0; d < dimensions.length; d += 1) {
      const level = arrays.levelScores[d]![index]!;
      if (Number.isNaN(level)) continue next;
      levels[d] = level;
    }
    for (let d = 0; d < dimensions.length; d += 1) present[d]!.add(levels[d]!);
    rows.push({ y: tally.scoreSum / tally.scored, levels });
  }
  const design: DesignDimension[] = dimensions.map((d, i) => {
    const baseline = baselineOf(d, baselines) ?? 0;
    return {
      levels: levelsOf(d)
        .map((l) => l.score)
        .filter((s) => present[i]!.has(s)),
      baseline,
    };
  });
  if (design.some((d) => !d.levels.includes(d.baseline))) return null;
  return fitMainEffects(rows, design);
}

function dimensionEffect(
  index: number,
  dimension: DimensionLevels,
  model: ModelTallies,
  arrays: TallyArrays,
  method: IntervalMethod,
  fit: MainEffectsFit | null,
  baselines: Baselines,
): DimensionEffect {
  const { perLevel, outcomes } = byLevel(model, dimensionSlots(arrays, index));
  const levels = levelsOf(dimension);
  const estimates = levels.map((level): LevelEstimate => {
    const entry = perLevel.get(level.score);
    const interval = entry ? meanInterval(entry.means, method) : null;
    const counts = outcomes.get(level.score) ?? { answers: 0, refusals: 0, unparseable: 0 };
    const rate = (count: number): LevelEstimate['refusals'] => {
      const w = wilsonInterval(count, counts.answers, method.confidence);
      return { count, rate: w.rate, ciLow: w.low, ciHigh: w.high };
    };
    return {
      level: level.score,
      label: level.label,
      scenarios: entry?.means.length ?? 0,
      n: entry?.n ?? 0,
      answers: counts.answers,
      refusals: rate(counts.refusals),
      unparseable: rate(counts.unparseable),
      mean: interval?.mean ?? null,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      method: interval?.method ?? null,
    };
  });
  if (!fit) return { dimension: dimension.name, levels: estimates, effect: null, baseline: null, amce: [] };
  const baseline = baselineOf(dimension, baselines);
  // A level's weight vector: its own column (the baseline has none: its effect is 0).
  const weightsOf = (level: number, sign: number, into: Map<number, number>): void => {
    const column = columnOf(fit, index, level);
    if (column !== undefined) into.set(column, (into.get(column) ?? 0) + sign);
  };
  const fitted = new Set(fit.columns.filter((c) => c.dimension === index).map((c) => c.level));
  const amce: AmceEstimate[] = levels
    .filter((l) => l.score !== baseline && fitted.has(l.score))
    .map((l) => {
      const weights = new Map<number, number>();
      weightsOf(l.score, 1, weights);
      const c = contrastOf(fit, weights, method.confidence);
      return { level: l.score, label: l.label, estimate: c.estimate, ciLow: c.ciLow, ciHigh: c.ciHigh, df: c.df };
    });
  const inModel = levels.filter((l) => l.score === baseline || fitted.has(l.score));
  const lowest = inModel[0];
  const highest = inModel[inModel.length - 1];
  let effect: DimensionEffect['effect'] = null;
  if (lowest && highest && lowest.score !== highest.score) {
    const weights = new Map<number, number>();
    weightsOf(highest.score, 1, weights);
    weightsOf(lowest.score, -1, weights);
    const c = contrastOf(fit, weights, method.confidence);
    effect = {
      fromLevel: lowest.score,
      toLevel: highest.score,
      estimate: c.estimate,
      ciLow: c.ciLow,
      ciHigh: c.ciHigh,
    };
  }
  return { dimension: dimension.name, levels: estimates, effect, baseline, amce };
}

/**
 * Every model × dimension: the mean decision per level with its t interval (n = scenarios), each level's AMCE against
 * the baseline and the contrast highest − lowest, both from the main-effects model over scenario means.
 */
export function dimensionEffects(
  input: AnalysisInput,
  method: IntervalMethod,
  baselines: Baselines = {},
): EffectsReport {
  const arrays = tallyArrays(input);
  return {
    runId: input.runId,
    scale: input.scale,
    dimensions: input.dimensions.map((d) => ({ name: d.name, levels: levelsOf(d) })),
    method,
    models: input.models.map(({ key, model }) => {
      const perScenario = modelTallies(arrays, key);
      let refusals = 0;
      let unparseable = 0;
      let scored = 0;
      let scenarioCount = 0;
      for (const tally of perScenario.tallies) {
        refusals += tally.refusals;
        unparseable += tally.unparseable;
        scored += tally.scored;
        if (tally.scored > 0) scenarioCount += 1;
      }
      const fit = fitModel(input.dimensions, perScenario, arrays, baselines);
      return {
        modelKey: key,
        model,
        refusals,
        unparseable,
        scored,
        scenarios: scenarioCount,
        residualDf: fit ? fit.df : null,
        dimensions: input.dimensions.map((d, i) => dimensionEffect(i, d, perScenario, arrays, method, fit, baselines)),
      };
    }),
  };
}

/** The mean decision for every pair of levels of two dimensions, per model (a heat map's cells). */
export function interaction(input: AnalysisInput, dimensionA: string, dimensionB: string): InteractionReport {
  const a = input.dimensions.find((d) => d.name === dimensionA);
  const b = input.dimensions.find((d) => d.name === dimensionB);
  if (!a || !b) throw new RangeError(`unknown dimension ${!a ? dimensionA : dimensionB}`);
  const tallies = tallyByScenario(input.rows);
  return {
    runId: input.runId,
    dimensionA,
    dimensionB,
    levelsA: levelsOf(a),
    levelsB: levelsOf(b),
    models: input.models.map(({ key, model }) => {
      const sums = new Map<string, { sum: number; scenarios: number; n: number }>();
      for (const [scenarioId, tally] of tallies.get(key) ?? []) {
        const dims = input.scenarios.get(scenarioId);
        const levelA = dims?.[dimensionA]?.score;
        const levelB = dims?.[dimensionB]?.score;
        if (levelA === undefined || levelB === undefined || tally.scored === 0) continue;
        const cellKey = `${levelA}|${levelB}`;
        const cell = sums.get(cellKey) ?? { sum: 0, scenarios: 0, n: 0 };
        cell.sum += tally.scoreSum / tally.scored;
        cell.scenarios += 1;
        cell.n += tally.scored;
        sums.set(cellKey, cell);
      }
      const cells: InteractionCell[] = levelsOf(a).flatMap((la) =>
        levelsOf(b).map((lb) => {
          const cell = sums.get(`${la.score}|${lb.score}`);
          return {
            levelA: la.score,
            levelB: lb.score,
            scenarios: cell?.scenarios ?? 0,
            n: cell?.n ?? 0,
            mean: cell ? cell.sum / cell.scenarios : null,
          };
        }),
      );
      return { modelKey: key, model, cells };
    }),
  };
}
