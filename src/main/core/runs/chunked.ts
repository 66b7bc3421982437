/**
 * The long writes of a run, done in chunks off the request path: preparing a large run's jobs and cancelling its
 * pending ones. Each chunk is its own short transaction and the event loop turns between chunks, so every other
 * request (and the scheduler) is answered while a million jobs are written; progress is announced per chunk. A start-up
 * finishes what a stopped process left: a cancel still cancelling, a preparation whose process is gone.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { NewJob } from '../store/run-create';
import {
  appendJobs,
  cancelledRunsWithPending,
  closeShortPreparation,
  finishPreparing,
  preparingOwner,
  preparingRuns,
} from '../store/run-prepare';
import { cancelPendingChunk } from '../store/run-status';
import type { Sqlite } from '../store/sql';
import type { Logger } from '../util/logger';
import { localProcessGone } from '../util/process-owner';

/** Jobs written (or cancelled) per transaction at most: tens of milliseconds of work on a laptop. */
export const DEFAULT_CHUNK_JOBS = 2000;
/** A chunk of a preparation also ends after this long, so the event loop turns often on a loaded machine too. */
const CHUNK_BUDGET_MS = 25;

export interface PreparingRun {
  id: string;
  createdAt: string;
  total: number;
  /** The process writing it ("host:pid"), named in its reason. */
  owner: string;
}

export class ChunkedRunWork {
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;

  constructor(
    private readonly sqlite: Sqlite,
    private readonly logger: Logger,
    /** A run changed (progress listeners are told). */
    private readonly notify: (runId: string) => void,
    /** The run may now be claimed. */
    private readonly ready: () => void,
    readonly chunkJobs = DEFAULT_CHUNK_JOBS,
  ) {}

  /** Writes the rest of a run's jobs, a chunk per turn, then makes it pending (or stops when it was cancelled). */
  queueRest(run: PreparingRun, queued: number, jobs: Iterator<NewJob>): void {
    this.track(async () => {
      let done = queued;
      for (;;) {
        await nextTurn();
        if (this.stopping) break; // Closed short now; the next start-up finishes cancelling it.
        const inserted = appendJobs(this.sqlite, run, done, jobs, this.chunkJobs, CHUNK_BUDGET_MS);
        if (inserted === null) break;
        done += inserted;
        this.notify(run.id);
        if (inserted === 0 || done >= run.total) {
          if (finishPreparing(this.sqlite, run.id)) {
            this.logger.info('run prepared', { runId: run.id, jobs: done });
            this.notify(run.id);
            this.ready();
            return;
          }
          break;
        }
      }
      // Cancelled while being prepared: the run keeps the jobs it has, and they are cancelled.
      closeShortPreparation(this.sqlite, run.id);
      this.logger.info('run cancelled while being prepared', { runId: run.id, jobs: done });
      await this.cancelRest(run.id);
    }, run.id);
  }

  /** Cancels a cancelled run's remaining pending jobs, a chunk per turn. */
  cancel(runId: string): void {
    this.track(() => this.cancelRest(runId), runId);
  }

  /** What a stopped process left: cancels to finish, preparations whose process is gone (closed short, cancelled). */
  recover(): void {
    for (const { id, reason } of preparingRuns(this.sqlite)) {
      const owner = preparingOwner(reason);
      if (owner === null || !localProcessGone(owner)) continue;
      closeShortPreparation(this.sqlite, id);
      this.logger.warn('a run was being prepared when its process stopped: it is cancelled with the jobs it has', {
        runId: id,
      });
    }
    for (const runId of cancelledRunsWithPending(this.sqlite)) this.cancel(runId);
  }

  /** Settles when no chunked write is in progress (those started meanwhile included). */
  async idle(): Promise<void> {
    while (this.tasks.size > 0) await Promise.allSettled([...this.tasks]);
  }

  /**
   * Settles when every chunked write has finished, or once `cutShort` settles, stopped at its next chunk: a run being
   * prepared is then cancelled with the jobs it has, and a cancel is finished by the next start-up.
   */
  async close(cutShort?: Promise<unknown>): Promise<void> {
    void cutShort?.then(
      () => (this.stopping = true),
      () => (this.stopping = true),
    );
    await this.idle();
  }

  /** How many chunked writes are in progress. */
  get active(): number {
    return this.tasks.size;
  }

  private async cancelRest(runId: string): Promise<void> {
    for (;;) {
      await nextTurn();
      if (this.stopping) return; // The next start-up finishes the cancel.
      const cancelled = cancelPendingChunk(this.sqlite, runId, this.chunkJobs);
      this.notify(runId);
      if (cancelled < this.chunkJobs) return;
    }
  }

  private track(work: () => Promise<void>, runId: string): void {
    const task = work().catch((error: unknown) => {
      this.logger.error('a chunked run write failed', { runId, error });
      // A preparation that failed (a full disk) must not stay "preparing" while this process lives.
      try {
        closeShortPreparation(this.sqlite, runId);
      } catch (again: unknown) {
        this.logger.error('could not close the run short', { runId, error: again });
      }
    });
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}
