/**
 * Runs with names and notes, archived and deleted, through the real core, its routes and the CLI: the Runs list hides
 * archived runs unless asked and searches names and notes; a delete shows what goes, refuses a run that has not ended
 * (or still has requests in flight) and removes the run with everything stored under it, leaving other runs whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli/cli';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const gpt4o = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null } as const;
const RUN_TABLES = ['jobs', 'transcripts', 'run_model_counts', 'run_decision_counts', 'run_version_counts'];

describe('run names, notes, archive and delete', () => {
  let h: CoreHarness;
  let kept: string;
  let done: string;
  const cli = async (...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['--data-dir', h.dataDir, ...argv], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      env: {},
    });
    return { code, out, err };
  };
  const rowsOf = (runId: string): Record<string, number> => {
    const sqlite = h.core.internals.database.sqlite;
    return Object.fromEntries(
      RUN_TABLES.map((table) => [
        table,
        (sqlite.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE run_id = ?`).get(runId) as { n: number }).n,
      ]),
    );
  };

  beforeAll(async () => {
    h = await startHarness({ scheduler: { concurrency: 1 } });
    const definitionId = await h.importSample();
    done = (await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] })).id;
    await h.waitForRun(done);
    kept = (await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt4o] })).id;
    await h.waitForRun(kept);
  });

  afterAll(async () => {
    await h.stop();
  });

  it('names a run and keeps notes, shown on the run and found by the Runs list search', async () => {
    const named = await callRoute(h.core.dispatch, 'runs.update', { id: done, name: '  Pilot A  ' });
    expect(named).toMatchObject({ name: 'Pilot A', notes: '' });
    const noted = await callRoute(h.core.dispatch, 'runs.update', {
      id: done,
      notes: 'Temperature check\nsecond line',
    });
    expect(noted).toMatchObject({ name: 'Pilot A', notes: 'Temperature check\nsecond line' });
    expect((await callRoute(h.core.dispatch, 'runs.list', { search: 'pilot' })).map((r) => r.id)).toEqual([done]);
    expect((await callRoute(h.core.dispatch, 'runs.list', { search: 'TEMPERATURE' })).map((r) => r.id)).toEqual([done]);
    expect((await callRoute(h.core.dispatch, 'runs.list', { search: kept.toUpperCase() })).map((r) => r.id)).toEqual([
      kept,
    ]);
    await expect(callRoute(h.core.dispatch, 'runs.update', { id: done })).rejects.toMatchObject({ code: 'VALIDATION' });

    expect((await cli('runs', 'rename', done, 'Pilot', 'B')).code).toBe(0);
    expect((await cli('runs', 'notes', done, 'from the CLI')).code).toBe(0);
    expect(await callRoute(h.core.dispatch, 'runs.get', { id: done })).toMatchObject({
      name: 'Pilot B',
      notes: 'from the CLI',
    });
    expect((await cli('runs')).out.find((line) => line.startsWith(done))).toContain('"Pilot B"');
    expect((await cli('runs', 'rename', done, '')).code).toBe(0);
    expect((await callRoute(h.core.dispatch, 'runs.get', { id: done })).name).toBeNull();
  });

  it('archives a run: hidden from the list by default, listed on request, still openable, and brought back', async () => {
    const archived = await callRoute(h.core.dispatch, 'runs.archive', { id: done, archived: true });
    expect(archived.archivedAt).not.toBeNull();
    const again = await callRoute(h.core.dispatch, 'runs.archive', { id: done, archived: true });
    expect(again.archivedAt).toBe(archived.archivedAt);
    expect((await callRoute(h.core.dispatch, 'runs.list', {})).map((r) => r.id)).toEqual([kept]);
    expect((await callRoute(h.core.dispatch, 'runs.list', { archived: 'only' })).map((r) => r.id)).toEqual([done]);
    expect((await callRoute(h.core.dispatch, 'runs.list', { archived: 'include' })).map((r) => r.id).sort()).toEqual(
      [done, kept].sort(),
    );
    expect((await callRoute(h.core.dispatch, 'results.summary', { runId: done })).totalDecisions).toBeGreaterThan(0);
    expect((await cli('runs', '--archived')).out.join('\n')).toContain('[archived]');

    expect((await cli('runs', 'unarchive', done)).code).toBe(0);
    expect((await callRoute(h.core.dispatch, 'runs.list', {})).map((r) => r.id).sort()).toEqual([done, kept].sort());
    expect((await cli('runs', 'archive', done)).code).toBe(0);
    expect((await callRoute(h.core.dispatch, 'runs.get', { id: done })).archivedAt).not.toBeNull();
  });

  it('deletes only with --yes, after showing what goes, and removes everything of that run in one go', async () => {
    const before = rowsOf(done);
    expect(before.transcripts).toBeGreaterThan(0);
    const keptBefore = rowsOf(kept);
    const preview = await callRoute(h.core.dispatch, 'runs.deletion', { id: done });
    expect(preview).toEqual({ id: done, jobs: before.jobs, transcripts: before.transcripts, reruns: 0 });

    const asked = await cli('runs', 'delete', done);
    expect(asked.code).toBe(8);
    expect(asked.err.join('\n')).toContain(`${before.transcripts} transcripts and ${before.jobs} jobs`);
    expect(asked.err.join('\n')).toContain('exports are files and stay');
    expect(rowsOf(done)).toEqual(before);

    const deleted = await cli('runs', 'delete', done, '--yes');
    expect(deleted).toMatchObject({ code: 0, out: [done] });
    await expect(callRoute(h.core.dispatch, 'runs.get', { id: done })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(Object.values(rowsOf(done)).every((n) => n === 0)).toBe(true);
    expect(rowsOf(kept)).toEqual(keptBefore);
    await expect(callRoute(h.core.dispatch, 'runs.delete', { id: done })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses to delete a run that has not ended, and one whose last request is still in flight', async () => {
    h.fake.hold();
    const definitionId = (await callRoute(h.core.dispatch, 'runs.get', { id: kept })).definitionId;
    const live = (await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] })).id;
    await h.fake.waitForHeld(1);
    await expect(callRoute(h.core.dispatch, 'runs.delete', { id: live })).rejects.toMatchObject({
      code: 'RUN_NOT_CONTROLLABLE',
      message: expect.stringContaining('cancel it'),
    });
    expect((await callRoute(h.core.dispatch, 'runs.cancel', { id: live })).progress.running).toBe(1);
    const refused = await cli('runs', 'delete', live, '--yes');
    expect(refused.code).toBe(1);
    expect(refused.err.join('\n')).toContain('in flight');
    h.fake.open();
    await expect
      .poll(() => h.core.internals.runs.get(live).progress.running, { timeout: 10_000, interval: 20 })
      .toBe(0);
    expect((await callRoute(h.core.dispatch, 'runs.delete', { id: live })).id).toBe(live);
  });
});
