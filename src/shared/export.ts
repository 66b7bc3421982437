/** The export routes' shared shapes: which run, which format, whether failed jobs get rows, and live progress. */
import { z } from 'zod';
import { idSchema } from './ipc/define-route';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportFormatSchema = z.enum(EXPORT_FORMATS);

export const exportInputSchema = z.object({
  runId: idSchema,
  /**
   * Off by default so that the file holds one row per answer (and a run whose jobs all failed exports the header
   * only, as the spec asks); on, failed and cancelled jobs get a row each with their error.
   */
  includeFailures: z.boolean().default(false),
  /**
   * CSV only: off by default, so text cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR)
   * get a leading apostrophe; on, every cell is written exactly (for pandas and R). JSON Lines is always exact.
   */
  raw: z.boolean().default(false),
});

export const exportProgressInputSchema = z.object({ runId: idSchema });

export interface ExportResult {
  status: 'saved' | 'cancelled';
  format: ExportFormat;
  /** Where the file was written (null when the person cancelled the Save-As). */
  path: string | null;
  /** `<path>.manifest.json`, written beside every export. */
  manifestPath: string | null;
  /** The file's base name: in browser mode it is downloaded from `/api/export/file/<fileName>`. */
  fileName: string | null;
  rows: number;
  transcripts: number;
  failures: number;
  /** The run was still active: the file holds only what had finished. */
  partial: boolean;
  elapsedMs: number;
}

/** What an export in flight has done so far; `active: false` once nothing is being exported for the run. */
export interface ExportProgress {
  runId: string;
  active: boolean;
  format: ExportFormat | null;
  rowsWritten: number;
  /** Rows the export expects to write (counted when it started); 0 when nothing is active. */
  rowsExpected: number;
}

export const exportDragInputSchema = z.object({ path: z.string().min(1).max(4096) });

/** The route that drags a saved export out of the window (Electron); other front doors answer UNSUPPORTED. */
export const EXPORT_DRAG_ROUTE = 'export.drag' as const;

/** What an export holds besides a finished run's answers; each is marked in the file name. */
export interface ExportNameMarks {
  /** The run was still active: only what had finished. */
  partial?: boolean;
  /** Failed and cancelled jobs have rows too. */
  withFailures?: boolean;
  /** A CSV written without the spreadsheet formula guard: its own name (and manifest), never replacing a guarded one. */
  raw?: boolean;
}

/**
 * `run_<id>_<yyyy-mm-dd>.<ext>` (FR-020), dated in UTC; run ids already start with `run_`, which is not doubled.
 * Partial, with-failures and raw (unguarded CSV) exports say so: `run_<id>_<date>_partial_with-failures_raw.csv`.
 */
export function exportFileName(
  runId: string,
  format: ExportFormat = 'csv',
  date = new Date(),
  marks: ExportNameMarks = {},
): string {
  const id = runId.startsWith('run_') ? runId.slice('run_'.length) : runId;
  const suffix = `${marks.partial ? '_partial' : ''}${marks.withFailures ? '_with-failures' : ''}${marks.raw && format === 'csv' ? '_raw' : ''}`;
  return `run_${id}_${date.toISOString().slice(0, 10)}${suffix}.${format}`;
}

/** The manifest written beside every export file. */
export function manifestPathFor(path: string): string {
  return `${path}.manifest.json`;
}
