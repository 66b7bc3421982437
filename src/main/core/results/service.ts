/**
 * The results area as one service over the core's connection: summary, scenario pages, related runs, comparison, and
 * the analyses (dimension effects, interactions, agreement), which run in a worker thread when the run is large.
 */
import type { ValueRankingReport } from '../../../shared/values';
import type { AgreementReport, EffectsComparison, EffectsReport, InteractionReport } from '../../../shared/analysis';
import type { RunSummary } from '../../../shared/domain';
import type { RelatedRuns, ResultsSummary, RunComparison, ScenarioResultsPage } from '../../../shared/results';
import { transcriptCount } from '../store/analysis';
import { assertRunExists } from '../store/runs';
import type { Sqlite } from '../store/sql';
import { AnalysisInputCache, runAnalysis, type AnalysisRequest, type AnalysisResults } from './analysis';
import { AnalysisWorker } from './analysis-runner';
import { compareRuns } from './compare';
import { relatedRuns } from './related';
import { scenarioResults, type ScenarioPageInput } from './scenarios';
import { resultsSummary } from './summary';

export interface ResultsService {
  summary(runId: string): ResultsSummary;
  scenarios(input: ScenarioPageInput): ScenarioResultsPage;
  related(runId: string): RelatedRuns;
  compare(input: { runA: string; runB: string; offset: number; limit: number }): RunComparison;
  effects(runId: string, baselines?: Record<string, number>): Promise<EffectsReport>;
  interaction(input: { runId: string; dimensionA: string; dimensionB: string }): Promise<InteractionReport>;
  agreement(input: { runId: string; limit: number }): Promise<AgreementReport>;
  compareEffects(input: { runA: string; runB: string }): Promise<EffectsComparison>;
  /** Value priorities over runs whose definitions name the values at their scale's ends (issue 25). */
  values(input: { runIds: string[]; compare?: { a: string; b: string } }): Promise<ValueRankingReport>;
  close(): Promise<void>;
}

/** Above this many transcripts (summed over the runs involved) an analysis runs in the worker thread. */
export const ANALYSIS_WORKER_THRESHOLD = 20_000;

export interface AnalysisOptions {
  /** The database file the worker opens read-only; without it every analysis runs inline. */
  databasePath?: string;
  nativeBinding?: string;
  workerThreshold?: number;
}

/** `summaryOf` gives a run's dashboard row (runs/query.ts), which related runs and comparisons show. */
export function createResultsService(
  sqlite: Sqlite,
  summaryOf: (runId: string) => RunSummary,
  options: AnalysisOptions = {},
): ResultsService {
  const threshold = options.workerThreshold ?? ANALYSIS_WORKER_THRESHOLD;
  const cache = new AnalysisInputCache();
  const worker = options.databasePath
    ? new AnalysisWorker({
        databasePath: options.databasePath,
        ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
      })
    : null;

  async function analyse<K extends AnalysisRequest['kind']>(
    request: Extract<AnalysisRequest, { kind: K }>,
  ): Promise<AnalysisResults[K]> {
    const asked: AnalysisRequest = request;
    const runIds =
      asked.kind === 'compare' ? [asked.runA, asked.runB] : asked.kind === 'values' ? asked.runIds : [asked.runId];
    // A missing run is answered here (NOT_FOUND), before any thread is started for it.
    for (const runId of runIds) assertRunExists(sqlite, runId);
    const size = runIds.reduce((sum, runId) => sum + transcriptCount(sqlite, runId), 0);
    // The request's kind decides the result's shape in runAnalysis's switch.
    if (worker && size >= threshold) return (await worker.run(request)) as AnalysisResults[K];
    return runAnalysis(sqlite, request, cache) as AnalysisResults[K];
  }

  return {
    summary: (runId) => resultsSummary(sqlite, runId),
    scenarios: (input) => scenarioResults(sqlite, input),
    related: (runId) => relatedRuns(sqlite, summaryOf, runId),
    compare: (input) => compareRuns(sqlite, summaryOf, input),
    effects: (runId, baselines) => analyse({ kind: 'effects', runId, ...(baselines ? { baselines } : {}) }),
    interaction: (input) => analyse({ kind: 'interaction', ...input }),
    agreement: (input) => analyse({ kind: 'agreement', ...input }),
    compareEffects: (input) => analyse({ kind: 'compare', ...input }),
    values: (input) => analyse({ kind: 'values', ...input }),
    close: async () => worker?.close(),
  };
}
