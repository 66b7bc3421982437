/**
 * Pause, resume and cancel from the front doors: the transition itself is the store's (store/run-status.ts); this
 * module is the runs area's name for it, so handlers and tests need not know where the SQL lives.
 */
import type { RunStatus } from '../../../shared/domain';
import { applyRunControl, retryFailedJobs, type RunControl } from '../store/run-status';
import type { Sqlite } from '../store/sql';
import type { ChunkedRunWork } from './chunked';

export type { RunControl } from '../store/run-status';

export class RunControls {
  constructor(
    private readonly sqlite: Sqlite,
    /** Cancels a large run's pending jobs in chunks (without it, in the cancel's one transaction). */
    private readonly chunked?: ChunkedRunWork,
  ) {}

  /**
   * Applies a control and returns the run's status afterwards; repeating a control that already holds is a no-op.
   * A cancel answers at once: the run is cancelled (nothing more is claimed) and its pending jobs beyond the first
   * chunk are cancelled off the request path.
   */
  apply(runId: string, control: RunControl): RunStatus {
    const limit = this.chunked?.chunkJobs ?? Number.POSITIVE_INFINITY;
    const status = applyRunControl(this.sqlite, runId, control, limit);
    if (control === 'cancel' && this.chunked) this.chunked.cancel(runId);
    return status;
  }

  /** Requeues a finished run's failed jobs with fresh attempts; the run is running again. */
  retryFailed(runId: string): { status: RunStatus; requeued: number } {
    return retryFailedJobs(this.sqlite, runId);
  }
}
