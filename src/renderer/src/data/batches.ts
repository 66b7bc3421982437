/** A run's provider batches as the run page reads them: polled while one is still open at the provider. */
import type { BatchChunkView } from '@shared/batch';
import { useRoute, type RouteResult } from '../hooks/useRoute';
import type { Loadable } from '../stores/loadable';
import { RUN_POLL_INTERVAL_MS } from './runs';

function anyOpen(entry: Loadable<BatchChunkView[]>): boolean {
  return entry.data?.some((c) => c.state !== 'collected' && c.state !== 'failed') ?? true;
}

export function useRunBatches(runId: string): RouteResult<'batches.list'> {
  return useRoute('batches.list', { runId }, { pollMs: RUN_POLL_INTERVAL_MS, pollWhile: anyOpen, progressOf: runId });
}
