/**
 * Dimension effects and interactions from one pass over a run's decision counts: per model, each scenario's mean
 * score (its samples averaged), then per dimension level the mean over scenarios with a reproducible interval.
 */
import type {
  DimensionEffect,
  EffectsReport,
  InteractionCell,
  InteractionReport,
  IntervalMethod,
  LevelEstimate,
} from '../../../shared/analysis';
import type { DimensionValue, ModelRef, ScaleEntry } from '../../../shared/domain';
import { decisionKind } from '../../../shared/vocabulary';
import { differenceInterval, meanInterval, streamSeed } from './bootstrap';
import type { DecisionGroupRow } from '../store/analysis';

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

export interface ScenarioTally {
  scoreSum: number;
  scored: number;
  refusals: number;
  unparseable: number;
  groups: DecisionCountRow[];
}

/** Per model, per scenario: the scored answers' sum and count, and what was left out. */
export function tallyByScenario(rows: readonly DecisionCountRow[]): Map<string, Map<string, ScenarioTally>> {
  const byModel = new Map<string, Map<string, ScenarioTally>>();
  for (const row of rows) {
    let scenarios = byModel.get(row.modelKey);
    if (!scenarios) byModel.set(row.modelKey, (scenarios = new Map()));
    let tally = scenarios.get(row.scenarioId);
    if (!tally)
      scenarios.set(row.scenarioId, (tally = { scoreSum: 0, scored: 0, refusals: 0, unparseable: 0, groups: [] }));
    tally.groups.push(row);
    // The same classification as the results summary, so the counts beside each mean match the run page's.
    const kind = decisionKind(row);
    if (kind === 'refusal') tally.refusals += row.n;
    else if (kind === 'unparseable' || row.score === null) tally.unparseable += row.n;
    else {
      tally.scoreSum += row.score * row.n;
      tally.scored += row.n;
    }
  }
  return byModel;
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

function dimensionEffect(
  modelKey: string,
  dimension: DimensionLevels,
  tallies: Map<string, ScenarioTally>,
  scenarios: AnalysisInput['scenarios'],
  method: IntervalMethod,
): DimensionEffect {
  const perLevel = scenarioMeansByLevel(dimension.name, tallies, scenarios);
  const levels = levelsOf(dimension);
  const estimates = levels.map((level): LevelEstimate => {
    const entry = perLevel.get(level.score);
    const interval = entry
      ? meanInterval(entry.means, method, streamSeed(method.seed, modelKey, dimension.name, String(level.score)))
      : null;
    return {
      level: level.score,
      label: level.label,
      scenarios: entry?.means.length ?? 0,
      n: entry?.n ?? 0,
      mean: interval?.mean ?? null,
      ciLow: interval?.low ?? null,
      ciHigh: interval?.high ?? null,
      method: interval?.method ?? null,
    };
  });
  const lowest = levels[0];
  const highest = levels[levels.length - 1];
  let effect: DimensionEffect['effect'] = null;
  if (lowest && highest && lowest.score !== highest.score) {
    const from = perLevel.get(lowest.score)?.means ?? [];
    const to = perLevel.get(highest.score)?.means ?? [];
    const interval = differenceInterval(from, to, method, streamSeed(method.seed, modelKey, dimension.name, 'effect'));
    if (interval) {
      effect = {
        fromLevel: lowest.score,
        toLevel: highest.score,
        estimate: interval.mean,
        ciLow: interval.low,
        ciHigh: interval.high,
      };
    }
  }
  return { dimension: dimension.name, levels: estimates, effect };
}

/** Every model × dimension: the mean decision per level with its interval, and the effect highest − lowest. */
export function dimensionEffects(input: AnalysisInput, method: IntervalMethod): EffectsReport {
  const tallies = tallyByScenario(input.rows);
  return {
    runId: input.runId,
    scale: input.scale,
    dimensions: input.dimensions.map((d) => ({ name: d.name, levels: levelsOf(d) })),
    method,
    models: input.models.map(({ key, model }) => {
      const perScenario = tallies.get(key) ?? new Map<string, ScenarioTally>();
      let refusals = 0;
      let unparseable = 0;
      let scored = 0;
      for (const tally of perScenario.values()) {
        refusals += tally.refusals;
        unparseable += tally.unparseable;
        scored += tally.scored;
      }
      return {
        modelKey: key,
        model,
        refusals,
        unparseable,
        scored,
        dimensions: input.dimensions.map((d) => dimensionEffect(key, d, perScenario, input.scenarios, method)),
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
