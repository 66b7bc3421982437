/**
 * The rows behind the provider's enqueued-token queue (batches/queue.ts decides what they mean): the chunks that hold
 * a place in it (submitted and not ended, or admitted and not yet submitted), the refusals for its limit, and the
 * admission itself: the check and the durable "admitted" mark in one IMMEDIATE transaction, so of two processes (the
 * app and `valuerank batches collect`) admitting at once, the second sees the first's chunk in the queue.
 */
import { QUEUE_FULL_CODE } from './batch-chunks';
import { immediate, many, write, type Sqlite } from './sql';

/** A chunk that holds (or held) a place in its provider's queue. */
export interface QueuedChunk {
  id: string;
  modelKey: string;
  /** Estimated input tokens (request bytes / 4 for a chunk written before they were recorded). */
  tokens: number;
  state: 'submitted' | 'outbox' | 'uploaded';
  submittedAt: string | null;
  /** The chunk's lease: an admitted chunk's place is kept while its holder lives (or gave the lease back). */
  leaseOwner: string | null;
  leaseUntil: number | null;
}

/** The provider's chunks submitted and not ended, and its unsent chunks marked admitted (any run, any model). */
export function queuedChunks(sqlite: Sqlite, providerId: string): QueuedChunk[] {
  return many<QueuedChunk>(
    sqlite,
    `SELECT id, model_key AS modelKey, COALESCE(est_input_tokens, request_bytes / 4) AS tokens, state,
        submitted_at AS submittedAt, lease_owner AS leaseOwner, lease_until AS leaseUntil
      FROM batch_chunks
      WHERE provider_id = ? AND (state = 'submitted' OR (state IN ('outbox', 'uploaded') AND admitted_at IS NOT NULL))`,
    providerId,
  );
}

/** Model keys of the provider's chunks it failed for its queue limit, ended at or after `since` (ISO). */
export function queueRefusals(sqlite: Sqlite, providerId: string, since: string): string[] {
  return many<{ modelKey: string }>(
    sqlite,
    `SELECT DISTINCT model_key AS modelKey FROM batch_chunks WHERE provider_id = ? AND state = 'failed'
      AND json_extract(last_error_json, '$.code') = ? AND collected_at >= ?`,
    providerId,
    QUEUE_FULL_CODE,
    since,
  ).map((r) => r.modelKey);
}

/**
 * One admission, atomic across processes: `decide` reads the queue (null: the chunk may go, else why it waits) and the
 * chunk's mark is set (or cleared) in the same IMMEDIATE transaction. `held` is false when the chunk is no longer
 * unsent under this owner's lease (another process took it over, or moved it on): nothing is marked then.
 */
export function admitChunk(
  sqlite: Sqlite,
  chunkId: string,
  owner: string,
  decide: () => string | null,
): { why: string | null; held: boolean } {
  return immediate(sqlite, () => {
    const why = decide();
    const held =
      write(
        sqlite,
        `UPDATE batch_chunks SET admitted_at = @at
          WHERE id = @chunkId AND lease_owner = @owner AND state IN ('outbox', 'uploaded')`,
        { chunkId, owner, at: why === null ? Date.now() : null },
      ) === 1;
    return { why, held };
  });
}

/** The chunk gives its place in the queue back (its run was paused before it was sent). */
export function clearAdmission(sqlite: Sqlite, chunkId: string): void {
  write(sqlite, `UPDATE batch_chunks SET admitted_at = NULL WHERE id = ? AND admitted_at IS NOT NULL`, chunkId);
}
