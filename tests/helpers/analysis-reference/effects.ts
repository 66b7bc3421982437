/**
 * The effects analysis as it was before its hot loops moved to arrays (tally-arrays.ts), kept verbatim as the reference
 * that tests/unit/analysis-fast-path.test.ts holds the production code to, figure for figure, over seeded designs.
 */
import type {
  AmceEstimate,
  DimensionEffect,
  EffectsReport,
  IntervalMethod,
  LevelEstimate,
} from '../../../src/shared/analysis';
import type { DimensionValue, ModelRef, ScaleEntry } from '../../../src/shared/domain';
import { decisionKind } from '../../../src/shared/vocabulary';
import { meanInterval, wilsonInterval } from '../../../src/main/core/analysis/bootstrap';
import {
  columnOf,
  contrastOf,
  fitMainEffects,
  type DesignDimension,
  type DesignRow,
  type MainEffectsFit,
} from '../../../src/main/core/analysis/main-effects';
import type { DecisionGroupRow } from '../../../src/main/core/store/analysis';

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

/**
 * Tallies already made, by the rows they were made from: a run's rows are read once and never changed (the worker's
 * input cache keeps them), and every analysis of the run (effects, agreement, both sides of a comparison) starts from
 * the same tallies, so they are built once per rows array rather than once per analysis (on 200,000 transcripts the
 * rebuilding and its garbage were most of a comparison's time). Callers only read them.
 */
const talliesOf = new WeakMap<readonly DecisionCountRow[], Map<string, Map<string, ScenarioTally>>>();

/** Per model, per scenario: the scored answers' sum and count, and what was left out. */
export function tallyByScenario(rows: readonly DecisionCountRow[]): Map<string, Map<string, ScenarioTally>> {
  const known = talliesOf.get(rows);
  if (known) return known;
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
  talliesOf.set(rows, byModel);
  return byModel;
}

export function levelsOf(dimension: DimensionLevels): { score: number; label: string }[] {
  return [...dimension.levels].sort((a, b) => a.score - b.score);
}

/**
 * Per level of one dimension in one pass: the scored scenarios' means (as scenarioMeansByLevel) and every answer,
 * refusal and unparseable answer there (outcomes in their own right).
 */
function byLevel(
  dimension: string,
  tallies: Map<string, ScenarioTally>,
  scenarios: AnalysisInput['scenarios'],
): {
  perLevel: Map<number, { means: number[]; n: number }>;
  outcomes: Map<number, { answers: number; refusals: number; unparseable: number }>;
} {
  const perLevel = new Map<number, { means: number[]; n: number }>();
  const outcomes = new Map<number, { answers: number; refusals: number; unparseable: number }>();
  for (const [scenarioId, tally] of tallies) {
    const value = scenarios.get(scenarioId)?.[dimension];
    if (!value) continue;
    let counts = outcomes.get(value.score);
    if (!counts) outcomes.set(value.score, (counts = { answers: 0, refusals: 0, unparseable: 0 }));
    counts.answers += tally.scored + tally.refusals + tally.unparseable;
    counts.refusals += tally.refusals;
    counts.unparseable += tally.unparseable;
    if (tally.scored === 0) continue;
    let entry = perLevel.get(value.score);
    if (!entry) perLevel.set(value.score, (entry = { means: [], n: 0 }));
    entry.means.push(tally.scoreSum / tally.scored);
    entry.n += tally.scored;
  }
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
  tallies: Map<string, ScenarioTally>,
  scenarios: AnalysisInput['scenarios'],
  baselines: Baselines,
): MainEffectsFit | null {
  const rows: DesignRow[] = [];
  const present = dimensions.map(() => new Set<number>());
  for (const [scenarioId, tally] of tallies) {
    const values = scenarios.get(scenarioId);
    if (!values || tally.scored === 0) continue;
    const levels = dimensions.map((d) => values[d.name]?.score);
    if (levels.some((l) => l === undefined)) continue;
    levels.forEach((l, i) => present[i]!.add(l!));
    rows.push({ y: tally.scoreSum / tally.scored, levels: levels as number[] });
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
  tallies: Map<string, ScenarioTally>,
  scenarios: AnalysisInput['scenarios'],
  method: IntervalMethod,
  fit: MainEffectsFit | null,
  baselines: Baselines,
): DimensionEffect {
  const { perLevel, outcomes } = byLevel(dimension.name, tallies, scenarios);
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
      let scenarioCount = 0;
      for (const tally of perScenario.values()) {
        refusals += tally.refusals;
        unparseable += tally.unparseable;
        scored += tally.scored;
        if (tally.scored > 0) scenarioCount += 1;
      }
      const fit = fitModel(input.dimensions, perScenario, input.scenarios, baselines);
      return {
        modelKey: key,
        model,
        refusals,
        unparseable,
        scored,
        scenarios: scenarioCount,
        residualDf: fit ? fit.df : null,
        dimensions: input.dimensions.map((d, i) =>
          dimensionEffect(i, d, perScenario, input.scenarios, method, fit, baselines),
        ),
      };
    }),
  };
}
