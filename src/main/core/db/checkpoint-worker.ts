/**
 * The worker thread that checkpoints the database's write-ahead log while the core's connection writes a long run of
 * pages (a batch's result file): copying the log into the database file, and its fsyncs, happen here instead of inside
 * the writer's commits on the main thread. A PASSIVE checkpoint never waits for and never blocks a reader or the
 * writer; it copies what every reader has moved past and leaves the rest for the next one. A TRUNCATE one (when the
 * log has grown long) waits for them, finishes the copy and empties the log (see db/wal-checkpoints.ts).
 */
import Database from 'better-sqlite3';
import { settleTask, type TaskOutcome } from '../util/worker-task';

export interface CheckpointTask {
  databasePath: string;
  nativeBinding?: string;
  /**
   * PASSIVE (the default) copies what it can without waiting for anyone; TRUNCATE waits for the writer and readers,
   * copies the rest of the log and empties its file, so the next commit writes from the start of a short log.
   */
  mode?: 'PASSIVE' | 'TRUNCATE';
}

/** SQLite's answer: whether a reader or writer kept it from finishing, frames in the log, frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type CheckpointTaskOutcome = TaskOutcome<CheckpointResult>;

/** How long an emptying (TRUNCATE) checkpoint waits for the writer and for readers before it gives up. */
export const TRUNCATE_BUSY_TIMEOUT_MS = 250;

export default function runCheckpointTask(task: CheckpointTask): Promise<CheckpointTaskOutcome> {
  return settleTask('INTERNAL', async () => {
    // Not read-only: a checkpoint writes the database file. Nothing else is done on this connection.
    const sqlite = new Database(task.databasePath, {
      fileMustExist: true,
      ...(task.nativeBinding ? { nativeBinding: task.nativeBinding } : {}),
    });
    try {
      const mode = task.mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE';
      // TRUNCATE holds the write lock while it waits for readers: a long reader (an export's read transaction) must
      // not keep the app's other writers waiting behind it; it gives up (busy) soon and is tried again later.
      sqlite.pragma(`busy_timeout = ${mode === 'TRUNCATE' ? TRUNCATE_BUSY_TIMEOUT_MS : 5000}`);
      const [row] = sqlite.pragma(`wal_checkpoint(${mode})`) as CheckpointResult[];
      return row ?? { busy: 0, log: 0, checkpointed: 0 };
    } finally {
      sqlite.close();
    }
  });
}
