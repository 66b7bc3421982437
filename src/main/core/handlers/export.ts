/**
 * Handlers for exports: CSV or JSON Lines written where the front door says (Save-As, --out, else <dataDir>/exports)
 * in a worker thread with a manifest beside the file, the progress of an export in flight, and the drag-out of a
 * saved file where the front door can drag.
 */
import { basename } from 'node:path';
import type { Handlers } from '../../../shared/ipc';
import { isTerminalRunStatus, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { exportFileName, type ExportFormat, type ExportResult } from '../../../shared/export';
import type { ChooseSavePath } from '../export/destination';
import type { ExportService } from '../export/service';

/** Starts the OS drag of a saved export (Electron); throws an AppError when the file may not be dragged. */
export type StartDrag = (path: string) => void | Promise<void>;

export interface ExportHandlerDeps {
  exports: ExportService;
  /** The run's status (partial exports are named so); throws NOT_FOUND, checked once before anyone is asked where to save. */
  runStatus(runId: string): RunStatus;
  destination: ChooseSavePath;
  startDrag?: StartDrag;
}

function cancelled(format: ExportFormat): ExportResult {
  return {
    status: 'cancelled',
    format,
    path: null,
    manifestPath: null,
    fileName: null,
    rows: 0,
    transcripts: 0,
    failures: 0,
    partial: false,
    elapsedMs: 0,
  };
}

export function exportHandlers(
  deps: ExportHandlerDeps,
): Pick<Handlers, 'export.csv' | 'export.jsonl' | 'export.progress' | 'export.drag'> {
  async function exportRun(
    format: ExportFormat,
    runId: string,
    includeFailures: boolean,
    raw: boolean,
  ): Promise<ExportResult> {
    const partial = !isTerminalRunStatus(deps.runStatus(runId));
    const path = await deps.destination(
      exportFileName(runId, format, new Date(), { partial, withFailures: includeFailures, raw }),
    );
    if (!path) return cancelled(format);
    const result = await deps.exports.exportToFile({ runId, path, format, includeFailures, raw });
    return {
      status: 'saved',
      format,
      path,
      manifestPath: result.manifestPath,
      fileName: basename(path),
      rows: result.rows,
      transcripts: result.transcripts,
      failures: result.failures,
      partial: result.partial,
      elapsedMs: result.elapsedMs,
    };
  }

  return {
    'export.csv': ({ runId, includeFailures, raw }) => exportRun('csv', runId, includeFailures, raw),
    'export.jsonl': ({ runId, includeFailures }) => exportRun('jsonl', runId, includeFailures, true),
    'export.progress': async ({ runId }) => deps.exports.progress(runId),
    'export.drag': async ({ path }) => {
      if (!deps.startDrag) throw new AppError('UNSUPPORTED', 'Dragging a file out works only in the desktop app.');
      await deps.startDrag(path);
      return { started: true };
    },
  };
}
