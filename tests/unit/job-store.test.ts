import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleScenarioIds } from '../../src/main/core/runs/create';
import { JobStore, type JobError } from '../../src/main/core/store/jobs';
import { RunQueries } from '../../src/main/core/runs/query';
import { makeTestDb, probeResult, type TestDb } from '../helpers/db';

const err = (code: string, attempt = 1): JobError => ({
  code,
  message: `${code} happened`,
  retryable: true,
  at: new Date().toISOString(),
  attempt,
});

describe('JobStore', () => {
  let t: TestDb;
  let store: JobStore;
  let runs: RunQueries;
  beforeEach(async () => {
    t = await makeTestDb();
    store = new JobStore(t.database.sqlite);
    runs = new RunQueries(t.database.sqlite);
  });
  afterEach(() => t.cleanup());

  it('queues one job per scenario × model, never twice, and interleaves models', () => {
    const runId = t.newRun([
      { providerId: 'openai', modelId: 'a', modelVersion: null },
      { providerId: 'openai', modelId: 'b', modelVersion: 'b-002' },
      { providerId: 'openai', modelId: 'a', modelVersion: null },
    ]);
    const run = runs.get(runId);
    expect(run.progress.total).toBe(8);
    expect(run.models).toHaveLength(2);
    const first = store.claim('me', Date.now(), 1000, [])!;
    const second = store.claim('me', Date.now(), 1000, [])!;
    expect([first.modelKey, second.modelKey]).toEqual(['openai:a', 'openai:b@b-002']);
    expect(first.scenarioId).toBe(second.scenarioId);
    expect(() =>
      t.database.sqlite
        .prepare(
          `INSERT INTO jobs (id, run_id, scenario_id, model_key, provider_id, model_id, ordinal, created_at, updated_at) VALUES ('x', ?, ?, ?, 'openai', 'a', 99, '', '')`,
        )
        .run(runId, first.scenarioId, first.modelKey),
    ).toThrow(/UNIQUE/);
  });

  it('completes a run: transcript written, counters and status in the same transaction', () => {
    const runId = t.newRun();
    expect(runs.get(runId).status).toBe('pending');
    for (let i = 0; i < 4; i += 1) {
      const job = store.claim('me', Date.now(), 1000, [])!;
      expect(runs.get(runId).status).toBe('running');
      expect(job.prompt).toContain('town council');
      expect(store.complete(job, 'me', probeResult())).toBe(true);
    }
    expect(store.claim('me', Date.now(), 1000, [])).toBeNull();
    const run = runs.get(runId);
    expect(run).toMatchObject({
      status: 'completed',
      progress: { total: 4, completed: 4, failed: 0, pending: 0, running: 0 },
    });
    expect(run.completedAt).not.toBeNull();
    expect(runs.transcripts(runId, 0, 100)).toHaveLength(4);
  });

  it('drops a result when the job is no longer held by its owner', () => {
    const runId = t.newRun();
    const job = store.claim('me', Date.now(), 1000, [])!;
    expect(store.complete(job, 'someone-else', probeResult())).toBe(false);
    expect(runs.transcripts(runId, 0, 10)).toHaveLength(0);
  });

  it('retries later, then fails for good; all-failed runs are failed, mixed ones completed with errors', () => {
    const runId = t.newRun();
    const job = store.claim('me', Date.now(), 1000, [])!;
    const later = Date.now() + 60_000;
    expect(store.release(job.id, 'me', err('RATE_LIMITED'), later)).toBe(true);
    expect(store.claim('me', Date.now(), 1000, [])!.id).not.toBe(job.id);
    const again = store.claim('me', later + 1, 1000, []);
    expect(again).not.toBeNull();
    const errors = JSON.parse(
      (t.database.sqlite.prepare('SELECT errors_json AS e FROM jobs WHERE id = ?').get(job.id) as { e: string }).e,
    ) as JobError[];
    expect(errors.map((e) => e.code)).toEqual(['RATE_LIMITED']);
    // fail everything that is running, complete nothing → failed
    for (const id of (
      t.database.sqlite.prepare(`SELECT id FROM jobs WHERE status = 'running'`).all() as { id: string }[]
    ).map((r) => r.id)) {
      store.release(id, 'me', err('AUTH_FAILED'), null);
    }
    for (let j = store.claim('me', later + 1, 1000, []); j; j = store.claim('me', later + 1, 1000, []))
      store.release(j.id, 'me', err('AUTH_FAILED'), null);
    const run = runs.get(runId);
    expect(run.status).toBe('failed');
    expect(run.errorSummary[0]).toMatchObject({ code: 'AUTH_FAILED', count: 4 });

    const mixed = t.newRun([{ providerId: 'openai', modelId: 'other', modelVersion: null }]);
    let first = true;
    for (let j = store.claim('me', later + 1, 1000, []); j; j = store.claim('me', later + 1, 1000, [])) {
      if (first) store.release(j.id, 'me', err('PROVIDER_ERROR'), null);
      else store.complete(j, 'me', probeResult());
      first = false;
    }
    expect(runs.get(mixed)).toMatchObject({ status: 'completed_with_errors', progress: { completed: 3, failed: 1 } });
  });

  it('skips saturated providers and paused runs', () => {
    const runId = t.newRun();
    expect(store.claim('me', Date.now(), 1000, ['openai'])).toBeNull();
    t.database.sqlite.prepare(`UPDATE runs SET status = 'paused' WHERE id = ?`).run(runId);
    expect(store.claim('me', Date.now(), 1000, [])).toBeNull();
  });

  it('finds expired leases and orphans of dead owners, and renews its own leases', () => {
    t.newRun();
    const now = Date.now();
    const a = store.claim('host:1:dead', now, 100, [])!;
    const b = store.claim('host:2:alive', now, 100, [])!;
    expect(store.leases.renew('host:2:alive', now + 10_000)).toBe(1);
    expect(store.leases.expired(now + 500).map((j) => j.id)).toEqual([a.id]);
    expect(store.leases.orphaned((owner) => owner.endsWith('dead')).map((j) => j.id)).toEqual([a.id]);
    expect(store.release(a.id, null, err('INTERRUPTED'), now)).toBe(true);
    expect(store.claim('me', now + 1, 100, [])!.id).toBe(a.id);
    expect(b.attempts).toBe(1);
  });

  it('samples scenarios reproducibly from a seed and refuses nothing silently', () => {
    const a = runs.get(t.newRun(undefined, { samplePercentage: 50, sampleSeed: 7 }));
    const b = runs.get(t.newRun(undefined, { samplePercentage: 50, sampleSeed: 7 }));
    expect(a.progress.total).toBe(2);
    expect(b.progress.total).toBe(2);
    expect(a.runType).toBe('sample');
    expect(a.options.sampleSeed).toBe(7);
  });

  it('samples exactly the requested share, the same scenarios for the same seed, nested as the share grows', () => {
    const ids = Array.from({ length: 1600 }, (_, i) => `S${i}`);
    const ten = sampleScenarioIds(ids, 10, 42);
    expect(ten).toHaveLength(160);
    expect(sampleScenarioIds(ids, 10, 42)).toEqual(ten);
    expect(sampleScenarioIds(ids, 10, 43)).not.toEqual(ten);
    const twenty = new Set(sampleScenarioIds(ids, 20, 42));
    expect(twenty.size).toBe(320);
    expect(ten.every((id) => twenty.has(id))).toBe(true);
    expect(sampleScenarioIds(ids, 0.01, 1)).toHaveLength(1);
    expect(ten).toEqual([...ten].sort((x, y) => ids.indexOf(x) - ids.indexOf(y)));
  });

  it('returns the same run for a repeated request id (double clicks)', () => {
    const first = t.newRun(undefined, { requestId: 'click-1' });
    expect(t.newRun(undefined, { requestId: 'click-1' })).toBe(first);
    expect(runs.list()).toHaveLength(1);
  });
});
