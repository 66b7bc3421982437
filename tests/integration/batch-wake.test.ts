/**
 * Reconcile on wake (issue 26): a batch that finished at the provider while the computer slept is polled as soon as
 * the core hears of the wake (the Electron shell calls `core.wake()` on powerMonitor 'resume'), however long its
 * backoff still says to wait; a core that does not reconcile (started without the scheduler) answers null.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { startHarness, type CoreHarness } from '../helpers/core';

const HOUR = 3_600_000;

describe('batch reconciliation on wake', () => {
  let fake: FakeProvider;
  let h: CoreHarness;

  beforeAll(async () => {
    fake = await startFakeProvider();
    // Polls an hour apart: only a wake (or a forced collect) looks again sooner.
    h = await startHarness({ fake, batches: { minPollMs: HOUR, maxPollMs: HOUR, tickMs: HOUR } });
    await h.core.internals.batches.reconcile();
  }, 60_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('polls and collects a batch that ended during sleep without waiting for its backoff', async () => {
    const definitionId = await h.importSample();
    fake.hold({ path: '/__batch/process' });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    const sent = await callRoute(h.core.dispatch, 'batches.collect', { runId: run.id });
    expect(sent).toMatchObject({ submitted: 1, collected: 0, errors: [] });

    // The provider finishes the batch "overnight".
    await fake.waitForHeld(1);
    fake.release();
    await fake.waitForGate((gate) => gate.released >= 1, 'the batch processed');

    // The app's own timer pass keeps to the backoff: nothing is polled yet.
    const timerPass = await h.core.internals.batches.reconcile();
    expect(timerPass).toMatchObject({ polled: 0, collected: 0 });

    const woke = await h.core.wake();
    expect(woke).toMatchObject({ polled: 1, collected: 1, ingested: run.progress.total, errors: [] });
    expect(h.core.internals.runs.get(run.id).status).toBe('completed');
    const [chunk] = await callRoute(h.core.dispatch, 'batches.list', { runId: run.id });
    expect(chunk).toMatchObject({ state: 'collected', succeeded: run.progress.total });
  });

  it('answers null from a core that does not reconcile batches', async () => {
    const idle = await startHarness({ fake, startScheduler: false });
    try {
      expect(await idle.core.wake()).toBeNull();
    } finally {
      await idle.stop();
    }
  });
});
