/**
 * The run row and its aggregates, read one way for everyone: `loadRun` (row, parsed config, definition snapshot,
 * scale) serves progress, results, export and the scheduler; per-model job counts and failures by error code are
 * written once here and shared by the run page's progress and the results summary.
 */
import {
  definitionContentSchema,
  type DefinitionContent,
  type JobStatus,
  type RunStatus,
  type RunSummary,
  type ScaleEntry,
} from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { resolveScale } from '../../../shared/scale';
import { parseRunConfig, type RunConfig } from './run-config';
import { many, one, write, type Sqlite } from './sql';

/** A run row as the dashboard and the run page read it. */
export interface RunRow {
  id: string;
  definitionId: string;
  definitionName: string;
  parentRunId: string | null;
  status: RunStatus;
  runType: RunSummary['runType'];
  snapshotHash: string;
  configJson: string;
  total: number;
  completed: number;
  failed: number;
  cancelled: number;
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  completedAt: string | null;
  lastAccessedAt: string | null;
  name: string | null;
  notes: string;
  archivedAt: string | null;
}

/** Everything about one run that every reader needs first. */
export interface LoadedRun {
  row: RunRow;
  config: RunConfig;
  /** The definition exactly as the run was started with it; null when the snapshot no longer parses (older schema). */
  snapshot: DefinitionContent | null;
  /** The snapshot's decision scale, sorted by code (empty without a snapshot). */
  scale: ScaleEntry[];
  /** The snapshot's dimension names, in definition order. */
  dimensions: string[];
}

const RUN_COLUMNS = `r.id, r.definition_id AS definitionId, d.name AS definitionName, r.parent_run_id AS parentRunId,
  r.status, r.run_type AS runType, r.snapshot_hash AS snapshotHash, r.config_json AS configJson, r.total, r.completed,
  r.failed, r.cancelled, r.created_at AS createdAt, r.queued_at AS queuedAt, r.started_at AS startedAt,
  r.completed_at AS completedAt, r.last_accessed_at AS lastAccessedAt, r.name, r.notes, r.archived_at AS archivedAt`;

export function notFound(runId: string): AppError {
  return new AppError('NOT_FOUND', `No run with id ${runId}`);
}

/** The run's row, config, snapshot and scale; NOT_FOUND when there is no such run. */
export function loadRun(sqlite: Sqlite, runId: string): LoadedRun {
  const row = one<RunRow & { snapshotJson: string }>(
    sqlite,
    `SELECT ${RUN_COLUMNS}, s.content_json AS snapshotJson FROM runs r JOIN definitions d ON d.id = r.definition_id
      JOIN definition_snapshots s ON s.hash = r.snapshot_hash WHERE r.id = ?`,
    runId,
  );
  if (!row) throw notFound(runId);
  const { snapshotJson, ...run } = row;
  const parsed = definitionContentSchema.safeParse(JSON.parse(snapshotJson));
  const snapshot = parsed.success ? parsed.data : null;
  return {
    row: run,
    config: parseRunConfig(run.configJson),
    snapshot,
    scale: snapshot ? [...resolveScale(snapshot)].sort((a, b) => a.code - b.code) : [],
    // A pairwise design's two sides are its dimensions in the export (dim_A, dim_B: which value was shown where).
    dimensions: snapshot ? (snapshot.pairwise ? ['A', 'B'] : snapshot.dimensions.map((d) => d.name)) : [],
  };
}

/** Which runs a list shows: not archived (the default), archived only, or both. */
export type ArchivedFilter = 'hide' | 'only' | 'include';

/** Every run, newest first, optionally of one status or one study; archived runs as the filter says. */
export function listRunRows(
  sqlite: Sqlite,
  status?: RunStatus,
  archived: ArchivedFilter = 'include',
  studyId?: string,
): RunRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (studyId) {
    where.push('r.id IN (SELECT run_id FROM study_runs WHERE study_id = ?)');
    params.push(studyId);
  }
  if (status) {
    where.push('r.status = ?');
    params.push(status);
  }
  if (archived === 'hide') where.push('r.archived_at IS NULL');
  if (archived === 'only') where.push('r.archived_at IS NOT NULL');
  const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
  return many<RunRow>(
    sqlite,
    `SELECT ${RUN_COLUMNS} FROM runs r JOIN definitions d ON d.id = r.definition_id ${clause}
      ORDER BY r.created_at DESC, r.id DESC`,
    ...params,
  );
}

export function runExists(sqlite: Sqlite, runId: string): boolean {
  return one(sqlite, `SELECT 1 AS x FROM runs WHERE id = ?`, runId) !== undefined;
}

/** Throws NOT_FOUND unless the run exists: the one existence check before work that needs a run. */
export function assertRunExists(sqlite: Sqlite, runId: string): void {
  if (!runExists(sqlite, runId)) throw notFound(runId);
}

/** A run's status; NOT_FOUND when there is no such run. */
export function runStatusOf(sqlite: Sqlite, runId: string): RunStatus {
  const row = one<{ status: RunStatus }>(sqlite, `SELECT status FROM runs WHERE id = ?`, runId);
  if (!row) throw notFound(runId);
  return row.status;
}

/** The run created earlier with this idempotency key, if any. */
export function runIdForRequest(sqlite: Sqlite, requestId: string): string | null {
  return one<{ id: string }>(sqlite, `SELECT id FROM runs WHERE request_id = ?`, requestId)?.id ?? null;
}

/** Records that a person looked at the run (its page was opened). */
export function stampRunViewed(sqlite: Sqlite, runId: string, iso: string): void {
  if (write(sqlite, `UPDATE runs SET last_accessed_at = ? WHERE id = ?`, iso, runId) === 0) throw notFound(runId);
}

/** The run a run re-ran (if it still exists) and the re-runs made from it, newest first. */
export function relatedRunIds(sqlite: Sqlite, runId: string): { parent: string | null; children: string[] } {
  const row = one<{ parentRunId: string | null }>(
    sqlite,
    `SELECT parent_run_id AS parentRunId FROM runs WHERE id = ?`,
    runId,
  );
  if (!row) throw notFound(runId);
  const parent = row.parentRunId !== null && runExists(sqlite, row.parentRunId) ? row.parentRunId : null;
  const children = many<{ id: string }>(
    sqlite,
    `SELECT id FROM runs WHERE parent_run_id = ? ORDER BY created_at DESC, id DESC`,
    runId,
  ).map((child) => child.id);
  return { parent, children };
}

/** Research runs per definition (System Health's test runs are not counted). */
export function runCountsByDefinition(sqlite: Sqlite): Map<string, number> {
  const rows = many<{ id: string; n: number }>(
    sqlite,
    `SELECT definition_id AS id, COUNT(*) AS n FROM runs WHERE run_type <> 'test' GROUP BY definition_id`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** A definition snapshot by content hash. */
export function snapshotJson(sqlite: Sqlite, hash: string): string | null {
  return (
    one<{ json: string }>(sqlite, `SELECT content_json AS json FROM definition_snapshots WHERE hash = ?`, hash)?.json ??
    null
  );
}

// ---- aggregates: read from the counters the jobs triggers keep (migration 0003), never by counting jobs ----

export interface JobCountRow {
  modelKey: string;
  status: JobStatus;
  n: number;
}

const COUNT_STATUSES = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;

interface ModelCounts {
  modelKey: string;
  pending: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  retrying: number;
  timedOut: number;
}

function modelCounts(sqlite: Sqlite, runId: string): ModelCounts[] {
  return many<ModelCounts>(
    sqlite,
    `SELECT model_key AS modelKey, pending, running, completed, failed, cancelled, retrying, timed_out AS timedOut
      FROM run_model_counts WHERE run_id = ?`,
    runId,
  );
}

/** Jobs per model and status: the run page's per-model progress and the results summary both read this. */
export function jobCountsByModel(sqlite: Sqlite, runId: string): JobCountRow[] {
  return modelCounts(sqlite, runId).flatMap((row) =>
    COUNT_STATUSES.filter((status) => row[status] > 0).map((status) => ({
      modelKey: row.modelKey,
      status,
      n: row[status],
    })),
  );
}

export interface FailureCountRow {
  modelKey: string;
  code: string | null;
  n: number;
  example: string | null;
}

/** Failed jobs per model and error code, most frequent first, with one example message each. */
export function failuresByModel(sqlite: Sqlite, runId: string): FailureCountRow[] {
  return many<FailureCountRow>(
    sqlite,
    `SELECT model_key AS modelKey, code, final AS n, example FROM run_error_counts
      WHERE run_id = ? AND final > 0 ORDER BY n DESC, model_key, code`,
    runId,
  );
}

/** Pending and running jobs per run (all runs, or one). */
export function activeCounts(sqlite: Sqlite, runId?: string): Map<string, { pending: number; running: number }> {
  const base = `SELECT run_id AS runId, SUM(pending) AS pending, SUM(running) AS running FROM run_model_counts`;
  type Row = { runId: string; pending: number; running: number };
  const rows = runId
    ? many<Row>(sqlite, `${base} WHERE run_id = ? GROUP BY run_id`, runId)
    : many<Row>(sqlite, `${base} GROUP BY run_id`);
  return new Map(rows.map((r) => [r.runId, { pending: r.pending, running: r.running }]));
}

/** Jobs waiting for a retry and jobs whose last attempt timed out. */
export function retryCounts(sqlite: Sqlite, runId: string): { retrying: number; timedOut: number } {
  const row = one<{ retrying: number | null; timedOut: number | null }>(
    sqlite,
    `SELECT SUM(retrying) AS retrying, SUM(timed_out) AS timedOut FROM run_model_counts WHERE run_id = ?`,
    runId,
  );
  return { retrying: row?.retrying ?? 0, timedOut: row?.timedOut ?? 0 };
}

/** Failed attempts that another attempt followed ("retried along the way"), by error code, most frequent first. */
export function attemptErrorCounts(sqlite: Sqlite, runId: string): { code: string | null; count: number }[] {
  return many(
    sqlite,
    `SELECT code, SUM(retried) AS count FROM run_error_counts WHERE run_id = ?
      GROUP BY code HAVING SUM(retried) > 0 ORDER BY count DESC, code`,
    runId,
  );
}

/** When each of the run's requests still in flight was claimed (ms since the epoch); at most the jobs in flight. */
export function inFlightSince(sqlite: Sqlite, runId: string): number[] {
  return many<{ since: string }>(
    sqlite,
    `SELECT updated_at AS since FROM jobs WHERE run_id = ? AND status = 'running'`,
    runId,
  ).map((row) => Date.parse(row.since));
}
