/** Which job errors are worth retrying, and when: exponential backoff with jitter, Retry-After honoured. */
import { AppError } from '../../../shared/errors';
import { PERMANENT_ERROR_CODES } from '../../../shared/worker-errors';
import { WorkerCallError, type WorkerErrorShape } from '../python/protocol';

/** Errors a retry cannot fix: fail at once and keep the attempts for errors that can. */
export const PERMANENT_CODES: ReadonlySet<string> = new Set(PERMANENT_ERROR_CODES);

export function toWorkerError(error: unknown): WorkerErrorShape {
  if (error instanceof WorkerCallError) return error.toShape();
  if (error instanceof AppError)
    return { code: error.code, message: error.message, retryable: !PERMANENT_CODES.has(error.code) };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), retryable: true };
}

export interface RetryPolicy {
  baseMs: number;
  maxMs: number;
  /** Upper bound on a provider's Retry-After that we honour. */
  maxRetryAfterMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 1000, maxMs: 60_000, maxRetryAfterMs: 300_000 };

/** When the next attempt may start, or null when the job must fail now. `attempts` counts the one that just failed. */
export function nextAttemptAt(
  error: WorkerErrorShape,
  attempts: number,
  maxAttempts: number,
  now: number,
  policy: RetryPolicy,
): number | null {
  if (!error.retryable || PERMANENT_CODES.has(error.code) || attempts >= maxAttempts) return null;
  if (error.retryAfterMs !== null && error.retryAfterMs !== undefined && error.retryAfterMs >= 0) {
    return now + Math.min(error.retryAfterMs, policy.maxRetryAfterMs);
  }
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jitter = 0.75 + 0.5 * (policy.random ?? Math.random)();
  return now + Math.round(exp * jitter);
}
