/**
 * The worker thread that checkpoints the database's write-ahead log while the core's connection writes a long run of
 * pages (a batch's result file): copying the log into the database file, and its fsyncs, happen here instead of inside
 * the writer's commits on the main thread. A PASSIVE checkpoint never waits for and never blocks a reader or the
 * writer; it copies what every reader has moved past and leaves the rest for the next one.
 */
import Database from 'better-sqlite3';
import { settleTask, type TaskOutcome } from '../util/worker-task';

export interface CheckpointTask {
  databasePath: string;
  nativeBinding?: string;
}

/** SQLite's answer: whether a reader or writer kept it from finishing, frames in the log, frames copied. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

export type CheckpointTaskOutcome = TaskOutcome<CheckpointResult>;

export default function runCheckpointTask(task: CheckpointTask): Promise<CheckpointTaskOutcome> {
  return settleTask('INTERNAL', async () => {
    // Not read-only: a checkpoint writes the database file. Nothing else is done on this connection.
    const sqlite = new Database(task.databasePath, {
      fileMustExist: true,
      ...(task.nativeBinding ? { nativeBinding: task.nativeBinding } : {}),
    });
    try {
      sqlite.pragma('busy_timeout = 5000');
      const [row] = sqlite.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      return row ?? { busy: 0, log: 0, checkpointed: 0 };
    } finally {
      sqlite.close();
    }
  });
}
