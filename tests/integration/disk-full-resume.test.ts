/**
 * A run a full disk paused stays paused, with its reason, when resumed on a disk that is still full; it resumes once
 * there is room. Free space is the core's statfs seam (no small real file system can be mounted on the build machine).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { MIN_FREE_BYTES } from '../../src/main/core/runs/controls';
import { diskFullReason } from '../../src/main/core/scheduler/disk-full';
import { startHarness, type CoreHarness } from '../helpers/core';

describe('resume on a full disk', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('keeps the run paused with its reason while the disk is full, and resumes once there is room', async () => {
    let free = 1024 * 1024;
    h = await startHarness({ startScheduler: false, freeBytes: () => free });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
    });
    const reason = diskFullReason(h.core.internals.database.path);
    // What the scheduler's storage guard writes when a write fails for lack of room.
    h.core.internals.database.sqlite
      .prepare(`UPDATE runs SET status = 'paused', pause_reason = ? WHERE id = ?`)
      .run(reason, run.id);

    const refused = await h.core.dispatch('runs.resume', { id: run.id });
    expect(refused).toMatchObject({ ok: false, error: { code: 'DISK_FULL' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/still full \(1\.0 MB free\).*The run stays paused/);
    expect(h.core.internals.runs.get(run.id)).toMatchObject({ status: 'paused', pauseReason: reason });

    free = MIN_FREE_BYTES;
    const resumed = await callRoute(h.core.dispatch, 'runs.resume', { id: run.id });
    expect(resumed).toMatchObject({ status: 'pending', pauseReason: null });
  });

  it('a person’s pause resumes whatever the disk says', async () => {
    h = await startHarness({ startScheduler: false, freeBytes: () => 0 });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
    });
    expect((await callRoute(h.core.dispatch, 'runs.pause', { id: run.id })).status).toBe('paused');
    expect((await callRoute(h.core.dispatch, 'runs.resume', { id: run.id })).status).toBe('pending');
  });
});
