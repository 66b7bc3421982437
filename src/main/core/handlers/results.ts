/** Handlers for results: per-model summary, per-scenario pages, related runs and the comparison of two runs. */
import type { Handlers } from '../../../shared/ipc';
import type { RunDetail, RunSummary } from '../../../shared/domain';
import type { CoreContext } from '../context';
import { compareRuns } from '../results/compare';
import { relatedRuns } from '../results/related';
import { scenarioResults } from '../results/scenarios';
import { resultsSummary } from '../results/summary';

type ResultRoutes = 'results.summary' | 'results.scenarios' | 'runs.related' | 'results.compare';

/** The dashboard-row shape of a run: the detail's extra fields would only bloat lists of related runs. */
export function toRunSummary(run: RunDetail): RunSummary {
  return {
    id: run.id,
    definitionId: run.definitionId,
    definitionName: run.definitionName,
    parentRunId: run.parentRunId,
    status: run.status,
    runType: run.runType,
    createdAt: run.createdAt,
    queuedAt: run.queuedAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
    lastAccessedAt: run.lastAccessedAt,
    progress: run.progress,
    models: run.models,
  };
}

export function resultHandlers(ctx: CoreContext): Pick<Handlers, ResultRoutes> {
  const sqlite = ctx.database.sqlite;
  // Reading results is not "viewing the run" (runs.get does that), so lastAccessedAt is left alone here.
  const summaryOf = (id: string): RunSummary => toRunSummary(ctx.runs.get(id, false));
  return {
    'results.summary': async ({ runId }) => resultsSummary(sqlite, runId),
    'results.scenarios': async (input) => scenarioResults(sqlite, input),
    'runs.related': async ({ id }) => relatedRuns(sqlite, summaryOf, id),
    'results.compare': async (input) => compareRuns(sqlite, summaryOf, input),
  };
}
