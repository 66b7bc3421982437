/**
 * Jobs as rows: claim in a short transaction, write each outcome (transcript, retry, failure) together with the run's
 * counters and status in another, and requeue what a dead owner left in flight. All scheduler SQL lives here.
 */
import type Database from 'better-sqlite3';
import type { ProbeResult, WorkerErrorShape } from '../python/protocol';
import { newId } from '../util/ids';

export interface ClaimedJob {
  id: string;
  runId: string;
  scenarioId: string;
  modelKey: string;
  providerId: string;
  modelId: string;
  modelVersion: string | null;
  attempts: number;
  maxAttempts: number;
  snapshotHash: string;
  configJson: string;
  prompt: string;
}

export interface JobError extends WorkerErrorShape {
  at: string;
  attempt: number;
}

export interface HeldJob {
  id: string;
  owner: string | null;
  attempts: number;
  maxAttempts: number;
}

export type RunFinalStatus = 'completed' | 'completed_with_errors' | 'failed';

export class JobStore {
  private readonly claimNext: Database.Statement;
  private readonly markClaimed: Database.Statement;
  private readonly startRun: Database.Statement;
  private readonly loadClaimed: Database.Statement;
  private readonly finishJob: Database.Statement;
  private readonly retryJob: Database.Statement;
  private readonly insertTranscript: Database.Statement;
  private readonly bumpRun: Database.Statement;
  private readonly runState: Database.Statement;
  private readonly activeCount: Database.Statement;
  private readonly closeRun: Database.Statement;
  private readonly stampCompleted: Database.Statement;
  private readonly expiredJobs: Database.Statement;
  private readonly renew: Database.Statement;

  constructor(private readonly sqlite: Database.Database) {
    this.claimNext = sqlite.prepare(`
      SELECT j.id FROM jobs j JOIN runs r ON r.id = j.run_id
      WHERE j.status = 'pending' AND j.run_after <= @now AND r.status IN ('pending', 'running')
        AND j.provider_id NOT IN (SELECT value FROM json_each(@saturated))
      ORDER BY j.ordinal, r.created_at LIMIT 1`);
    this.markClaimed = sqlite.prepare(`
      UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = @owner,
        lease_expires_at = @leaseUntil, updated_at = @iso
      WHERE id = @id AND status = 'pending'`);
    this.startRun = sqlite.prepare(`
      UPDATE runs SET status = CASE WHEN status = 'pending' THEN 'running' ELSE status END,
        started_at = COALESCE(started_at, @iso) WHERE id = @runId`);
    this.loadClaimed = sqlite.prepare(`
      SELECT j.id, j.run_id AS runId, j.scenario_id AS scenarioId, j.model_key AS modelKey, j.provider_id AS providerId,
        j.model_id AS modelId, j.model_version AS modelVersion, j.attempts, j.max_attempts AS maxAttempts,
        r.snapshot_hash AS snapshotHash, r.config_json AS configJson, s.prompt
      FROM jobs j JOIN runs r ON r.id = j.run_id
      JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = j.scenario_id
      WHERE j.id = ?`);
    this.finishJob = sqlite.prepare(`
      UPDATE jobs SET status = @status, lease_owner = NULL, lease_expires_at = NULL, updated_at = @iso,
        last_error_json = COALESCE(@error, last_error_json),
        errors_json = CASE WHEN @error IS NULL THEN errors_json ELSE json_insert(errors_json, '$[#]', json(@error)) END
      WHERE id = @id AND status = 'running' AND lease_owner = @owner`);
    this.retryJob = sqlite.prepare(`
      UPDATE jobs SET status = 'pending', run_after = @runAfter, lease_owner = NULL, lease_expires_at = NULL,
        updated_at = @iso, last_error_json = @error, errors_json = json_insert(errors_json, '$[#]', json(@error))
      WHERE id = @id AND status = 'running' AND lease_owner = @owner`);
    this.insertTranscript = sqlite.prepare(`
      INSERT INTO transcripts (id, run_id, job_id, scenario_id, model_key, provider_id, model_id, model_version,
        reported_model_version, snapshot_hash, content, turns_json, turn_count, word_count, input_tokens, output_tokens,
        total_tokens, request_params_json, score, decision, parse_path, created_at, started_at, completed_at, duration_ms)
      VALUES (@id, @runId, @jobId, @scenarioId, @modelKey, @providerId, @modelId, @modelVersion, @reported, @snapshotHash,
        @content, @turnsJson, @turnCount, @wordCount, @inputTokens, @outputTokens, @totalTokens, @requestParamsJson,
        @score, @decision, @parsePath, @createdAt, @startedAt, @completedAt, @durationMs)`);
    this.bumpRun = sqlite.prepare(`
      UPDATE runs SET completed = completed + @completed, failed = failed + @failed, cancelled = cancelled + @cancelled
      WHERE id = @runId`);
    this.runState = sqlite.prepare(`SELECT status, completed, failed, cancelled, total FROM runs WHERE id = ?`);
    this.activeCount = sqlite.prepare(
      `SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status IN ('pending', 'running')`,
    );
    this.closeRun = sqlite.prepare(`
      UPDATE runs SET status = @status, completed_at = COALESCE(completed_at, @iso)
      WHERE id = @runId AND status IN ('pending', 'running', 'paused')`);
    this.stampCompleted = sqlite.prepare(
      `UPDATE runs SET completed_at = COALESCE(completed_at, @iso) WHERE id = @runId`,
    );
    this.expiredJobs = sqlite.prepare(`
      SELECT id, lease_owner AS owner, attempts, max_attempts AS maxAttempts FROM jobs WHERE status = 'running' AND lease_expires_at < @now`);
    this.renew = sqlite.prepare(`
      UPDATE jobs SET lease_expires_at = @leaseUntil WHERE status = 'running' AND lease_owner = @owner`);
  }

  /** Claims the next runnable job whose provider is not saturated; null when there is none. */
  claim(owner: string, now: number, leaseMs: number, saturatedProviders: string[]): ClaimedJob | null {
    return this.sqlite
      .transaction((): ClaimedJob | null => {
        const next = this.claimNext.get({ now, saturated: JSON.stringify(saturatedProviders) }) as
          { id: string } | undefined;
        if (!next) return null;
        const iso = new Date(now).toISOString();
        if (this.markClaimed.run({ id: next.id, owner, leaseUntil: now + leaseMs, iso }).changes !== 1) return null;
        const job = this.loadClaimed.get(next.id) as ClaimedJob;
        this.startRun.run({ runId: job.runId, iso });
        return job;
      })
      .immediate();
  }

  /** Records a finished job's transcript; false when this owner no longer holds the job (the result is dropped). */
  complete(job: ClaimedJob, owner: string, result: ProbeResult): boolean {
    return this.sqlite
      .transaction((): boolean => {
        const iso = new Date().toISOString();
        if (this.finishJob.run({ id: job.id, owner, status: 'completed', iso, error: null }).changes !== 1)
          return false;
        this.insertTranscript.run({
          id: newId('tr_'),
          runId: job.runId,
          jobId: job.id,
          scenarioId: job.scenarioId,
          modelKey: job.modelKey,
          providerId: job.providerId,
          modelId: job.modelId,
          modelVersion: job.modelVersion,
          reported: result.reportedModel,
          snapshotHash: job.snapshotHash,
          content: result.content,
          turnsJson: JSON.stringify(result.turns),
          turnCount: result.turns.length,
          wordCount: result.wordCount,
          inputTokens: result.usage.inputTokens,
          outputTokens: result.usage.outputTokens,
          totalTokens: result.usage.totalTokens,
          requestParamsJson: JSON.stringify(result.requestParams),
          score: result.decision.score,
          decision: result.decision.decision,
          parsePath: result.decision.parsePath,
          createdAt: iso,
          startedAt: result.startedAt,
          completedAt: result.completedAt,
          durationMs: Math.round(result.durationMs),
        });
        this.bumpRun.run({ runId: job.runId, completed: 1, failed: 0, cancelled: 0 });
        this.finalize(job.runId);
        return true;
      })
      .immediate();
  }

  /**
   * Records a failed attempt: back to pending at `retryAt` when it may be retried (cancelled if its run was cancelled
   * meanwhile), else failed for good. False when this owner no longer holds the job.
   */
  release(jobId: string, owner: string | null, error: JobError, retryAt: number | null): boolean {
    return this.sqlite
      .transaction((): boolean => {
        const row = this.sqlite
          .prepare(
            `SELECT j.run_id AS runId, r.status AS runStatus, j.lease_owner AS owner FROM jobs j JOIN runs r ON r.id = j.run_id WHERE j.id = ?`,
          )
          .get(jobId) as { runId: string; runStatus: string; owner: string | null } | undefined;
        if (!row) return false;
        const holder = owner ?? row.owner;
        const iso = new Date().toISOString();
        const errorJson = JSON.stringify(error);
        if (retryAt !== null && row.runStatus !== 'cancelled') {
          return (
            this.retryJob.run({ id: jobId, owner: holder, runAfter: retryAt, iso, error: errorJson }).changes === 1
          );
        }
        const status = retryAt !== null ? 'cancelled' : 'failed';
        if (this.finishJob.run({ id: jobId, owner: holder, status, iso, error: errorJson }).changes !== 1) return false;
        this.bumpRun.run({
          runId: row.runId,
          completed: 0,
          failed: status === 'failed' ? 1 : 0,
          cancelled: status === 'cancelled' ? 1 : 0,
        });
        this.finalize(row.runId);
        return true;
      })
      .immediate();
  }

  /**
   * Gives up on a job still in flight in a cancelled run (its request hangs): it counts as cancelled now and a late
   * answer is dropped. False when this owner no longer holds the job.
   */
  abandon(jobId: string, owner: string, runId: string): boolean {
    return this.sqlite
      .transaction((): boolean => {
        const iso = new Date().toISOString();
        const error = JSON.stringify({
          code: 'CANCELLED',
          message: 'The run was cancelled while this request was still unanswered',
          retryable: false,
          at: iso,
        });
        if (this.finishJob.run({ id: jobId, owner, status: 'cancelled', iso, error }).changes !== 1) return false;
        this.bumpRun.run({ runId, completed: 0, failed: 0, cancelled: 1 });
        this.finalize(runId);
        return true;
      })
      .immediate();
  }

  /** Closes a run once nothing of it is pending or running: completed, completed with errors, or failed. */
  finalize(runId: string): void {
    const active = (this.activeCount.get(runId) as { n: number }).n;
    if (active > 0) return;
    const run = this.runState.get(runId) as { status: string; completed: number; failed: number } | undefined;
    if (!run) return;
    const iso = new Date().toISOString();
    if (run.status === 'cancelled') {
      this.stampCompleted.run({ runId, iso });
      return;
    }
    const status: RunFinalStatus =
      run.failed === 0 ? 'completed' : run.completed === 0 ? 'failed' : 'completed_with_errors';
    this.closeRun.run({ runId, status, iso });
  }

  /** Jobs whose lease ran out (their owner died or hung), with the owner that held them. */
  expired(now: number): HeldJob[] {
    return this.expiredJobs.all({ now }) as HeldJob[];
  }

  /** Jobs held by owners for which `isDead` says yes: the boot-time recovery of a crash. */
  orphaned(isDead: (owner: string) => boolean): HeldJob[] {
    const rows = this.sqlite
      .prepare(
        `SELECT id, lease_owner AS owner, attempts, max_attempts AS maxAttempts FROM jobs WHERE status = 'running' AND lease_owner IS NOT NULL`,
      )
      .all() as HeldJob[];
    return rows.filter((row) => row.owner !== null && isDead(row.owner));
  }

  renewLeases(owner: string, leaseUntil: number): number {
    return this.renew.run({ owner, leaseUntil }).changes;
  }
}
