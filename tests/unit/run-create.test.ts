import { afterEach, describe, expect, it } from 'vitest';
import { createRun, previewRun } from '../../src/main/core/runs/create';
import { RunQueries } from '../../src/main/core/runs/query';
import { JobStore } from '../../src/main/core/store/jobs';
import { makeTestDb, type TestDb } from '../helpers/db';

const gpt = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;

describe('run creation options and preview', () => {
  let t: TestDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  function create(
    db: TestDb,
    extra: { scenarioIds?: string[]; test?: boolean; samplePercentage?: number; sampleSeed?: number | null } = {},
  ): string {
    return createRun(
      {
        sqlite: db.database.sqlite,
        definitions: db.definitions,
        providers: db.providers,
        assertWorkerAvailable: () => undefined,
        maxAttempts: 3,
      },
      {
        definitionId: db.definitionId,
        models: [gpt],
        options: {
          samplePercentage: extra.samplePercentage ?? 100,
          sampleSeed: extra.sampleSeed ?? null,
          samples: 1,
          temperature: 0.2,
          maxTokens: 300,
          maxCost: null,
        },
        parentRunId: null,
        scenarioIds: extra.scenarioIds,
        test: extra.test ?? false,
      },
    );
  }

  it('previews exactly the scenarios and jobs a sampled run then gets', async () => {
    t = await makeTestDb();
    const preview = previewRun(t.database.sqlite, t.definitions, {
      definitionId: t.definitionId,
      samplePercentage: 50,
      sampleSeed: 7,
      samples: 1,
      maxTokens: null,
      models: [],
    });
    expect(preview.estimate).toBeNull();
    const runId = create(t, { samplePercentage: 50, sampleSeed: 7 });
    const run = new RunQueries(t.database.sqlite).get(runId);
    expect(run.progress.total).toBe(preview.scenarios);
    expect(preview.large).toBe(false);
    expect(run).toMatchObject({
      runType: 'sample',
      options: { samplePercentage: 50, sampleSeed: 7, temperature: 0.2, maxTokens: 300 },
    });
  });

  it('restricts a test run to chosen scenarios and rejects unknown ids', async () => {
    t = await makeTestDb();
    const runId = create(t, { scenarioIds: ['Stakes2_Certainty1'], test: true });
    const run = new RunQueries(t.database.sqlite).get(runId);
    expect(run).toMatchObject({ runType: 'test', progress: { total: 1 } });
    expect(() => create(t!, { scenarioIds: ['Nope_1'] })).toThrowError(expect.objectContaining({ code: 'VALIDATION' }));
    expect(t.definitions.get(t.definitionId).runCount).toBe(0);
    create(t);
    expect(t.definitions.get(t.definitionId).runCount).toBe(1);
  });

  it('reports retrying jobs and an ETA once jobs finish', async () => {
    t = await makeTestDb();
    const runId = create(t);
    const store = new JobStore(t.database.sqlite);
    const queries = new RunQueries(t.database.sqlite);
    expect(queries.get(runId).activity).toEqual({
      retrying: 0,
      timedOut: 0,
      ratePerMinute: null,
      etaMs: null,
      waitingOn: 0,
      oldestInFlightMs: null,
      attemptErrors: [],
    });
    const job = store.claim('me', Date.now(), 10_000, [])!;
    const timeout = { code: 'TIMEOUT', message: 'slow', retryable: true, at: new Date().toISOString(), attempt: 1 };
    store.release(job.id, 'me', timeout, Date.now() + 60_000);
    t.database.sqlite
      .prepare(`UPDATE runs SET started_at = ? WHERE id = ?`)
      .run(new Date(Date.now() - 60_000).toISOString(), runId);
    const other = store.claim('me', Date.now(), 10_000, [])!;
    store.release(other.id, 'me', { ...timeout, code: 'AUTH_FAILED', retryable: false }, null);
    const activity = queries.get(runId).activity;
    // Neither error has been followed by another attempt yet: nothing was "retried along the way".
    expect(activity).toMatchObject({ retrying: 1, timedOut: 1, attemptErrors: [], oldestInFlightMs: null });
    expect(activity.ratePerMinute).toBeGreaterThan(0.5);
    expect(activity.etaMs).toBeGreaterThan(60_000);
    // Once the timed-out job is tried again, its TIMEOUT counts as retried; the final AUTH_FAILED never does.
    const again = store.claim('me', Date.now() + 61_000, 10_000, [])!;
    expect(again.id).toBe(job.id);
    const later = queries.get(runId);
    expect(later.activity).toMatchObject({ retrying: 0, timedOut: 1, attemptErrors: [{ code: 'TIMEOUT', count: 1 }] });
    expect(later.activity.oldestInFlightMs).toBeGreaterThanOrEqual(0);
    expect(later.errorSummary).toEqual([{ code: 'AUTH_FAILED', modelKey: other.modelKey, count: 1, example: 'slow' }]);
  });
});
