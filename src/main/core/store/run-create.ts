/** Writes a new run: its definition snapshot (once per content hash), the run row and its (first) jobs. */
import type { ProviderId, RunSummary } from '../../../shared/domain';
import { insertJobs } from './run-prepare';
import { transaction, write, type Sqlite } from './sql';

export interface NewRun {
  id: string;
  definitionId: string;
  parentRunId: string | null;
  requestId: string | null;
  runType: RunSummary['runType'];
  snapshotHash: string;
  snapshotJson: string;
  configJson: string;
  total: number;
  createdAt: string;
}

export interface NewJob {
  id: string;
  scenarioId: string;
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
  /** 1-based repetition of this scenario and model. */
  sample: number;
  ordinal: number;
  maxAttempts: number;
}

/**
 * The run row and its snapshot, with its first `limit` jobs, in one transaction. With a `preparing` reason the run is
 * paused by it (the rest of its jobs follow in chunks, store/run-prepare.ts); without, it is pending at once.
 * Returns how many jobs were written.
 */
export function insertRun(
  sqlite: Sqlite,
  run: NewRun,
  jobs: Iterator<NewJob>,
  limit = Number.POSITIVE_INFINITY,
  preparing: string | null = null,
): number {
  return transaction(sqlite, () => {
    write(
      sqlite,
      `INSERT INTO definition_snapshots (hash, content_json, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      run.snapshotHash,
      run.snapshotJson,
      run.createdAt,
    );
    write(
      sqlite,
      `INSERT INTO runs (id, definition_id, parent_run_id, request_id, status, pause_reason, run_type, snapshot_hash,
        config_json, total, created_at, queued_at)
       VALUES (@id, @definitionId, @parentRunId, @requestId, @status, @reason, @runType, @snapshotHash, @configJson,
        @total, @createdAt, @createdAt)`,
      {
        id: run.id,
        definitionId: run.definitionId,
        parentRunId: run.parentRunId,
        requestId: run.requestId,
        status: preparing === null ? 'pending' : 'paused',
        reason: preparing,
        runType: run.runType,
        snapshotHash: run.snapshotHash,
        configJson: run.configJson,
        total: run.total,
        createdAt: run.createdAt,
      },
    );
    return insertJobs(sqlite, run.id, run.createdAt, jobs, limit);
  });
}
