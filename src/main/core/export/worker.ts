/**
 * The piscina worker that runs an export off the main thread: its own read-only SQLite connection (so the scheduler's
 * writes never wait on it), writing as it reads and posting the rows written so far back through a MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import { withReadOnlyConnection } from '../db/read-only';
import type { ExportFormat } from '../../../shared/export';
import { AppError } from '../../../shared/errors';
import { settleTask, type TaskOutcome } from '../util/worker-task';
import type { WriteResult } from './format';
import { EXPORT_STOPPED_MESSAGE, exportRunToFile } from './write-file';

export interface ExportTask {
  databasePath: string;
  nativeBinding?: string;
  runId: string;
  path: string;
  format: ExportFormat;
  includeFailures: boolean;
  /** CSV: write text cells exactly, without the formula guard. */
  raw?: boolean;
  pageSize?: number;
  progress?: MessagePort;
  /** The temporary file to write (main chose it, so main can remove it if this thread has to be terminated). */
  tempPath?: string;
  /** Shared with main: slot 0 turns 1 when the export must stop (checked after every page). */
  control?: Int32Array;
  /** Test hook: after this many rows, post { held: true } and wait for { release: true } (or a stop). */
  holdAfterRows?: number;
}

/** Posts { held: true } and resolves when main answers { release: true } or { stop: true }. */
function holdUntilReleased(port: MessagePort): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: { release?: unknown; stop?: unknown }): void => {
      if (message.release !== true && message.stop !== true) return;
      port.off('message', onMessage);
      resolve();
    };
    port.on('message', onMessage);
    port.postMessage({ held: true });
  });
}

export type ExportTaskOutcome = TaskOutcome<WriteResult>;

export default async function runExportTask(task: ExportTask): Promise<ExportTaskOutcome> {
  let held = false;
  try {
    return await settleTask('EXPORT_FAILED', () =>
      withReadOnlyConnection(task.databasePath, task.nativeBinding, (sqlite) =>
        exportRunToFile(sqlite, task.runId, task.path, task.format, {
          includeFailures: task.includeFailures,
          raw: task.raw ?? false,
          pageSize: task.pageSize,
          ...(task.tempPath ? { tempPath: task.tempPath } : {}),
          onRows: async (rowsWritten) => {
            task.progress?.postMessage({ rowsWritten });
            if (task.holdAfterRows !== undefined && !held && rowsWritten >= task.holdAfterRows && task.progress) {
              held = true;
              await holdUntilReleased(task.progress);
            }
            // Stopping throws here, so the writer's own cleanup closes and removes the temporary file.
            if (task.control && Atomics.load(task.control, 0) === 1)
              throw new AppError('EXPORT_FAILED', EXPORT_STOPPED_MESSAGE);
          },
        }),
      ),
    );
  } finally {
    task.progress?.close();
  }
}
