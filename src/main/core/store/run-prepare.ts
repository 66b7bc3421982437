/**
 * A large run is written in chunks so creating it never holds the database (and the process's event loop) for
 * seconds: its row first, paused with a "preparing" reason that the scheduler never claims and a person cannot
 * resume, then its jobs a chunk per transaction, then it becomes pending. The reason names the process preparing it,
 * so a start-up after a crash can tell an interrupted preparation from one another process is still doing.
 */
import { PREPARING_PREFIX } from '../../../shared/run-preparation';
import { many, immediate, one, write, type Sqlite } from './sql';
import type { NewJob } from './run-create';

const INSERT_JOB = `INSERT INTO jobs (id, run_id, scenario_id, model_key, provider_id, model_id, model_version, sample,
  ordinal, max_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export { PREPARING_PREFIX };

/** "preparing: 120,000 of 1,000,000 jobs queued [host:pid]": the progress a person sees, and who is writing. */
export function preparingReason(queued: number, total: number, owner: string): string {
  return `${PREPARING_PREFIX}: ${queued.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} jobs queued [${owner}]`;
}

/** The process (host:pid) named by a preparing reason, or null when the reason is not one. */
export function preparingOwner(reason: string | null): string | null {
  if (!reason?.startsWith(PREPARING_PREFIX)) return null;
  return /\[([^\]]+)\]$/.exec(reason)?.[1] ?? null;
}

/**
 * Writes up to `limit` jobs from `jobs`, stopping early once `budgetMs` have passed (checked every 256 jobs, so a
 * chunk stays short on a loaded machine too); returns how many.
 */
export function insertJobs(
  sqlite: Sqlite,
  runId: string,
  now: string,
  jobs: Iterator<NewJob>,
  limit: number,
  budgetMs = Number.POSITIVE_INFINITY,
): number {
  const deadline = performance.now() + budgetMs;
  let inserted = 0;
  while (inserted < limit) {
    if ((inserted & 255) === 255 && performance.now() > deadline) break;
    const next = jobs.next();
    if (next.done) break;
    const job = next.value;
    // Positional parameters: a run can hold a million jobs, and binding by name costs more per row.
    write(
      sqlite,
      INSERT_JOB,
      job.id,
      runId,
      job.scenarioId,
      job.modelKey,
      job.providerId,
      job.modelId,
      job.modelVersion,
      job.sample,
      job.ordinal,
      job.maxAttempts,
      now,
      now,
    );
    inserted += 1;
  }
  return inserted;
}

const STILL_PREPARING = `status = 'paused' AND pause_reason LIKE '${PREPARING_PREFIX}%'`;

/**
 * One more chunk of a run being prepared, in its own transaction: nothing is written once the run is no longer
 * preparing (a person cancelled it), and `null` says so. Otherwise the number written, with the progress in its reason.
 */
export function appendJobs(
  sqlite: Sqlite,
  run: { id: string; createdAt: string; total: number; owner: string },
  queuedBefore: number,
  jobs: Iterator<NewJob>,
  limit: number,
  budgetMs: number,
): number | null {
  return immediate(sqlite, () => {
    if (!one(sqlite, `SELECT 1 AS x FROM runs WHERE id = ? AND ${STILL_PREPARING}`, run.id)) return null;
    const inserted = insertJobs(sqlite, run.id, run.createdAt, jobs, limit, budgetMs);
    const reason = preparingReason(queuedBefore + inserted, run.total, run.owner);
    write(sqlite, `UPDATE runs SET pause_reason = ? WHERE id = ?`, reason, run.id);
    return inserted;
  });
}

/** Every job is written: the run is pending and the scheduler may claim it. False if it was no longer preparing. */
export function finishPreparing(sqlite: Sqlite, runId: string): boolean {
  return immediate(
    sqlite,
    () =>
      write(
        sqlite,
        `UPDATE runs SET status = 'pending', pause_reason = NULL WHERE id = ? AND ${STILL_PREPARING}`,
        runId,
      ) === 1,
  );
}

/**
 * A preparation that stopped before every job was written (cancelled, or its process gone): the run's total becomes
 * the jobs it has, and a run still preparing is cancelled (its pending jobs are then cancelled in chunks).
 */
export function closeShortPreparation(sqlite: Sqlite, runId: string): void {
  immediate(sqlite, () => {
    const counted = one<{ n: number | null }>(
      sqlite,
      `SELECT SUM(pending + running + completed + failed + cancelled) AS n FROM run_model_counts WHERE run_id = ?`,
      runId,
    );
    write(sqlite, `UPDATE runs SET total = ? WHERE id = ?`, counted?.n ?? 0, runId);
    write(
      sqlite,
      `UPDATE runs SET status = 'cancelled', pause_reason = NULL WHERE id = ? AND ${STILL_PREPARING}`,
      runId,
    );
  });
}

/** Runs still marked as being prepared, with their reason (which names the process preparing them). */
export function preparingRuns(sqlite: Sqlite): { id: string; reason: string }[] {
  return many(sqlite, `SELECT id, pause_reason AS reason FROM runs WHERE ${STILL_PREPARING}`);
}

/** Cancelled runs that still have pending jobs: a cancel whose chunks a stop interrupted. */
export function cancelledRunsWithPending(sqlite: Sqlite): string[] {
  return many<{ id: string }>(
    sqlite,
    `SELECT DISTINCT r.id FROM runs r JOIN run_model_counts c ON c.run_id = r.id
      WHERE r.status = 'cancelled' AND c.pending > 0`,
  ).map((row) => row.id);
}
