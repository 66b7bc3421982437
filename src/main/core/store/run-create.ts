/** Writes a new run in one transaction: its definition snapshot (once per content hash), the run row and every job. */
import type { ProviderId, RunSummary } from '../../../shared/domain';
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

const INSERT_JOB = `INSERT INTO jobs (id, run_id, scenario_id, model_key, provider_id, model_id, model_version, sample,
  ordinal, max_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function insertRun(sqlite: Sqlite, run: NewRun, jobs: Iterable<NewJob>): void {
  transaction(sqlite, () => {
    write(
      sqlite,
      `INSERT INTO definition_snapshots (hash, content_json, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
      run.snapshotHash,
      run.snapshotJson,
      run.createdAt,
    );
    write(
      sqlite,
      `INSERT INTO runs (id, definition_id, parent_run_id, request_id, status, run_type, snapshot_hash, config_json,
        total, created_at, queued_at)
       VALUES (@id, @definitionId, @parentRunId, @requestId, 'pending', @runType, @snapshotHash, @configJson, @total,
        @createdAt, @createdAt)`,
      {
        id: run.id,
        definitionId: run.definitionId,
        parentRunId: run.parentRunId,
        requestId: run.requestId,
        runType: run.runType,
        snapshotHash: run.snapshotHash,
        configJson: run.configJson,
        total: run.total,
        createdAt: run.createdAt,
      },
    );
    // Positional parameters: a run can hold a million jobs, and binding by name costs more per row.
    const now = run.createdAt;
    for (const job of jobs) {
      write(
        sqlite,
        INSERT_JOB,
        job.id,
        run.id,
        job.scenarioId,
        job.modelKey,
        job.providerId,
        job.modelId,
        job.modelVersion,
        job.sample,
        job.ordinal,
        job.maxAttempts,
        now,
        now,
      );
    }
  });
}
