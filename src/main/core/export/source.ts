/**
 * The rows an export reads: the run's header (definition, dimensions, options) and keyset-paged transcripts and
 * failed jobs, so no export ever holds more than one page in memory. All export SQL lives here.
 */
import type Database from 'better-sqlite3';
import {
  definitionContentSchema,
  isTerminalRunStatus,
  type ModelRef,
  type RunOptions,
  type RunStatus,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { parseRunConfig } from '../runs/config';

export interface RunHeader {
  runId: string;
  status: RunStatus;
  partial: boolean;
  definitionId: string;
  definitionName: string;
  snapshotHash: string;
  dimensions: string[];
  models: ModelRef[];
  options: RunOptions;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  counts: { total: number; completed: number; failed: number; cancelled: number };
}

export interface TranscriptRow {
  rid: number;
  id: string;
  job_id: string;
  scenario_id: string;
  provider_id: string;
  model_id: string;
  model_version: string | null;
  reported_model_version: string | null;
  score: number | null;
  decision: string;
  parse_path: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  duration_ms: number | null;
  dimensions_json: string | null;
}

/** The heavy columns only the JSON Lines export needs; the CSV never reads them. */
export interface FullTranscriptRow extends TranscriptRow {
  snapshot_hash: string;
  content: string;
  turns_json: string;
  turn_count: number;
  word_count: number;
  request_params_json: string;
}

export interface FailureRow {
  rid: number;
  id: string;
  scenario_id: string;
  provider_id: string;
  model_id: string;
  model_version: string | null;
  status: 'failed' | 'cancelled';
  attempts: number;
  updated_at: string;
  last_error_json: string | null;
  errors_json: string;
  dimensions_json: string | null;
}

interface HeaderRow {
  status: RunStatus;
  definitionId: string;
  name: string;
  hash: string;
  snapshot: string;
  configJson: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export function readRunHeader(sqlite: Database.Database, runId: string): RunHeader {
  const row = sqlite
    .prepare(
      `SELECT r.status, r.definition_id AS definitionId, d.name, r.snapshot_hash AS hash, s.content_json AS snapshot,
        r.config_json AS configJson, r.created_at AS createdAt, r.started_at AS startedAt, r.completed_at AS completedAt,
        r.total, r.completed, r.failed, r.cancelled
      FROM runs r JOIN definitions d ON d.id = r.definition_id JOIN definition_snapshots s ON s.hash = r.snapshot_hash
      WHERE r.id = ?`,
    )
    .get(runId) as HeaderRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `No run with id ${runId}`);
  const config = parseRunConfig(row.configJson);
  const snapshot = definitionContentSchema.parse(JSON.parse(row.snapshot));
  return {
    runId,
    status: row.status,
    // Anything not yet terminal can still gain answers, so what is written now is a snapshot (Export Edge Cases).
    partial: !isTerminalRunStatus(row.status),
    definitionId: row.definitionId,
    definitionName: row.name,
    snapshotHash: row.hash,
    // The dimensions of the definition the run was started with, which is what its transcripts answered.
    dimensions: snapshot.dimensions.map((d) => d.name),
    models: config.models,
    options: config.options,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    completedAt: row.completedAt,
    counts: { total: row.total, completed: row.completed, failed: row.failed, cancelled: row.cancelled },
  };
}

const TRANSCRIPT_COLUMNS = `t.rowid AS rid, t.id, t.job_id, t.scenario_id, t.provider_id, t.model_id, t.model_version,
  t.reported_model_version, t.score, t.decision, t.parse_path, t.created_at, t.started_at, t.completed_at,
  t.input_tokens, t.output_tokens, t.total_tokens, t.duration_ms, s.dimensions_json`;
const FULL_COLUMNS = `${TRANSCRIPT_COLUMNS}, t.snapshot_hash, t.content, t.turns_json, t.turn_count, t.word_count,
  t.request_params_json`;

/**
 * Rows come grouped by scenario (then in the order they were written), keyset-paged along the (run_id, scenario_id)
 * index, whose entries end in the rowid: ordering by rowid alone made SQLite re-sort the whole run for every page,
 * and a single row-value comparison rescanned the current scenario, both quadratic on big runs. So a page is the
 * rest of the current scenario (an index seek) topped up from the scenarios after it.
 */
function transcriptSql(columns: string, where: string): string {
  return `SELECT ${columns}
    FROM transcripts t JOIN runs r ON r.id = t.run_id
    LEFT JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = t.scenario_id
    WHERE ${where} LIMIT ?`;
}
const SAME_SCENARIO = `t.run_id = ? AND t.scenario_id = ? AND t.rowid > ? ORDER BY t.rowid`;
const LATER_SCENARIOS = `t.run_id = ? AND t.scenario_id > ? ORDER BY t.scenario_id, t.rowid`;

// A job that ended without an answer; a job cancelled in flight that still answered has a transcript and is skipped.
// One status at a time, so the (run_id, status) index yields rows already in rowid order.
const FAILURE_SQL = `SELECT j.rowid AS rid, j.id, j.scenario_id, j.provider_id, j.model_id, j.model_version, j.status,
    j.attempts, j.updated_at, j.last_error_json, j.errors_json, s.dimensions_json
  FROM jobs j JOIN runs r ON r.id = j.run_id
  LEFT JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = j.scenario_id
  WHERE j.run_id = ? AND j.status = ? AND j.rowid > ?
    AND NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.job_id = j.id)
  ORDER BY j.rowid LIMIT ?`;

function* transcriptKeyset<T extends TranscriptRow>(
  sqlite: Database.Database,
  columns: string,
  runId: string,
  pageSize: number,
): Generator<T[]> {
  const same = sqlite.prepare(transcriptSql(columns, SAME_SCENARIO));
  const later = sqlite.prepare(transcriptSql(columns, LATER_SCENARIOS));
  let last: T | null = null;
  for (;;) {
    const batch = (last ? same.all(runId, last.scenario_id, last.rid, pageSize) : []) as T[];
    if (batch.length < pageSize)
      batch.push(...(later.all(runId, last?.scenario_id ?? '', pageSize - batch.length) as T[]));
    if (batch.length === 0) return;
    yield batch;
    last = batch[batch.length - 1]!;
  }
}

export function transcriptPages(
  sqlite: Database.Database,
  runId: string,
  pageSize: number,
): Generator<TranscriptRow[]> {
  return transcriptKeyset<TranscriptRow>(sqlite, TRANSCRIPT_COLUMNS, runId, pageSize);
}

export function fullTranscriptPages(
  sqlite: Database.Database,
  runId: string,
  pageSize: number,
): Generator<FullTranscriptRow[]> {
  return transcriptKeyset<FullTranscriptRow>(sqlite, FULL_COLUMNS, runId, pageSize);
}

export function* failurePages(sqlite: Database.Database, runId: string, pageSize: number): Generator<FailureRow[]> {
  const statement = sqlite.prepare(FAILURE_SQL);
  for (const status of ['failed', 'cancelled'] as const) {
    let after = 0;
    for (;;) {
      const batch = statement.all(runId, status, after, pageSize) as FailureRow[];
      if (batch.length === 0) break;
      yield batch;
      after = batch[batch.length - 1]!.rid;
    }
  }
}

/** How many rows an export will write, for its progress bar. */
export function countExportRows(sqlite: Database.Database, runId: string, includeFailures: boolean): number {
  const transcripts = (
    sqlite.prepare(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`).get(runId) as { n: number }
  ).n;
  if (!includeFailures) return transcripts;
  const failures = sqlite
    .prepare(
      `SELECT COUNT(*) AS n FROM jobs j WHERE j.run_id = ? AND j.status IN ('failed', 'cancelled')
        AND NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.job_id = j.id)`,
    )
    .get(runId) as { n: number };
  return transcripts + failures.n;
}

export type DimensionValues = Record<string, { score: number; label: string }>;

export function parseDimensions(json: string | null): DimensionValues {
  return json ? (JSON.parse(json) as DimensionValues) : {};
}

export interface JobErrorInfo {
  code: string | null;
  message: string | null;
}

export function parseJobError(json: string | null): JobErrorInfo {
  if (!json) return { code: null, message: null };
  const parsed = JSON.parse(json) as { code?: unknown; message?: unknown };
  return {
    code: typeof parsed.code === 'string' ? parsed.code : null,
    message: typeof parsed.message === 'string' ? parsed.message : null,
  };
}

/**
 * The error a failed or cancelled job is exported with. A cancelled job says CANCELLED even when an earlier attempt
 * had failed (that attempt's error is kept in the message), so a filter on error_code counts cancellations right.
 */
export function failureError(status: 'failed' | 'cancelled', lastErrorJson: string | null): JobErrorInfo {
  const last = parseJobError(lastErrorJson);
  if (status === 'failed') return last;
  const before = last.code
    ? ` (the attempt before failed with ${last.code}${last.message ? `: ${last.message}` : ''})`
    : '';
  return { code: 'CANCELLED', message: `Cancelled with the run before it answered${before}` };
}

/** ISO 8601 in UTC with a Z (Python reports +00:00), so every timestamp column parses the same way everywhere. */
export function isoUtc(text: string | null): string | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString();
}

/**
 * Runs `work` inside one read transaction when the connection is the export's own read-only one, so every page comes
 * from the same snapshot. Never on a shared read-write connection: the scheduler's writes would join the transaction.
 */
export async function withReadSnapshot<T>(sqlite: Database.Database, work: () => Promise<T>): Promise<T> {
  const snapshot = sqlite.readonly && !sqlite.inTransaction;
  if (snapshot) sqlite.exec('BEGIN');
  try {
    return await work();
  } finally {
    if (snapshot && sqlite.inTransaction) sqlite.exec('COMMIT');
  }
}
