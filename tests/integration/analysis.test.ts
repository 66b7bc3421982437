/**
 * The analysis routes over a real SQLite file seeded through the production INSERT: dimension effects, interaction,
 * agreement and the change of effects between two runs, computed in the worker thread (the threshold is lowered to
 * zero here) and equal to the same analysis computed inline; the queries read from the covering index.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { runAnalysis } from '../../src/main/core/results/analysis';
import { DECISION_GROUPS_SQL, queryPlan, SCENARIO_DIMENSIONS_SQL } from '../../src/main/core/store/analysis';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { seedAnalysisRun } from '../helpers/analysis-seed';

describe('analysis routes on a seeded run', () => {
  const temp = makeTempDir();
  let core: Core;
  let runId: string;
  let definitionId: string;
  let rerunId: string;

  beforeAll(async () => {
    const { logger } = createMemoryLogger(() => []);
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      analysisWorkerThreshold: 0,
      logger,
    });
    ({ runId, definitionId } = await seedAnalysisRun(core));
    // The re-run: model a now weighs Stakes twice as much (1, 3, 5) and ignores Certainty.
    ({ runId: rerunId } = await seedAnalysisRun(core, {
      scoreA: ({ stakes }) => 2 * stakes - 1,
      parentRunId: runId,
    }));
  });

  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  it('gives each model the mean decision per level with its interval, the effect, and what was left out', async () => {
    const report = await callRoute(core.dispatch, 'results.effects', { runId });
    expect(report.dimensions.map((d) => d.name)).toEqual(['Stakes', 'Certainty', 'Setting']);
    expect(report.dimensions[0]!.levels).toEqual([
      { score: 1, label: 'low' },
      { score: 2, label: 'medium' },
      { score: 3, label: 'high' },
    ]);
    expect(report.scale.map((s) => s.code)).toEqual([1, 2, 3, 4, 5]);
    const [a, b] = report.models;
    expect(a!.modelKey).toBe('openai:model-a');
    const stakes = a!.dimensions.find((d) => d.dimension === 'Stakes')!;
    expect(stakes.levels.map((l) => [l.label, l.scenarios, l.n, l.mean])).toEqual([
      ['low', 8, 8, 1.5],
      ['medium', 8, 8, 2.5],
      ['high', 8, 8, 3.5],
    ]);
    for (const level of stakes.levels) {
      expect(level.method).toBe('t');
      expect(level.ciLow!).toBeLessThanOrEqual(level.mean!);
      expect(level.ciHigh!).toBeGreaterThanOrEqual(level.mean!);
    }
    expect(stakes.effect).toMatchObject({ fromLevel: 1, toLevel: 3 });
    expect(stakes.effect!.estimate).toBeCloseTo(2, 9);
    expect(stakes.effect!.ciLow!).toBeGreaterThan(1);
    expect(a!.dimensions.find((d) => d.dimension === 'Setting')!.effect!.estimate).toBeCloseTo(0, 9);
    expect([b!.refusals, b!.unparseable, b!.scored]).toEqual([1, 1, 22]);
    expect(b!.dimensions[0]!.levels[0]).toMatchObject({ scenarios: 6, n: 6, mean: 3 });
    // Reproducible: the same figures on every call, and the same whether computed in the worker or inline.
    expect(await callRoute(core.dispatch, 'results.effects', { runId })).toEqual(report);
    expect(runAnalysis(core.internals.database.sqlite, { kind: 'effects', runId })).toEqual(report);
  });

  it('gives the mean per level pair of two dimensions, and refuses a dimension the run does not have', async () => {
    const report = await callRoute(core.dispatch, 'results.interaction', {
      runId,
      dimensionA: 'Stakes',
      dimensionB: 'Certainty',
    });
    expect(report.levelsA.map((l) => l.label)).toEqual(['low', 'medium', 'high']);
    const a = report.models.find((m) => m.modelKey === 'openai:model-a')!;
    expect(a.cells).toHaveLength(6);
    expect(a.cells.find((c) => c.levelA === 3 && c.levelB === 2)).toEqual({
      levelA: 3,
      levelB: 2,
      scenarios: 4,
      n: 4,
      mean: 4,
    });
    const unknown = await core.dispatch('results.interaction', { runId, dimensionA: 'Stakes', dimensionB: 'Nope' });
    expect(unknown).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: expect.stringContaining('Nope') },
    });
    const missing = await core.dispatch('results.effects', { runId: 'run_missing' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('counts agreement per model pair and links the widest disagreements to both transcripts', async () => {
    const report = await callRoute(core.dispatch, 'results.agreement', { runId, limit: 5 });
    // a answers 3 on 8 scenarios, 2 or 4 on 12, 1 on 4 (2 of which b refused or left unparseable); b always 3.
    // b's constant answer agrees with a only as often as chance would: κ = 0, with no spread over scenarios.
    expect(report.pairs).toEqual([
      {
        modelA: 'openai:model-a',
        modelB: 'openai:model-b',
        compared: 24,
        exact: 8,
        withinOne: 20,
        bothScored: 22,
        tied: 0,
        kappa: { estimate: 0, ciLow: null, ciHigh: null, scenarios: 22 },
      },
    ]);
    expect(report.alpha).toBeNull();
    expect(report.disagreements).toHaveLength(5);
    expect(report.disagreements[0]!.distance).toBe(2);
    const first = report.disagreements[0]!;
    expect(first.dimensions.Stakes?.label).toBeDefined();
    const transcriptA = await callRoute(core.dispatch, 'transcripts.get', { id: first.a.transcriptId });
    const transcriptB = await callRoute(core.dispatch, 'transcripts.get', { id: first.b.transcriptId });
    expect([transcriptA.scenarioId, transcriptB.scenarioId]).toEqual([first.scenarioId, first.scenarioId]);
    expect([transcriptA.modelKey, transcriptB.modelKey]).toEqual(['openai:model-a', 'openai:model-b']);
  });

  it('compares the effects of two runs with the change and its interval', async () => {
    const report = await callRoute(core.dispatch, 'results.compareEffects', { runA: runId, runB: rerunId });
    const a = report.models.find((m) => m.label === 'openai:model-a')!;
    const stakes = a.dimensions.find((d) => d.dimension === 'Stakes')!;
    expect([stakes.a!.estimate, stakes.b!.estimate]).toEqual([2, 4]);
    // Paired over the shared scenarios: the main-effects model fitted to each scenario's difference B − A.
    expect(stakes.change!.estimate).toBeCloseTo(2, 12);
    expect(stakes.change!.ciLow!).toBeLessThanOrEqual(2 + 1e-9);
    expect(stakes.change!.ciHigh!).toBeGreaterThanOrEqual(2 - 1e-9);
    const certainty = a.dimensions.find((d) => d.dimension === 'Certainty')!;
    expect(certainty.change!.estimate).toBeCloseTo(-1, 12);
    const b = report.models.find((m) => m.label === 'openai:model-b')!;
    expect(b.dimensions[0]!.change!.estimate).toBeCloseTo(0, 12);
    expect(report.multiplicity.family).toBeGreaterThan(0);
    expect(a.meanChange!.pHolm).not.toBeNull();
    const other = await seedOtherDefinitionRun();
    const refused = await core.dispatch('results.compareEffects', { runA: runId, runB: other });
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(definitionId).not.toBe('');
  });

  it('reads decision counts and scenarios from indexes, never scanning the table or sorting', () => {
    const sqlite = core.internals.database.sqlite;
    const groups = queryPlan(sqlite, DECISION_GROUPS_SQL, runId).join('\n');
    expect(groups).toMatch(/COVERING INDEX transcripts_run_decision_idx/);
    expect(groups).not.toMatch(/TEMP B-TREE|SCAN transcripts/);
    const scenarios = queryPlan(sqlite, SCENARIO_DIMENSIONS_SQL, definitionId, runId).join('\n');
    expect(scenarios).toMatch(/scenarios_pk|sqlite_autoindex/);
    expect(scenarios).toMatch(/COVERING INDEX transcripts_run/);
  });

  async function seedOtherDefinitionRun(): Promise<string> {
    const imported = await callRoute(core.dispatch, 'definitions.import', {
      fileName: 'other.json',
      text: JSON.stringify({
        name: 'Other',
        template: 'A [X] case.',
        dimensions: [{ name: 'X', levels: [{ score: 1, label: 'x', options: ['x'] }] }],
      }),
    });
    const run = await callRoute(core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [{ providerId: 'openai', modelId: 'model-a' }],
    });
    return run.id;
  }
});
