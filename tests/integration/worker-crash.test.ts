/**
 * A worker crash is not the provider's failure, over real Python and the fake provider: a job in flight when its
 * worker is killed goes back to the queue without using an attempt (its history notes the crash, uncharged), and a job
 * in flight at every crash (a poison job) fails with its own code after a bounded number of them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import {
  MAX_WORKER_CRASHES,
  POISON_JOB_CODE,
  WORKER_CRASH_ALONE_NOTE,
} from '../../src/main/core/scheduler/worker-crash';
import { startHarness, type CoreHarness } from '../helpers/core';
import { killOneWorker } from '../helpers/workers';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;

describe('worker crashes', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  /** A run of one job, its request held at the fake provider. */
  async function oneHeldJob(harness: CoreHarness): Promise<string> {
    harness.fake.hold();
    const definitionId = await harness.importSample();
    const [first] = await callRoute(harness.core.dispatch, 'definitions.scenarios', { definitionId });
    const run = await callRoute(harness.core.dispatch, 'runs.create', {
      definitionId,
      models: [gpt],
      scenarioIds: [first!.id],
    });
    return run.id;
  }

  /** Kills the worker while the `n`th request is held, and waits until the provider saw that request dropped. */
  async function crashWhileHeld(harness: CoreHarness, n: number): Promise<void> {
    await harness.fake.waitForGate((g) => g.held.length === 1 && g.arrived === n, `request ${n} held`);
    expect(killOneWorker(harness.core.internals.pool.workerPids())).toBeGreaterThan(0);
    await harness.fake.waitForGate((g) => g.dropped === n, `request ${n} dropped by the dead worker`);
  }

  const history = (harness: CoreHarness, runId: string) =>
    harness.core.internals.database.sqlite
      .prepare(`SELECT attempts, status, errors_json AS errors FROM jobs WHERE run_id = ?`)
      .get(runId) as { attempts: number; status: string; errors: string };

  it('requeues the job in flight without using an attempt, and notes the crash in its history', async () => {
    h = await startHarness();
    const runId = await oneHeldJob(h);
    await crashWhileHeld(h, 1);
    h.fake.open();
    const done = await h.waitForRun(runId);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 1, failed: 0 } });
    const job = history(h, runId);
    expect(job.attempts).toBe(1);
    expect(JSON.parse(job.errors)).toEqual([
      expect.objectContaining({ code: WORKER_CRASH_ALONE_NOTE, charged: false, retryable: true }),
    ]);
  });

  it('fails a job that crashes the worker again and again with its own code, after a bounded number of crashes', async () => {
    h = await startHarness();
    const runId = await oneHeldJob(h);
    for (let crash = 1; crash <= MAX_WORKER_CRASHES; crash += 1) await crashWhileHeld(h, crash);
    const done = await h.waitForRun(runId);
    expect(done.progress).toMatchObject({ completed: 0, failed: 1 });
    const job = history(h, runId);
    expect(job.status).toBe('failed');
    // No attempt was used by the crashes themselves: the one in flight at the last crash is the only one counted.
    expect(job.attempts).toBe(1);
    const codes = (JSON.parse(job.errors) as { code: string }[]).map((e) => e.code);
    expect(codes).toEqual([...Array(MAX_WORKER_CRASHES - 1).fill(WORKER_CRASH_ALONE_NOTE), POISON_JOB_CODE]);
    expect(h.fake.gate.arrived).toBe(MAX_WORKER_CRASHES);
  });

  it('holds a crash with several requests in flight against none of them: bystanders never fail for it', async () => {
    h = await startHarness();
    h.fake.hold();
    const definitionId = await h.importSample();
    const scenarios = await callRoute(h.core.dispatch, 'definitions.scenarios', { definitionId });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [gpt],
      scenarioIds: scenarios.slice(0, 2).map((s) => s.id),
    });
    for (let crash = 1; crash <= MAX_WORKER_CRASHES + 1; crash += 1) {
      await h.fake.waitForGate((g) => g.held.length === 2 && g.arrived === 2 * crash, `both requests held (${crash})`);
      expect(killOneWorker(h.core.internals.pool.workerPids())).toBeGreaterThan(0);
      await h.fake.waitForGate((g) => g.dropped === 2 * crash, 'both requests dropped by the dead worker');
    }
    h.fake.open();
    const done = await h.waitForRun(run.id);
    expect(done.progress).toMatchObject({ completed: 2, failed: 0 });
    const rows = h.core.internals.database.sqlite
      .prepare(`SELECT attempts, errors_json AS errors FROM jobs WHERE run_id = ?`)
      .all(run.id) as { attempts: number; errors: string }[];
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      const codes = (JSON.parse(row.errors) as { code: string }[]).map((e) => e.code);
      expect(codes).toEqual(Array(MAX_WORKER_CRASHES + 1).fill('WORKER_CRASHED'));
    }
  });
});
