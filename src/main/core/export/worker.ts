/**
 * The piscina worker that runs an export off the main thread: its own read-only SQLite connection (so the scheduler's
 * writes never wait on it), writing as it reads and posting the rows written so far back through a MessagePort.
 */
import type { MessagePort } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { openReadOnlyConnection } from '../db/read-only';
import type { ExportFormat } from '../../../shared/export';
import { AppError } from '../../../shared/errors';
import type { WriteResult } from './format';
import { exportRunToFile } from './write-file';

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
}

/** Errors cross the thread boundary as plain objects, so the code survives and main can rethrow an AppError. */
export type ExportTaskOutcome = { ok: true; result: WriteResult } | { ok: false; code: string; message: string };

export default async function runExportTask(task: ExportTask): Promise<ExportTaskOutcome> {
  let sqlite: Database.Database | null = null;
  try {
    sqlite = openReadOnlyConnection(task.databasePath, task.nativeBinding);
    const result = await exportRunToFile(sqlite, task.runId, task.path, task.format, {
      includeFailures: task.includeFailures,
      raw: task.raw ?? false,
      pageSize: task.pageSize,
      onRows: (rowsWritten) => task.progress?.postMessage({ rowsWritten }),
    });
    return { ok: true, result };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
    return { ok: false, code: 'EXPORT_FAILED', message: (error as Error).message };
  } finally {
    sqlite?.close();
    task.progress?.close();
  }
}
