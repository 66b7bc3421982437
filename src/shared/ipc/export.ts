/** Routes `export.*`: a run as CSV or JSON Lines with a manifest beside it, and the progress of an export in flight. */
import {
  exportInputSchema,
  exportProgressInputSchema,
  type ExportFormat,
  type ExportProgress,
  type ExportResult,
} from '../export';
import { defineRoute } from './define-route';

export const exportRoutes = {
  /** Writes the run as CSV (Save-As in Electron, else <dataDir>/exports) with a manifest beside it. */
  'export.csv': defineRoute<ExportResult>()(exportInputSchema),
  /** The same as JSON Lines with full transcripts (turns, request parameters, snapshot hash). */
  'export.jsonl': defineRoute<ExportResult>()(exportInputSchema),
  /** Rows written so far by an export of this run in flight, for a progress bar. */
  'export.progress': defineRoute<ExportProgress>()(exportProgressInputSchema),
} as const;

/** The route that writes each format, so front doors pick it by format with its type intact. */
export const EXPORT_ROUTE_BY_FORMAT = {
  csv: 'export.csv',
  jsonl: 'export.jsonl',
} as const satisfies Record<ExportFormat, keyof typeof exportRoutes>;
