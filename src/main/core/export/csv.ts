/**
 * CSV export of a run: one row per transcript (plus, on request, one per failed or cancelled job), streamed page by
 * page (never all rows in memory), UTF-8 with BOM for Excel, RFC 4180 quoting, numbers as numbers and empty cells for
 * missing values so pandas and R infer types.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import { exportFileName } from '../../../shared/export';
import {
  failurePages,
  isoUtc,
  parseDimensions,
  parseJobError,
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
  const error = parseJobError(row.last_error_json);
  return [
    header.runId,
    row.scenario_id,
    row.model_id,
    row.model_version,
    null,
    null,
    isoUtc(row.updated_at),
    row.status,
    error.code ?? (row.status === 'cancelled' ? 'CANCELLED' : null),
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

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One RFC 4180 field: quoted only when it holds a comma, quote or line break (quotes doubled); null is an empty
 * cell. Hand-written rather than csv-stringify's per-record stream because a whole page becomes one write, which is
 * what makes 100k rows take well under the 3 s target.
 */
export function csvField(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly Cell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i += 1) line += (i === 0 ? '' : ',') + csvField(cells[i]!);
  return `${line}\n`;
}

async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

export async function writeRunCsv(sqlite: Database.Database, runId: string, out: Writable, options: WriteOptions = {}): Promise<WriteResult> {
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
      let chunk = '';
      for (const row of page) chunk += csvLine(transcriptRecord(header, row));
      await write(out, chunk);
      transcripts += page.length;
      options.onRows?.(transcripts);
    }
    if (options.includeFailures) {
      for (const page of failurePages(sqlite, runId, pageSize)) {
        let chunk = '';
        for (const row of page) chunk += csvLine(failureRecord(header, row));
        await write(out, chunk);
        failures += page.length;
        options.onRows?.(transcripts + failures);
      }
    }
    out.end();
    await finished;
    return { rows: transcripts + failures, transcripts, failures, partial: header.partial, columns };
  });
}
