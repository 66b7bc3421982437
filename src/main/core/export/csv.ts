/**
 * CSV export of a run: one row per transcript (plus, on request, one per failed or cancelled job), streamed page by
 * page (never all rows in memory), UTF-8 with BOM for Excel, RFC 4180 quoting, numbers as numbers and empty cells for
 * missing values so pandas and R infer types.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import { stringify, type Options as StringifyOptions } from 'csv-stringify/sync';
import { exportFileName } from '../../../shared/export';
import {
  failurePages,
  isoUtc,
  parseDimensions,
  failureError,
  readRunHeader,
  transcriptPages,
  withReadSnapshot,
  type FailureRow,
  type RunHeader,
  type TranscriptRow,
} from './source';

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
] as const;

export interface WriteOptions {
  /** Failed and cancelled jobs get a row each (status, error_code, error_message; empty score and decision). */
  includeFailures?: boolean;
  pageSize?: number;
  /** Called after every page with the rows written so far. */
  onRows?: (rowsWritten: number) => void;
}

export interface WriteResult {
  rows: number;
  transcripts: number;
  failures: number;
  partial: boolean;
  columns: string[];
}

type Cell = string | number | null;

/** `run_<id>_<yyyy-mm-dd>.csv` (FR-020), dated in UTC. */
export function csvFileName(runId: string, date = new Date()): string {
  return exportFileName(runId, 'csv', date);
}

export function csvColumns(dimensions: string[]): string[] {
  return [...BASE_COLUMNS, ...dimensions.flatMap((name) => [`dim_${name}`, `dim_${name}_label`])];
}

function dimensionCells(header: RunHeader, json: string | null): Cell[] {
  const dims = parseDimensions(json);
  return header.dimensions.flatMap((name) => [dims[name]?.score ?? null, dims[name]?.label ?? null]);
}

function transcriptRecord(header: RunHeader, row: TranscriptRow): Cell[] {
  return [
    header.runId,
    row.scenario_id,
    row.model_id,
    row.model_version,
    row.score,
    row.decision,
    isoUtc(row.completed_at ?? row.created_at),
    'completed',
    null,
    null,
    row.provider_id,
    row.reported_model_version,
    row.parse_path,
    header.definitionId,
    header.definitionName,
    row.input_tokens,
    row.output_tokens,
    row.duration_ms,
    ...dimensionCells(header, row.dimensions_json),
  ];
}

function failureRecord(header: RunHeader, row: FailureRow): Cell[] {
  const error = failureError(row.status, row.last_error_json);
  return [
    header.runId,
    row.scenario_id,
    row.model_id,
    row.model_version,
    null,
    null,
    isoUtc(row.updated_at),
    row.status,
    error.code,
    error.message,
    row.provider_id,
    null,
    null,
    header.definitionId,
    header.definitionName,
    null,
    null,
    null,
    ...dimensionCells(header, row.dimensions_json),
  ];
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

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function writeRunCsv(
  sqlite: Database.Database,
  runId: string,
  out: Writable,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const pageSize = options.pageSize ?? 2000;
  return withReadSnapshot(sqlite, async () => {
    const header = readRunHeader(sqlite, runId);
    const columns = csvColumns(header.dimensions);
    const finished = once(out, 'finish');
    // The BOM makes Excel read UTF-8 (FR-019); pandas and R skip it.
    await write(out, `\uFEFF${csvLine(columns)}`);
    let transcripts = 0;
    let failures = 0;
    for (const page of transcriptPages(sqlite, runId, pageSize)) {
      await write(out, csvLines(page.map((row) => transcriptRecord(header, row))));
      transcripts += page.length;
      options.onRows?.(transcripts);
    }
    if (options.includeFailures) {
      for (const page of failurePages(sqlite, runId, pageSize)) {
        await write(out, csvLines(page.map((row) => failureRecord(header, row))));
        failures += page.length;
        options.onRows?.(transcripts + failures);
      }
    }
    out.end();
    await finished;
    return { rows: transcripts + failures, transcripts, failures, partial: header.partial, columns };
  });
}
