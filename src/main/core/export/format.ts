/**
 * The one export loop and the strategy it runs: a format says which columns it has, how a transcript row and a failed
 * job's row become records keyed by column name, and how a page of records becomes text. The loop pages, encodes,
 * writes and reports progress for every format alike.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { failurePages, type FailureRow, type TranscriptRow } from '../store/export-rows';
import { withReadSnapshot, type Sqlite } from '../store/sql';
import { readRunHeader, type RunHeader } from './source';

export type ExportRecord = Record<string, unknown>;

export interface ExportFormatStrategy<T extends TranscriptRow = TranscriptRow> {
  /** The columns (CSV) or top-level keys (JSON Lines) of every record, listed in the manifest. */
  columns(header: RunHeader): string[];
  /** Rows per page: small for formats that carry whole transcripts. */
  pageSize: number;
  /** The store query this format reads transcripts with (light columns for CSV, everything for JSON Lines). */
  transcripts(sqlite: Sqlite, runId: string, pageSize: number): Iterable<T[]>;
  fromTranscript(header: RunHeader, row: T): ExportRecord;
  fromFailure(header: RunHeader, row: FailureRow): ExportRecord;
  /**
   * Records built, encoded and written at a time: a whole page for CSV (one stringify call per page is what makes it
   * fast), one for JSON Lines (a record carries a whole transcript, so only one is held at a time).
   */
  recordsPerWrite?: number;
  /** Text written before the first record (CSV: BOM and header line). */
  preamble(columns: string[]): string;
  /** `raw`: write text exactly (CSV skips its spreadsheet formula guard; JSON Lines is always exact). */
  encode(records: ExportRecord[], columns: string[], raw: boolean): string;
}

export interface WriteOptions {
  /** Failed and cancelled jobs get a row each (status, error_code, error_message; empty score and decision). */
  includeFailures?: boolean;
  /** CSV: no formula guard (see ExportFormatStrategy.encode). */
  raw?: boolean;
  pageSize?: number;
  /** Called after every page with the rows written so far; a promise it returns is awaited (the worker's stop check). */
  onRows?: (rowsWritten: number) => void | Promise<void>;
}

export interface WriteResult {
  rows: number;
  transcripts: number;
  failures: number;
  partial: boolean;
  columns: string[];
  /** The run as it was read for this export (inside the same snapshot as its rows), for the manifest. */
  header: RunHeader;
}

async function put(out: Writable, text: string): Promise<void> {
  if (text.length > 0 && !out.write(text)) await once(out, 'drain');
}

export async function writeRun<T extends TranscriptRow>(
  sqlite: Sqlite,
  runId: string,
  out: Writable,
  format: ExportFormatStrategy<T>,
  options: WriteOptions = {},
): Promise<WriteResult> {
  const pageSize = options.pageSize ?? format.pageSize;
  return withReadSnapshot(sqlite, async () => {
    const header = readRunHeader(sqlite, runId);
    const columns = format.columns(header);
    const finished = once(out, 'finish');
    // Awaited below; a read that fails first (a damaged page) destroys the stream, and this must not then reject unseen
    // (an unhandled rejection ends the worker thread with "Cannot call write after a stream was destroyed").
    finished.catch(() => undefined);
    await put(out, format.preamble(columns));
    let transcripts = 0;
    let failures = 0;
    for (const page of format.transcripts(sqlite, runId, pageSize)) {
      await put(
        out,
        format.encode(
          page.map((row) => format.fromTranscript(header, row)),
          columns,
          options.raw ?? false,
        ),
      );
      transcripts += page.length;
      await options.onRows?.(transcripts);
    }
    if (options.includeFailures) {
      for (const page of failurePages(sqlite, runId, pageSize)) {
        await put(
          out,
          format.encode(
            page.map((row) => format.fromFailure(header, row)),
            columns,
            options.raw ?? false,
          ),
        );
        failures += page.length;
        await options.onRows?.(transcripts + failures);
      }
    }
    out.end();
    await finished;
    return { rows: transcripts + failures, transcripts, failures, partial: header.partial, columns, header };
  });
}
