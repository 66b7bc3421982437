/**
 * A run's provider batches as the run page reads them (polled while one is still open at the provider), and the mixed
 * finish: a batch run's remainder sent in real time.
 */
import type { BatchChunkView } from '@shared/batch';
import { useMutation, type Mutation } from '../hooks/useMutation';
import { useRoute, type RouteResult } from '../hooks/useRoute';
import type { Loadable } from '../stores/loadable';
import { RUN_POLL_INTERVAL_MS } from './runs';

function anyOpen(entry: Loadable<BatchChunkView[]>): boolean {
  return entry.data?.some((c) => c.state !== 'collected' && c.state !== 'failed') ?? true;
}

/**
 * `live`: the run still has jobs to do, so a collection pass may plan, submit or collect a chunk of it. The list is
 * read again on the run's progress events (each chunk a collection pass moves emits one), and polled while a batch is
 * open or the run is live (a browser session gets no pushed events).
 */
export function useRunBatches(runId: string, live = false): RouteResult<'batches.list'> {
  return useRoute(
    'batches.list',
    { runId },
    { pollMs: RUN_POLL_INTERVAL_MS, pollWhile: (entry) => live || anyOpen(entry), progressOf: runId },
  );
}

/** Sends a batch run's remainder in real time; the run and its batches are read again. */
export function useFinishRealtime(): Mutation<'batches.finishRealtime'> {
  return useMutation('batches.finishRealtime', { refreshes: ['batches.list', 'runs.get'] });
}

/**
 * A batch ended partly done (expired requests, or a batch the provider refused): the remainder may go in real time. A
 * batch refused only because the provider's queue was full is not one: its requests go again automatically.
 */
export function endedPartlyDone(chunks: readonly BatchChunkView[]): boolean {
  return chunks.some((c) => (c.state === 'failed' && !c.queueRefused) || (c.state === 'collected' && c.expired > 0));
}
