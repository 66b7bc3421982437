/**
 * CSV export of a run: one row per transcript (plus, on request, one per failed or cancelled job), streamed page by
 * page (never all rows in memory), UTF-8 with BOM for Excel, RFC 4180 quoting, numbers as numbers and empty cells for
 * missing values so pandas and R infer types.
 */
import type { Writable } from 'node:stream';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
import { modelKey, type ProviderId } from '../../../shared/domain';
import { exportFileName } from '../../../shared/export';
import { transcriptPages, type FailureRow, type TranscriptRow } from '../store/export-rows';
import type { Sqlite } from '../store/sql';
import { writeRun, type ExportFormatStrategy, type ExportRecord, type WriteOptions, type WriteResult } from './format';
import { failureError, isoUtc, parseDimensions, type RunHeader } from './source';

export type { WriteOptions, WriteResult } from './format';

export const BASE_COLUMNS = [
  'run_id',
  'scenario_id',
  'model_id',
  'model_version',
  'score',
  'decision',
  'timestamp',
  'status',
  'error_code',
  'error_message',
  'provider_id',
  'reported_model_version',
  'parse_path',
  'definition_id',
  'definition_name',
  'input_tokens',
  'output_tokens',
  'duration_ms',
  'truncated',
  // Appended, so the columns before it keep their positions: 1..the run's samples (1 when each was asked once).
  'sample',
  // Appended likewise: provider:model@version as the app shows it, the one column that never pools two versions.
  'model_key',
  // Appended likewise: 'extracted' (the reader's decision) or 'override' (coded by hand); empty for failed jobs.
  'decision_source',
  // Appended likewise: the price tier ('realtime' or 'batch') and the provider's batch id; empty for failed jobs.
  'tier',
  'batch_id',
  // Appended likewise: counterbalancing, the wording variant (w1, w2, …) and the scale order (canonical or reversed);
  // empty when the definition does not vary them.
  'wording',
  'order',
] as const;

export type Cell = string | number | null;

/** `run_<id>_<yyyy-mm-dd>.csv` (FR-020), dated in UTC. */
export function csvFileName(runId: string, date = new Date()): string {
  return exportFileName(runId, 'csv', date);
}

export function csvColumns(dimensions: string[]): string[] {
  return [...BASE_COLUMNS, ...dimensions.flatMap((name) => [`dim_${name}`, `dim_${name}_label`])];
}

function dimensionCells(header: RunHeader, json: string | null): ExportRecord {
  const dims = parseDimensions(json);
  const cells: ExportRecord = {};
  for (const name of header.dimensions) {
    cells[`dim_${name}`] = dims[name]?.score ?? null;
    cells[`dim_${name}_label`] = dims[name]?.label ?? null;
  }
  return cells;
}

/** The row's model as the app names it: provider:model, with @version when a version was pinned. */
export function keyOf(row: { provider_id: string; model_id: string; model_version: string | null }): string {
  return modelKey({
    providerId: row.provider_id as ProviderId,
    modelId: row.model_id,
    modelVersion: row.model_version,
  });
}

function transcriptRecord(header: RunHeader, row: TranscriptRow): ExportRecord {
  return {
    run_id: header.runId,
    scenario_id: row.scenario_id,
    model_id: row.model_id,
    model_version: row.model_version,
    score: row.score,
    decision: row.decision,
    timestamp: isoUtc(row.completed_at ?? row.created_at),
    status: 'completed',
    provider_id: row.provider_id,
    reported_model_version: row.reported_model_version,
    parse_path: row.parse_path,
    decision_source: row.decision_source,
    definition_id: header.definitionId,
    definition_name: header.definitionName,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    duration_ms: row.duration_ms,
    truncated: row.truncated,
    sample: row.sample,
    model_key: keyOf(row),
    tier: row.tier,
    batch_id: row.batch_id,
    wording: row.wording,
    order: row.scale_order,
    ...dimensionCells(header, row.dimensions_json),
  };
}

function failureRecord(header: RunHeader, row: FailureRow): ExportRecord {
  const error = failureError(row.status, row.last_error_json);
  return {
    run_id: header.runId,
    scenario_id: row.scenario_id,
    model_id: row.model_id,
    model_version: row.model_version,
    timestamp: isoUtc(row.updated_at),
    status: row.status,
    error_code: error.code,
    error_message: error.message,
    provider_id: row.provider_id,
    definition_id: header.definitionId,
    definition_name: header.definitionName,
    sample: row.sample,
    model_key: keyOf(row),
    wording: row.wording,
    order: row.scale_order,
    ...dimensionCells(header, row.dimensions_json),
  };
}

/**
 * csv-stringify with RFC 4180 quoting: a field is quoted when it holds a comma, a quote or any line break (a lone CR
 * included, which csv-stringify would otherwise leave bare); null is an empty cell; numbers stay numbers, and a
 * non-finite number (which no analysis tool reads back) becomes an empty cell. The sync API turns a whole page into
 * one string and one write, which keeps 100k rows well under the 3 s target.
 */
const CSV_OPTIONS: StringifyOptions = {
  quoted_match: /\r/,
  cast: { number: (value: number) => (Number.isFinite(value) ? String(value) : '') },
};

export function csvLines(records: readonly (readonly Cell[])[]): string {
  return stringify(records as Cell[][], CSV_OPTIONS);
}

export function csvLine(cells: readonly Cell[]): string {
  return csvLines([cells]);
}

export function csvField(value: Cell): string {
  return csvLine([value]).slice(0, -1);
}

/** What a spreadsheet reads as the start of a formula (OWASP's list): =, +, -, @, tab and carriage return. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The spreadsheet formula guard: a text cell that Excel or LibreOffice would evaluate gets a leading apostrophe, so
 * it shows as the text it is. Numbers are never text here, so a negative score stays a number.
 */
export function guardCell(value: Cell): Cell {
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** A column a record does not set is an empty cell. */
function toCells(record: ExportRecord, columns: string[], raw: boolean): Cell[] {
  return columns.map((column) => {
    const cell = (record[column] ?? null) as Cell;
    return raw ? cell : guardCell(cell);
  });
}

export const CSV_FORMAT: ExportFormatStrategy<TranscriptRow> = {
  columns: (header) => csvColumns(header.dimensions),
  pageSize: 2000,
  transcripts: (sqlite, runId, pageSize) => transcriptPages(sqlite, runId, pageSize),
  fromTranscript: transcriptRecord,
  fromFailure: failureRecord,
  // The BOM makes Excel read UTF-8 (FR-019); pandas and R skip it.
  preamble: (columns) => `\uFEFF${csvLine(columns)}`,
  encode: (records, columns, raw) => csvLines(records.map((record) => toCells(record, columns, raw))),
};

export function writeRunCsv(
  sqlite: Sqlite,
  runId: string,
  out: Writable,
  options: WriteOptions = {},
): Promise<WriteResult> {
  return writeRun(sqlite, runId, out, CSV_FORMAT, options);
}
