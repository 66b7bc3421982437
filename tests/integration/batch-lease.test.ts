/**
 * The cross-process chunk lease with two real processes on one data folder: the app (a core in this test) and
 * `valuerank batches collect` (a CLI child process). While the CLI holds a chunk's lease (its request held at the fake
 * provider), the app's pass leaves the chunk alone: the provider sees exactly one upload and one create, and every job
 * is ingested once. When the holder is killed (kill -9) after the provider took its create, the app takes the lease
 * over from the dead process, adopts that batch (no second create) and collects it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { cliProcess } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const HOUR = 3_600_000;

describe('batch chunk lease across two processes', () => {
  const temp = makeTempDir();
  let fake: FakeProvider;
  let h: CoreHarness;
  let definitionId: string;

  beforeAll(async () => {
    fake = await startFakeProvider();
    // The app's own timer stays quiet: its passes are the ones this test asks for.
    h = await startHarness({ fake, dataDir: temp.dir, batches: { minPollMs: 0, tickMs: HOUR } });
    await h.core.internals.batches.reconcile();
    definitionId = await h.importSample();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
    temp.cleanup();
  });

  /** `valuerank batches collect --watch` on the app's data folder, as its own process. */
  const collector = () =>
    cliProcess(temp.dir, ['batches', 'collect', '--watch'], {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: 'test-key',
    });

  async function newBatchRun() {
    return callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
  }

  function rows(runId: string) {
    const sqlite = h.core.internals.database.sqlite;
    return {
      jobs: sqlite.prepare(`SELECT id, status, attempts FROM jobs WHERE run_id = ?`).all(runId) as {
        id: string;
        status: string;
        attempts: number;
      }[],
      answered: sqlite.prepare(`SELECT job_id FROM transcripts WHERE run_id = ?`).pluck().all(runId) as string[],
      chunks: sqlite
        .prepare(
          `SELECT state, batch_id AS batchId, duplicates, lease_owner AS leaseOwner FROM batch_chunks WHERE run_id = ?`,
        )
        .all(runId) as { state: string; batchId: string; duplicates: number; leaseOwner: string | null }[],
    };
  }

  const sent = (method: string, path: string) =>
    fake.requests.filter((r) => r.method === method && r.path === path).length;

  function expectCollectedOnce(runId: string) {
    const after = rows(runId);
    expect(after.jobs.length).toBeGreaterThan(0);
    expect(after.jobs.every((j) => j.status === 'completed' && j.attempts === 1)).toBe(true);
    expect([...after.answered].sort()).toEqual(after.jobs.map((j) => j.id).sort());
    expect(after.chunks).toHaveLength(1);
    expect(after.chunks[0]).toMatchObject({ state: 'collected', duplicates: 0, leaseOwner: null });
    expect(sent('POST', '/v1/files')).toBe(1);
    expect(sent('POST', '/v1/batches')).toBe(1);
    expect(fake.batches().batches.map((b) => b.id)).toEqual([after.chunks[0]!.batchId]);
    expect(h.core.internals.runs.get(runId).status).toBe('completed');
  }

  it('leaves a chunk another live process is working on to that process', async () => {
    await fake.reset();
    const run = await newBatchRun();
    fake.hold();
    const cli = collector();
    // The CLI committed the chunk and, under its lease, asked the provider whether it already has the file.
    await fake.waitForHeld(1, 120_000);
    const arrived = fake.gate.arrived;

    const pass = await h.core.internals.batches.reconcile({ force: true });
    expect(pass).toMatchObject({ submitted: 0, polled: 0, collected: 0, errors: [] });
    expect(fake.gate.arrived).toBe(arrived);
    expect(rows(run.id).chunks[0]!.leaseOwner).toMatch(/:\d+:[0-9a-f]{8}$/);

    fake.open();
    const done = await cli.ended;
    expect(done.code, done.err).toBe(0);
    expect(done.out.trim().split('\n').at(-1)).toBe('0');
    // The app's next pass finds nothing left to do.
    expect(await h.core.internals.batches.reconcile({ force: true })).toMatchObject({ submitted: 0, polled: 0 });
    expectCollectedOnce(run.id);
  });

  it('takes over from a holder killed after the provider took its create, and adopts that batch', async () => {
    await fake.reset();
    const run = await newBatchRun();
    fake.hold();
    const cli = collector();
    // Let the CLI's requests through one by one until the provider has taken its create (its answer still held).
    for (;;) {
      await fake.waitForHeld(1, 120_000);
      const last = fake.requests.at(-1)!;
      if (last.method === 'POST' && last.path === '/v1/batches') break;
      expect(fake.release(1)).toBe(1);
    }
    cli.child.kill('SIGKILL');
    await cli.ended;
    fake.open();

    for (let pass = 0; pass < 5 && rows(run.id).chunks[0]!.state !== 'collected'; pass += 1) {
      const report = await h.core.internals.batches.reconcile({ force: true });
      expect(report.errors).toEqual([]);
    }
    expect(h.logLines.some((l) => l.includes('took over the lease') && l.includes('its process is gone'))).toBe(true);
    expect(h.logLines.some((l) => l.includes('adopted a batch the provider already had'))).toBe(true);
    expectCollectedOnce(run.id);
  });
});
