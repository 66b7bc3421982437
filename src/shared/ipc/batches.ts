/**
 * Routes `batches.*`: provider batches of batch-mode runs, shown per chunk, collected on demand, and a batch run's
 * remainder finished in real time.
 */
import { z } from 'zod';
import type { BatchChunkView, BatchFinishRealtime, BatchReconcileReport } from '../batch';
import { defineRoute, idSchema } from './define-route';

export const batchRoutes = {
  /** Every chunk (of one run when given), newest first: state, counts, age, expiry, estimated and actual cost. */
  'batches.list': defineRoute<BatchChunkView[]>()(() => z.object({ runId: idSchema.optional() })),
  /**
   * One reconciliation pass now (of one run when given): sends what is not sent, polls every open batch whatever its
   * backoff, collects what ended. Answers what it did.
   */
  'batches.collect': defineRoute<BatchReconcileReport>()(() => z.object({ runId: idSchema.optional() })),
  /**
   * Finish a batch run's remainder in real time: its pending jobs outside a batch already committed are sent now, one
   * request each (tier realtime); committed batches are still collected and what they leave unanswered follows.
   */
  'batches.finishRealtime': defineRoute<BatchFinishRealtime>()(() => z.object({ runId: idSchema })),
} as const;
