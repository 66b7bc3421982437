import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { preparingReason } from '../../src/main/core/store/run-prepare';
import type { RunDetail } from '../../src/shared/domain';
import { startFakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const models = [
  { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null },
  { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null },
] as const;
/** The sample definition's 4 scenarios × 2 models × 20 samples: 160 jobs, written 10 per transaction. */
const CHUNK = 10;
const TOTAL = 160;

describe('large runs are created and cancelled in chunks, off the request path', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  async function createLarge(harness: CoreHarness): Promise<RunDetail> {
    const definitionId = await harness.importSample();
    return callRoute(harness.core.dispatch, 'runs.create', {
      definitionId,
      models: [...models],
      options: { samples: 20 },
    });
  }

  /** The answer of a read route given while the chunked write announces its first chunk after the request's. */
  function readDuringFirstChunk(harness: CoreHarness, runId: string): Promise<RunDetail> {
    return new Promise((resolve, reject) => {
      const off = harness.core.events.on('run.progress', (event) => {
        if (event.runId !== runId) return;
        off();
        callRoute(harness.core.dispatch, 'runs.get', { id: runId }).then(resolve, reject);
      });
    });
  }

  it('a created run answers at once, preparing; reads answer between chunks; then it runs every job', async () => {
    h = await startHarness({ chunkJobs: CHUNK });
    const created = await createLarge(h);
    expect(created).toMatchObject({ status: 'paused', progress: { total: TOTAL, pending: CHUNK } });
    expect(created.pauseReason).toMatch(/^preparing: 10 of 160 jobs queued/);
    const during = await readDuringFirstChunk(h, created.id);
    expect(during.status).toBe('paused');
    expect(during.progress.pending).toBeLessThan(TOTAL);
    expect(during.pauseReason).toMatch(/^preparing: \d+ of 160 jobs queued/);
    // Nothing of a run still being prepared is claimed, and a person can neither resume nor pause it.
    expect(h.fake.requests).toHaveLength(0);
    for (const control of ['runs.resume', 'runs.pause'] as const) {
      const refused = await h.core.dispatch(control, { id: created.id });
      expect(refused).toMatchObject({ ok: false, error: { code: 'RUN_NOT_CONTROLLABLE' } });
    }
    await h.core.internals.chunked.idle();
    const done = await h.waitForRun(created.id, 120_000);
    expect(done).toMatchObject({ status: 'completed', progress: { total: TOTAL, completed: TOTAL } });
    expect(h.fake.requests).toHaveLength(TOTAL);
  });

  it('cancelling a run being prepared stops its preparation: it keeps the jobs it has, all cancelled', async () => {
    h = await startHarness({ chunkJobs: CHUNK });
    const created = await createLarge(h);
    const cancelled = await callRoute(h.core.dispatch, 'runs.cancel', { id: created.id });
    expect(cancelled.status).toBe('cancelled');
    await h.core.internals.chunked.idle();
    const after = h.core.internals.runs.get(created.id);
    expect(after.progress.pending).toBe(0);
    expect(after.progress.cancelled).toBe(after.progress.total);
    expect(after.progress.total).toBeLessThan(TOTAL);
    expect(after.completedAt).not.toBeNull();
    expect(h.fake.requests).toHaveLength(0);
  });

  it('cancelling a large pending run answers after one chunk and cancels the rest between reads', async () => {
    h = await startHarness({ chunkJobs: CHUNK, startScheduler: false });
    const created = await createLarge(h);
    await h.core.internals.chunked.idle();
    expect(h.core.internals.runs.get(created.id)).toMatchObject({ status: 'pending', progress: { pending: TOTAL } });
    const cancelled = await callRoute(h.core.dispatch, 'runs.cancel', { id: created.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', progress: { cancelled: CHUNK, pending: TOTAL - CHUNK } });
    const during = await readDuringFirstChunk(h, created.id);
    expect(during.status).toBe('cancelled');
    expect(during.progress.pending).toBeGreaterThan(0);
    await h.core.internals.chunked.idle();
    const after = h.core.internals.runs.get(created.id);
    expect(after.progress).toMatchObject({ pending: 0, cancelled: TOTAL, total: TOTAL });
    expect(after.completedAt).not.toBeNull();
  });

  it('a start-up closes a preparation whose process died, and finishes a cancel a stop interrupted', async () => {
    const fake = await startFakeProvider();
    const temp = makeTempDir();
    try {
      const first = await startHarness({ fake, dataDir: temp.dir, startScheduler: false });
      const definitionId = await first.importSample();
      const model = [models[0]];
      const preparing = await callRoute(first.core.dispatch, 'runs.create', { definitionId, models: model });
      const cancelling = await callRoute(first.core.dispatch, 'runs.create', { definitionId, models: model });
      // What a crash leaves: a run whose process died after its first 4 of 40 jobs, and a cancel cut short.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      const sqlite = first.core.internals.database.sqlite;
      sqlite
        .prepare(`UPDATE runs SET status = 'paused', total = 40, pause_reason = ? WHERE id = ?`)
        .run(preparingReason(4, 40, `${hostname()}:${dead}`), preparing.id);
      sqlite.prepare(`UPDATE runs SET status = 'cancelled' WHERE id = ?`).run(cancelling.id);
      await first.stop();

      h = await startHarness({ fake, dataDir: temp.dir, startScheduler: false });
      await h.core.internals.chunked.idle();
      for (const id of [preparing.id, cancelling.id]) {
        expect(h.core.internals.runs.get(id)).toMatchObject({
          status: 'cancelled',
          progress: { total: 4, pending: 0, cancelled: 4 },
        });
      }
      expect(h.logLines.join('\n')).toContain('a run was being prepared when its process stopped');
      expect(fake.requests).toHaveLength(0);
    } finally {
      await h?.stop();
      h = null;
      await fake.close();
      temp.cleanup();
    }
  });
});
