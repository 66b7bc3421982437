/** The results area as one service over the core's connection: summary, scenario pages, related runs, comparison. */
import type { RunSummary } from '../../../shared/domain';
import type { RelatedRuns, ResultsSummary, RunComparison, ScenarioResultsPage } from '../../../shared/results';
import type { Sqlite } from '../store/sql';
import { compareRuns } from './compare';
import { relatedRuns } from './related';
import { scenarioResults, type ScenarioPageInput } from './scenarios';
import { resultsSummary } from './summary';

export interface ResultsService {
  summary(runId: string): ResultsSummary;
  scenarios(input: ScenarioPageInput): ScenarioResultsPage;
  related(runId: string): RelatedRuns;
  compare(input: { runA: string; runB: string; offset: number; limit: number }): RunComparison;
}

/** `summaryOf` gives a run's dashboard row (runs/query.ts), which related runs and comparisons show. */
export function createResultsService(sqlite: Sqlite, summaryOf: (runId: string) => RunSummary): ResultsService {
  return {
    summary: (runId) => resultsSummary(sqlite, runId),
    scenarios: (input) => scenarioResults(sqlite, input),
    related: (runId) => relatedRuns(sqlite, summaryOf, runId),
    compare: (input) => compareRuns(sqlite, summaryOf, input),
  };
}
