/** Handlers for batch mode: the chunks of batch runs, and a reconciliation pass on demand (the CLI's collect). */
import type { Handlers } from '../../../shared/ipc';
import type { BatchService } from '../batches/service';

export function batchHandlers(batches: BatchService): Pick<Handlers, 'batches.list' | 'batches.collect'> {
  return {
    'batches.list': async ({ runId }) => batches.list(runId ?? null),
    'batches.collect': async ({ runId }) => batches.reconcile({ runId: runId ?? null, force: true }),
  };
}
