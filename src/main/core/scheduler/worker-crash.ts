/**
 * A worker crash is not the provider's failure: the job that was in flight when its Python worker died goes back to
 * the queue without using an attempt, its history noting the crash. A job in flight at every one of several crashes
 * (an answer that crashes the worker: a poison job) is failed with its own code after a bounded number of them, so it
 * cannot take the pool down again and again; other jobs keep their attempts.
 */
import type { ClaimedJob, JobStore } from '../store/jobs';
import { workerCrashCount } from '../store/job-crashes';
import type { Sqlite } from '../store/sql';

/** The code a crash is noted with in a job's history (uncharged). */
export const WORKER_CRASH_NOTE = 'WORKER_CRASHED';
/** The code a job fails with once it was in flight at MAX_WORKER_CRASHES crashes. */
export const POISON_JOB_CODE = 'JOB_CRASHES_WORKER';
export const MAX_WORKER_CRASHES = 3;

export type CrashOutcome = 'requeued' | 'failed' | 'not-held';

export function settleWorkerCrash(
  sqlite: Sqlite,
  store: JobStore,
  owner: string,
  job: ClaimedJob,
  message: string,
): CrashOutcome {
  const crashes = workerCrashCount(sqlite, job.id, WORKER_CRASH_NOTE) + 1;
  if (crashes >= MAX_WORKER_CRASHES) {
    const failed = store.release(
      job.id,
      owner,
      {
        code: POISON_JOB_CODE,
        message:
          `The Python worker crashed ${crashes} times while this job was in flight (${message}); it is failed ` +
          'so it cannot crash the worker again. Its transcript history shows each crash.',
        retryable: false,
        at: new Date().toISOString(),
        attempt: job.attempts,
      },
      null,
    );
    return failed ? 'failed' : 'not-held';
  }
  const back = store.handBack(job.id, owner, {
    code: WORKER_CRASH_NOTE,
    message: `${message}; the job went back to the queue without using an attempt (crash ${crashes} of at most ${MAX_WORKER_CRASHES})`,
  });
  return back ? 'requeued' : 'not-held';
}
