/**
 * A worker crash is not the provider's failure: a job that was in flight when its Python worker died goes back to the
 * queue without using an attempt, its history noting the crash. A crash is held against a job only when that job was
 * the worker's one request in flight (with several, no one can say which answer did it, and the others are
 * bystanders); a job that crashed the worker alone MAX_WORKER_CRASHES times (a poison answer) fails with its own code,
 * so it cannot take the pool down again and again, and no other job is charged for it.
 */
import type { ClaimedJob, JobStore } from '../store/jobs';
import { workerCrashCount } from '../store/job-crashes';
import type { Sqlite } from '../store/sql';

/** The code a crash is noted with in a job's history (uncharged) when other requests were in flight too. */
export const WORKER_CRASH_NOTE = 'WORKER_CRASHED';
/** The code when this job was the worker's only request in flight: these are counted against the job. */
export const WORKER_CRASH_ALONE_NOTE = 'WORKER_CRASHED_ON_JOB';
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
  inFlight: number | undefined,
): CrashOutcome {
  const alone = inFlight === 1;
  const crashes = workerCrashCount(sqlite, job.id, WORKER_CRASH_ALONE_NOTE) + (alone ? 1 : 0);
  if (alone && crashes >= MAX_WORKER_CRASHES) {
    const failed = store.release(
      job.id,
      owner,
      {
        code: POISON_JOB_CODE,
        message:
          `The Python worker crashed ${crashes} times while this job was its only request (${message}); it is failed ` +
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
    code: alone ? WORKER_CRASH_ALONE_NOTE : WORKER_CRASH_NOTE,
    message: alone
      ? `${message} while this job was its only request; the job went back to the queue without using an attempt (crash ${crashes} of at most ${MAX_WORKER_CRASHES})`
      : `${message} with ${inFlight ?? 'several'} requests in flight; the job went back to the queue without using an attempt`,
  });
  return back ? 'requeued' : 'not-held';
}
