/**
 * Pause, resume and cancel from the front doors: the transition itself is the store's (store/run-status.ts); this
 * module is the runs area's name for it, so handlers and tests need not know where the SQL lives.
 */
import type { RunStatus } from '../../../shared/domain';
import { DISK_FULL_PREFIX } from '../../../shared/run-preparation';
import { AppError } from '../../../shared/errors';
import { applyRunControl, retryFailedJobs, runPauseReason, type RunControl } from '../store/run-status';

/** Room a resumed run needs to record answers again (WAL growth, transcripts) before a resume is allowed. */
export const MIN_FREE_BYTES = 32 * 1024 * 1024;

export { freeBytesAt } from '../util/disk';
import type { Sqlite } from '../store/sql';
import type { ChunkedRunWork } from './chunked';

export type { RunControl } from '../store/run-status';

export class RunControls {
  constructor(
    private readonly sqlite: Sqlite,
    /** Cancels a large run's pending jobs in chunks (without it, in the cancel's one transaction). */
    private readonly chunked?: ChunkedRunWork,
    /** Free bytes where the database lives (a run a full disk paused resumes only with room again). */
    private readonly room?: { dir: string; freeBytes: (dir: string) => number },
  ) {}

  /**
   * A run the disk paused stays paused, its reason shown, while the disk is still full: resuming it would claim jobs
   * whose results cannot be written, and the run would look running with no progress and no reason.
   */
  private assertRoomToResume(runId: string): void {
    if (!this.room || !runPauseReason(this.sqlite, runId)?.startsWith(DISK_FULL_PREFIX)) return;
    const free = this.room.freeBytes(this.room.dir);
    if (free >= MIN_FREE_BYTES) return;
    throw new AppError(
      'DISK_FULL',
      `The disk holding ${this.room.dir} is still full (${(free / 1024 / 1024).toFixed(1)} MB free): free at least ` +
        `${MIN_FREE_BYTES / 1024 / 1024} MB there, then resume. The run stays paused.`,
      { runId, freeBytes: free },
    );
  }

  /**
   * Applies a control and returns the run's status afterwards; repeating a control that already holds is a no-op.
   * A cancel answers at once: the run is cancelled (nothing more is claimed) and its pending jobs beyond the first
   * chunk are cancelled off the request path.
   */
  apply(runId: string, control: RunControl): RunStatus {
    if (control === 'resume') this.assertRoomToResume(runId);
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
