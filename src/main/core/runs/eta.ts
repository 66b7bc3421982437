/**
 * A running run's expected finish, from each provider's own remaining jobs and rate (a fast provider that finished
 * must not make the slow one's remaining work look short), and no estimate at all while requests hang: then the run
 * says how many requests it is waiting on instead of an ETA that grows by the second. Pure, so it is tested directly.
 */

/** A request in flight this long is "hanging": the ETA gives way to "waiting on N requests". */
export const HUNG_AFTER_MS = 30_000;

export interface EtaInput {
  /** Only a pending or running run has an ETA. */
  active: boolean;
  /** Since the run started. */
  elapsedMs: number;
  /** Per provider: jobs finished (completed or failed) and jobs left (pending or running). */
  perProvider: readonly { finished: number; remaining: number }[];
  /** How long each request in flight has been waiting. */
  inFlightAgesMs: readonly number[];
}

export interface Eta {
  etaMs: number | null;
  /** Finished jobs per minute over the whole run (one decimal); null before the first one finishes. */
  ratePerMinute: number | null;
  /** Requests in flight for HUNG_AFTER_MS or more; while any, etaMs is null. */
  waitingOn: number;
}

export function estimateEta(input: EtaInput): Eta {
  const finished = input.perProvider.reduce((sum, p) => sum + p.finished, 0);
  const remaining = input.perProvider.reduce((sum, p) => sum + p.remaining, 0);
  const elapsed = input.elapsedMs;
  const rate = finished > 0 && elapsed > 0 ? finished / elapsed : null;
  const waitingOn = input.inFlightAgesMs.filter((age) => age >= HUNG_AFTER_MS).length;
  const ratePerMinute = rate === null ? null : Math.round(rate * 60_000 * 10) / 10;
  if (!input.active || remaining === 0 || rate === null || waitingOn > 0)
    return { etaMs: null, ratePerMinute, waitingOn };
  // Providers work in parallel: the run ends when the slowest one's remaining jobs are done at its own rate (one that
  // has finished nothing yet is assumed to go at the run's overall rate).
  let etaMs = 0;
  for (const p of input.perProvider) {
    if (p.remaining === 0) continue;
    const own = p.finished > 0 ? p.finished / elapsed : rate;
    etaMs = Math.max(etaMs, p.remaining / own);
  }
  return { etaMs: Math.round(etaMs), ratePerMinute, waitingOn };
}
