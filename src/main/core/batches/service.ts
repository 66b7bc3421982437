/**
 * Batch mode's reconciler: one pass sends what batch runs have not sent (outbox first), moves every open chunk one
 * step further (upload, create or adopt, poll, collect) and records what failed with a backoff. It runs at start-up,
 * on a timer while the app runs, and from the CLI (`batches collect`): every step is guarded by the state it expects,
 * so passes in two processes at once neither lose nor double a result (a batch created twice is answered twice; the
 * first answer per job wins and the second is counted as a paid duplicate).
 */
import type { BatchChunkView, BatchReconcileReport } from '../../../shared/batch';
import { WorkerCallError } from '../python/protocol';
import { AppError } from '../../../shared/errors';
import {
  chunkById,
  chunksOf,
  closeChunk,
  markFinishRealtime,
  openChunks,
  recordProblem,
  type ChunkRow,
} from '../store/batch-chunks';
import { clearAdmission } from '../store/batch-queue';
import { collect, poll } from './collect';
import { pollDelayMs, uploadsInputFile, type BatchContext } from './context';
import { ChunkLeases, LeaseLost, type HeldLease } from './lease';
import { QueueGate, waitingChunks } from './queue';
import { create, planChunks, upload, withdraw } from './submit';
import { chunkViews } from './view';

export interface ReconcileRequest {
  /** Only this run's chunks (and only its jobs are sent). */
  runId?: string | null;
  /** Poll every submitted batch now, whatever its backoff says (the CLI's `batches collect`). */
  force?: boolean;
}

export class BatchService {
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private closed = false;
  private readonly leases: ChunkLeases;

  constructor(
    private readonly ctx: BatchContext,
    private readonly onChange: (runId: string) => void = () => undefined,
  ) {
    this.leases = new ChunkLeases(ctx.sqlite, ctx.options.leaseMs, ctx.logger);
  }

  /** Every chunk (of one run), newest first. */
  list(runId: string | null): BatchChunkView[] {
    const waits = waitingChunks(this.ctx.sqlite, this.ctx.options.maxEnqueuedTokens, this.leases);
    return chunkViews(this.ctx.sqlite, chunksOf(this.ctx.sqlite, runId), waits);
  }

  /** Chunks not yet collected (of one run): `batches collect --watch` waits until there are none. */
  openCount(runId: string | null): number {
    return openChunks(this.ctx.sqlite, runId).length;
  }

  /**
   * Finish the remainder in real time (a batch expired or failed partly done): the run's pending jobs outside a chunk
   * go to the real-time scheduler (the caller wakes it); chunks already committed are still collected. Answers how
   * many jobs that is now.
   */
  finishRealtime(runId: string): { runId: string; realtimeJobs: number } {
    const realtimeJobs = markFinishRealtime(this.ctx.sqlite, runId);
    if (realtimeJobs === null)
      throw new AppError('RUN_NOT_CONTROLLABLE', 'Only a batch run that has not ended can finish in real time.');
    this.ctx.logger.info('batch run finishes its remainder in real time', { runId, realtimeJobs });
    this.onChange(runId);
    return { runId, realtimeJobs };
  }

  /** One pass; passes in this process run one after another. */
  reconcile(request: ReconcileRequest = {}): Promise<BatchReconcileReport> {
    const next = this.chain.then(() => this.pass(request));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The app's timer: a pass now (start-up) and then every tickMs while it runs. */
  start(): void {
    if (this.timer || this.closed) return;
    const tick = (): void => {
      if (this.busy || this.closed) return;
      this.busy = true;
      this.reconcile()
        .catch((error: unknown) => this.ctx.logger.error('batch reconciliation failed', { error }))
        .finally(() => (this.busy = false));
    };
    this.timer = setInterval(tick, this.ctx.options.tickMs);
    this.timer.unref();
    tick();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.chain;
  }

  private async pass(request: ReconcileRequest): Promise<BatchReconcileReport> {
    const report: BatchReconcileReport = {
      submitted: 0,
      polled: 0,
      collected: 0,
      ingested: 0,
      duplicates: 0,
      requeued: 0,
      waiting: 0,
      errors: [],
    };
    const runId = request.runId ?? null;
    if (this.closed) return report;
    await this.ctx.pool.start();
    try {
      await planChunks(this.ctx, runId);
    } catch (error) {
      report.errors.push(`planning: ${(error as Error).message}`);
      this.ctx.logger.warn('could not plan batch chunks', { error });
    }
    const now = Date.now();
    const gate = new QueueGate(this.ctx.sqlite, this.ctx.options.maxEnqueuedTokens, this.leases);
    for (const listed of openChunks(this.ctx.sqlite, runId)) {
      if (this.closed) break;
      if (!request.force && listed.nextPollAt > now) continue;
      // Another process (the app, `batches collect`) may be at this chunk: only the lease holder talks to the provider.
      const lease = this.leases.take(listed.id);
      if (!lease) continue;
      try {
        // Read again under the lease: the last holder may have moved it on since it was listed.
        const chunk = chunkById(this.ctx.sqlite, listed.id);
        if (!chunk || chunk.state === 'collected' || chunk.state === 'failed') continue;
        if (!request.force && chunk.nextPollAt > now) continue;
        try {
          await this.step(chunk, report, lease, gate);
        } catch (error) {
          this.problem(chunk, error, report);
        }
      } finally {
        lease.release();
      }
      this.onChange(listed.runId);
    }
    return report;
  }

  /** Moves one chunk as far as it goes in this pass, making sure before each provider call that it still leases it. */
  private async step(chunk: ChunkRow, report: BatchReconcileReport, lease: HeldLease, gate: QueueGate): Promise<void> {
    lease.check();
    // Not sent while its run is paused (its place in the queue given back), nor while the provider's queue of its
    // model is too full: it stays in the outbox (jobs with it) for now. Admitted, it holds its place in the queue for
    // other processes until sent. A cancelled run's is withdrawn (adopted if the provider has it after all).
    if (chunk.state === 'outbox' || chunk.state === 'uploaded') {
      if (chunk.runStatus === 'paused') {
        if (chunk.admittedAt !== null) clearAdmission(this.ctx.sqlite, chunk.id);
        return;
      }
      if (chunk.runStatus === 'cancelled') await withdraw(this.ctx, chunk);
      else if (gate.admit(chunk) !== null) {
        report.waiting += 1;
        return;
      }
    }
    if (chunk.state === 'outbox' && uploadsInputFile(this.ctx.options, chunk)) await upload(this.ctx, chunk);
    if (chunk.state === 'outbox' || chunk.state === 'uploaded') {
      lease.check();
      await create(this.ctx, chunk);
      report.submitted += 1;
    }
    if (chunk.state === 'submitted') {
      lease.check();
      report.polled += 1;
      if (!(await poll(this.ctx, chunk))) return;
    }
    if (chunk.state === 'ended') {
      lease.check();
      const tally = await collect(this.ctx, chunk);
      report.collected += 1;
      report.ingested += tally.completed;
      report.duplicates += tally.duplicates;
      report.requeued += tally.requeued + tally.unanswered;
    }
  }

  /** A failed step: kept on the chunk and tried again later; a batch the provider refuses to take is given up. */
  private problem(chunk: ChunkRow, error: unknown, report: BatchReconcileReport): void {
    if (error instanceof LeaseLost) {
      this.ctx.logger.warn('batch step stopped: another process took the chunk over', { chunkId: chunk.id });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    report.errors.push(`chunk ${chunk.chunkNo} of run ${chunk.runId}: ${message}`);
    this.ctx.logger.warn('batch step failed', { chunkId: chunk.id, state: chunk.state, error });
    const refused = error instanceof WorkerCallError && !error.retryable && error.code !== 'WORKER_CRASHED';
    if (refused && (chunk.state === 'outbox' || chunk.state === 'uploaded')) {
      closeChunk(this.ctx.sqlite, chunk.id, 'failed', `The provider refused the batch: ${message}`);
      return;
    }
    const failures = chunk.pollFailures + 1;
    const wait = Math.min(this.ctx.options.maxPollMs, this.ctx.options.minPollMs * 2 ** Math.min(failures, 10));
    recordProblem(
      this.ctx.sqlite,
      chunk.id,
      JSON.stringify({ code: error instanceof WorkerCallError ? error.code : 'BATCH_STEP_FAILED', message }),
      Date.now() + Math.max(wait, pollDelayMs(this.ctx.options, 0)),
    );
  }
}
