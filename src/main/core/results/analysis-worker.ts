/**
 * The piscina worker that computes an analysis off the main thread for large runs: its own read-only SQLite
 * connection (so neither the scheduler nor the UI waits on it), the same store reads and the same pure analysis.
 */
import { withReadOnlyConnection } from '../db/read-only';
import { withReadSnapshot } from '../store/sql';
import { settleTask, type TaskOutcome } from '../util/worker-task';
import { AnalysisInputCache, runAnalysis, type AnalysisRequest, type AnalysisResult } from './analysis';

export interface AnalysisTask {
  databasePath: string;
  nativeBinding?: string;
  request: AnalysisRequest;
}

export type AnalysisTaskOutcome = TaskOutcome<AnalysisResult>;

/** This thread's recent inputs: the worker serves one database, and a page asks for three analyses of one run. */
const cache = new AnalysisInputCache();

export default function runAnalysisTask(task: AnalysisTask): Promise<AnalysisTaskOutcome> {
  return settleTask('INTERNAL', () =>
    withReadOnlyConnection(task.databasePath, task.nativeBinding, (sqlite) =>
      // Every read of the analysis (runs, decision counts, scenarios) from one snapshot of the database.
      withReadSnapshot(sqlite, async () => runAnalysis(sqlite, task.request, cache)),
    ),
  );
}
