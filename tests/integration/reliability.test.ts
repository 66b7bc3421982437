/**
 * Nothing charged that was not the provider's fault, and nothing lost (issue 11 §1, §2, §5, §6, §10): a stop hands
 * jobs back uncharged, a full disk pauses the run with its reason and Resume carries on, failed jobs can be retried
 * with fresh attempts, a scheduler restricted to some runs leaves the others alone, and an answer over the size cap
 * is stored once and marked truncated.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider } from '../fixtures/fake-provider.mjs';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const gpt4o = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null } as const;

interface JobRow {
  status: string;
  attempts: number;
  errors: { code: string; charged?: boolean }[];
}

function jobsOf(sqlite: Database.Database, runId: string): JobRow[] {
  return (
    sqlite.prepare(`SELECT status, attempts, errors_json AS e FROM jobs WHERE run_id = ?`).all(runId) as {
      status: string;
      attempts: number;
      e: string;
    }[]
  ).map((r) => ({ status: r.status, attempts: r.attempts, errors: JSON.parse(r.e) as JobRow['errors'] }));
}

describe('reliability of the scheduler and the store', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('a stop that cannot drain hands the jobs in flight back uncharged, noted in their history', async () => {
    h = await startHarness({ scheduler: { concurrency: 2 } });
    h.fake.hold();
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    await h.fake.waitForHeld(2);
    await h.core.close({ graceMs: 20 });
    const db = new Database(join(h.dataDir, 'valuerank.sqlite'), { readonly: true });
    try {
      const jobs = jobsOf(db, run.id);
      expect(jobs.filter((j) => j.status === 'running')).toHaveLength(0);
      expect(jobs.every((j) => j.status === 'pending' && j.attempts === 0)).toBe(true);
      const notes = jobs.flatMap((j) => j.errors);
      expect(notes).toHaveLength(2);
      expect(notes.every((n) => n.code === 'INTERRUPTED' && n.charged === false)).toBe(true);
    } finally {
      db.close();
    }
  });

  it('retries the failed (not cancelled) jobs of a finished run with fresh attempts, keeping their errors', async () => {
    h = await startHarness({ scheduler: { concurrency: 1 } });
    await h.fake.setBehavior({ failNext: [{ status: 400 }, { status: 400 }] });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const ended = await h.waitForRun(run.id);
    expect(ended).toMatchObject({ status: 'completed_with_errors', progress: { failed: 2 } });

    const retried = await callRoute(h.core.dispatch, 'runs.retryFailed', { id: run.id });
    expect(['running', 'completed']).toContain(retried.status);
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    const jobs = jobsOf(h.core.internals.database.sqlite, run.id);
    expect(jobs.filter((j) => j.errors.length === 1)).toHaveLength(2);
    expect(jobs.every((j) => j.attempts === 1)).toBe(true);

    // A run that ended without failures has nothing to retry.
    await expect(callRoute(h.core.dispatch, 'runs.retryFailed', { id: run.id })).rejects.toMatchObject({
      code: 'RUN_NOT_CONTROLLABLE',
    });
  });

  it('the CLI retries failed jobs (`retry RUN --wait`) and refuses a run with none', async () => {
    const fake = await startFakeProvider({ failNext: [{ status: 400 }] });
    const temp = makeTempDir();
    try {
      h = await startHarness({ fake, dataDir: temp.dir, scheduler: { concurrency: 1 } });
      const definitionId = await h.importSample();
      const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
      expect((await h.waitForRun(run.id)).status).toBe('completed_with_errors');
      await h.stop();
      h = null;
      const cli = cliRunner(
        () => ({ OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' }),
        ['--data-dir', temp.dir],
      );
      const retried = await cli('retry', run.id, '--wait');
      expect(retried.err.join('\n')).toMatch(/1 jobs queued again/);
      expect(retried).toMatchObject({ code: 0, out: ['completed'] });
      const refused = await cli('retry', run.id);
      expect(refused.code).not.toBe(0);
      expect(refused.err.join('\n')).toMatch(/RUN_NOT_CONTROLLABLE/);
    } finally {
      await fake.close();
      temp.cleanup();
    }
  });

  it('a scheduler restricted to some runs claims only their jobs', async () => {
    const only = new Set<string>();
    h = await startHarness({ scheduler: { concurrency: 2, runIds: only } });
    const definitionId = await h.importSample();
    const other = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt4o] });
    const mine = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    only.add(mine.id);
    expect((await h.waitForRun(mine.id)).status).toBe('completed');
    expect(h.core.internals.runs.get(other.id)).toMatchObject({ status: 'pending', progress: { completed: 0 } });
    expect(h.fake.requests.every((r) => (r.body as { model: string }).model === 'gpt-4o-mini')).toBe(true);
    only.add(other.id);
    expect((await h.waitForRun(other.id)).status).toBe('completed');
  });

  it('a full disk pauses the run with its reason, charges nothing, and Resume finishes it once there is room', async () => {
    h = await startHarness({ scheduler: { concurrency: 1 } });
    const definitionId = await h.importSample();
    // Each answer needs new pages; the database may not grow (SQLite's own SQLITE_FULL, as on a full disk).
    await h.fake.setBehavior({ reply: `${'A long, careful answer. '.repeat(2000)}\nRating: 3` });
    h.fake.hold();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    await h.fake.waitForHeld(1);
    const sqlite = h.core.internals.database.sqlite;
    const pages = sqlite.pragma('page_count', { simple: true }) as number;
    sqlite.pragma(`max_page_count = ${pages}`);
    h.fake.open();
    await expect
      .poll(() => h!.core.internals.runs.get(run.id).status, { timeout: 15_000, interval: 25 })
      .toBe('paused');
    const paused = await callRoute(h.core.dispatch, 'runs.get', { id: run.id });
    expect(paused.pauseReason).toBe(`disk full: free space in ${h.dataDir} and resume`);
    await expect
      .poll(() => jobsOf(sqlite, run.id).filter((j) => j.status === 'running').length, { timeout: 15_000 })
      .toBe(0);
    const jobs = jobsOf(sqlite, run.id);
    expect(jobs.filter((j) => j.status === 'failed')).toHaveLength(0);
    expect(jobs.every((j) => j.attempts === 0)).toBe(true);

    sqlite.pragma('max_page_count = 1073741823');
    const resumed = await callRoute(h.core.dispatch, 'runs.resume', { id: run.id });
    expect(resumed.pauseReason).toBeNull();
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4, failed: 0 } });
    expect(jobsOf(sqlite, run.id).every((j) => j.attempts === 1)).toBe(true);
  });

  it('an answer over the size cap is stored once, marked truncated, shown so and exported with truncated = 1', async () => {
    h = await startHarness({ scheduler: { concurrency: 1, maxResponseBytes: 4096 } });
    const definitionId = await h.importSample();
    const reply = `${'word '.repeat(4000)}\nRating: 3`;
    await h.fake.setBehavior({ reply });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    expect((await h.waitForRun(run.id)).progress.completed).toBe(4);
    const sqlite = h.core.internals.database.sqlite;
    const stored = sqlite
      .prepare(`SELECT id, content, length(turns_json) AS n, truncated FROM transcripts WHERE run_id = ?`)
      .all(run.id) as { id: string; content: string; n: number; truncated: number }[];
    expect(stored).toHaveLength(4);
    for (const row of stored) {
      expect(row).toMatchObject({ content: '', truncated: 1 });
      expect(row.n).toBeLessThan(4096 + 2000);
    }
    const detail = await callRoute(h.core.dispatch, 'transcripts.get', { id: stored[0]!.id });
    expect(detail.truncated).toBe(true);
    expect(detail.content).toContain('## Assistant');
    expect(detail.content).toContain(detail.turns.at(-1)!.content.trim());

    const exported = await callRoute(h.core.dispatch, 'export.csv', { runId: run.id });
    const records = parse(readFileSync(exported.path!), { bom: true, columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.truncated)).toEqual(['1', '1', '1', '1']);
    expect(statSync(join(h.dataDir, 'exports')).mode & 0o777).toBe(0o700);
  });
});
