/**
 * The provider's enqueued-token queue of one model as this data folder sees it: the chunks of that model (any run)
 * submitted at the provider and not yet ended, and whether the provider refused a batch for its queue limit while
 * some of them were already enqueued.
 */
import { QUEUE_FULL_CODE } from './batch-chunks';
import { one, type Sqlite } from './sql';

export interface ProviderQueue {
  /** Estimated input tokens of the model's submitted, not yet ended chunks. */
  inUse: number;
  /** How many such chunks. */
  enqueued: number;
  /**
   * The provider refused a batch of this model for its queue limit while one of these chunks was already enqueued:
   * the next waits until those have ended, whatever the estimate says (the account's real quota is lower).
   */
  refusedSince: boolean;
}

export function providerQueue(sqlite: Sqlite, modelKey: string): ProviderQueue {
  const row = one<{ inUse: number; enqueued: number; oldest: string | null }>(
    sqlite,
    `SELECT COALESCE(SUM(COALESCE(est_input_tokens, request_bytes / 4)), 0) AS inUse, count(*) AS enqueued,
        MIN(submitted_at) AS oldest
      FROM batch_chunks WHERE state = 'submitted' AND model_key = ?`,
    modelKey,
  );
  const queue = { inUse: row?.inUse ?? 0, enqueued: row?.enqueued ?? 0, refusedSince: false };
  if (!row?.oldest) return queue;
  queue.refusedSince =
    one(
      sqlite,
      `SELECT 1 AS refused FROM batch_chunks WHERE state = 'failed' AND model_key = ?
        AND json_extract(last_error_json, '$.code') = ? AND collected_at >= ? LIMIT 1`,
      modelKey,
      QUEUE_FULL_CODE,
      row.oldest,
    ) !== undefined;
  return queue;
}
