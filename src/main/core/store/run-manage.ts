/**
 * A researcher's bookkeeping on runs: a name and notes, archiving, and deleting a run with everything stored under it
 * (jobs, transcripts, counters, history: the foreign keys cascade) in one transaction.
 */
import { isTerminalRunStatus, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { notFound } from './runs';
import { immediate, one, write, type Sqlite } from './sql';

/** Sets the run's name (null clears it). */
export function setRunName(sqlite: Sqlite, runId: string, name: string | null): void {
  if (write(sqlite, `UPDATE runs SET name = ? WHERE id = ?`, name, runId) === 0) throw notFound(runId);
}

/** Sets the run's notes ('' clears them). */
export function setRunNotes(sqlite: Sqlite, runId: string, notes: string): void {
  if (write(sqlite, `UPDATE runs SET notes = ? WHERE id = ?`, notes, runId) === 0) throw notFound(runId);
}

/** Archives the run at `iso`, or (null) brings it back; archiving an archived run keeps its first time. */
export function setRunArchived(sqlite: Sqlite, runId: string, iso: string | null): void {
  const changed = write(
    sqlite,
    `UPDATE runs SET archived_at = CASE WHEN ? IS NULL THEN NULL ELSE COALESCE(archived_at, ?) END WHERE id = ?`,
    iso,
    iso,
    runId,
  );
  if (changed === 0) throw notFound(runId);
}

/** What deleting a run removes from the database (exports are files and stay). */
export interface RunDeletionCounts {
  status: RunStatus;
  /** Requests still in flight (a cancelled run's last jobs may finish): the run cannot be deleted until they do. */
  running: number;
  jobs: number;
  transcripts: number;
  /** Re-runs made from this run: they stay, without their parent. */
  reruns: number;
}

export function runDeletionCounts(sqlite: Sqlite, runId: string): RunDeletionCounts {
  const row = one<RunDeletionCounts>(
    sqlite,
    `SELECT r.status,
       (SELECT COALESCE(SUM(running), 0) FROM run_model_counts WHERE run_id = r.id) AS running,
       (SELECT COUNT(*) FROM jobs WHERE run_id = r.id) AS jobs,
       (SELECT COUNT(*) FROM transcripts WHERE run_id = r.id) AS transcripts,
       (SELECT COUNT(*) FROM runs c WHERE c.parent_run_id = r.id) AS reruns
     FROM runs r WHERE r.id = ?`,
    runId,
  );
  if (!row) throw notFound(runId);
  return row;
}

/**
 * Deletes the run and everything stored under it in one IMMEDIATE transaction, so no claim or write can slip in
 * between the status check and the delete. A run that has not ended (pending, running, paused) is refused: cancel it
 * first, and wait for its requests in flight. Returns what was removed.
 */
export function deleteRun(sqlite: Sqlite, runId: string): RunDeletionCounts {
  return immediate(sqlite, () => {
    const counts = runDeletionCounts(sqlite, runId);
    if (!isTerminalRunStatus(counts.status)) {
      throw new AppError('RUN_NOT_CONTROLLABLE', `Run ${runId} is ${counts.status}: cancel it before deleting it`);
    }
    if (counts.running > 0) {
      throw new AppError(
        'RUN_NOT_CONTROLLABLE',
        `Run ${runId} still has ${counts.running} request(s) in flight: delete it once they finish`,
      );
    }
    write(sqlite, `DELETE FROM runs WHERE id = ?`, runId);
    return counts;
  });
}
