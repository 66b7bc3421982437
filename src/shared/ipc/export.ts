/** Routes `export.*`: a run as CSV or JSON Lines with a manifest beside it, and the progress of an export in flight. */
import {
  EXPORT_DRAG_ROUTE,
  exportDragInputSchema,
  exportInputSchema,
  exportProgressInputSchema,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
} from '../export';
import {
  agreementExportInputSchema,
  chartExportInputSchema,
  interactionExportInputSchema,
  comparisonExportInputSchema,
  studyExportInputSchema,
  type FilesExportResult,
} from '../export-files';
import { defineRoute } from './define-route';

export const exportRoutes = {
  /**
   * Writes the run as CSV with a manifest beside it, where the front door says: Save-As (Electron), --out (CLI), else
   * <dataDir>/exports (browser mode, which then downloads it).
   */
  'export.csv': defineRoute<ExportResult>()(exportInputSchema),
  /** The same as JSON Lines with full transcripts (turns, request parameters, snapshot hash). */
  'export.jsonl': defineRoute<ExportResult>()(exportInputSchema),
  /** Rows written so far by an export of this run in flight, for a progress bar. */
  'export.progress': defineRoute<ExportProgress>()(exportProgressInputSchema),
  /**
   * Starts the OS drag of a file an export saved in this session (Electron's webContents.startDrag); UNSUPPORTED where
   * the front door has no drag (browser mode, CLI).
   */
  [EXPORT_DRAG_ROUTE]: defineRoute<{ started: true }>()(exportDragInputSchema),
  /** The comparison of two runs as a tidy CSV (one row per estimate), as `compare A B --out` writes it. */
  'export.comparison': defineRoute<FilesExportResult>()(comparisonExportInputSchema),
  /** A study's value ranking: values CSV, pairs CSV and manifest, as `study export --out` writes them. */
  'export.study': defineRoute<FilesExportResult>()(studyExportInputSchema),
  /** The interaction of two dimensions as a tidy CSV (one row per model and pair of levels) with a manifest. */
  'export.interaction': defineRoute<FilesExportResult>()(interactionExportInputSchema),
  /** The agreement between models as a tidy CSV (one row per pair of models) with a manifest. */
  'export.agreement': defineRoute<FilesExportResult>()(agreementExportInputSchema),
  /** A chart the renderer drew, as SVG text or PNG bytes (base64). */
  'export.chart': defineRoute<FilesExportResult>()(chartExportInputSchema),
} as const;

/** The route that writes each format, so front doors pick it by format with its type intact. */
export const EXPORT_ROUTE_BY_FORMAT = {
  csv: 'export.csv',
  jsonl: 'export.jsonl',
} as const satisfies Record<ExportFormat, keyof typeof exportRoutes>;
