/**
 * Pause, resume and cancel. Each is one SQLite transaction on the run row (and, for cancel, its pending jobs), so it
 * takes effect for every process sharing the database: the scheduler only claims jobs of pending or running runs.
 */
import type Database from 'better-sqlite3';
import { isTerminalRunStatus, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { JobStore } from '../scheduler/job-store';

export type RunControl = 'pause' | 'resume' | 'cancel';

interface RunRow {
  status: RunStatus;
  startedAt: string | null;
}

export class RunControls {
  private readonly store: JobStore;

  constructor(private readonly sqlite: Database.Database) {
    this.store = new JobStore(sqlite);
  }

  /** Applies a control and returns the run's status afterwards; repeating a control that already holds is a no-op. */
  apply(runId: string, control: RunControl): RunStatus {
    return this.sqlite
      .transaction((): RunStatus => {
        const run = this.sqlite.prepare(`SELECT status, started_at AS startedAt FROM runs WHERE id = ?`).get(runId) as
          RunRow | undefined;
        if (!run) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
        if (control === 'cancel' && run.status === 'cancelled') return run.status;
        if (isTerminalRunStatus(run.status)) {
          throw new AppError(
            'RUN_NOT_CONTROLLABLE',
            `Run ${runId} is ${run.status.replace(/_/g, ' ')}; it can no longer be ${past(control)}.`,
            {
              status: run.status,
            },
          );
        }
        switch (control) {
          case 'pause':
            this.setStatus(runId, 'paused');
            return 'paused';
          case 'resume': {
            if (run.status !== 'paused') return run.status;
            const status: RunStatus = run.startedAt ? 'running' : 'pending';
            this.setStatus(runId, status);
            this.store.finalize(runId);
            return this.status(runId);
          }
          case 'cancel': {
            this.setStatus(runId, 'cancelled');
            const iso = new Date().toISOString();
            const removed = this.sqlite
              .prepare(`UPDATE jobs SET status = 'cancelled', updated_at = ? WHERE run_id = ? AND status = 'pending'`)
              .run(iso, runId).changes;
            this.sqlite.prepare(`UPDATE runs SET cancelled = cancelled + ? WHERE id = ?`).run(removed, runId);
            this.store.finalize(runId);
            return 'cancelled';
          }
        }
      })
      .immediate();
  }

  private setStatus(runId: string, status: RunStatus): void {
    this.sqlite.prepare(`UPDATE runs SET status = ? WHERE id = ?`).run(status, runId);
  }

  private status(runId: string): RunStatus {
    return (this.sqlite.prepare(`SELECT status FROM runs WHERE id = ?`).get(runId) as RunRow).status;
  }
}

function past(control: RunControl): string {
  return control === 'pause' ? 'paused' : control === 'resume' ? 'resumed' : 'cancelled';
}
