/** Reads of runs and transcripts for the UI and CLI: dashboard rows, run detail with per-model progress, transcripts. */
import type Database from 'better-sqlite3';
import type {
  ModelProgress,
  Progress,
  ProviderId,
  RunActivity,
  RunDetail,
  RunStatus,
  RunSummary,
  TranscriptDetail,
  TranscriptSummary,
  Turn,
} from '../../../shared/domain';
import { modelKey } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { nowIso } from '../util/ids';
import { parseRunConfig } from './config';

interface RunRow {
  id: string;
  definitionId: string;
  definitionName: string;
  parentRunId: string | null;
  status: RunStatus;
  runType: RunSummary['runType'];
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
}

const RUN_COLUMNS = `r.id, r.definition_id AS definitionId, d.name AS definitionName, r.parent_run_id AS parentRunId,
  r.status, r.run_type AS runType, r.config_json AS configJson, r.total, r.completed, r.failed, r.cancelled,
  r.created_at AS createdAt, r.queued_at AS queuedAt, r.started_at AS startedAt, r.completed_at AS completedAt,
  r.last_accessed_at AS lastAccessedAt`;

const TRANSCRIPT_COLUMNS = `id, run_id AS runId, scenario_id AS scenarioId, model_key AS modelKey, provider_id AS providerId,
  model_id AS modelId, model_version AS modelVersion, reported_model_version AS reportedModelVersion, score, decision,
  parse_path AS parsePath, duration_ms AS durationMs, created_at AS createdAt`;

export class RunQueries {
  constructor(private readonly sqlite: Database.Database) {}

  list(status?: RunStatus): RunSummary[] {
    const rows = this.sqlite
      .prepare(
        `SELECT ${RUN_COLUMNS} FROM runs r JOIN definitions d ON d.id = r.definition_id
        ${status ? 'WHERE r.status = ?' : ''} ORDER BY r.created_at DESC, r.id DESC`,
      )
      .all(...(status ? [status] : [])) as RunRow[];
    const active = this.activeCounts();
    return rows.map((row) => this.summary(row, active.get(row.id)));
  }

  /** Run detail; `touch` updates lastAccessedAt (viewing a run, FR-031). */
  get(id: string, touch = true): RunDetail {
    if (touch && !this.sqlite.readonly)
      this.sqlite.prepare(`UPDATE runs SET last_accessed_at = ? WHERE id = ?`).run(nowIso(), id);
    const row = this.sqlite
      .prepare(`SELECT ${RUN_COLUMNS} FROM runs r JOIN definitions d ON d.id = r.definition_id WHERE r.id = ?`)
      .get(id) as RunRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No run with id ${id}`);
    const config = parseRunConfig(row.configJson);
    const perModelRows = this.sqlite
      .prepare(
        `SELECT model_key AS modelKey, status, COUNT(*) AS n FROM jobs WHERE run_id = ? GROUP BY model_key, status`,
      )
      .all(id) as { modelKey: string; status: keyof Progress; n: number }[];
    const perModel: ModelProgress[] = config.models.map((model) => {
      const key = modelKey(model);
      const progress = emptyProgress();
      for (const r of perModelRows.filter((p) => p.modelKey === key)) {
        progress[r.status] += r.n;
        progress.total += r.n;
      }
      return { modelKey: key, model, ...progress };
    });
    const errors = this.sqlite
      .prepare(
        `SELECT json_extract(last_error_json, '$.code') AS code, model_key AS modelKey, COUNT(*) AS count,
          MIN(json_extract(last_error_json, '$.message')) AS example
        FROM jobs WHERE run_id = ? AND status = 'failed' GROUP BY code, model_key ORDER BY count DESC, model_key`,
      )
      .all(id) as { code: string | null; modelKey: string; count: number; example: string | null }[];
    const summary = this.summary(row, this.activeCounts(id).get(id), config);
    return {
      ...summary,
      options: config.options,
      activity: this.activity(summary),
      perModel,
      errorSummary: errors.map((e) => ({
        code: e.code ?? 'UNKNOWN',
        modelKey: e.modelKey,
        count: e.count,
        example: e.example ?? '',
      })),
    };
  }

  transcripts(runId: string, offset: number, limit: number): TranscriptSummary[] {
    return this.sqlite
      .prepare(
        `SELECT ${TRANSCRIPT_COLUMNS} FROM transcripts WHERE run_id = ? ORDER BY scenario_id, model_key LIMIT ? OFFSET ?`,
      )
      .all(runId, limit, offset) as TranscriptSummary[];
  }

  /** One transcript in full; opening it updates its lastAccessedAt (FR-032). */
  transcript(id: string): TranscriptDetail {
    const now = nowIso();
    if (!this.sqlite.readonly)
      this.sqlite.prepare(`UPDATE transcripts SET last_accessed_at = ? WHERE id = ?`).run(now, id);
    const row = this.sqlite
      .prepare(
        `SELECT ${TRANSCRIPT_COLUMNS}, turns_json AS turnsJson, content, word_count AS wordCount, input_tokens AS inputTokens,
        output_tokens AS outputTokens, total_tokens AS totalTokens, started_at AS startedAt, completed_at AS completedAt,
        last_accessed_at AS lastAccessedAt, request_params_json AS requestParamsJson, snapshot_hash AS definitionSnapshotHash
        FROM transcripts WHERE id = ?`,
      )
      .get(id) as (TranscriptDetail & { turnsJson: string; requestParamsJson: string }) | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No transcript with id ${id}`);
    const { turnsJson, requestParamsJson, ...rest } = row;
    return {
      ...rest,
      providerId: rest.providerId as ProviderId,
      turns: JSON.parse(turnsJson) as Turn[],
      requestParams: JSON.parse(requestParamsJson) as Record<string, unknown>,
    };
  }

  private activity(run: RunSummary): RunActivity {
    const counts = this.sqlite
      .prepare(
        `SELECT
          SUM(CASE WHEN status = 'pending' AND attempts > 0 THEN 1 ELSE 0 END) AS retrying,
          SUM(CASE WHEN status IN ('pending', 'running', 'failed') AND json_extract(last_error_json, '$.code') = 'TIMEOUT' THEN 1 ELSE 0 END) AS timedOut
        FROM jobs WHERE run_id = ?`,
      )
      .get(run.id) as { retrying: number | null; timedOut: number | null };
    const attemptErrors = this.sqlite
      .prepare(
        `SELECT json_extract(e.value, '$.code') AS code, COUNT(*) AS count FROM jobs j, json_each(j.errors_json) e
        WHERE j.run_id = ? GROUP BY code ORDER BY count DESC, code`,
      )
      .all(run.id) as { code: string | null; count: number }[];
    const finished = run.progress.completed + run.progress.failed;
    const remaining = run.progress.pending + run.progress.running;
    const elapsed = run.startedAt ? Date.now() - Date.parse(run.startedAt) : 0;
    const rate = finished > 0 && elapsed > 0 ? finished / elapsed : null;
    return {
      retrying: counts.retrying ?? 0,
      timedOut: counts.timedOut ?? 0,
      ratePerMinute: rate === null ? null : Math.round(rate * 60_000 * 10) / 10,
      etaMs:
        rate !== null && remaining > 0 && (run.status === 'running' || run.status === 'pending')
          ? Math.round(remaining / rate)
          : null,
      attemptErrors: attemptErrors.map((e) => ({ code: e.code ?? 'UNKNOWN', count: e.count })),
    };
  }

  private activeCounts(runId?: string): Map<string, { pending: number; running: number }> {
    const rows = this.sqlite
      .prepare(
        `SELECT run_id AS runId, status, COUNT(*) AS n FROM jobs WHERE status IN ('pending', 'running')
        ${runId ? 'AND run_id = ?' : ''} GROUP BY run_id, status`,
      )
      .all(...(runId ? [runId] : [])) as { runId: string; status: 'pending' | 'running'; n: number }[];
    const map = new Map<string, { pending: number; running: number }>();
    for (const r of rows) {
      const entry = map.get(r.runId) ?? { pending: 0, running: 0 };
      entry[r.status] = r.n;
      map.set(r.runId, entry);
    }
    return map;
  }

  private summary(
    row: RunRow,
    active: { pending: number; running: number } | undefined,
    config = parseRunConfig(row.configJson),
  ): RunSummary {
    return {
      id: row.id,
      definitionId: row.definitionId,
      definitionName: row.definitionName,
      parentRunId: row.parentRunId,
      status: row.status,
      runType: row.runType,
      createdAt: row.createdAt,
      queuedAt: row.queuedAt,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
      lastAccessedAt: row.lastAccessedAt,
      progress: {
        total: row.total,
        completed: row.completed,
        failed: row.failed,
        cancelled: row.cancelled,
        pending: active?.pending ?? 0,
        running: active?.running ?? 0,
      },
      models: config.models,
    };
  }
}

function emptyProgress(): Progress {
  return { total: 0, completed: 0, failed: 0, running: 0, pending: 0, cancelled: 0 };
}
