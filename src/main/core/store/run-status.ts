/**
 * Every transition of a run's status, in one place: started on its first claim, paused, resumed, cancelled (with its
 * pending jobs), and closed once nothing is left. Each control is one IMMEDIATE transaction on the run row, so it
 * takes effect for every process sharing the database: the scheduler only claims jobs of pending or running runs.
 */
import { BUDGET_PAUSE_PREFIX, isTerminalRunStatus, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { liftSpendingCap } from './run-config';
import { preparingOwner } from './run-prepare';
import { notFound } from './runs';
import { immediate, many, one, write, type Sqlite } from './sql';

export type RunControl = 'pause' | 'resume' | 'cancel';
export type RunFinalStatus = 'completed' | 'completed_with_errors' | 'failed';

function status(sqlite: Sqlite, runId: string): { status: RunStatus; startedAt: string | null } | undefined {
  return one(sqlite, `SELECT status, started_at AS startedAt FROM runs WHERE id = ?`, runId);
}

function setStatus(sqlite: Sqlite, runId: string, next: RunStatus): void {
  write(sqlite, `UPDATE runs SET status = ? WHERE id = ?`, next, runId);
}

/** A claimed job starts its run: pending becomes running, and the first start time is kept. */
export function markRunStarted(sqlite: Sqlite, runId: string, iso: string): void {
  write(
    sqlite,
    `UPDATE runs SET status = CASE WHEN status = 'pending' THEN 'running' ELSE status END,
      started_at = COALESCE(started_at, @iso) WHERE id = @runId AND (status = 'pending' OR started_at IS NULL)`,
    { runId, iso },
  );
}

/** Closes a run once nothing of it is pending or running: completed, completed with errors, or failed. */
export function finalizeRun(sqlite: Sqlite, runId: string): void {
  // The counters the jobs triggers keep (migration 0003): no count over the run's jobs after every outcome.
  const active = one<{ n: number | null }>(
    sqlite,
    `SELECT SUM(pending + running) AS n FROM run_model_counts WHERE run_id = ?`,
    runId,
  );
  if ((active?.n ?? 0) > 0) return;
  const run = one<{ status: string; completed: number; failed: number }>(
    sqlite,
    `SELECT status, completed, failed FROM runs WHERE id = ?`,
    runId,
  );
  if (!run) return;
  const iso = new Date().toISOString();
  if (run.status === 'cancelled') {
    write(sqlite, `UPDATE runs SET completed_at = COALESCE(completed_at, @iso) WHERE id = @runId`, { runId, iso });
    return;
  }
  const final: RunFinalStatus =
    run.failed === 0 ? 'completed' : run.completed === 0 ? 'failed' : 'completed_with_errors';
  write(
    sqlite,
    `UPDATE runs SET status = @status, completed_at = COALESCE(completed_at, @iso)
      WHERE id = @runId AND status IN ('pending', 'running', 'paused')`,
    { runId, status: final, iso },
  );
}

/**
 * Applies a control and returns the run's status afterwards; repeating a control that already holds is a no-op. A
 * cancel cancels at most `cancelLimit` pending jobs in its transaction: the caller cancels the rest in chunks
 * (cancelPendingChunk), so a million-job run never holds the database for seconds.
 */
export function applyRunControl(
  sqlite: Sqlite,
  runId: string,
  control: RunControl,
  cancelLimit = Number.POSITIVE_INFINITY,
): RunStatus {
  return immediate(sqlite, (): RunStatus => {
    const run = status(sqlite, runId);
    if (!run) throw notFound(runId);
    if (control === 'cancel' && run.status === 'cancelled') return run.status;
    if (isTerminalRunStatus(run.status)) {
      throw new AppError(
        'RUN_NOT_CONTROLLABLE',
        `Run ${runId} is ${run.status.replace(/_/g, ' ')}; it can no longer be ${past(control)}.`,
        { status: run.status },
      );
    }
    if (control !== 'cancel' && preparingOwner(runPauseReason(sqlite, runId)) !== null) {
      throw new AppError(
        'RUN_NOT_CONTROLLABLE',
        `Run ${runId} is still being prepared (its jobs are being queued); it can be cancelled, or ${past(control)} ` +
          `once it is ready.`,
        { status: run.status },
      );
    }
    switch (control) {
      case 'pause':
        // A person's pause replaces any reason the run gave itself.
        write(sqlite, `UPDATE runs SET status = 'paused', pause_reason = NULL WHERE id = ?`, runId);
        return 'paused';
      case 'resume': {
        if (run.status !== 'paused') return run.status;
        // Resuming a run its spending cap paused is the decision to spend past the cap: the cap is lifted.
        if (runPauseReason(sqlite, runId)?.startsWith(BUDGET_PAUSE_PREFIX)) liftSpendingCap(sqlite, runId);
        setStatus(sqlite, runId, run.startedAt ? 'running' : 'pending');
        write(sqlite, `UPDATE runs SET pause_reason = NULL WHERE id = ?`, runId);
        finalizeRun(sqlite, runId);
        return status(sqlite, runId)!.status;
      }
      case 'cancel': {
        // The reason a run gave itself (a preparation, a full disk) no longer applies.
        write(sqlite, `UPDATE runs SET status = 'cancelled', pause_reason = NULL WHERE id = ?`, runId);
        cancelPending(sqlite, runId, cancelLimit);
        return 'cancelled';
      }
    }
  });
}

/** Cancels up to `limit` pending jobs of a cancelled run (closing it once none is left); returns how many. */
function cancelPending(sqlite: Sqlite, runId: string, limit: number): number {
  const removed = write(
    sqlite,
    `UPDATE jobs SET status = 'cancelled', updated_at = ?
      WHERE id IN (SELECT id FROM jobs WHERE run_id = ? AND status = 'pending' LIMIT ?)`,
    new Date().toISOString(),
    runId,
    Number.isFinite(limit) ? limit : -1,
  );
  write(sqlite, `UPDATE runs SET cancelled = cancelled + ? WHERE id = ?`, removed, runId);
  finalizeRun(sqlite, runId);
  return removed;
}

/** One more chunk of a cancel, in its own transaction (nothing happens unless the run is cancelled). */
export function cancelPendingChunk(sqlite: Sqlite, runId: string, limit: number): number {
  return immediate(sqlite, () =>
    status(sqlite, runId)?.status === 'cancelled' ? cancelPending(sqlite, runId, limit) : 0,
  );
}

/**
 * The run pauses itself with a reason a person can act on (a full disk): every active run given (null: every active
 * run) is paused, and the
 * reason shows until a resume clears it. Its own small transaction, so it can succeed when a larger write just failed.
 */
export function pauseRunsWithReason(sqlite: Sqlite, runIds: readonly string[] | null, reason: string): number {
  return immediate(sqlite, () =>
    write(
      sqlite,
      `UPDATE runs SET status = 'paused', pause_reason = @reason
        WHERE (@ids IS NULL OR id IN (SELECT value FROM json_each(@ids))) AND status IN ('pending', 'running')`,
      { ids: runIds ? JSON.stringify(runIds) : null, reason },
    ),
  );
}

/**
 * "Retry failed jobs": the failed (not cancelled) jobs of a finished run go back to pending with fresh attempts (their
 * earlier errors stay in `errors_json`), and the run is running again. Counters: each such job moves failed → pending
 * (runs.failed decreases by their number). Returns the run's status afterwards and how many jobs were requeued.
 */
export function retryFailedJobs(sqlite: Sqlite, runId: string): { status: RunStatus; requeued: number } {
  return immediate(sqlite, () => {
    const run = status(sqlite, runId);
    if (!run) throw notFound(runId);
    if (run.status !== 'completed_with_errors' && run.status !== 'failed') {
      throw new AppError(
        'RUN_NOT_CONTROLLABLE',
        `Run ${runId} is ${run.status.replace(/_/g, ' ')}; only a run that ended with failed jobs can retry them.`,
        { status: run.status },
      );
    }
    const now = Date.now();
    const requeued = write(
      sqlite,
      `UPDATE jobs SET status = 'pending', attempts = 0, run_after = @now, lease_owner = NULL,
        lease_expires_at = NULL, last_error_json = NULL, updated_at = @iso
      WHERE run_id = @runId AND status = 'failed'`,
      { runId, now, iso: new Date(now).toISOString() },
    );
    write(
      sqlite,
      `UPDATE runs SET status = 'running', failed = failed - @requeued, completed_at = NULL, pause_reason = NULL
        WHERE id = @runId`,
      { runId, requeued },
    );
    finalizeRun(sqlite, runId);
    return { status: status(sqlite, runId)!.status, requeued };
  });
}

/** Why the run paused itself (null after a person's pause, or when it is not paused). */
export function runPauseReason(sqlite: Sqlite, runId: string): string | null {
  return (
    one<{ reason: string | null }>(sqlite, `SELECT pause_reason AS reason FROM runs WHERE id = ?`, runId)?.reason ??
    null
  );
}

/** Which of these runs are cancelled (the scheduler abandons their jobs still in flight after a grace period). */
export function cancelledRunIds(sqlite: Sqlite, runIds: string[]): Set<string> {
  const rows = many<{ id: string }>(
    sqlite,
    `SELECT id FROM runs WHERE status = 'cancelled' AND id IN (SELECT value FROM json_each(?))`,
    JSON.stringify(runIds),
  );
  return new Set(rows.map((row) => row.id));
}

function past(control: RunControl): string {
  return control === 'pause' ? 'paused' : control === 'resume' ? 'resumed' : 'cancelled';
}
