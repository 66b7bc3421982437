/**
 * Why `wait` and `run --wait` stop waiting for a Python worker that cannot come back: the pool keeps retrying with
 * backoff, and this decides when waiting longer is pointless, so the CLI exits non-zero with the reason instead of
 * hanging forever.
 */
import { AppError } from '../../shared/errors';
import type { PoolOutage } from '../core';

export interface WorkerWaitLimits {
  /** Python never started in this process (missing, too old, broken install): give up after this long. */
  neverStartedMs: number;
  /** Python worked, then crashed too often: the pool restarts it; give up if it is still down after this long. */
  afterCrashesMs: number;
}

export const DEFAULT_WORKER_WAIT_LIMITS: WorkerWaitLimits = { neverStartedMs: 6_000, afterCrashesMs: 120_000 };

/** Throws WORKER_UNAVAILABLE (CLI exit code 5) once the pool's outage has outlasted its limit; otherwise returns. */
export function assertWorkerCanComeBack(
  outage: PoolOutage | null,
  now = Date.now(),
  limits: WorkerWaitLimits = DEFAULT_WORKER_WAIT_LIMITS,
): void {
  if (!outage) return;
  const limit = outage.everOnline ? limits.afterCrashesMs : limits.neverStartedMs;
  if (now - outage.since < limit) return;
  const seconds = Math.round((now - outage.since) / 1000);
  throw new AppError(
    'WORKER_UNAVAILABLE',
    `The Python worker cannot start: ${outage.reason} Gave up waiting at ${new Date(now).toISOString()} after ` +
      `${outage.attempts} attempt${outage.attempts === 1 ? '' : 's'} in ${seconds} s. The run keeps its place: ` +
      'fix the cause, then continue it with "npm run cli -- wait RUN_ID".',
    { since: new Date(outage.since).toISOString(), attempts: outage.attempts, everOnline: outage.everOnline },
  );
}
