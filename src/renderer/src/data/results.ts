/** Results as pages read them: a run's per-model summary, a page of its scenarios, its related runs, a comparison. */
import { useRefreshOn } from '../hooks/useRefreshOn';
import { useRoute, type RouteResult } from '../hooks/useRoute';

export const SCENARIO_PAGE_SIZE = 25;
export const FLIPPED_PAGE_SIZE = 100;

/** A run's per-model summary, aggregated again whenever `version` changes (more jobs finished, the run ended). */
export function useSummary(runId: string, version?: unknown): RouteResult<'results.summary'> {
  const summary = useRoute('results.summary', { runId });
  useRefreshOn(version, summary.reload);
  return summary;
}

/** The summary another reader on the page keeps fresh. */
export function useKnownSummary(runId: string): RouteResult<'results.summary'> {
  return useRoute('results.summary', { runId }, { enabled: false });
}

/** One page of a run's scenarios, for one model or all. */
export function useScenarioResults(runId: string, modelKey: string | null, offset: number) {
  return useRoute('results.scenarios', {
    runId,
    ...(modelKey ? { modelKey } : {}),
    offset,
    limit: SCENARIO_PAGE_SIZE,
  });
}

/** The run this one re-ran and the runs that re-ran it; fetched again when `version` changes (the run's status). */
export function useRelatedRuns(runId: string, version?: unknown): RouteResult<'runs.related'> {
  const related = useRoute('runs.related', { id: runId });
  useRefreshOn(version, related.reload);
  return related;
}

/** Two runs side by side, with a page of the scenarios whose decision changed. */
export function useComparison(runA: string, runB: string, offset: number): RouteResult<'results.compare'> {
  return useRoute('results.compare', { runA, runB, offset, limit: FLIPPED_PAGE_SIZE });
}
