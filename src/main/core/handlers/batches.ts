/**
 * Handlers for batch mode: the chunks of batch runs, a reconciliation pass on demand (the CLI's collect), and finishing
 * a batch run's remainder in real time (the scheduler is woken to send it now).
 */
import type { Handlers } from '../../../shared/ipc';
import type { BatchService } from '../batches/service';

export function batchHandlers(
  batches: BatchService,
  scheduler: { kick(): void },
): Pick<Handlers, 'batches.list' | 'batches.collect' | 'batches.finishRealtime'> {
  return {
    'batches.list': async ({ runId }) => batches.list(runId ?? null),
    'batches.collect': async ({ runId }) => batches.reconcile({ runId: runId ?? null, force: true }),
    'batches.finishRealtime': async ({ runId }) => {
      const done = batches.finishRealtime(runId);
      scheduler.kick();
      return done;
    },
  };
}
