/**
 * A full disk must not kill the process nor charge a job: this recognises SQLite's write failures that mean "no room"
 * (SQLITE_FULL, I/O errors, "database or disk is full") and words the reason the run shows while it is paused.
 */
import { dirname } from 'node:path';
import { DISK_FULL_PREFIX } from '../../../shared/run-preparation';

/** True for a write that failed for lack of room (or an I/O error writing it), not for a bug in the statement. */
export function isStorageFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR') || code === 'ENOSPC'))
    return true;
  return /database or disk is full|disk I\/O error|no space left/i.test(error.message);
}

/** The reason a run paused for a full disk shows, naming the folder to free space in. */
export function diskFullReason(databasePath: string): string {
  return `${DISK_FULL_PREFIX}: free space in ${dirname(databasePath)} and resume`;
}

export interface StorageGuardDeps {
  /** Pauses these runs (null: every active run) with the reason; a write that may itself fail while the disk is full. */
  pause(runIds: readonly string[] | null, reason: string): void;
  /** Hands a job back uncharged; a write that may fail too. */
  handBack(jobId: string): void;
  reason: string;
  onError(message: string, error: unknown): void;
}

/**
 * Wraps the scheduler's writes: a storage failure pauses the runs concerned with the reason (retried until the pause
 * itself is written) and hands the job back uncharged (retried likewise); claiming stops until the pause is written.
 */
export class StorageGuard {
  private pausePending: { runIds: Set<string> | null } | null = null;
  private handBacks = new Set<string>();

  constructor(private readonly deps: StorageGuardDeps) {}

  /** True while a pause could not be written yet: claim nothing (it would fail, or run a job nobody can record). */
  get blocked(): boolean {
    return this.pausePending !== null;
  }

  /**
   * Runs `write`; on a storage failure pauses `runIds` (null: every active run), hands `jobId` back when given, and
   * returns `failed`. Any other error is thrown as before.
   */
  attempt<T, F>(runIds: readonly string[] | null, write: () => T, failed: F, jobId?: string): T | F {
    try {
      return write();
    } catch (error) {
      if (!this.failed(error, runIds, jobId ? [jobId] : [])) throw error;
      return failed;
    }
  }

  /**
   * After a write threw: on a storage failure pauses `runIds` (null: every active run), hands `jobIds` back and returns
   * true; false for any other error (the caller rethrows it).
   */
  failed(error: unknown, runIds: readonly string[] | null, jobIds: readonly string[]): boolean {
    if (!isStorageFailure(error)) return false;
    this.deps.onError('a write failed for lack of room; pausing', error);
    this.notePause(runIds);
    for (const jobId of jobIds) this.handBacks.add(jobId);
    this.retry();
    return true;
  }

  /** Retries the writes a full disk refused: the pause first, then the hand-backs. */
  retry(): void {
    if (this.pausePending) {
      const ids = this.pausePending.runIds;
      try {
        this.deps.pause(ids ? [...ids] : null, this.deps.reason);
        this.pausePending = null;
      } catch (error) {
        if (!isStorageFailure(error)) throw error;
        return;
      }
    }
    for (const jobId of [...this.handBacks]) {
      try {
        this.deps.handBack(jobId);
        this.handBacks.delete(jobId);
      } catch (error) {
        if (!isStorageFailure(error)) throw error;
        return;
      }
    }
  }

  private notePause(runIds: readonly string[] | null): void {
    if (runIds === null) this.pausePending = { runIds: null };
    else if (!this.pausePending) this.pausePending = { runIds: new Set(runIds) };
    else if (this.pausePending.runIds) for (const id of runIds) this.pausePending.runIds.add(id);
  }
}
