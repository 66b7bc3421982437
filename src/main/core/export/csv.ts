/**
 * CSV export of a run: one row per transcript, streamed page by page (never all rows in memory), UTF-8 with BOM for
 * Excel, RFC 4180 quoting, numbers as numbers and empty cells for missing values so pandas and R infer types.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type Database from 'better-sqlite3';
import { stringify } from 'csv-stringify';
import { definitionContentSchema, isTerminalRunStatus, type RunStatus } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';

export const BASE_COLUMNS = [
  'run_id',
  'scenario_id',
  'model_id',
  'model_version',
  'score',
  'decision',
  'timestamp',
  'provider_id',
  'reported_model_version',
  'parse_path',
  'definition_id',
  'definition_name',
  'input_tokens',
  'output_tokens',
  'duration_ms',
] as const;

export interface CsvExportResult {
  rows: number;
  partial: boolean;
}

/** `run_<id>_<yyyy-mm-dd>.csv` (FR-020), dated in UTC. */
export function csvFileName(runId: string, date = new Date()): string {
  return `run_${runId}_${date.toISOString().slice(0, 10)}.csv`;
}

interface Row {
  rid: number;
  scenario_id: string;
  model_id: string;
  model_version: string | null;
  score: number | null;
  decision: string;
  completed_at: string | null;
  created_at: string;
  provider_id: string;
  reported_model_version: string | null;
  parse_path: string;
  input_tokens: number | null;
  output_tokens: number | null;
  duration_ms: number | null;
  dimensions_json: string | null;
}

export async function writeRunCsv(sqlite: Database.Database, runId: string, out: Writable, pageSize = 1000): Promise<CsvExportResult> {
  const run = sqlite
    .prepare(`SELECT r.status, r.definition_id AS definitionId, d.name, r.snapshot_hash AS hash, s.content_json AS snapshot
      FROM runs r JOIN definitions d ON d.id = r.definition_id JOIN definition_snapshots s ON s.hash = r.snapshot_hash WHERE r.id = ?`)
    .get(runId) as { status: RunStatus; definitionId: string; name: string; snapshot: string } | undefined;
  if (!run) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const dimensions = definitionContentSchema.parse(JSON.parse(run.snapshot)).dimensions.map((d) => d.name);
  const dimColumns = dimensions.flatMap((name) => [`dim_${name}`, `dim_${name}_label`]);
  const stringifier = stringify({ bom: true, header: true, columns: [...BASE_COLUMNS, ...dimColumns], eof: true, record_delimiter: 'unix' });
  stringifier.pipe(out);
  const page = sqlite.prepare(`
    SELECT t.rowid AS rid, t.scenario_id, t.model_id, t.model_version, t.score, t.decision, t.completed_at, t.created_at,
      t.provider_id, t.reported_model_version, t.parse_path, t.input_tokens, t.output_tokens, t.duration_ms,
      s.dimensions_json
    FROM transcripts t JOIN runs r ON r.id = t.run_id
    LEFT JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = t.scenario_id
    WHERE t.run_id = ? AND t.rowid > ? ORDER BY t.rowid LIMIT ?`);
  let after = 0;
  let rows = 0;
  for (;;) {
    const batch = page.all(runId, after, pageSize) as Row[];
    if (batch.length === 0) break;
    for (const row of batch) {
      const dims = row.dimensions_json ? (JSON.parse(row.dimensions_json) as Record<string, { score: number; label: string }>) : {};
      const record: (string | number | null)[] = [
        runId,
        row.scenario_id,
        row.model_id,
        row.model_version,
        row.score,
        row.decision,
        row.completed_at ?? row.created_at,
        row.provider_id,
        row.reported_model_version,
        row.parse_path,
        run.definitionId,
        run.name,
        row.input_tokens,
        row.output_tokens,
        row.duration_ms,
        ...dimensions.flatMap((name) => [dims[name]?.score ?? null, dims[name]?.label ?? null]),
      ];
      if (!stringifier.write(record)) await once(stringifier, 'drain');
      rows += 1;
    }
    after = batch[batch.length - 1]!.rid;
  }
  stringifier.end();
  await once(out, 'finish');
  return { rows, partial: !isTerminalRunStatus(run.status) };
}

/** Writes to a temporary file beside `path` and renames it into place, so a failed export never leaves half a file. */
export async function exportRunCsvToFile(sqlite: Database.Database, runId: string, path: string): Promise<CsvExportResult> {
  const temp = `${path}.partial-${process.pid}`;
  const out = createWriteStream(temp);
  try {
    const result = await writeRunCsv(sqlite, runId, out);
    await rename(temp, path);
    return result;
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    if (error instanceof AppError) throw error;
    throw new AppError('EXPORT_FAILED', `Could not write ${path}: ${(error as Error).message}`);
  }
}
