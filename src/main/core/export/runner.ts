/**
 * Runs one export in a piscina worker thread and relays its progress. Finds the worker file for the way the code is
 * running: TypeScript source under tsx/vitest (through the tsx shim) or the electron-vite build (export-worker.js).
 */
import { fileURLToPath } from 'node:url';
import { rm } from 'node:fs/promises';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { errnoCode } from '../util/fs-errors';
import { startWorkerPool, taskResult, workerFile } from '../util/worker-task';
import type { WriteResult } from './format';
import type { ExportTask, ExportTaskOutcome } from './worker';
import { EXPORT_STOPPED_MESSAGE, partialPathFor } from './write-file';

/**
 * Stops an export in flight: `stop` asks the worker to end after the page it is writing (its own cleanup removes the
 * temporary file); `terminate` ends the thread when it does not answer, and the runner removes the file itself.
 */
export class ExportHandle {
  readonly control = new Int32Array(new SharedArrayBuffer(4));
  readonly abort = new AbortController();
  private port: MessagePort | null = null;

  attach(port: MessagePort | null): void {
    this.port = port;
  }

  get stopped(): boolean {
    return Atomics.load(this.control, 0) === 1;
  }

  stop(): void {
    Atomics.store(this.control, 0, 1);
    this.port?.postMessage({ stop: true });
  }

  terminate(): void {
    this.stop();
    this.abort.abort();
  }

  /** Test hook: lets an export held by `holdAfterRows` go on. */
  release(): void {
    this.port?.postMessage({ release: true });
  }
}

/** What the worker is asked to do (minus its progress port), plus where progress goes on this side. */
export interface ExportJob extends Omit<ExportTask, 'progress' | 'control' | 'tempPath'> {
  onProgress?: (rowsWritten: number) => void;
  handle?: ExportHandle;
  /** With holdAfterRows (tests): the worker holds after that many rows until handle.release(). */
  onHeld?: () => void;
}

/** The name electron.vite.config.ts gives the worker entry, emitted beside the main bundle. */
export const WORKER_BUNDLE_NAME = 'export-worker.js';

export function exportWorkerFile(here: string = fileURLToPath(import.meta.url)): string {
  return workerFile(
    { what: 'export', devShim: 'worker-dev.mjs', bundleName: WORKER_BUNDLE_NAME, missingCode: 'EXPORT_FAILED' },
    here,
  );
}

export async function runExportInWorker(job: ExportJob, file: string = exportWorkerFile()): Promise<WriteResult> {
  // One short-lived pool per export: exports are rare and seconds long, and nothing lingers to keep a CLI alive.
  const pool = await startWorkerPool(file, { minThreads: 1, idleTimeout: 1000 });
  const { port1, port2 } = new MessageChannel();
  let reported = -1;
  const report = (rows: number): void => {
    if (rows <= reported) return;
    reported = rows;
    job.onProgress?.(rows);
  };
  port1.on('message', (message: { rowsWritten?: unknown; held?: unknown }) => {
    if (typeof message.rowsWritten === 'number') report(message.rowsWritten);
    if (message.held === true) job.onHeld?.();
  });
  const handle = job.handle;
  handle?.attach(port1);
  // Chosen here, so this side can remove it even when the thread had to be terminated mid-write.
  const tempPath = partialPathFor(job.path);
  const task: ExportTask = {
    databasePath: job.databasePath,
    runId: job.runId,
    path: job.path,
    format: job.format,
    includeFailures: job.includeFailures,
    raw: job.raw ?? false,
    progress: port2,
    tempPath,
    ...(handle ? { control: handle.control } : {}),
    ...(job.holdAfterRows !== undefined ? { holdAfterRows: job.holdAfterRows } : {}),
    ...(job.nativeBinding ? { nativeBinding: job.nativeBinding } : {}),
    ...(job.pageSize ? { pageSize: job.pageSize } : {}),
  };
  try {
    const outcome = (await pool.run(task, {
      transferList: [port2],
      ...(handle ? { signal: handle.abort.signal } : {}),
    })) as ExportTaskOutcome;
    const result = taskResult(outcome, 'EXPORT_FAILED');
    // The result and the progress messages travel on different channels: the last progress message may still be
    // on its way, so the final count is reported here (once, and never going backwards).
    report(result.rows);
    return result;
  } catch (error) {
    // Every failure path, not only a stop: a thread that died mid-write (an error thrown outside the writer's own
    // cleanup) must not leave its temporary file filling the disk.
    await rm(tempPath, { force: true }).catch(() => undefined);
    if (handle?.stopped) throw new AppError('EXPORT_FAILED', EXPORT_STOPPED_MESSAGE);
    if (error instanceof AppError || errnoCode(error)?.startsWith('SQLITE_')) throw error;
    throw new AppError('EXPORT_FAILED', `The export worker failed: ${(error as Error).message}`);
  } finally {
    handle?.attach(null);
    port1.close();
    await pool.destroy();
  }
}
