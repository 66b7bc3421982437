/**
 * Writes finished jobs and transcripts straight into a real SQLite database, for results tests and the benchmark; the
 * transcripts go through the store's own INSERT, so a new column cannot be forgotten here.
 */
import type Database from 'better-sqlite3';
import { insertTranscript } from '../../src/main/core/store/transcripts';
import type { ProviderId } from '../../src/shared/domain';

export type SeedOutcome =
  | { kind: 'answer'; score: number; decision: string; reported?: string | null; reply?: string }
  | { kind: 'refusal' }
  | { kind: 'unparseable' }
  | { kind: 'failed'; code: string; message?: string }
  | { kind: 'pending' };

export interface SeedJob {
  id: string;
  scenarioId: string;
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
  /** The job's repeated sample (1-based). */
  sample: number;
  ordinal: number;
}

/** Settles every job of the run with the outcome `decide` picks, in one transaction, and updates the run's counters. */
export function seedOutcomes(
  sqlite: Database.Database,
  runId: string,
  decide: (job: SeedJob, index: number) => SeedOutcome,
  snapshotHash?: string,
): void {
  const jobs = sqlite
    .prepare(
      `SELECT id, scenario_id AS scenarioId, model_key AS modelKey, provider_id AS providerId, model_id AS modelId,
        model_version AS modelVersion, sample, ordinal FROM jobs WHERE run_id = ? ORDER BY ordinal`,
    )
    .all(runId) as SeedJob[];
  const hash =
    snapshotHash ?? (sqlite.prepare(`SELECT snapshot_hash AS h FROM runs WHERE id = ?`).get(runId) as { h: string }).h;
  const now = new Date().toISOString();
  const setJob = sqlite.prepare(
    `UPDATE jobs SET status = @status, attempts = 1, last_error_json = @error, updated_at = @now WHERE id = @id`,
  );
  let completed = 0;
  let failed = 0;
  let pending = 0;
  sqlite.transaction(() => {
    jobs.forEach((job, index) => {
      const outcome = decide(job, index);
      if (outcome.kind === 'pending') {
        pending += 1;
        return;
      }
      if (outcome.kind === 'failed') {
        failed += 1;
        const error = JSON.stringify({
          code: outcome.code,
          message: outcome.message ?? `${outcome.code} from the provider`,
        });
        setJob.run({ status: 'failed', error, now, id: job.id });
        return;
      }
      completed += 1;
      setJob.run({ status: 'completed', error: null, now, id: job.id });
      const reply =
        outcome.kind === 'answer'
          ? (outcome.reply ?? `Reasoning.\nRating: ${outcome.score}`)
          : outcome.kind === 'refusal'
            ? 'I must decline to answer.'
            : 'no idea';
      insertTranscript(sqlite, {
        id: `tr_${job.id}`,
        runId,
        jobId: job.id,
        scenarioId: job.scenarioId,
        modelKey: job.modelKey,
        providerId: job.providerId,
        modelId: job.modelId,
        modelVersion: job.modelVersion,
        reportedModelVersion:
          outcome.kind === 'answer' && outcome.reported !== undefined
            ? outcome.reported
            : `${job.modelVersion ?? job.modelId}-2024-07-18`,
        snapshotHash: hash,
        truncated: false,
        notes: [],
        turnsJson: JSON.stringify([
          { role: 'system', content: 'preamble' },
          { role: 'user', content: 'prompt' },
          { role: 'assistant', content: reply },
        ]),
        turnCount: 3,
        wordCount: reply.split(/\s+/).length,
        inputTokens: 10,
        outputTokens: 5,
        totalTokens: 15,
        requestParamsJson: '{}',
        score: outcome.kind === 'answer' ? outcome.score : null,
        decision: outcome.kind === 'answer' ? outcome.decision : outcome.kind,
        parsePath: outcome.kind === 'answer' ? 'explicit_rating' : outcome.kind,
        createdAt: now,
        startedAt: now,
        completedAt: now,
        durationMs: 12,
      });
    });
    const status = pending > 0 ? 'running' : failed > 0 ? 'completed_with_errors' : 'completed';
    sqlite
      .prepare(`UPDATE runs SET completed = ?, failed = ?, status = ?, completed_at = ? WHERE id = ?`)
      .run(completed, failed, status, pending > 0 ? null : now, runId);
  })();
}
