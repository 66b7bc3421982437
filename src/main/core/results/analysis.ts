/**
 * The analyses of one run (dimension effects, interactions, agreement) and of two runs (change of effect), computed
 * from the store's decision counts over any connection: the core's for small runs, a worker's own for large ones.
 */
import type { AgreementReport, EffectsComparison, EffectsReport, InteractionReport } from '../../../shared/analysis';
import type { ValueRankingReport } from '../../../shared/values';
import { modelKey, parseModelKey, type DimensionValue, type ModelRef } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { agreement } from '../analysis/agreement';
import { DEFAULT_INTERVAL_METHOD } from '../analysis/bootstrap';
import { compareEffects } from '../analysis/compare-effects';
import { dimensionEffects, interaction, type AnalysisInput, type DimensionLevels } from '../analysis/effects';
import { answeredScenarioDimensions, decisionGroups, transcriptCount } from '../store/analysis';
import { counterbalanceFactors } from './counterbalance-factors';
import { runEventCount } from '../store/decisions';
import { loadRun } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { pairModels } from './compare';
import { parseDimensions } from './run-info';
import { valueRankingReport } from './values';

export type AnalysisRequest =
  | { kind: 'effects'; runId: string; baselines?: Record<string, number> }
  | { kind: 'interaction'; runId: string; dimensionA: string; dimensionB: string }
  | { kind: 'agreement'; runId: string; limit: number }
  | { kind: 'compare'; runA: string; runB: string }
  | { kind: 'values'; runIds: string[]; compare?: { a: string; b: string } };

export interface AnalysisResults {
  effects: EffectsReport;
  interaction: InteractionReport;
  agreement: AgreementReport;
  compare: EffectsComparison;
  values: ValueRankingReport;
}

export type AnalysisResult = AnalysisResults[AnalysisRequest['kind']];

function modelFromKey(key: string): ModelRef {
  try {
    return parseModelKey(key);
  } catch {
    return { providerId: 'compat', modelId: key, modelVersion: null };
  }
}

/** Everything an analysis reads about a run: its models, its snapshot's dimensions and levels, its decision counts. */
export function loadAnalysisInput(sqlite: Sqlite, runId: string): AnalysisInput & { definitionId: string } {
  const { row, config, snapshot, scale } = loadRun(sqlite, runId);
  const rows = decisionGroups(sqlite, runId);
  const models = new Map<string, ModelRef>(config.models.map((model) => [modelKey(model), model]));
  for (const group of rows) if (!models.has(group.modelKey)) models.set(group.modelKey, modelFromKey(group.modelKey));
  // Levels by score; two levels sharing a score are one point on the axis, their labels joined.
  const dimensions: DimensionLevels[] = (snapshot?.dimensions ?? []).map((dimension) => {
    const byScore = new Map<number, string>();
    for (const level of dimension.levels) {
      const seen = byScore.get(level.score);
      byScore.set(level.score, seen ? `${seen} / ${level.label}` : level.label);
    }
    return { name: dimension.name, levels: [...byScore].map(([score, label]) => ({ score, label })) };
  });
  // Counterbalanced wording and order join the dimensions as factors, valued from each scenario's stored labels.
  const factors = counterbalanceFactors(snapshot);
  dimensions.push(...factors.levels);
  const scenarios = new Map<string, Record<string, DimensionValue>>();
  for (const scenario of answeredScenarioDimensions(sqlite, row.definitionId, runId))
    scenarios.set(scenario.scenarioId, {
      ...parseDimensions<DimensionValue>(scenario.dimensionsJson),
      ...factors.valuesOf(scenario.wording, scenario.scaleOrder),
    });
  return {
    runId,
    definitionId: row.definitionId,
    scale,
    models: [...models].map(([key, model]) => ({ key, model })),
    dimensions,
    rows,
    scenarios,
  };
}

type LoadedInput = ReturnType<typeof loadAnalysisInput>;

/**
 * The last few runs' inputs, so a page's three analyses read a large run once. Transcripts are only ever added to a
 * run (one per job, never replaced), so the run id and its transcript count identify the rows exactly.
 */
export class AnalysisInputCache {
  private readonly entries = new Map<string, LoadedInput>();
  constructor(private readonly size = 2) {}

  load(sqlite: Sqlite, runId: string): LoadedInput {
    const key = `${runId}\u0000${transcriptCount(sqlite, runId)}\u0000${runEventCount(sqlite, runId)}`;
    const cached = this.entries.get(key);
    if (cached) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const input = loadAnalysisInput(sqlite, runId);
    this.entries.set(key, input);
    for (const old of this.entries.keys()) {
      if (this.entries.size <= this.size) break;
      this.entries.delete(old);
    }
    return input;
  }
}

function checkDimension(input: AnalysisInput, name: string): void {
  if (!input.dimensions.some((d) => d.name === name)) {
    const known = input.dimensions.map((d) => d.name).join(', ') || 'none';
    throw new AppError('VALIDATION', `The run has no dimension "${name}" (its dimensions: ${known}).`);
  }
}

/** Runs one analysis synchronously over `sqlite` (the same code inline and in the worker). */
export function runAnalysis(
  sqlite: Sqlite,
  request: AnalysisRequest,
  cache: AnalysisInputCache = new AnalysisInputCache(0),
): AnalysisResult {
  const method = DEFAULT_INTERVAL_METHOD;
  const inputOf = (runId: string): LoadedInput => cache.load(sqlite, runId);
  switch (request.kind) {
    case 'effects': {
      const input = inputOf(request.runId);
      for (const [name, score] of Object.entries(request.baselines ?? {})) {
        checkDimension(input, name);
        const levels = input.dimensions.find((d) => d.name === name)!.levels;
        if (!levels.some((l) => l.score === score)) {
          const known = levels.map((l) => l.score).join(', ');
          throw new AppError(
            'VALIDATION',
            `"${name}" has no level ${score} to use as baseline (its levels: ${known}).`,
          );
        }
      }
      return dimensionEffects(input, method, request.baselines ?? {});
    }
    case 'interaction': {
      const input = inputOf(request.runId);
      checkDimension(input, request.dimensionA);
      checkDimension(input, request.dimensionB);
      return interaction(input, request.dimensionA, request.dimensionB);
    }
    case 'agreement':
      return agreement(inputOf(request.runId), request.limit, method);
    case 'compare': {
      const inputA = inputOf(request.runA);
      const inputB = inputOf(request.runB);
      if (inputA.definitionId !== inputB.definitionId)
        throw new AppError('VALIDATION', 'These runs use different definitions, so their effects cannot be compared.');
      return compareEffects(inputA, inputB, pairModels(inputA.models, inputB.models), method);
    }
    case 'values':
      return valueRankingReport(sqlite, request.runIds, request.compare);
  }
}
