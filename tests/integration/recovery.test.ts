import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness } from '../helpers/core';
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
});
