/** The export routes' shared shapes: which run, which format, whether failed jobs get rows, and live progress. */
import { z } from 'zod';

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportFormatSchema = z.enum(EXPORT_FORMATS);

export const exportInputSchema = z.object({
  runId: z.string().trim().min(1, 'an id is required'),
  /**
   * Off by default so that the file holds one row per answer (and a run whose jobs all failed exports the header
   * only, as the spec asks); on, failed and cancelled jobs get a row each with their error.
   */
  includeFailures: z.boolean().default(false),
});

export const exportProgressInputSchema = z.object({ runId: z.string().trim().min(1, 'an id is required') });

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
export const EXPORT_DRAG_ROUTE = 'export.drag';
/** @deprecated the drag is the ordinary route EXPORT_DRAG_ROUTE now; kept so callers keep compiling. */
export const ELECTRON_DRAG_ROUTE = EXPORT_DRAG_ROUTE;

/** `run_<id>_<yyyy-mm-dd>.<ext>` (FR-020), dated in UTC. */
export function exportFileName(runId: string, format: ExportFormat = 'csv', date = new Date()): string {
  return `run_${runId}_${date.toISOString().slice(0, 10)}.${format}`;
}

/** The manifest written beside every export file. */
export function manifestPathFor(path: string): string {
  return `${path}.manifest.json`;
}

interface ExportRoute<I extends z.ZodType, O> {
  input: I;
  output?: O;
}

function route<O>() {
  return <I extends z.ZodType>(input: I): ExportRoute<I, O> => ({ input });
}

/** Spread into the contract, so the export area stays in this one file. */
export const exportRoutes = {
  /**
   * Writes the run as CSV with a manifest beside it, where the front door says: Save-As (Electron), --out (CLI), else
   * <dataDir>/exports (browser mode, which then downloads it).
   */
  'export.csv': route<ExportResult>()(exportInputSchema),
  /** The same as JSON Lines with full transcripts (turns, request parameters, snapshot hash). */
  'export.jsonl': route<ExportResult>()(exportInputSchema),
  /** Rows written so far by an export of this run in flight, for a progress bar. */
  'export.progress': route<ExportProgress>()(exportProgressInputSchema),
  /**
   * Starts the OS drag of a file an export saved in this session (Electron's webContents.startDrag); UNSUPPORTED where
   * the front door has no drag (browser mode, CLI).
   */
  [EXPORT_DRAG_ROUTE]: route<{ started: true }>()(exportDragInputSchema),
} as const;
