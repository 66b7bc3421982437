/** A chunk row as the run page and `batches status` show it: counts, times, estimated and actual cost at batch prices. */
import type { BatchChunkView } from '../../../shared/batch';
import { costOf, type PriceBasis } from '../../../shared/prices';
import { QUEUE_FULL_CODE, type ChunkRow } from '../store/batch-chunks';
import { runConfigOf } from '../store/run-config';
import type { Sqlite } from '../store/sql';

function iso(seconds: unknown): string | null {
  return typeof seconds === 'number' && seconds > 0 ? new Date(seconds * 1000).toISOString() : null;
}

function errorCode(json: string | null): unknown {
  try {
    return json ? (JSON.parse(json) as { code?: unknown }).code : undefined;
  } catch {
    return undefined;
  }
}

function errorText(json: string | null): string | null {
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : json;
  } catch {
    return json;
  }
}

/** The views of these chunks (`waits`: why unsent ones wait, batches/queue.ts); each run's prices are read once. */
export function chunkViews(
  sqlite: Sqlite,
  rows: readonly ChunkRow[],
  waits: ReadonlyMap<string, string> = new Map(),
): BatchChunkView[] {
  const bases = new Map<string, Map<string, PriceBasis>>();
  const basisOf = (runId: string, modelKey: string): PriceBasis => {
    let prices = bases.get(runId);
    if (!prices) {
      prices = new Map((runConfigOf(sqlite, runId)?.prices ?? []).map((p) => [p.modelKey, p.basis]));
      bases.set(runId, prices);
    }
    return prices.get(modelKey) ?? { kind: 'none' };
  };
  return rows.map((row) => {
    const view = row.viewJson ? (JSON.parse(row.viewJson) as { expiresAt?: unknown }) : {};
    return {
      id: row.id,
      runId: row.runId,
      chunkNo: row.chunkNo,
      providerId: row.providerId,
      modelKey: row.modelKey,
      state: row.state,
      providerStatus: row.providerStatus,
      batchId: row.batchId,
      requests: row.requestCount,
      succeeded: row.succeeded,
      errored: row.errored,
      expired: row.expired,
      cancelled: row.cancelled,
      duplicates: row.duplicates,
      cancelRequested: row.cancelRequested > 0,
      createdAt: row.createdAt,
      submittedAt: row.submittedAt,
      expiresAt: iso(view.expiresAt),
      endedAt: row.endedAt,
      collectedAt: row.collectedAt,
      estimatedCostUsd: row.estimatedCostUsd,
      actualCostUsd: costOf(row.inputTokens, row.outputTokens, basisOf(row.runId, row.modelKey)),
      lastError: errorText(row.lastErrorJson),
      estimatedInputTokens: row.estInputTokens,
      waiting: waits.get(row.id) ?? null,
      queueRefused: row.state === 'failed' && errorCode(row.lastErrorJson) === QUEUE_FULL_CODE,
    };
  });
}
