/**
 * The export service behind the export routes: runs the export in a worker thread, writes the manifest
 * beside the file and keeps live progress per run so the UI can show it while a large export is written.
 */
import type { EffectsReport } from '../../../shared/analysis';
import type { ExportFormat, ExportProgress } from '../../../shared/export';
import { runAnalysis } from '../results/analysis';
import { counterbalanceFactors } from '../results/counterbalance-factors';
import { loadRun } from '../store/runs';
import type { Logger } from '../util/logger';
import { countExportRows } from '../store/export-rows';
import type { Sqlite } from '../store/sql';
import type { WriteResult } from './format';
import { writeAnalysisScripts } from './analysis-scripts';
import { writeEffectsSidecar } from './effects-sidecar';
import { writeScenariosSidecar } from './scenarios-sidecar';
import { buildManifest, writeManifest } from './manifest';
import { AppError } from '../../../shared/errors';
import { ExportHandle, runExportInWorker } from './runner';
import { FileSet } from './file-set';
import { dirname } from 'node:path';
import { manifestPathFor } from '../../../shared/export';

/** After being asked to stop, how long an export's worker gets to clean up before its thread is terminated. */
const STOP_MS = 2_000;

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
  /** Test hook: the worker holds after `afterRows` rows; `onHeld` gets the function that lets it go on. */
  hold?: { afterRows: number; onHeld: (release: () => void) => void };
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
  handle: ExportHandle;
  done: Promise<unknown>;
}

export class ExportService {
  private readonly active = new Map<number, ActiveExport>();
  private nextId = 1;
  private closing = false;

  constructor(private readonly options: ExportServiceOptions) {}

  async exportToFile(request: ExportRequest): Promise<FileExportResult> {
    if (this.closing) throw new AppError('EXPORT_FAILED', 'The app is closing; export again after it restarts.');
    const id = this.nextId++;
    const handle = new ExportHandle();
    const entry: ActiveExport = {
      runId: request.runId,
      format: request.format,
      rowsWritten: 0,
      rowsExpected: countExportRows(this.options.sqlite, request.runId, request.includeFailures),
      handle,
      done: Promise.resolve(),
    };
    this.active.set(id, entry);
    const done = this.write(request, entry).finally(() => this.active.delete(id));
    entry.done = done.catch(() => undefined);
    return done;
  }

  /**
   * At quit: exports in flight get `graceMs` to finish (`cutShort` ends the wait early); the rest are stopped, their
   * temporary files removed, and they fail with a sentence. No new export starts once this is called.
   */
  async close(graceMs = 5_000, cutShort?: Promise<unknown>): Promise<void> {
    this.closing = true;
    if (this.active.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    const all = (): Promise<unknown> => Promise.all([...this.active.values()].map((entry) => entry.done));
    await Promise.race([all(), waited, ...(cutShort ? [cutShort] : [])]);
    clearTimeout(timer);
    if (this.active.size === 0) return;
    this.options.logger.warn('stopping exports still being written at close', { count: this.active.size });
    for (const entry of this.active.values()) entry.handle.stop();
    const stopped = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_MS)));
    await Promise.race([all(), stopped]);
    clearTimeout(timer);
    for (const entry of this.active.values()) entry.handle.terminate();
    await all();
  }

  private async write(request: ExportRequest, entry: ActiveExport): Promise<FileExportResult> {
    const { sqlite, logger } = this.options;
    const started = performance.now();
    let set: FileSet | undefined;
    try {
      // Every file is written into a staging folder and renamed into place only when the whole set is written.
      set = await FileSet.open(dirname(request.path), 'write the export');
      const staged = set.staged(request.path);
      const result = await runExportInWorker({
        databasePath: this.options.databasePath,
        runId: request.runId,
        path: staged,
        format: request.format,
        includeFailures: request.includeFailures,
        raw: request.raw ?? false,
        onProgress: (rowsWritten) => {
          entry.rowsWritten = rowsWritten;
          request.onProgress?.(rowsWritten, entry.rowsExpected);
        },
        handle: entry.handle,
        ...(request.hold
          ? { holdAfterRows: request.hold.afterRows, onHeld: () => request.hold?.onHeld(() => entry.handle.release()) }
          : {}),
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      });
      const effects = this.options.effects
        ? await this.options.effects(request.runId)
        : (runAnalysis(sqlite, { kind: 'effects', runId: request.runId }) as EffectsReport);
      const effectsPath = await writeEffectsSidecar(effects, staged, request.raw ?? false);
      set.add(effectsPath);
      // Scripts that reproduce the main effects from the CSV (a JSON Lines export has no table for them to read).
      // Counterbalancing factors are read from the `wording`/`order` columns, the dimensions from `dim_<name>`.
      const factors = request.format === 'csv' ? counterbalanceFactors(loadRun(sqlite, request.runId).snapshot) : null;
      const factorNames = new Set(factors?.columns.map((f) => f.name));
      const scripts = factors
        ? await writeAnalysisScripts(
            staged,
            effectsPath,
            effects.dimensions.map((d) => d.name).filter((name) => !factorNames.has(name)),
            factors.columns,
          )
        : undefined;
      if (scripts) for (const script of [scripts.python, scripts.r]) set.add(script);
      const scenariosPath = await writeScenariosSidecar(sqlite, request.runId, staged, request.raw ?? false);
      set.add(scenariosPath);
      const manifest = buildManifest(sqlite, {
        ...request,
        path: staged,
        result,
        effectsPath,
        scenariosPath,
        ...(scripts ? { scripts } : {}),
      });
      set.add(await writeManifest(manifest, staged));
      await set.commit();
      set = undefined;
      const manifestPath = manifestPathFor(request.path);
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
      await set?.abort();
      logger.warn('export failed', { runId: request.runId, format: request.format, error: (error as Error).message });
      throw error;
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
