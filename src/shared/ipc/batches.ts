/** Routes `batches.*`: provider batches of batch-mode runs, shown per chunk, and collected on demand. */
import { z } from 'zod';
import type { BatchChunkView, BatchReconcileReport } from '../batch';
import { defineRoute, idSchema } from './define-route';

export const batchRoutes = {
  /** Every chunk (of one run when given), newest first: state, counts, age, expiry, estimated and actual cost. */
  'batches.list': defineRoute<BatchChunkView[]>()(() => z.object({ runId: idSchema.optional() })),
  /**
   * One reconciliation pass now (of one run when given): sends what is not sent, polls every open batch whatever its
   * backoff, collects what ended. Answers what it did.
   */
  'batches.collect': defineRoute<BatchReconcileReport>()(() => z.object({ runId: idSchema.optional() })),
} as const;
