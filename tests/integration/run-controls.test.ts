import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('pause, resume and cancel against a live scheduler', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  async function startSlowRun(): Promise<string> {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, concurrency: 1 } });
    await h.fake.setBehavior({ latencyMs: 250 });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    while (h.fake.requests.length === 0) await sleep(10);
    return run.id;
  }

  it('pause lets the job in flight finish, starts nothing new, and resume runs only what remains', async () => {
    const runId = await startSlowRun();
    const paused = await callRoute(h!.core.dispatch, 'runs.pause', { id: runId });
    expect(paused.status).toBe('paused');
    const startedAtPause = h!.fake.requests.length;
    await sleep(700);
    const mid = h!.core.internals.runs.get(runId);
    expect(mid.status).toBe('paused');
    expect(h!.fake.requests.length).toBe(startedAtPause);
    expect(mid.progress).toMatchObject({ completed: startedAtPause, running: 0, pending: 4 - startedAtPause });

    expect((await callRoute(h!.core.dispatch, 'runs.resume', { id: runId })).status).toBe('running');
    const done = await h!.waitForRun(runId);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    expect(h!.fake.requests.length).toBe(4);
  });

  it('cancel removes pending jobs, keeps the result in flight, and refuses later controls', async () => {
    const runId = await startSlowRun();
    const cancelled = await callRoute(h!.core.dispatch, 'runs.cancel', { id: runId });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.progress.pending).toBe(0);
    await sleep(600);
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
    await h.fake.setBehavior({ failNext: [{ hang: true }] });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    while (h.fake.requests.length === 0) await sleep(10);
    const cancelled = await callRoute(h.core.dispatch, 'runs.cancel', { id: run.id });
    expect(cancelled.progress).toMatchObject({ running: 1, cancelled: 3 });
    await expect
      .poll(() => h!.core.internals.runs.get(run.id).progress.running, { timeout: 5000, interval: 50 })
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
    const runId = await startSlowRun();
    const out: string[] = [];
    const io = {
      out: (l: string) => out.push(l),
      err: () => undefined,
      env: {},
      coreOptions: { startScheduler: false },
    };
    expect(await runCli(['--data-dir', h!.dataDir, 'pause', runId], io)).toBe(0);
    expect(out.at(-1)).toBe('paused');
    await sleep(400);
    const count = h!.fake.requests.length;
    await sleep(400);
    expect(h!.fake.requests.length).toBe(count);
    expect(await runCli(['--data-dir', h!.dataDir, 'status', runId], io)).toBe(0);
    expect(out.at(-2)).toContain('paused');
    expect(await runCli(['--data-dir', h!.dataDir, 'resume', runId], io)).toBe(0);
    expect((await h!.waitForRun(runId)).status).toBe('completed');
  });
});
