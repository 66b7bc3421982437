import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider } from '../fixtures/fake-provider.mjs';
import { FAST_SCHEDULER, startHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

describe('boot recovery', () => {
  it('requeues jobs a dead process left in flight and finishes the run exactly once', async () => {
    const fake = await startFakeProvider();
    const temp = makeTempDir();
    try {
      const first = await startHarness({ fake, dataDir: temp.dir, startScheduler: false });
      const definitionId = await first.importSample();
      const run = await callRoute(first.core.dispatch, 'runs.create', {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      });
      // What a crash leaves behind: two jobs claimed by a process that no longer exists, with long leases.
      const deadOwner = `${hostname()}:2147483646:crashed`;
      first.core.internals.database.sqlite
        .prepare(
          `UPDATE jobs SET status = 'running', attempts = 1, lease_owner = ?, lease_expires_at = ? WHERE id IN (SELECT id FROM jobs WHERE run_id = ? LIMIT 2)`,
        )
        .run(deadOwner, Date.now() + 3_600_000, run.id);
      first.core.internals.database.sqlite.prepare(`UPDATE runs SET status = 'running' WHERE id = ?`).run(run.id);
      await first.stop();

      const second = await startHarness({ fake, dataDir: temp.dir });
      try {
        const done = await second.waitForRun(run.id);
        expect(done).toMatchObject({ status: 'completed', progress: { total: 4, completed: 4, failed: 0 } });
        const counts = second.core.internals.database.sqlite
          .prepare(`SELECT COUNT(*) AS n, COUNT(DISTINCT job_id) AS jobs FROM transcripts WHERE run_id = ?`)
          .get(run.id) as { n: number; jobs: number };
        expect(counts).toEqual({ n: 4, jobs: 4 });
        const interrupted = second.core.internals.database.sqlite
          .prepare(
            `SELECT COUNT(*) AS n FROM jobs, json_each(jobs.errors_json) WHERE run_id = ? AND json_extract(value, '$.code') = 'INTERRUPTED'`,
          )
          .get(run.id) as { n: number };
        expect(interrupted.n).toBe(2);
      } finally {
        await second.stop();
      }
    } finally {
      await fake.close();
      temp.cleanup();
    }
  });

  it('never expires and re-sends its own request in flight when its lease ran out during a stall', async () => {
    // Leases of an hour: the renewal beat (a third of that) never comes round in this test, so the only renewal is the
    // one the expiry check must make itself.
    const h = await startHarness({ scheduler: { ...FAST_SCHEDULER, leaseMs: 3_600_000, concurrency: 1 } });
    try {
      const definitionId = await h.importSample();
      h.fake.hold({ nth: 1 });
      const run = await callRoute(h.core.dispatch, 'runs.create', {
        definitionId,
        models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      });
      await h.fake.waitForHeld(1);
      // What a stalled event loop leaves: the lease of a job this process still has in flight ran out before the
      // renewal beat came round. The next expiry check must renew it, not requeue it as a hung owner's.
      const sqlite = h.core.internals.database.sqlite;
      const lapsed = sqlite
        .prepare(`UPDATE jobs SET lease_expires_at = ? WHERE run_id = ? AND status = 'running'`)
        .run(Date.now() - 60_000, run.id);
      expect(lapsed.changes).toBe(1);
      // The next expiry check (one a second) renews it while the request is still held; a requeued job would not be
      // running (the bound only turns a regression into a failed assertion instead of a test timeout).
      const renewed = () =>
        (
          sqlite
            .prepare(`SELECT COUNT(*) AS n FROM jobs WHERE run_id = ? AND status = 'running' AND lease_expires_at > ?`)
            .get(run.id, Date.now()) as { n: number }
        ).n === 1;
      await expect.poll(renewed, { timeout: 15_000, interval: 50 }).toBe(true);
      h.fake.open();
      const done = await h.waitForRun(run.id);
      expect(done).toMatchObject({ status: 'completed', progress: { total: 4, completed: 4, failed: 0 } });
      expect(h.fake.requests).toHaveLength(4);
      const expired = sqlite
        .prepare(
          `SELECT COUNT(*) AS n FROM jobs, json_each(jobs.errors_json) WHERE run_id = ? AND json_extract(value, '$.code') = 'LEASE_EXPIRED'`,
        )
        .get(run.id) as { n: number };
      expect(expired.n).toBe(0);
    } finally {
      await h.stop();
    }
  });
});
