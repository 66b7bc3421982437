/**
 * What a scheduler does about jobs other owners left in flight: an owner on this machine whose process is gone was
 * interrupted (the job goes back uncharged); a lease that ran out under a hung owner, or one on another machine,
 * counts as an attempt. Also abandons hung jobs of cancelled runs.
 */
import { hostname } from 'node:os';
import type { JobError, JobStore } from '../store/jobs';
import type { HeldJob } from '../store/leases';
import type { Logger } from '../util/logger';
import { processAlive } from '../util/process-owner';
import type { CancelWatch } from './cancel-watch';

const INTERRUPTED = { code: 'INTERRUPTED', message: 'The app stopped while this job was running' };

export class Recovery {
  constructor(
    private readonly store: JobStore,
    private readonly owner: string,
    private readonly logger: Logger,
  ) {}

  /** Boot recovery: jobs held by a dead process on this machine go back now, not when their lease runs out. */
  orphans(): void {
    const orphans = this.store.leases.orphaned((owner) => this.deadLocalOwner(owner));
    for (const job of orphans) this.handBack(job);
    if (orphans.length > 0) this.logger.info('recovered interrupted jobs', { count: orphans.length });
  }

  /** Requeues what dead or hung owners left in flight, and abandons hung jobs of cancelled runs. */
  expired(now: number, cancelWatch: CancelWatch): void {
    for (const job of this.store.leases.expired(now)) {
      if (job.owner !== null && this.deadLocalOwner(job.owner)) this.handBack(job);
      else this.requeue(job, 'LEASE_EXPIRED', 'The process running this job stopped answering');
    }
    cancelWatch.check(now, (jobId, runId) => this.store.abandon(jobId, this.owner, runId));
  }

  /** An owner on this machine whose process is gone (or an earlier scheduler of this very process). */
  deadLocalOwner(owner: string): boolean {
    const [ownerHost, pid] = owner.split(':');
    if (owner === this.owner || ownerHost !== hostname()) return false;
    return Number(pid) === process.pid || !processAlive(Number(pid));
  }

  private requeue(job: HeldJob, code: string, message: string): void {
    const error: JobError = { code, message, retryable: true, at: new Date().toISOString(), attempt: job.attempts };
    const retryAt = job.attempts < job.maxAttempts ? Date.now() : null;
    if (this.store.release(job.id, job.owner, error, retryAt)) {
      this.logger.warn('requeued a job left in flight', { jobId: job.id, previousOwner: job.owner, code });
    }
  }

  /** A crash, kill or power loss is not the provider's fault: the job goes back uncharged, noted in its history. */
  private handBack(job: HeldJob): void {
    if (this.store.handBack(job.id, job.owner, INTERRUPTED))
      this.logger.warn('requeued a job left in flight', { jobId: job.id, previousOwner: job.owner });
  }
}
