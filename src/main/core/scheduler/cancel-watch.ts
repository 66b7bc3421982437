/**
 * Jobs in flight whose run was cancelled: they may still finish (their answers are kept), but a request that hangs
 * would hold the run at "1 running" until the job timeout. After a grace period such a job is abandoned: it counts as
 * cancelled, its slot is freed, and a late answer is dropped.
 */
interface Watched {
  runId: string;
  abandon: () => void;
  cancelledSeenAt: number | null;
}

export class CancelWatch {
  private readonly jobs = new Map<string, Watched>();
  constructor(
    /** Which of these runs are cancelled (store/run-status.ts). */
    private readonly cancelledAmong: (runIds: string[]) => Set<string>,
    private readonly graceMs: number,
  ) {}

  /** Resolves with 'abandoned' when the job is given up on; the caller races it against the job's own outcome. */
  watch(jobId: string, runId: string): Promise<'abandoned'> {
    return new Promise((resolve) =>
      this.jobs.set(jobId, { runId, abandon: () => resolve('abandoned'), cancelledSeenAt: null }),
    );
  }

  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  /** Abandons (through `giveUp`, which records it) every watched job whose run has been cancelled for the grace period. */
  check(now: number, giveUp: (jobId: string, runId: string) => boolean): void {
    if (this.jobs.size === 0) return;
    const runIds = [...new Set([...this.jobs.values()].map((job) => job.runId))];
    const cancelled = this.cancelledAmong(runIds);
    for (const [jobId, job] of this.jobs) {
      if (!cancelled.has(job.runId)) continue;
      job.cancelledSeenAt ??= now;
      if (now - job.cancelledSeenAt < this.graceMs) continue;
      this.jobs.delete(jobId);
      if (giveUp(jobId, job.runId)) job.abandon();
    }
  }
}
