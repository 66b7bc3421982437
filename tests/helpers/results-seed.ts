/** Writes finished jobs and transcripts straight into a real SQLite database, for results tests and the benchmark. */
import type Database from 'better-sqlite3';

export type SeedOutcome =
  | { kind: 'answer'; score: number; decision: string; reported?: string | null }
  | { kind: 'refusal' }
  | { kind: 'unparseable' }
  | { kind: 'failed'; code: string; message?: string }
  | { kind: 'pending' };

export interface SeedJob {
  id: string;
  scenarioId: string;
  modelKey: string;
  providerId: string;
  modelId: string;
  modelVersion: string | null;
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
        model_version AS modelVersion, ordinal FROM jobs WHERE run_id = ? ORDER BY ordinal`,
    )
    .all(runId) as SeedJob[];
  const hash =
    snapshotHash ?? (sqlite.prepare(`SELECT snapshot_hash AS h FROM runs WHERE id = ?`).get(runId) as { h: string }).h;
  const now = new Date().toISOString();
  const insert =
    sqlite.prepare(`INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id,
    model_version, reported_model_version, snapshot_hash, content, turns_json, turn_count, word_count, input_tokens,
    output_tokens, total_tokens, request_params_json, score, decision, parse_path, created_at, started_at, completed_at,
    duration_ms) VALUES (@id, @runId, @jobId, @scenarioId, @modelKey, @providerId, @modelId, @modelVersion, @reported,
    @hash, @content, @turnsJson, 3, @words, 10, 5, 15, '{}', @score, @decision, @parsePath, @now, @now, @now, 12)`);
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
          ? `Reasoning.\nRating: ${outcome.score}`
          : outcome.kind === 'refusal'
            ? 'I must decline to answer.'
            : 'no idea';
      insert.run({
        id: `tr_${job.id}`,
        runId,
        jobId: job.id,
        scenarioId: job.scenarioId,
        modelKey: job.modelKey,
        providerId: job.providerId,
        modelId: job.modelId,
        modelVersion: job.modelVersion,
        reported:
          outcome.kind === 'answer' && outcome.reported !== undefined
            ? outcome.reported
            : `${job.modelVersion ?? job.modelId}-2024-07-18`,
        hash,
        content: `## Assistant\n${reply}`,
        turnsJson: JSON.stringify([
          { role: 'system', content: 'preamble' },
          { role: 'user', content: 'prompt' },
          { role: 'assistant', content: reply },
        ]),
        words: reply.split(/\s+/).length,
        score: outcome.kind === 'answer' ? outcome.score : null,
        decision: outcome.kind === 'answer' ? outcome.decision : outcome.kind,
        parsePath: outcome.kind === 'answer' ? 'explicit_rating' : outcome.kind,
        now,
      });
    });
    const status = pending > 0 ? 'running' : failed > 0 ? 'completed_with_errors' : 'completed';
    sqlite
      .prepare(`UPDATE runs SET completed = ?, failed = ?, status = ?, completed_at = ? WHERE id = ?`)
      .run(completed, failed, status, pending > 0 ? null : now, runId);
  })();
}
