import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const witnessModel = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null } as const;

describe('pause, resume and cancel against a live scheduler', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  /** A run (one slot) whose first request the fake provider holds: exactly one job in flight, three pending. */
  async function startHeldRun(): Promise<{ runId: string; definitionId: string }> {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, concurrency: 1 } });
    h.fake.hold();
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    await h.fake.waitForHeld(1);
    return { runId: run.id, definitionId };
  }

  /** Lets the held job finish and waits until the run has nothing in flight. */
  async function finishJobInFlight(runId: string): Promise<void> {
    h!.fake.release();
    await expect
      .poll(() => h!.core.internals.runs.get(runId).progress.running, { timeout: 10_000, interval: 20 })
      .toBe(0);
  }

  /**
   * Proves the scheduler starts nothing of a paused run without waiting and hoping: a witness run created after it
   * runs to completion on the one slot. Jobs are claimed by scenario ordinal, then oldest run, so every claim after
   * the witness's first would have gone to the paused run's older jobs had it been claimable.
   */
  async function witnessRunsAlone(pausedRunId: string, definitionId: string): Promise<void> {
    const before = h!.core.internals.runs.get(pausedRunId).progress;
    h!.fake.open();
    const witness = await callRoute(h!.core.dispatch, 'runs.create', { definitionId, models: [witnessModel] });
    expect((await h!.waitForRun(witness.id)).status).toBe('completed');
    const models = h!.fake.requests.map((r) => (r.body as { model: string }).model);
    expect(models.slice(-4)).toEqual(Array(4).fill('gpt-4o'));
    expect(models.filter((m) => m === gpt.modelId)).toHaveLength(before.completed);
    expect(h!.core.internals.runs.get(pausedRunId)).toMatchObject({ status: 'paused', progress: before });
  }

  it('pause lets the job in flight finish, starts nothing new, and resume runs only what remains', async () => {
    const { runId, definitionId } = await startHeldRun();
    const paused = await callRoute(h!.core.dispatch, 'runs.pause', { id: runId });
    expect(paused.status).toBe('paused');
    expect(paused.progress).toMatchObject({ running: 1, pending: 3 });
    await finishJobInFlight(runId);
    expect(h!.core.internals.runs.get(runId)).toMatchObject({
      status: 'paused',
      progress: { completed: 1, running: 0, pending: 3 },
    });
    await witnessRunsAlone(runId, definitionId);

    expect((await callRoute(h!.core.dispatch, 'runs.resume', { id: runId })).status).toBe('running');
    const done = await h!.waitForRun(runId);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    expect(h!.fake.requests.filter((r) => (r.body as { model: string }).model === gpt.modelId)).toHaveLength(4);
  });

  it('cancel removes pending jobs, keeps the result in flight, and refuses later controls', async () => {
    const { runId } = await startHeldRun();
    const cancelled = await callRoute(h!.core.dispatch, 'runs.cancel', { id: runId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress).toMatchObject({ pending: 0, running: 1, cancelled: 3 });
    await finishJobInFlight(runId);
    const after = h!.core.internals.runs.get(runId);
    expect(after.progress).toMatchObject({ completed: 1, cancelled: 3, running: 0 });
    expect(after.completedAt).not.toBeNull();
    const refused = await h!.core.dispatch('runs.resume', { id: runId });
    expect(refused).toMatchObject({ ok: false, error: { code: 'RUN_NOT_CONTROLLABLE' } });
  });

  it('abandons a hung request of a cancelled run after the grace period and frees its slot', async () => {
    h = await startHarness({
      scheduler: { ...FAST_SCHEDULER, concurrency: 1, jobTimeoutMs: 30_000, cancelGraceMs: 300 },
    });
    // The first request hangs: held, and never released.
    h.fake.hold({ nth: 1 });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    await h.fake.waitForHeld(1);
    const cancelled = await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
    expect(cancelled.progress).toMatchObject({ running: 1, cancelled: 3 });
    await expect
      .poll(() => h!.core.internals.runs.get(run.id).progress.running, { timeout: 15_000, interval: 50 })
      .toBe(0);
    const after = h.core.internals.runs.get(run.id);
    expect(after).toMatchObject({ status: 'cancelled', progress: { completed: 0, cancelled: 4 } });
    expect(after.completedAt).not.toBeNull();
    expect(h.core.internals.scheduler.activeJobs).toBe(0);
    const errors = h.core.internals.database.sqlite
      .prepare(`SELECT last_error_json AS e FROM jobs WHERE run_id = ? AND last_error_json IS NOT NULL`)
      .all(run.id) as { e: string }[];
    expect(errors.map((r) => JSON.parse(r.e).code)).toEqual(['CANCELLED']);
  });

  it('the CLI pauses and resumes a run that another process is executing, and reports its status', async () => {
    const { runId, definitionId } = await startHeldRun();
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: () => undefined,
      env: {},
      coreOptions: { startScheduler: false },
    };
    expect(await runCli(['--data-dir', h!.dataDir, 'pause', runId], io)).toBe(0);
    expect(out.at(-1)).toBe('paused');
    await finishJobInFlight(runId);
    await witnessRunsAlone(runId, definitionId);
    expect(await runCli(['--data-dir', h!.dataDir, 'status', runId], io)).toBe(0);
    expect(out.at(-2)).toContain('paused');
    expect(await runCli(['--data-dir', h!.dataDir, 'resume', runId], io)).toBe(0);
    expect((await h!.waitForRun(runId)).status).toBe('completed');
  });
});
