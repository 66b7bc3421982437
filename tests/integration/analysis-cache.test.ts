/**
 * The analyses keep a run's decision counts (and the tallies, arrays and modal decisions made from them) between
 * calls, in the worker thread and inline. The cache must never serve a run as it was: a new transcript (the run's
 * transcript count) and a changed decision (a hand override or a re-extraction, both recorded in the run's history)
 * each give new figures on the next call. Real SQLite file, production INSERT, the worker thread.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { AnalysisInputCache, runAnalysis } from '../../src/main/core/results/analysis';
import type { AgreementReport, EffectsReport } from '../../src/shared/analysis';
import { importAnalysisDefinition, levelsOf, MODEL_A, MODEL_B } from '../helpers/analysis-seed';
import { createMemoryLogger } from '../helpers/memory';
import { seedOutcomes, type SeedOutcome } from '../helpers/results-seed';
import { makeTempDir } from '../helpers/temp';

const HELD_BACK = 'Stakes3_Certainty2_Setting4';

describe('the analysis cache never serves a run as it was', () => {
  const temp = makeTempDir();
  let core: Core;
  let runId: string;
  // The inline path's cache, used beside the worker's.
  const inline = new AnalysisInputCache();

  const answer = (score: number): SeedOutcome => ({ kind: 'answer', score, decision: `answer ${score}` });

  beforeAll(async () => {
    const { logger } = createMemoryLogger(() => []);
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      analysisWorkerThreshold: 0,
      logger,
    });
    const definitionId = await importAnalysisDefinition(core);
    const run = await callRoute(core.dispatch, 'runs.create', { definitionId, models: [MODEL_A, MODEL_B] });
    runId = run.id;
    // Model a answers its Stakes level, model b always 3; model a's answer to one scenario is held back.
    seedOutcomes(core.internals.database.sqlite, runId, (job) =>
      job.modelKey === 'openai:model-a' && job.scenarioId === HELD_BACK
        ? { kind: 'pending' }
        : answer(job.modelKey === 'openai:model-a' ? levelsOf(job.scenarioId).stakes : 3),
    );
  });

  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  const figures = async (): Promise<{ agreement: AgreementReport; effects: EffectsReport }> => {
    const agreement = await callRoute(core.dispatch, 'results.agreement', { runId });
    const effects = await callRoute(core.dispatch, 'results.effects', { runId });
    const sqlite = core.internals.database.sqlite;
    // Inline, through one cache kept across the calls: the same figures as the worker's.
    expect(runAnalysis(sqlite, { kind: 'agreement', runId, limit: 50 }, inline)).toEqual(agreement);
    expect(runAnalysis(sqlite, { kind: 'effects', runId }, inline)).toEqual(effects);
    return { agreement, effects };
  };

  it('gives new figures after a new transcript and after a changed decision', async () => {
    const first = await figures();
    expect(first.agreement.pairs[0]).toMatchObject({ compared: 23, exact: 7 });
    // Warm: asked again, the same figures (from the cache).
    expect(await figures()).toEqual(first);

    // A new transcript: model a's held-back answer arrives (3, the same as model b's).
    seedOutcomes(core.internals.database.sqlite, runId, (job) =>
      job.modelKey === 'openai:model-a' && job.scenarioId === HELD_BACK ? answer(3) : { kind: 'pending' },
    );
    const second = await figures();
    expect(second.agreement.pairs[0]).toMatchObject({ compared: 24, exact: 8 });
    const modelA = (report: EffectsReport) => report.models.find((m) => m.modelKey === 'openai:model-a')!;
    expect(modelA(second.effects).scored).toBe(24);

    // A changed decision: model a's answer to the same scenario coded by hand as 1 (recorded in the run's history).
    const transcriptId = (
      core.internals.database.sqlite
        .prepare(`SELECT id FROM transcripts WHERE run_id = ? AND scenario_id = ? AND model_key = ?`)
        .get(runId, HELD_BACK, 'openai:model-a') as { id: string }
    ).id;
    await callRoute(core.dispatch, 'transcripts.override', { id: transcriptId, score: 1 });
    const third = await figures();
    expect(third.agreement.pairs[0]).toMatchObject({ compared: 24, exact: 7 });
    const highStakes = (report: EffectsReport) =>
      modelA(report)
        .dimensions.find((d) => d.dimension === 'Stakes')!
        .levels.find((l) => l.level === 3)!.mean;
    expect(highStakes(second.effects)).toBe(3);
    expect(highStakes(third.effects)).toBeCloseTo((7 * 3 + 1) / 8, 12);
  });
});
