/** Pure facts about a run the pages need: when watching can stop, what a cancel is still waiting for, which errors were retried. */
import { isTerminalRunStatus, type RunDetail } from '@shared/domain';
import { PERMANENT_ERROR_CODES } from '@shared/worker-errors';

/** A run is settled when it has a terminal status and no request is still in flight (a cancel abandons them later). */
export function isRunSettled(run: Pick<RunDetail, 'status' | 'progress'>): boolean {
  return isTerminalRunStatus(run.status) && run.progress.running === 0;
}

/** Requests a cancelled run is still waiting for, or 0. */
export function cancellingRequests(run: Pick<RunDetail, 'status' | 'progress'>): number {
  return run.status === 'cancelled' ? run.progress.running : 0;
}

/**
 * Errors that end a job at once (the core's permanent codes) plus CANCELLED: none of them was ever retried, so
 * "Retried along the way" leaves them out (the core already counts only errors another attempt followed).
 */
export const NEVER_RETRIED_CODES: ReadonlySet<string> = new Set([...PERMANENT_ERROR_CODES, 'CANCELLED']);

export function retriedErrors(
  attemptErrors: readonly { code: string; count: number }[],
): { code: string; count: number }[] {
  return attemptErrors.filter((entry) => !NEVER_RETRIED_CODES.has(entry.code) && entry.count > 0);
}
