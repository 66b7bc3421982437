/**
 * A run's spending cap over a real SQLite file, real Python and the fake provider (which reports usage): the run
 * pauses itself with the reason once its cost so far reaches the cap, claims nothing more, and a resume lifts the cap
 * and finishes it; the CLI's `run --max-cost … --wait` stops paused (exit 3) and says why.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import type { RunDetail } from '../../src/shared/domain';
import { cliRunner } from '../helpers/cli';
import { FAST_SCHEDULER, startHarness, type CoreHarness } from '../helpers/core';
import { makeTempDir } from '../helpers/temp';

const mini = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;

/** Resolves once the run is paused with nothing in flight (checked on each of its progress events). */
function pausedAndIdle(h: CoreHarness, runId: string): Promise<RunDetail> {
  return new Promise((resolve) => {
    const check = async (): Promise<void> => {
      const run = await callRoute(h.core.dispatch, 'runs.get', { id: runId });
      if (run.status === 'paused' && run.progress.running === 0) {
        off();
        resolve(run);
      }
    };
    const off = h.core.events.on('run.progress', (event) => {
      if (event.runId === runId) void check();
    });
    void check();
  });
}

describe('spending cap', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('pauses the run with the reason once its cost reaches the cap, and a resume lifts the cap', async () => {
    h = await startHarness({ scheduler: { ...FAST_SCHEDULER, concurrency: 1 } });
    const { dispatch } = h.core;
    // An expensive price, so that one answer costs more than the cap.
    await callRoute(dispatch, 'prices.save', { ...mini, inputUsdPerMTok: 1000, outputUsdPerMTok: 1000 });
    const definitionId = await h.importSample();
    const created = await callRoute(dispatch, 'runs.create', {
      definitionId,
      models: [mini],
      options: { maxCost: 0.01 },
    });
    expect(created.options.maxCost).toBe(0.01);
    const paused = await pausedAndIdle(h, created.id);
    expect(paused.progress.completed).toBe(1);
    expect(paused.progress.pending).toBe(3);
    expect(paused.cost.costUsd).toBeGreaterThanOrEqual(0.01);
    expect(paused.pauseReason).toMatch(
      /^spending cap reached: \$[\d.]+ spent of the \$0\.01 cap\. Resume to continue past the cap/,
    );
    // One request only: nothing was claimed after the cap was reached.
    expect(h.fake.requests.filter((r) => r.path.endsWith('/chat/completions'))).toHaveLength(1);

    const resumed = await callRoute(dispatch, 'runs.resume', { id: created.id });
    expect(resumed.options.maxCost).toBeNull();
    const done = await h.waitForRun(created.id);
    expect(done.status).toBe('completed');
    expect(done.progress.completed).toBe(4);
  });

  it('leaves a run without a cap, or under it, alone', async () => {
    h = await startHarness();
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', {
      definitionId,
      models: [mini],
      options: { maxCost: 100 },
    });
    expect((await h.waitForRun(run.id)).status).toBe('completed');
    await expect(
      callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [mini], options: { maxCost: 0 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
  });

  it('CLI `run --max-cost … --wait` stops paused with exit 3 and the reason', async () => {
    const temp = makeTempDir();
    try {
      h = await startHarness({ dataDir: join(temp.dir, 'data'), startScheduler: false });
      await callRoute(h.core.dispatch, 'prices.save', { ...mini, inputUsdPerMTok: 1000, outputUsdPerMTok: 1000 });
      const definitionId = await h.importSample();
      const fake = h.fake;
      await h.core.close();
      const cli = cliRunner(
        () => ({ OPENAI_BASE_URL: `${fake.url}/v1`, OPENAI_API_KEY: 'test-key' }),
        ['--data-dir', join(temp.dir, 'data')],
      );
      const result = await cli(
        'run',
        definitionId,
        '--model',
        'openai:gpt-4o-mini',
        '--max-cost',
        '0.01',
        '--wait',
        '--concurrency',
        '1',
      );
      expect(result.code).toBe(3);
      expect(result.err.join('\n')).toMatch(/paused itself: spending cap reached: \$[\d.]+ spent of the \$0\.01 cap/);
      expect((await cli('run', definitionId, '--model', 'openai:gpt-4o-mini', '--max-cost', '0')).code).toBe(64);
      await fake.close();
    } finally {
      h = null;
      temp.cleanup();
    }
  });
});
