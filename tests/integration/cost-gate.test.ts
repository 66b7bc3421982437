/**
 * The core enforces the cost confirmation threshold itself: `runs.create` refuses a run whose estimate passes the
 * threshold in Settings unless the input says the cost was confirmed, whichever front door (or page) asked.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { exitCodeForError, EXIT } from '../../src/main/cli/data-access';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { startHarness, type CoreHarness } from '../helpers/core';

const mini = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const options = { samplePercentage: 100, sampleSeed: null, samples: 1, temperature: null, maxTokens: 1000 };

describe('cost confirmation in the core', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('refuses an unconfirmed run over the threshold, and creates it once confirmed or with no threshold', async () => {
    h = await startHarness({ startScheduler: false });
    const { dispatch } = h.core;
    const definitionId = await h.importSample();
    const preview = await callRoute(dispatch, 'runs.preview', {
      definitionId,
      samplePercentage: 100,
      sampleSeed: null,
      samples: 1,
      maxTokens: 1000,
      models: [mini],
    });
    const full = preview.estimate!.costUsd;
    // Between the cost of one scenario and of all four: the full run passes it, a one-scenario test run does not.
    await callRoute(dispatch, 'preferences.save', { costConfirmThresholdUsd: full * 0.5 });

    const refused = callRoute(dispatch, 'runs.create', { definitionId, models: [mini], options });
    await expect(refused).rejects.toMatchObject({ code: 'COST_NOT_CONFIRMED' });
    await expect(refused).rejects.toThrow(/over the confirmation threshold/);
    expect(exitCodeForError(await refused.catch((error: unknown) => error))).toBe(EXIT.COST_NOT_CONFIRMED);
    expect(await callRoute(dispatch, 'runs.list', {})).toHaveLength(0);

    const scenarios = await callRoute(dispatch, 'definitions.scenarios', { definitionId });
    const one = await callRoute(dispatch, 'runs.create', {
      definitionId,
      models: [mini],
      options,
      scenarioIds: [scenarios[0]!.id],
      test: true,
    });
    expect(one.progress.total).toBe(1);

    const confirmed = await callRoute(dispatch, 'runs.create', {
      definitionId,
      models: [mini],
      options,
      costConfirmed: true,
    });
    expect(confirmed.progress.total).toBe(4);
    await callRoute(dispatch, 'preferences.save', { costConfirmThresholdUsd: null });
    const unlimited = await callRoute(dispatch, 'runs.create', { definitionId, models: [mini], options });
    expect(unlimited.progress.total).toBe(4);
  });
});
