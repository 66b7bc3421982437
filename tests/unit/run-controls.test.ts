import { afterEach, describe, expect, it } from 'vitest';
import { RunControls } from '../../src/main/core/runs/controls';
import { JobStore } from '../../src/main/core/store/jobs';
import { makeTestDb, type TestDb } from '../helpers/db';

describe('run controls on a real SQLite file', () => {
  let t: TestDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  function jobCounts(db: TestDb, runId: string): Record<string, number> {
    const rows = db.database.sqlite
      .prepare(`SELECT status, COUNT(*) AS n FROM jobs WHERE run_id = ? GROUP BY status`)
      .all(runId) as { status: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  it('pause stops claims, resume lets only the remaining jobs run, both idempotent', async () => {
    t = await makeTestDb();
    const runId = t.newRun();
    const controls = new RunControls(t.database.sqlite);
    const store = new JobStore(t.database.sqlite);
    expect(store.claim('me', Date.now(), 10_000, [])?.runId).toBe(runId);
    expect(controls.apply(runId, 'pause')).toBe('paused');
    expect(controls.apply(runId, 'pause')).toBe('paused');
    expect(store.claim('me', Date.now(), 10_000, [])).toBeNull();
    expect(controls.apply(runId, 'resume')).toBe('running');
    expect(controls.apply(runId, 'resume')).toBe('running');
    expect(store.claim('me', Date.now(), 10_000, [])?.runId).toBe(runId);
    expect(jobCounts(t, runId)).toEqual({ running: 2, pending: 2 });
  });

  it('resuming a run paused before it started returns it to pending', async () => {
    t = await makeTestDb();
    const runId = t.newRun();
    const controls = new RunControls(t.database.sqlite);
    controls.apply(runId, 'pause');
    expect(controls.apply(runId, 'resume')).toBe('pending');
  });

  it('cancel removes pending jobs, lets the one in flight finish, and refuses further controls', async () => {
    t = await makeTestDb();
    const runId = t.newRun();
    const controls = new RunControls(t.database.sqlite);
    const store = new JobStore(t.database.sqlite);
    const inFlight = store.claim('me', Date.now(), 10_000, [])!;
    expect(controls.apply(runId, 'cancel')).toBe('cancelled');
    expect(jobCounts(t, runId)).toEqual({ running: 1, cancelled: 3 });
    expect(controls.apply(runId, 'cancel')).toBe('cancelled');
    expect(() => controls.apply(runId, 'resume')).toThrowError(
      expect.objectContaining({ code: 'RUN_NOT_CONTROLLABLE' }),
    );
    expect(() => controls.apply(runId, 'pause')).toThrowError(/can no longer be paused/);

    const error = {
      code: 'PROVIDER_ERROR',
      message: 'boom',
      retryable: true,
      at: new Date().toISOString(),
      attempt: 1,
    };
    expect(store.release(inFlight.id, 'me', error, Date.now())).toBe(true);
    const run = t.database.sqlite
      .prepare(`SELECT status, cancelled, completed_at AS completedAt FROM runs WHERE id = ?`)
      .get(runId) as {
      status: string;
      cancelled: number;
      completedAt: string | null;
    };
    expect(run).toMatchObject({ status: 'cancelled', cancelled: 4 });
    expect(run.completedAt).not.toBeNull();
  });

  it('last action wins between pause and cancel, and an unknown run is NOT_FOUND', async () => {
    t = await makeTestDb();
    const runId = t.newRun();
    const controls = new RunControls(t.database.sqlite);
    controls.apply(runId, 'pause');
    expect(controls.apply(runId, 'cancel')).toBe('cancelled');
    expect(() => controls.apply('run_missing', 'pause')).toThrowError(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
