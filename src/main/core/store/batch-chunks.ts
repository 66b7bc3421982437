/**
 * Batch mode's outbox rows: which batch runs have jobs to send, a chunk and its jobs committed together before any
 * network call, then each step the provider confirmed (file id, batch id, its status) in its own commit, every write
 * guarded by the state it expects so two processes reconciling at once cannot both move a chunk.
 */
import type { BatchChunkState } from '../../../shared/batch';
import type { ProviderId } from '../../../shared/domain';
import type { ClaimedJob } from './jobs';
import { markRunStarted } from './run-status';
import { immediate, many, one, write, type Sqlite } from './sql';

export interface ChunkRow {
  id: string;
  runId: string;
  providerId: ProviderId;
  modelKey: string;
  chunkNo: number;
  state: BatchChunkState;
  requestHash: string;
  requestCount: number;
  requestBytes: number;
  inputFileId: string | null;
  batchId: string | null;
  providerStatus: string | null;
  viewJson: string | null;
  cancelRequested: number;
  succeeded: number;
  errored: number;
  expired: number;
  cancelled: number;
  duplicates: number;
  inputTokens: number;
  outputTokens: number;
  duplicateInputTokens: number;
  duplicateOutputTokens: number;
  outputOffset: number;
  errorOffset: number;
  estimatedCostUsd: number | null;
  /** Estimated input tokens (request_bytes / 4 for a chunk written before they were recorded). */
  estInputTokens: number;
  nextPollAt: number;
  pollFailures: number;
  lastErrorJson: string | null;
  createdAt: string;
  submittedAt: string | null;
  endedAt: string | null;
  collectedAt: string | null;
  /** When the chunk was admitted to its provider queue (epoch ms; batches/queue.ts); null while it waits or once closed. */
  admittedAt: number | null;
  /** The run's status (joined): a cancelled run's submitted chunks are cancelled at the provider. */
  runStatus: string;
}

/**
 * A chunk's estimated input tokens; a chunk written before they were recorded counts its request file's bytes / 4: the
 * file holds every message character plus the JSON around them, so this errs high (a chunk waits a little longer for
 * the provider's queue rather than being refused by it).
 */
const EST_TOKENS = `COALESCE(c.est_input_tokens, c.request_bytes / 4)`;

/** Why a chunk failed when the provider refused it for its model's enqueued-token queue (not the researcher's fault). */
export const QUEUE_FULL_CODE = 'BATCH_QUEUE_FULL';

const CHUNK_COLUMNS = `c.id, c.run_id AS runId, c.provider_id AS providerId, c.model_key AS modelKey,
  c.chunk_no AS chunkNo, c.state, c.request_hash AS requestHash, c.request_count AS requestCount,
  c.request_bytes AS requestBytes, c.input_file_id AS inputFileId, c.batch_id AS batchId,
  c.provider_status AS providerStatus, c.view_json AS viewJson, c.cancel_requested AS cancelRequested, c.succeeded,
  c.errored, c.expired, c.cancelled, c.duplicates, c.input_tokens AS inputTokens, c.output_tokens AS outputTokens,
  c.duplicate_input_tokens AS duplicateInputTokens, c.duplicate_output_tokens AS duplicateOutputTokens,
  c.output_offset AS outputOffset, c.error_offset AS errorOffset, c.estimated_cost_usd AS estimatedCostUsd,
  ${EST_TOKENS} AS estInputTokens, c.next_poll_at AS nextPollAt, c.poll_failures AS pollFailures, c.last_error_json AS lastErrorJson,
  c.created_at AS createdAt, c.submitted_at AS submittedAt, c.ended_at AS endedAt, c.collected_at AS collectedAt,
  c.admitted_at AS admittedAt, r.status AS runStatus`;

/**
 * Runs in batch mode that may send more (pending or running, not paused, not finishing in real time), with each model
 * that has pending jobs.
 */
export function batchModelsWithWork(sqlite: Sqlite): { runId: string; modelKey: string }[] {
  return many(
    sqlite,
    `SELECT r.id AS runId, c.model_key AS modelKey FROM runs r
      JOIN run_model_counts c ON c.run_id = r.id AND c.pending > 0
      WHERE r.status IN ('pending', 'running') AND json_extract(r.config_json, '$.mode') = 'batch'
        AND json_extract(r.config_json, '$.finishRealtime') IS NULL
      ORDER BY r.created_at, r.id, c.model_key`,
  );
}

/** Pending jobs of one run and model not yet in a chunk, in claim order (as the real-time claim would send them). */
export function unchunkedJobs(sqlite: Sqlite, runId: string, modelKey: string, limit: number): ClaimedJob[] {
  return many<ClaimedJob>(
    sqlite,
    `SELECT j.id, j.run_id AS runId, j.scenario_id AS scenarioId, j.model_key AS modelKey,
        j.provider_id AS providerId, j.model_id AS modelId, j.model_version AS modelVersion, j.attempts,
        j.max_attempts AS maxAttempts, r.snapshot_hash AS snapshotHash, r.config_json AS configJson, s.prompt,
        s.wording, s.scale_order AS scaleOrder
      FROM jobs j INDEXED BY jobs_pending_idx JOIN runs r ON r.id = j.run_id
      JOIN scenarios s ON s.definition_id = r.definition_id AND s.id = j.scenario_id
      WHERE j.run_id = @runId AND j.provider_id = @providerId AND j.status = 'pending' AND j.model_key = @modelKey
        AND j.batch_chunk_id IS NULL
      ORDER BY j.ordinal LIMIT @limit`,
    { runId, providerId: modelKey.slice(0, modelKey.indexOf(':')), modelKey, limit },
  );
}

/**
 * Chunks of this run and model the provider refused (a batch that failed validation is not sent again and again); one
 * refused because the provider's queue was full does not count: it is sent again once earlier batches end.
 */
export function failedChunkCount(sqlite: Sqlite, runId: string, modelKey: string): number {
  return (
    one<{ n: number }>(
      sqlite,
      `SELECT count(*) AS n FROM batch_chunks WHERE run_id = ? AND model_key = ? AND state = 'failed'
        AND json_extract(last_error_json, '$.code') IS NOT ?`,
      runId,
      modelKey,
      QUEUE_FULL_CODE,
    )?.n ?? 0
  );
}

export interface NewChunk {
  id: string;
  runId: string;
  providerId: ProviderId;
  modelKey: string;
  requestHash: string;
  requestCount: number;
  requestBytes: number;
  estimatedCostUsd: number | null;
  /** Estimated input tokens (absent: unknown, counted as request bytes / 4). */
  estInputTokens?: number;
}

/** The number the run's next chunk takes (its request ids carry it). */
export function nextChunkNo(sqlite: Sqlite, runId: string): number {
  return one<{ n: number }>(
    sqlite,
    `SELECT COALESCE(MAX(chunk_no), 0) + 1 AS n FROM batch_chunks WHERE run_id = ?`,
    runId,
  )!.n;
}

/**
 * The outbox commit: the chunk row and its jobs' `batch_chunk_id`, together, before any network call. Throws
 * StaleChunk (nothing written) when one of the jobs is no longer pending and unchunked (another process took it, the
 * run was cancelled meanwhile); a chunk number another process took first fails on the unique index.
 */
export function insertChunk(sqlite: Sqlite, chunk: NewChunk, jobIds: readonly string[], chunkNo: number): void {
  immediate(sqlite, () => {
    const iso = new Date().toISOString();
    write(
      sqlite,
      `INSERT INTO batch_chunks (id, run_id, provider_id, model_key, chunk_no, state, request_hash, request_count,
        request_bytes, estimated_cost_usd, est_input_tokens, created_at, updated_at)
        VALUES (@id, @runId, @providerId, @modelKey, @chunkNo, 'outbox', @requestHash, @requestCount, @requestBytes,
        @estimatedCostUsd, @estInputTokens, @iso, @iso)`,
      { ...chunk, estInputTokens: chunk.estInputTokens ?? null, chunkNo, iso },
    );
    const moved = write(
      sqlite,
      `UPDATE jobs SET batch_chunk_id = @chunkId, updated_at = @iso
        WHERE id IN (SELECT value FROM json_each(@ids)) AND status = 'pending' AND batch_chunk_id IS NULL
          AND run_id = @runId`,
      { chunkId: chunk.id, iso, ids: JSON.stringify(jobIds), runId: chunk.runId },
    );
    if (moved !== jobIds.length) throw new StaleChunk();
    markRunStarted(sqlite, chunk.runId, iso);
  });
}

/** Thrown inside a transaction to roll it back: the rows it expected changed under it. */
export class StaleChunk extends Error {
  constructor() {
    super('the chunk changed under this process');
    this.name = 'StaleChunk';
  }
}

/** Chunks not yet collected (of one run, when given), oldest first. */
export function openChunks(sqlite: Sqlite, runId: string | null): ChunkRow[] {
  return many<ChunkRow>(
    sqlite,
    `SELECT ${CHUNK_COLUMNS} FROM batch_chunks c JOIN runs r ON r.id = c.run_id
      WHERE c.state IN ('outbox', 'uploaded', 'submitted', 'ended') AND (@runId IS NULL OR c.run_id = @runId)
      ORDER BY c.created_at, c.chunk_no`,
    { runId },
  );
}

/** Every chunk (of one run, when given), for the run page and `batches status`. */
export function chunksOf(sqlite: Sqlite, runId: string | null): ChunkRow[] {
  return many<ChunkRow>(
    sqlite,
    `SELECT ${CHUNK_COLUMNS} FROM batch_chunks c JOIN runs r ON r.id = c.run_id
      WHERE (@runId IS NULL OR c.run_id = @runId) ORDER BY c.created_at DESC, c.chunk_no DESC LIMIT 1000`,
    { runId },
  );
}

export function chunkById(sqlite: Sqlite, id: string): ChunkRow | undefined {
  return one<ChunkRow>(
    sqlite,
    `SELECT ${CHUNK_COLUMNS} FROM batch_chunks c JOIN runs r ON r.id = c.run_id WHERE c.id = ?`,
    id,
  );
}

/** Batch ids already recorded for a provider (an adoption by time and size never takes one twice). */
export function recordedBatchIds(sqlite: Sqlite, providerId: string): Set<string> {
  const rows = many<{ id: string }>(
    sqlite,
    `SELECT batch_id AS id FROM batch_chunks WHERE provider_id = ? AND batch_id IS NOT NULL`,
    providerId,
  );
  return new Set(rows.map((r) => r.id));
}

function move(sqlite: Sqlite, id: string, from: readonly BatchChunkState[], set: string, params: object): boolean {
  return (
    write(
      sqlite,
      `UPDATE batch_chunks SET ${set}, updated_at = @iso
        WHERE id = @id AND state IN (SELECT value FROM json_each(@from))`,
      { ...params, id, from: JSON.stringify(from), iso: new Date().toISOString() },
    ) === 1
  );
}

/** The provider has the chunk's file (uploaded now, or found again by its name). */
export function recordUploaded(sqlite: Sqlite, id: string, fileId: string): boolean {
  return move(sqlite, id, ['outbox'], `state = 'uploaded', input_file_id = @fileId, last_error_json = NULL`, {
    fileId,
  });
}

/** The provider has the batch (created now, or adopted). */
export function recordSubmitted(sqlite: Sqlite, id: string, batchId: string, status: string, view: string): boolean {
  return move(
    sqlite,
    id,
    ['outbox', 'uploaded'],
    `state = 'submitted', batch_id = @batchId, provider_status = @status, view_json = @view, submitted_at = @iso,
      last_error_json = NULL, poll_failures = 0`,
    { batchId, status, view },
  );
}

/** What a poll saw; `ended` moves the chunk on to collection. */
export function recordPoll(
  sqlite: Sqlite,
  id: string,
  seen: { status: string; view: string; ended: boolean; nextPollAt: number },
): boolean {
  return move(
    sqlite,
    id,
    ['submitted'],
    `provider_status = @status, view_json = @view, next_poll_at = @nextPollAt, poll_failures = 0,
      last_error_json = NULL, state = CASE WHEN @ended THEN 'ended' ELSE state END,
      ended_at = CASE WHEN @ended THEN @iso ELSE ended_at END`,
    { ...seen, ended: seen.ended ? 1 : 0 },
  );
}

/** A step that failed (network, provider): kept with the chunk, tried again after `nextPollAt`. */
export function recordProblem(sqlite: Sqlite, id: string, error: string, nextPollAt: number): void {
  write(
    sqlite,
    `UPDATE batch_chunks SET last_error_json = @error, poll_failures = poll_failures + 1, next_poll_at = @nextPollAt,
      updated_at = @iso WHERE id = @id`,
    { id, error, nextPollAt, iso: new Date().toISOString() },
  );
}

/** The cancel was sent to the provider (what it finishes anyway is still collected). */
export function recordCancelSent(sqlite: Sqlite, id: string): void {
  write(
    sqlite,
    `UPDATE batch_chunks SET cancel_requested = 2, updated_at = ? WHERE id = ?`,
    new Date().toISOString(),
    id,
  );
}

const NOTE_BACK = `json_insert(errors_json, '$[#]', json(@note))`;

/**
 * Closes a chunk: its jobs that got no answer (expired, cancelled, never in the results) go back to the queue
 * unchunked, without using an attempt (a note in their history says why); `failed` when the provider refused the
 * batch (`code`, when given, is kept as its last error: QUEUE_FULL_CODE). Returns how many jobs went back.
 */
export function closeChunk(
  sqlite: Sqlite,
  id: string,
  state: 'collected' | 'failed',
  why: string,
  code: string | null = null,
): number {
  return immediate(sqlite, () => {
    const iso = new Date().toISOString();
    const note = JSON.stringify({ code: 'BATCH_UNANSWERED', message: why, retryable: true, charged: false, at: iso });
    const back = write(
      sqlite,
      `UPDATE jobs SET batch_chunk_id = NULL, updated_at = @iso, errors_json = ${NOTE_BACK}
        WHERE batch_chunk_id = @id AND status = 'pending'`,
      { id, iso, note },
    );
    write(
      sqlite,
      `UPDATE batch_chunks SET state = @state, collected_at = @iso, updated_at = @iso, admitted_at = NULL,
          last_error_json = CASE WHEN @code IS NULL THEN last_error_json
            ELSE json_object('code', @code, 'message', @why) END
        WHERE id = @id AND state IN ('outbox', 'uploaded', 'submitted', 'ended')`,
      { id, state, iso, code, why },
    );
    return back;
  });
}

/**
 * Finish the remainder in real time: marks a batch run (pending, running or paused) so its pending jobs outside a
 * chunk are claimed by the real-time scheduler and no new chunk is made; jobs in a chunk already committed stay with
 * that batch (the provider may have it: sending them again would pay twice), and what it leaves unanswered comes back
 * to the queue and is sent in real time too. Answers how many jobs are outside a chunk now, or null when the run is
 * not such a batch run (missing, real time, finished or cancelled).
 */
export function markFinishRealtime(sqlite: Sqlite, runId: string): number | null {
  return immediate(sqlite, () => {
    const iso = new Date().toISOString();
    const marked = write(
      sqlite,
      `UPDATE runs SET config_json = json_set(config_json, '$.finishRealtime', COALESCE(json_extract(config_json,
          '$.finishRealtime'), @iso))
        WHERE id = @runId AND json_extract(config_json, '$.mode') = 'batch'
          AND status IN ('pending', 'running', 'paused')`,
      { runId, iso },
    );
    if (marked === 0) return null;
    return one<{ n: number }>(
      sqlite,
      `SELECT count(*) AS n FROM jobs WHERE run_id = ? AND status = 'pending' AND batch_chunk_id IS NULL`,
      runId,
    )!.n;
  });
}
