/**
 * Jobs as rows: claim in batches from an index in the claim's order, write each outcome (transcript, retry, failure) together with the run's
 * counters in another, hand back or abandon a job; its leases are in leases.ts.
 */
import { PROVIDER_IDS, type ProviderId } from '../../../shared/domain';
import type { ProbeResult, WorkerErrorShape } from '../python/protocol';
import { newId } from '../util/ids';
import { finalizeRun, markRunStarted } from './run-status';
import { immediate, many, one, write, type Sqlite } from './sql';
import { LeaseStore } from './leases';
import { insertTranscript } from './transcripts';

/** Which job, of which run, asks what of which model: what every reader of a job row for sending or storing needs. */
export interface JobIdentity {
  id: string;
  runId: string;
  scenarioId: string;
  modelKey: string;
  providerId: ProviderId;
  modelId: string;
  modelVersion: string | null;
}

export interface ClaimedJob extends JobIdentity {
  attempts: number;
  maxAttempts: number;
  snapshotHash: string;
  configJson: string;
  prompt: string;
  /** The scenario's counterbalancing labels (null: canonical, or not varied). */
  wording: string | null;
  scaleOrder: string | null;
}

export interface JobError extends WorkerErrorShape {
  at: string;
  attempt: number;
}

/**
 * The models with pending jobs in runs that may be claimed, oldest run first: a handful of rows from runs_status_idx and
 * the run_model_counts counters, so a turn asks jobs_pending_idx only for the providers that have work. Batch runs are
 * not claimed: their pending jobs go to provider batches (batches/), never one request each; unless the researcher
 * asked to finish the remainder in real time, when their jobs outside a batch chunk are claimed as any run's.
 */
const CLAIMABLE_MODELS = `SELECT r.id AS runId, c.model_key AS modelKey FROM runs r
  JOIN run_model_counts c ON c.run_id = r.id AND c.pending > 0
  WHERE r.status IN ('pending', 'running')
    AND (json_extract(r.config_json, '$.mode') IS NOT 'batch' OR json_extract(r.config_json, '$.finishRealtime') IS NOT NULL)
  ORDER BY r.created_at, r.id`;
/** The next pending jobs of one run and provider in ordinal order, straight from jobs_pending_idx (no sort). */
const NEXT_OF_RUN = `SELECT id, ordinal FROM jobs INDEXED BY jobs_pending_idx
  WHERE run_id = @runId AND provider_id = @providerId AND status = 'pending' AND run_after <= @now
    AND batch_chunk_id IS NULL
  ORDER BY ordinal LIMIT @limit`;
const MARK_CLAIMED = `UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_owner = @owner,
    lease_expires_at = @leaseUntil, updated_at = @iso
  WHERE id = @id AND status = 'pending'`;
const LOAD_CLAIMED = `SELECT j.id, j.run_id AS runId, j.scenario_id AS scenarioId, j.model_key AS modelKey,
    j.provider_id AS providerId, j.model_id AS modelId, j.model_version AS modelVersion, j.attempts,
    j.max_attempts AS maxAttempts, r.snapshot_hash AS snapshotHash, r.config_json AS configJson, s.prompt,
        s.wording, s.scale_order AS scaleOrder
  FROM jobs j JOIN runs r ON r.id = j.run_id
  JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = j.scenario_id
  WHERE j.id = ?`;
const FINISH_JOB = `UPDATE jobs SET status = @status, lease_owner = NULL, lease_expires_at = NULL, updated_at = @iso,
    last_error_json = COALESCE(@error, last_error_json),
    errors_json = CASE WHEN @error IS NULL THEN errors_json ELSE json_insert(errors_json, '$[#]', json(@error)) END
  WHERE id = @id AND status = 'running' AND lease_owner = @owner`;
const RETRY_JOB = `UPDATE jobs SET status = 'pending', run_after = @runAfter, lease_owner = NULL,
    lease_expires_at = NULL, updated_at = @iso, last_error_json = @error,
    errors_json = json_insert(errors_json, '$[#]', json(@error))
  WHERE id = @id AND status = 'running' AND lease_owner = @owner`;
const HAND_BACK = `UPDATE jobs SET status = 'pending', attempts = MAX(attempts - 1, 0), run_after = @now,
    lease_owner = NULL, lease_expires_at = NULL, updated_at = @iso,
    errors_json = json_insert(errors_json, '$[#]', json(@note))
  WHERE id = @id AND status = 'running' AND lease_owner IS @owner`;
const BUMP_RUN = `UPDATE runs SET completed = completed + @completed, failed = failed + @failed,
    cancelled = cancelled + @cancelled WHERE id = @runId`;

function byOrdinalThenRun(a: { ordinal: number; rank: number }, b: { ordinal: number; rank: number }): number {
  return a.ordinal - b.ordinal || a.rank - b.rank;
}

type FinishStatus = 'completed' | 'failed' | 'cancelled';

function finish(
  sqlite: Sqlite,
  id: string,
  owner: string | null,
  status: FinishStatus,
  iso: string,
  error: string | null,
) {
  return write(sqlite, FINISH_JOB, { id, owner, status, iso, error }) === 1;
}

function bump(sqlite: Sqlite, runId: string, outcome: FinishStatus): void {
  write(sqlite, BUMP_RUN, {
    runId,
    completed: outcome === 'completed' ? 1 : 0,
    failed: outcome === 'failed' ? 1 : 0,
    cancelled: outcome === 'cancelled' ? 1 : 0,
  });
}

type Tally = Record<FinishStatus, number>;

export class JobStore {
  /** While a turn runs: no savepoints; and while its outcomes are written, each run's tally of them. */
  private inTurn = false;
  private tally: Map<string, Tally> | null = null;

  /** Who holds each running job and until when (renewed, handed back, found expired or orphaned). */
  readonly leases: LeaseStore;

  constructor(private readonly sqlite: Sqlite) {
    this.leases = new LeaseStore(sqlite);
  }

  /**
   * One scheduler turn, inside the caller's transaction: `writes` (the outcomes) with the run counters they change
   * added up and written, and the runs closed if done, once per run; then `after` (the claims). No savepoint per job
   * or claim: a failure anywhere rolls back the caller's whole transaction, so one would only cost page copies.
   */
  turn<T>(writes: () => void, after: () => T): T {
    if (this.inTurn) throw new Error('JobStore.turn does not nest');
    const tally = new Map<string, Tally>();
    this.inTurn = true;
    this.tally = tally;
    try {
      writes();
      this.tally = null;
      for (const [runId, counts] of tally) {
        write(this.sqlite, BUMP_RUN, { runId, ...counts });
        finalizeRun(this.sqlite, runId);
      }
      return after();
    } finally {
      this.inTurn = false;
      this.tally = null;
    }
  }

  /** `work` in its own transaction (a savepoint inside another), or as part of the turn in progress. */
  private tx<T>(work: () => T): T {
    return this.inTurn ? work() : immediate(this.sqlite, work);
  }

  /** A finished outcome's run counter: now, or at the end of the batch in progress. */
  private account(runId: string, status: FinishStatus): void {
    if (!this.tally) {
      bump(this.sqlite, runId, status);
      finalizeRun(this.sqlite, runId);
      return;
    }
    let counts = this.tally.get(runId);
    if (!counts) {
      counts = { completed: 0, failed: 0, cancelled: 0 };
      this.tally.set(runId, counts);
    }
    counts[status] += 1;
  }

  /**
   * Claims the next runnable job whose provider is not saturated (of the runs `onlyRuns` names, when given); null when
   * there is none.
   */
  claim(
    owner: string,
    now: number,
    leaseMs: number,
    saturatedProviders: string[],
    onlyRuns: readonly string[] | null = null,
  ): ClaimedJob | null {
    const slots: Partial<Record<ProviderId, number>> = {};
    for (const id of PROVIDER_IDS) if (!saturatedProviders.includes(id)) slots[id] = 1;
    return this.claimBatch(owner, now, leaseMs, slots, 1, onlyRuns)[0] ?? null;
  }

  /**
   * Claims up to `slots[provider]` jobs per provider and `max` in all, lowest ordinal first across runs (older run
   * first on a tie), in one transaction (or inside the caller's). Each run and provider is read from
   * jobs_pending_idx in index order, so a claim costs the same at 2,000 or 200,000 pending jobs. With `onlyRuns`, only
   * those runs' jobs are claimed (a CLI `wait RUN` executes that run alone).
   */
  claimBatch(
    owner: string,
    now: number,
    leaseMs: number,
    slots: Partial<Record<ProviderId, number>>,
    max: number,
    onlyRuns: readonly string[] | null = null,
  ): ClaimedJob[] {
    const { sqlite } = this;
    const providers = (Object.entries(slots) as [ProviderId, number][]).filter(([, n]) => n > 0);
    if (max <= 0 || providers.length === 0) return [];
    return this.tx((): ClaimedJob[] => {
      // Each provider with free slots, and the runs (in age order) that have pending jobs for it.
      const runsOf = new Map<string, string[]>();
      const rankOf = new Map<string, number>();
      for (const { runId, modelKey } of many<{ runId: string; modelKey: string }>(sqlite, CLAIMABLE_MODELS)) {
        if (onlyRuns && !onlyRuns.includes(runId)) continue;
        if (!rankOf.has(runId)) rankOf.set(runId, rankOf.size);
        const providerId = modelKey.slice(0, modelKey.indexOf(':'));
        const runs = runsOf.get(providerId) ?? [];
        if (runs.at(-1) !== runId) runs.push(runId);
        runsOf.set(providerId, runs);
      }
      const chosen: { id: string; ordinal: number; rank: number }[] = [];
      for (const [providerId, limit] of providers) {
        const candidates: { id: string; ordinal: number; rank: number }[] = [];
        for (const runId of runsOf.get(providerId) ?? []) {
          const rank = rankOf.get(runId) ?? 0;
          for (const row of many<{ id: string; ordinal: number }>(sqlite, NEXT_OF_RUN, {
            runId,
            providerId,
            now,
            limit: Math.min(limit, max),
          }))
            candidates.push({ ...row, rank });
        }
        chosen.push(...candidates.sort(byOrdinalThenRun).slice(0, limit));
      }
      const iso = new Date(now).toISOString();
      const claimed: ClaimedJob[] = [];
      const started = new Set<string>();
      for (const next of chosen.sort(byOrdinalThenRun).slice(0, max)) {
        if (write(sqlite, MARK_CLAIMED, { id: next.id, owner, leaseUntil: now + leaseMs, iso }) !== 1) continue;
        const job = one<ClaimedJob>(sqlite, LOAD_CLAIMED, next.id)!;
        if (!started.has(job.runId)) markRunStarted(sqlite, job.runId, iso);
        started.add(job.runId);
        claimed.push(job);
      }
      return claimed;
    });
  }

  /** Records a finished job's transcript; false when this owner no longer holds the job (the result is dropped). */
  complete(job: ClaimedJob, owner: string, result: ProbeResult): boolean {
    const { sqlite } = this;
    return this.tx((): boolean => {
      const iso = new Date().toISOString();
      if (!finish(sqlite, job.id, owner, 'completed', iso, null)) return false;
      insertTranscript(sqlite, {
        id: newId('tr_'),
        runId: job.runId,
        jobId: job.id,
        scenarioId: job.scenarioId,
        modelKey: job.modelKey,
        providerId: job.providerId,
        modelId: job.modelId,
        modelVersion: job.modelVersion,
        reportedModelVersion: result.reportedModel,
        snapshotHash: job.snapshotHash,
        turnsJson: JSON.stringify(result.turns),
        truncated: result.truncated ?? false,
        notes: result.notes ?? [],
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
        wording: job.wording,
        scaleOrder: job.scaleOrder,
      });
      this.account(job.runId, 'completed');
      return true;
    });
  }

  /**
   * Records a failed attempt: back to pending at `retryAt` when it may be retried (cancelled if its run was cancelled
   * meanwhile), else failed for good. False when this owner no longer holds the job.
   */
  release(jobId: string, owner: string | null, error: JobError, retryAt: number | null): boolean {
    const { sqlite } = this;
    return this.tx((): boolean => {
      const row = one<{ runId: string; runStatus: string; owner: string | null }>(
        sqlite,
        `SELECT j.run_id AS runId, r.status AS runStatus, j.lease_owner AS owner
          FROM jobs j JOIN runs r ON r.id = j.run_id WHERE j.id = ?`,
        jobId,
      );
      if (!row) return false;
      const holder = owner ?? row.owner;
      const iso = new Date().toISOString();
      const errorJson = JSON.stringify(error);
      if (retryAt !== null && row.runStatus !== 'cancelled') {
        return write(sqlite, RETRY_JOB, { id: jobId, owner: holder, runAfter: retryAt, iso, error: errorJson }) === 1;
      }
      const status = retryAt !== null ? 'cancelled' : 'failed';
      if (!finish(sqlite, jobId, holder, status, iso, errorJson)) return false;
      this.account(row.runId, status);
      return true;
    });
  }

  /**
   * Hands a job back to the queue without charging it: an interruption that is not the provider's fault (a stop, a
   * crash of this machine's process, the pool closing under it). Pending again now with its attempt given back; the
   * interruption is noted in its history with `charged: false` (it is not a failed attempt). In a run cancelled
   * meanwhile it counts as cancelled instead. False when `owner` no longer holds the job.
   */
  handBack(jobId: string, owner: string | null, note: { code: string; message: string }): boolean {
    const { sqlite } = this;
    return this.tx((): boolean => {
      const row = one<{ runId: string; runStatus: string; attempts: number }>(
        sqlite,
        `SELECT j.run_id AS runId, r.status AS runStatus, j.attempts FROM jobs j JOIN runs r ON r.id = j.run_id
          WHERE j.id = ?`,
        jobId,
      );
      if (!row) return false;
      const now = Date.now();
      const iso = new Date(now).toISOString();
      const record = { ...note, retryable: true, charged: false, at: iso, attempt: row.attempts };
      if (row.runStatus === 'cancelled') {
        if (!finish(sqlite, jobId, owner, 'cancelled', iso, JSON.stringify(record))) return false;
        this.account(row.runId, 'cancelled');
        return true;
      }
      return write(sqlite, HAND_BACK, { id: jobId, owner, now, iso, note: JSON.stringify(record) }) === 1;
    });
  }

  /**
   * Gives up on a job still in flight in a cancelled run (its request hangs): it counts as cancelled now and a late
   * answer is dropped. False when this owner no longer holds the job.
   */
  abandon(jobId: string, owner: string, runId: string): boolean {
    const { sqlite } = this;
    return this.tx((): boolean => {
      const iso = new Date().toISOString();
      const error = JSON.stringify({
        code: 'CANCELLED',
        message: 'The run was cancelled while this request was still unanswered',
        retryable: false,
        at: iso,
      });
      if (!finish(sqlite, jobId, owner, 'cancelled', iso, error)) return false;
      this.account(runId, 'cancelled');
      return true;
    });
  }

  /** Closes a run once nothing of it is pending or running (see run-status.ts). */
  finalize(runId: string): void {
    finalizeRun(this.sqlite, runId);
  }
}
