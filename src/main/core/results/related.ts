/** A run's family for the run page: the run it re-ran (parent) and the re-runs made from it (children), newest first. */
import type { RunSummary } from '../../../shared/domain';
import type { RelatedRuns } from '../../../shared/results';
import { relatedRunIds } from '../store/runs';
import type { Sqlite } from '../store/sql';

export function relatedRuns(sqlite: Sqlite, summaryOf: (runId: string) => RunSummary, runId: string): RelatedRuns {
  const { parent, children } = relatedRunIds(sqlite, runId);
  return { parent: parent ? summaryOf(parent) : null, children: children.map(summaryOf) };
}
