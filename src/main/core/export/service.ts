/**
 * The export service behind the export routes: runs the export in a worker thread, writes the manifest
 * beside the file and keeps live progress per run so the UI can show it while a large export is written.
 */
import type { EffectsReport } from '../../../shared/analysis';
import type { ExportFormat, ExportProgress } from '../../../shared/export';
import { runAnalysis } from '../results/analysis';
import type { Logger } from '../util/logger';
import { countExportRows } from '../store/export-rows';
import type { Sqlite } from '../store/sql';
import type { WriteResult } from './format';
import { writeEffectsSidecar } from './effects-sidecar';
import { buildManifest, writeManifest } from './manifest';
import { runExportInWorker } from './runner';

export interface ExportServiceOptions {
  sqlite: Sqlite;
  databasePath: string;
  /** better-sqlite3's binary for this runtime (Electron in development); the worker opens its own connection with it. */
  nativeBinding?: string;
  logger: Logger;
  /** The run's dimension effects for `<file>.effects.csv` (the results service's, off the main thread when large). */
  effects?: (runId: string) => Promise<EffectsReport>;
}

export interface ExportRequest {
  runId: string;
  path: string;
  format: ExportFormat;
  includeFailures: boolean;
  /** CSV without the spreadsheet formula guard (JSON Lines is always exact). */
  raw?: boolean;
  onProgress?: (rowsWritten: number, rowsExpected: number) => void;
}

export interface FileExportResult extends Omit<WriteResult, 'header'> {
  format: ExportFormat;
  path: string;
  manifestPath: string;
  elapsedMs: number;
}

interface ActiveExport {
  runId: string;
  format: ExportFormat;
  rowsWritten: number;
  rowsExpected: number;
}

export class ExportService {
  private readonly active = new Map<number, ActiveExport>();
  private nextId = 1;

  constructor(private readonly options: ExportServiceOptions) {}

  async exportToFile(request: ExportRequest): Promise<FileExportResult> {
    const { sqlite, logger } = this.options;
    const id = this.nextId++;
    const entry: ActiveExport = {
      runId: request.runId,
      format: request.format,
      rowsWritten: 0,
      rowsExpected: countExportRows(sqlite, request.runId, request.includeFailures),
    };
    this.active.set(id, entry);
    const started = performance.now();
    try {
      const result = await runExportInWorker({
        databasePath: this.options.databasePath,
        runId: request.runId,
        path: request.path,
        format: request.format,
        includeFailures: request.includeFailures,
        raw: request.raw ?? false,
        onProgress: (rowsWritten) => {
          entry.rowsWritten = rowsWritten;
          request.onProgress?.(rowsWritten, entry.rowsExpected);
        },
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      });
      const effects = this.options.effects
        ? await this.options.effects(request.runId)
        : (runAnalysis(sqlite, { kind: 'effects', runId: request.runId }) as EffectsReport);
      const effectsPath = await writeEffectsSidecar(effects, request.path);
      const manifest = buildManifest(sqlite, { ...request, result, effectsPath });
      const manifestPath = await writeManifest(manifest, request.path);
      const elapsedMs = Math.round(performance.now() - started);
      logger.info('export written', {
        runId: request.runId,
        format: request.format,
        rows: result.rows,
        partial: result.partial,
        elapsedMs,
      });
      const { header: _header, ...counts } = result;
      return { ...counts, format: request.format, path: request.path, manifestPath, elapsedMs };
    } catch (error) {
      logger.warn('export failed', { runId: request.runId, format: request.format, error: (error as Error).message });
      throw error;
    } finally {
      this.active.delete(id);
    }
  }

  progress(runId: string): ExportProgress {
    for (const entry of this.active.values()) {
      if (entry.runId === runId)
        return {
          runId,
          active: true,
          format: entry.format,
          rowsWritten: entry.rowsWritten,
          rowsExpected: entry.rowsExpected,
        };
    }
    return { runId, active: false, format: null, rowsWritten: 0, rowsExpected: 0 };
  }
}
