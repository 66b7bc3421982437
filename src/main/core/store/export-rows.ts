/**
 * The rows an export reads, keyset-paged so no export ever holds more than one page in memory: transcripts grouped by
 * scenario (light columns for CSV, everything for JSON Lines), then jobs that ended without an answer. Runs on the
 * export worker's own read-only connection as well as the core's.
 */
import { many, one, type Sqlite } from './sql';

export interface TranscriptRow {
  rid: number;
  id: string;
  job_id: string;
  scenario_id: string;
  /** The repeated sample's 1-based index. */
  sample: number;
  provider_id: string;
  model_id: string;
  model_version: string | null;
  reported_model_version: string | null;
  score: number | null;
  decision: string;
  parse_path: string;
  /** 'extracted' or 'override' (coded by hand). */
  decision_source: string;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  duration_ms: number | null;
  /** 1 when the answer was cut at the size cap, else 0. */
  truncated: number;
  dimensions_json: string | null;
  /** 'realtime' or 'batch', and the provider's batch id of a batch answer. */
  tier: string;
  batch_id: string | null;
  /** Counterbalancing: the wording variant and scale order (null: canonical, or not varied). */
  wording: string | null;
  scale_order: string | null;
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
  sample: number;
  provider_id: string;
  model_id: string;
  model_version: string | null;
  status: 'failed' | 'cancelled';
  attempts: number;
  updated_at: string;
  last_error_json: string | null;
  errors_json: string;
  dimensions_json: string | null;
  wording: string | null;
  scale_order: string | null;
}

/** The counterbalancing labels of a run's scenarios that have any (a definition without counterbalancing: none). */
export function scenarioVariantLabels(
  sqlite: Sqlite,
  runId: string,
): Map<string, { wording: string | null; scaleOrder: string | null }> {
  const rows = many<{ id: string; wording: string | null; scaleOrder: string | null }>(
    sqlite,
    `SELECT s.id, s.wording, s.scale_order AS scaleOrder FROM runs r
      JOIN scenarios s ON s.definition_id = r.definition_id
      WHERE r.id = ? AND (s.wording IS NOT NULL OR s.scale_order IS NOT NULL)`,
    runId,
  );
  return new Map(rows.map((row) => [row.id, { wording: row.wording, scaleOrder: row.scaleOrder }]));
}

const TRANSCRIPT_COLUMNS = `t.rowid AS rid, t.id, t.job_id, t.scenario_id, t.sample, t.provider_id, t.model_id,
  t.model_version, t.reported_model_version, t.score, t.decision, t.parse_path, t.decision_source, t.created_at, t.started_at, t.completed_at,
  t.input_tokens, t.output_tokens, t.total_tokens, t.duration_ms, t.truncated, s.dimensions_json, t.tier, t.batch_id,
  t.wording, t.scale_order`;
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
const FAILURE_SQL = `SELECT j.rowid AS rid, j.id, j.scenario_id, j.sample, j.provider_id, j.model_id, j.model_version,
    j.status, j.attempts, j.updated_at, j.last_error_json, j.errors_json, s.dimensions_json,
    s.wording, s.scale_order
  FROM jobs j JOIN runs r ON r.id = j.run_id
  LEFT JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = j.scenario_id
  WHERE j.run_id = ? AND j.status = ? AND j.rowid > ?
    AND NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.job_id = j.id)
  ORDER BY j.rowid LIMIT ?`;

function* transcriptKeyset<T extends TranscriptRow>(
  sqlite: Sqlite,
  columns: string,
  runId: string,
  pageSize: number,
): Generator<T[]> {
  const same = transcriptSql(columns, SAME_SCENARIO);
  const later = transcriptSql(columns, LATER_SCENARIOS);
  let last: T | null = null;
  for (;;) {
    const batch: T[] = last ? many<T>(sqlite, same, runId, last.scenario_id, last.rid, pageSize) : [];
    if (batch.length < pageSize)
      batch.push(...many<T>(sqlite, later, runId, last?.scenario_id ?? '', pageSize - batch.length));
    if (batch.length === 0) return;
    yield batch;
    last = batch[batch.length - 1]!;
  }
}

/** Transcript pages with the CSV's columns (or, with `full`, every column). */
export function transcriptPages(
  sqlite: Sqlite,
  runId: string,
  pageSize: number,
  full: true,
): Generator<FullTranscriptRow[]>;
export function transcriptPages(
  sqlite: Sqlite,
  runId: string,
  pageSize: number,
  full?: false,
): Generator<TranscriptRow[]>;
export function transcriptPages(
  sqlite: Sqlite,
  runId: string,
  pageSize: number,
  full = false,
): Generator<TranscriptRow[]> {
  return transcriptKeyset<TranscriptRow>(sqlite, full ? FULL_COLUMNS : TRANSCRIPT_COLUMNS, runId, pageSize);
}

export function* failurePages(sqlite: Sqlite, runId: string, pageSize: number): Generator<FailureRow[]> {
  for (const status of ['failed', 'cancelled'] as const) {
    let after = 0;
    for (;;) {
      const batch: FailureRow[] = many<FailureRow>(sqlite, FAILURE_SQL, runId, status, after, pageSize);
      if (batch.length === 0) break;
      yield batch;
      after = batch[batch.length - 1]!.rid;
    }
  }
}

/** How many rows an export will write, for its progress bar. */
export function countExportRows(sqlite: Sqlite, runId: string, includeFailures: boolean): number {
  const transcripts = one<{ n: number }>(sqlite, `SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`, runId)!.n;
  if (!includeFailures) return transcripts;
  const failures = one<{ n: number }>(
    sqlite,
    `SELECT COUNT(*) AS n FROM jobs j WHERE j.run_id = ? AND j.status IN ('failed', 'cancelled')
      AND NOT EXISTS (SELECT 1 FROM transcripts t WHERE t.job_id = j.id)`,
    runId,
  )!.n;
  return transcripts + failures;
}
