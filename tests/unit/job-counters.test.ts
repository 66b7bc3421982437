/**
 * The counters the jobs triggers keep (migration 0003) must equal what counting the jobs table gives, after every
 * kind of transition, and the migration's backfill must compute the same figures for jobs that predate it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRun } from '../../src/main/core/runs/create';
import { RunQueries } from '../../src/main/core/runs/query';
import { JobStore, type JobError } from '../../src/main/core/store/jobs';
import { applyRunControl } from '../../src/main/core/store/run-status';
import { makeTestDb, type TestDb } from '../helpers/db';
import { seedOutcomes } from '../helpers/results-seed';

const models = [
  { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null },
  { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null },
] as const;

const COUNTED = `SELECT run_id, model_key, SUM(status = 'pending') AS pending, SUM(status = 'running') AS running,
  SUM(status = 'completed') AS completed, SUM(status = 'failed') AS failed, SUM(status = 'cancelled') AS cancelled,
  SUM(status = 'pending' AND attempts > 0) AS retrying,
  SUM(status IN ('pending', 'running', 'failed') AND COALESCE(json_extract(last_error_json, '$.code') = 'TIMEOUT', 0))
    AS timed_out
  FROM jobs GROUP BY run_id, model_key ORDER BY run_id, model_key`;
const KEPT = `SELECT run_id, model_key, pending, running, completed, failed, cancelled, retrying, timed_out
  FROM run_model_counts ORDER BY run_id, model_key`;
const ERRORS = `SELECT run_id, model_key, code, attempts, retried, final FROM run_error_counts
  ORDER BY run_id, model_key, code`;

const error = (code: string, attempt: number): JobError => ({
  code,
  message: `${code} happened`,
  retryable: code !== 'AUTH_FAILED',
  at: new Date().toISOString(),
  attempt,
});

describe('job counters', () => {
  let t: TestDb | null = null;
  afterEach(() => {
    t?.cleanup();
    t = null;
  });

  function create(db: TestDb): string {
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
        models: [...models],
        options: { samplePercentage: 100, sampleSeed: null, samples: 1, temperature: 0, maxTokens: 100, maxCost: null },
        parentRunId: null,
        test: false,
      },
    );
  }

  it('match a count of the jobs table through claims, retries, failures, completions, abandon and cancel', async () => {
    t = await makeTestDb();
    const sqlite = t.database.sqlite;
    const runA = create(t);
    create(t);
    const store = new JobStore(sqlite);
    const now = Date.now();
    const batch = store.claimBatch('me', now, 10_000, { openai: 6 }, 6);
    expect(batch).toHaveLength(6);
    // Lowest ordinal first, the older run first on a tie.
    const ordinal = sqlite.prepare(`SELECT ordinal FROM jobs WHERE id = ?`).pluck();
    const keys = batch.map((job) => [ordinal.get(job.id) as number, job.runId === runA ? 0 : 1]);
    expect(keys).toEqual([...keys].sort((x, y) => x[0]! - y[0]! || x[1]! - y[1]!));
    expect(keys[0]).toEqual([0, 0]);
    const [a, b, c, d, e, f] = batch;
    store.release(a!.id, 'me', error('TIMEOUT', 1), now); // back to pending, retried below
    store.release(b!.id, 'me', error('AUTH_FAILED', 1), null); // failed for good
    store.release(c!.id, 'me', error('RATE_LIMITED', 1), now + 3_600_000); // waits for a retry
    store.abandon(d!.id, 'me', d!.runId);
    expect(store.release(e!.id, 'someone-else', error('TIMEOUT', 1), null)).toBe(false);
    expect(store.claimBatch('me', now, 10_000, { openai: 1 }, 1)[0]?.id).toBe(a!.id);
    store.release(a!.id, 'me', error('SERVER_ERROR', 2), null);
    expect(sqlite.prepare(KEPT).all()).toEqual(sqlite.prepare(COUNTED).all());
    applyRunControl(sqlite, f!.runId, 'cancel');
    expect(sqlite.prepare(KEPT).all()).toEqual(sqlite.prepare(COUNTED).all());
    expect(sqlite.prepare(ERRORS).all()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'TIMEOUT', attempts: 1, retried: 1, final: 0 }),
        expect.objectContaining({ code: 'AUTH_FAILED', attempts: 1, retried: 0, final: 1 }),
        expect.objectContaining({ code: 'SERVER_ERROR', attempts: 1, retried: 0, final: 1 }),
        expect.objectContaining({ code: 'RATE_LIMITED', attempts: 1, retried: 0, final: 0 }),
      ]),
    );
    const detail = new RunQueries(sqlite).get(runA);
    expect(detail.progress.pending + detail.progress.running).toBe(
      (
        sqlite
          .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status IN ('pending', 'running')`)
          .get(runA) as {
          n: number;
        }
      ).n,
    );

    // The migration's backfill, run on the same jobs, computes the same figures.
    const kept = { counts: sqlite.prepare(KEPT).all(), errors: sqlite.prepare(ERRORS).all() };
    sqlite.exec('DELETE FROM run_model_counts; DELETE FROM run_error_counts;');
    const migration = readFileSync(
      join(__dirname, '../../src/main/core/db/migrations/0005_job_counter_triggers.sql'),
      'utf8',
    ).split('--> statement-breakpoint');
    for (const statement of migration.filter((s) => s.includes('INSERT INTO') && !s.includes('CREATE TRIGGER')))
      sqlite.exec(statement);
    expect({ counts: sqlite.prepare(KEPT).all(), errors: sqlite.prepare(ERRORS).all() }).toEqual(kept);
  });

  it('keep the results distribution and versions equal to grouping the transcripts, and backfill the same', async () => {
    t = await makeTestDb();
    const sqlite = t.database.sqlite;
    const runId = create(t);
    seedOutcomes(sqlite, runId, (_job, i) =>
      i % 4 === 0
        ? { kind: 'refusal' }
        : i % 4 === 1
          ? { kind: 'failed', code: 'TIMEOUT' }
          : { kind: 'answer', score: (i % 3) + 1, decision: String((i % 3) + 1), reported: i % 2 ? 'v2' : null },
    );
    const grouped = {
      decisions: sqlite
        .prepare(
          `SELECT model_key, decision, parse_path, score, COUNT(*) AS n FROM transcripts
            GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
        )
        .all(),
      versions: sqlite
        .prepare(
          `SELECT model_key, provider_id, model_id, model_version, reported_model_version, COUNT(*) AS n FROM transcripts
            GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
        )
        .all(),
    };
    const kept = () => ({
      decisions: sqlite
        .prepare(
          `SELECT model_key, decision, parse_path, score, n FROM run_decision_counts WHERE n > 0 ORDER BY 1, 2, 3, 4`,
        )
        .all(),
      versions: sqlite
        .prepare(
          `SELECT model_key, provider_id, model_id, model_version, reported_model_version, n FROM run_version_counts
            WHERE n > 0 ORDER BY 1, 2, 3, 4, 5`,
        )
        .all(),
    });
    expect(grouped.decisions.length).toBeGreaterThan(2);
    expect(kept()).toEqual(grouped);
    sqlite.exec('DELETE FROM run_decision_counts; DELETE FROM run_version_counts;');
    const migration = readFileSync(
      join(__dirname, '../../src/main/core/db/migrations/0006_results_counter_triggers.sql'),
      'utf8',
    ).split('--> statement-breakpoint');
    for (const statement of migration.filter((s) => !s.includes('CREATE TRIGGER'))) sqlite.exec(statement);
    expect(kept()).toEqual(grouped);
  });
});
