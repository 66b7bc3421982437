/**
 * Handlers for exports: CSV or JSON Lines through Save-As (Electron) or into <dataDir>/exports (browser mode, tests),
 * written in a worker thread with a manifest beside the file, and the progress of an export in flight.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Handlers } from '../../../shared/ipc';
import { isTerminalRunStatus } from '../../../shared/domain';
import { exportFileName, type ExportFormat, type ExportResult } from '../../../shared/export';
import type { CoreContext } from '../context';
import { ExportService } from '../export/service';

/** Where exports land when nobody is asked (browser mode downloads them from here). */
export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

export function exportHandlers(ctx: CoreContext): Pick<Handlers, 'export.csv' | 'export.jsonl' | 'export.progress'> {
  const service = new ExportService({
    sqlite: ctx.database.sqlite,
    databasePath: ctx.database.path,
    logger: ctx.logger.child({ component: 'export' }),
    ...(ctx.nativeBinding ? { nativeBinding: ctx.nativeBinding } : {}),
  });

  async function exportRun(format: ExportFormat, runId: string, includeFailures: boolean): Promise<ExportResult> {
    const run = ctx.runs.get(runId, false);
    const partial = !isTerminalRunStatus(run.status);
    const name = exportFileName(runId, format, new Date(), { partial, withFailures: includeFailures });
    let path: string | null;
    if (ctx.chooseSavePath) {
      path = await ctx.chooseSavePath(name);
    } else {
      mkdirSync(exportsDir(ctx.dataDir), { recursive: true });
      path = join(exportsDir(ctx.dataDir), name);
    }
    if (!path) {
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
    const result = await service.exportToFile({ runId, path, format, includeFailures });
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
    'export.csv': ({ runId, includeFailures }) => exportRun('csv', runId, includeFailures),
    'export.jsonl': ({ runId, includeFailures }) => exportRun('jsonl', runId, includeFailures),
    'export.progress': async ({ runId }) => service.progress(runId),
  };
}
