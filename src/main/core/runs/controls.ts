/**
 * Pause, resume and cancel from the front doors: the transition itself is the store's (store/run-status.ts); this
 * module is the runs area's name for it, so handlers and tests need not know where the SQL lives.
 */
import type { RunStatus } from '../../../shared/domain';
import { applyRunControl, retryFailedJobs, type RunControl } from '../store/run-status';
import type { Sqlite } from '../store/sql';

export type { RunControl } from '../store/run-status';

export class RunControls {
  constructor(private readonly sqlite: Sqlite) {}

  /** Applies a control and returns the run's status afterwards; repeating a control that already holds is a no-op. */
  apply(runId: string, control: RunControl): RunStatus {
    return applyRunControl(this.sqlite, runId, control);
  }

  /** Requeues a finished run's failed jobs with fresh attempts; the run is running again. */
  retryFailed(runId: string): { status: RunStatus; requeued: number } {
    return retryFailedJobs(this.sqlite, runId);
  }
}
