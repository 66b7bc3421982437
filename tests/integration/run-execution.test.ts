import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';
import { killOneWorker } from '../helpers/workers';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;

describe('run execution end to end (real SQLite, real Python, fake provider on loopback)', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('runs every scenario against every model, records transcripts with versions and decisions, and exports CSV', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [gpt, { providerId: 'openai', modelId: 'gpt-4o', modelVersion: 'gpt-4o-2024-08-06' }],
    });
    expect(run.progress.total).toBe(8);
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 8, failed: 0 } });
    expect(done.perModel.map((m) => [m.modelKey, m.completed])).toEqual([
      ['openai:gpt-4o-mini', 4],
      ['openai:gpt-4o@gpt-4o-2024-08-06', 4],
    ]);
    const transcripts = await callRoute(h.core.dispatch, 'runs.transcripts', { runId: run.id });
    expect(transcripts).toHaveLength(8);
    for (const t of transcripts) {
      expect(t.parsePath).toBe('explicit_rating');
      expect(t.score).toBeGreaterThanOrEqual(1);
      expect(t.reportedModelVersion).toBeTruthy();
    }
    const versioned = transcripts.find((t) => t.modelVersion === 'gpt-4o-2024-08-06')!;
    // Reads never write: transcripts.get leaves lastAccessedAt alone; opening the transcript (viewed) stamps it.
    const unread = await callRoute(h.core.dispatch, 'transcripts.get', { id: versioned.id });
    expect(unread.lastAccessedAt).toBeNull();
    const viewed = await callRoute(h.core.dispatch, 'transcripts.viewed', { id: versioned.id });
    const detail = await callRoute(h.core.dispatch, 'transcripts.get', { id: versioned.id });
    expect(detail.turns.map((turn) => turn.role)).toEqual(['system', 'user', 'assistant']);
    expect(detail.turns[0]!.content).toContain('Rating: N');
    expect(detail.lastAccessedAt).toBe(viewed.lastAccessedAt);
    const runBefore = await callRoute(h.core.dispatch, 'runs.get', { id: run.id });
    expect(runBefore.lastAccessedAt).toBeNull();
    const runViewed = await callRoute(h.core.dispatch, 'runs.viewed', { id: run.id });
    expect((await callRoute(h.core.dispatch, 'runs.get', { id: run.id })).lastAccessedAt).toBe(
      runViewed.lastAccessedAt,
    );
    await expect(callRoute(h.core.dispatch, 'runs.viewed', { id: 'run_missing' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const sent = h.fake.requests
      .filter((r) => r.path === '/v1/chat/completions')
      .map((r) => (r.body as { model: string }).model);
    expect(sent.filter((m) => m === 'gpt-4o-2024-08-06')).toHaveLength(4);

    const exported = await callRoute(h.core.dispatch, 'export.csv', { runId: run.id });
    expect(exported).toMatchObject({ status: 'saved', rows: 8, partial: false });
    const text = readFileSync(exported.path!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0]!)).toEqual(
      expect.arrayContaining(['scenario_id', 'model_id', 'model_version', 'score', 'decision', 'timestamp', 'run_id']),
    );
    expect(rows.every((r) => /^\d+$/.test(r.score!) && !Number.isNaN(Date.parse(r.timestamp!)))).toBe(true);
    expect(h.logLines.join('\n')).not.toContain('test-key');
    // The key never reaches what a researcher keeps: transcripts, snapshots, jobs, exports.
    expect(text).not.toContain('test-key');
    const stored = h.core.internals.database.sqlite
      .prepare(
        `SELECT (SELECT group_concat(content || turns_json || request_params_json) FROM transcripts)
          || (SELECT group_concat(content_json) FROM definition_snapshots) || (SELECT group_concat(config_json) FROM runs)
          || (SELECT group_concat(errors_json) FROM jobs) AS everything`,
      )
      .get() as { everything: string };
    expect(stored.everything.length).toBeGreaterThan(1000);
    expect(stored.everything).not.toContain('test-key');
  });

  it('retries a 429 after Retry-After and a 500, keeping every attempt error', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    await h.fake.setBehavior({ failNext: [{ status: 429, retryAfterSeconds: 1 }, { status: 500 }] });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const done = await h.waitForRun(run.id);
    expect(done.status).toBe('completed');
    const errors = h.core.internals.database.sqlite
      .prepare(
        `SELECT json_extract(value, '$.code') AS code, json_extract(value, '$.retryAfterMs') AS after FROM jobs, json_each(jobs.errors_json) WHERE run_id = ?`,
      )
      .all(run.id) as { code: string; after: number | null }[];
    expect(errors.map((e) => e.code).sort()).toEqual(['PROVIDER_ERROR', 'RATE_LIMITED']);
    expect(errors.find((e) => e.code === 'RATE_LIMITED')?.after).toBe(1000);
  });

  it('times out a hung request, records it, and retries the job to completion', async () => {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, jobTimeoutMs: 700 } });
    const definitionId = await h.importSample();
    await h.fake.setBehavior({ failNext: [{ hang: true }] });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4 } });
    const codes = h.core.internals.database.sqlite
      .prepare(`SELECT json_extract(value, '$.code') AS code FROM jobs, json_each(jobs.errors_json) WHERE run_id = ?`)
      .all(run.id) as { code: string }[];
    // The hung request timed out; on a loaded machine an answered one may too (700 ms is short), and is retried alike.
    expect(codes.length).toBeGreaterThanOrEqual(1);
    expect(codes.every((c) => c.code === 'TIMEOUT')).toBe(true);
  });

  it('fails fast on a rejected key without burning retries, and says why', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'openai', apiKey: 'wrong-key' });
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    const done = await h.waitForRun(run.id);
    expect(done.status).toBe('failed');
    expect(done.errorSummary[0]).toMatchObject({ code: 'AUTH_FAILED', count: 4 });
    const attempts = h.core.internals.database.sqlite
      .prepare(`SELECT MAX(attempts) AS n FROM jobs WHERE run_id = ?`)
      .get(run.id) as { n: number };
    expect(attempts.n).toBe(1);
    expect(JSON.stringify(done)).not.toContain('wrong-key');
  });

  it('refuses to start a run for a provider without a key, or with no model', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    const noKey = await h.core.dispatch('runs.create', {
      definitionId,
      models: [{ providerId: 'anthropic', modelId: 'claude-3-5-haiku', modelVersion: null }],
    });
    expect(noKey).toMatchObject({ ok: false, error: { code: 'PROVIDER_NOT_CONFIGURED' } });
    const noModel = await h.core.dispatch('runs.create', { definitionId, models: [] });
    expect(noModel).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(h.core.internals.runs.list()).toHaveLength(0);
  });

  it('survives a killed Python worker: it is restarted and the jobs it held are retried', async () => {
    h = await startHarness();
    // All four requests are held: the worker is killed while every job is surely in flight.
    h.fake.hold();
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [gpt] });
    await h.fake.waitForHeld(4);
    expect(killOneWorker(h.core.internals.pool.workerPids())).toBeGreaterThan(0);
    // The dead worker's connections close; only then do the retries get answers.
    await h.fake.waitForGate((g) => g.dropped === 4, 'the dead worker dropping its four requests');
    h.fake.open();
    const done = await h.waitForRun(run.id);
    expect(done).toMatchObject({ status: 'completed', progress: { completed: 4 } });
    expect(h.core.internals.pool.status().restarts).toBeGreaterThanOrEqual(1);
    expect(h.fake.gate).toMatchObject({ dropped: 4, held: [] });
    const codes = h.core.internals.database.sqlite
      .prepare(`SELECT json_extract(value, '$.code') AS code FROM jobs, json_each(jobs.errors_json) WHERE run_id = ?`)
      .all(run.id) as { code: string }[];
    expect(codes).toEqual(Array(4).fill({ code: 'WORKER_CRASHED' }));
    const transcripts = h.core.internals.database.sqlite
      .prepare(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ?`)
      .get(run.id) as { n: number };
    expect(transcripts.n).toBe(4);
  });
});
