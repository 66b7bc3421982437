/**
 * A large run is prepared in chunks (its jobs queued a chunk at a time, off the request path): meanwhile it is paused
 * with a reason beginning with this word, which no one can resume. Front doors tell it from a real pause by it.
 */
export const PREPARING_PREFIX = 'preparing';

/** How the reason of a run a full disk paused begins (scheduler/disk-full.ts words it). */
export const DISK_FULL_PREFIX = 'disk full';

/** Whether a run's pause reason says it is still being prepared (its jobs are being queued). */
export function isPreparingReason(reason: string | null | undefined): boolean {
  return reason?.startsWith(PREPARING_PREFIX) ?? false;
}
