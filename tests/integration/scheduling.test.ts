import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';

describe('scheduling: per-provider limits and fair interleaving', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('never exceeds a provider limit, however high the global concurrency', async () => {
    h = await startHarness({
      scheduler: {
        ...FAST_SCHEDULER,
        concurrency: 16,
        providerLimits: { remote: 64, local: 2, overrides: { openai: 2 } },
      },
    });
    h.fake.hold();
    const definitionId = await h.importSample();
    const models = ['gpt-4o-mini', 'gpt-4o'].map((modelId) => ({
      providerId: 'openai' as const,
      modelId,
      modelVersion: null,
    }));
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models });
    // The limit is reached (two held at once), then every job runs through with the gate open.
    await h.fake.waitForHeld(2);
    h.fake.open();
    expect((await h.waitForRun(run.id)).status).toBe('completed');
    expect(h.fake.stats.peakInFlight).toBe(2);
  });

  it('honours a parallel-request limit saved in Settings, shown with its default', async () => {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, concurrency: 16 } });
    const before = await callRoute(h.core.dispatch, 'providers.save', { providerId: 'openai', concurrency: 3 });
    expect(before).toMatchObject({ concurrency: 3, defaultConcurrency: 8 });
    h.fake.hold();
    const definitionId = await h.importSample();
    const models = ['gpt-4o-mini', 'gpt-4o'].map((modelId) => ({
      providerId: 'openai' as const,
      modelId,
      modelVersion: null,
    }));
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models });
    await h.fake.waitForHeld(3);
    h.fake.open();
    expect((await h.waitForRun(run.id)).status).toBe('completed');
    expect(h.fake.stats.peakInFlight).toBe(3);
    const cleared = await callRoute(h.core.dispatch, 'providers.save', { providerId: 'openai', concurrency: null });
    expect(cleared).toMatchObject({ concurrency: null, baseUrl: `${h.fake.url}/v1` });
    const refused = await h.core.dispatch('providers.save', { providerId: 'openai', concurrency: 0 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const ftp = await h.core.dispatch('providers.save', { providerId: 'openai', baseUrl: 'ftp://127.0.0.1/x' });
    expect(ftp).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringMatching(/http:\/\/ or https:\/\//) },
    });
  });

  it('uses the global concurrency when no limit is lower, and interleaves the models of a run', async () => {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, concurrency: 1 } });
    const definitionId = await h.importSample();
    const models = ['model-a', 'model-b', 'model-c'].map((modelId) => ({
      providerId: 'openai' as const,
      modelId,
      modelVersion: null,
    }));
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models });
    expect((await h.waitForRun(run.id)).status).toBe('completed');
    const order = h.fake.requests.map((r) => (r.body as { model: string }).model);
    expect(order).toHaveLength(12);
    // With one slot, every window of three consecutive requests asks each model once.
    for (let i = 0; i < 12; i += 3) expect(new Set(order.slice(i, i + 3)).size).toBe(3);
    expect(h.fake.stats.peakInFlight).toBe(1);
  });

  it('refuses to create a run while the Python worker is offline, saying how to fix it', async () => {
    h = await startHarness({ pythonCommand: '/nonexistent/python' });
    const definitionId = await h.importSample();
    for (let i = 0; i < 200 && h.core.internals.pool.status().status !== 'offline'; i += 1)
      await new Promise((r) => setTimeout(r, 25));
    const refused = await h.core.dispatch('runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'WORKER_UNAVAILABLE' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/VALUERANK_PYTHON/);
    expect(h.core.internals.runs.list()).toHaveLength(0);
  });

  it('leaves jobs for a provider it has no key for to a process that has one, instead of failing them', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'anthropic', apiKey: 'test-key' });
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'anthropic', modelId: 'claude-3-5-haiku-20241022' }],
    });
    // The key disappears from this process (another process with its own environment would still have one).
    await h.core.internals.scheduler.stop(0);
    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'anthropic', apiKey: null });
    h.core.internals.scheduler.start();
    // A witness run on a provider this process can use goes through while the anthropic jobs wait: they are older and
    // claimed first (by scenario ordinal, then oldest run), so each claim of the witness is a pass that left them be.
    const witness = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
    });
    expect((await h.waitForRun(witness.id)).status).toBe('completed');
    expect(h.core.internals.runs.get(run.id)).toMatchObject({ status: 'pending', progress: { pending: 4, failed: 0 } });
    expect(h.fake.requests.filter((r) => r.path === '/v1/messages')).toHaveLength(0);

    await callRoute(h.core.dispatch, 'providers.save', { providerId: 'anthropic', apiKey: 'test-key' });
    expect((await h.waitForRun(run.id)).status).toBe('completed');
  });
});
