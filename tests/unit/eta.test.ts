/** The ETA from each provider's own pace, and "waiting on N requests" instead of an ETA that grows while they hang. */
import { describe, expect, it } from 'vitest';
import { estimateEta, HUNG_AFTER_MS } from '../../src/main/core/runs/eta';

describe('estimateEta', () => {
  it('takes the slow provider at its own rate once the fast one has finished', () => {
    // After 20 s: the fast provider did all its 90 jobs, the slow one 10 of 60 (0.5 job/s): 50 left take 100 s. The
    // run's overall rate (5 jobs/s) would have said 10 s.
    const eta = estimateEta({
      active: true,
      elapsedMs: 20_000,
      perProvider: [
        { finished: 90, remaining: 0 },
        { finished: 10, remaining: 50 },
      ],
      inFlightAgesMs: [1_000],
    });
    expect(eta).toEqual({ etaMs: 100_000, ratePerMinute: 300, waitingOn: 0 });
  });

  it('uses the run rate for a provider that has finished nothing yet, and the slowest provider decides', () => {
    const eta = estimateEta({
      active: true,
      elapsedMs: 10_000,
      perProvider: [
        { finished: 10, remaining: 10 },
        { finished: 0, remaining: 30 },
      ],
      inFlightAgesMs: [],
    });
    // Overall 1 job/s: the second provider's 30 jobs take 30 s, longer than the first's 10.
    expect(eta.etaMs).toBe(30_000);
  });

  it('gives no ETA while a request hangs, and says how many it waits on', () => {
    const hanging = estimateEta({
      active: true,
      elapsedMs: 60_000,
      perProvider: [{ finished: 10, remaining: 5 }],
      inFlightAgesMs: [HUNG_AFTER_MS, HUNG_AFTER_MS + 5_000, 2_000],
    });
    expect(hanging).toMatchObject({ etaMs: null, waitingOn: 2 });
    const justBelow = estimateEta({
      active: true,
      elapsedMs: 60_000,
      perProvider: [{ finished: 10, remaining: 5 }],
      inFlightAgesMs: [HUNG_AFTER_MS - 1],
    });
    expect(justBelow).toMatchObject({ etaMs: 30_000, waitingOn: 0 });
  });

  it('has no ETA before the first job finishes, when nothing remains, or when the run is not active', () => {
    const base = { elapsedMs: 5_000, inFlightAgesMs: [] };
    expect(estimateEta({ ...base, active: true, perProvider: [{ finished: 0, remaining: 4 }] })).toEqual({
      etaMs: null,
      ratePerMinute: null,
      waitingOn: 0,
    });
    expect(estimateEta({ ...base, active: true, perProvider: [{ finished: 4, remaining: 0 }] }).etaMs).toBeNull();
    expect(estimateEta({ ...base, active: false, perProvider: [{ finished: 2, remaining: 2 }] }).etaMs).toBeNull();
  });
});
