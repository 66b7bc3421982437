/**
 * Cost over a real SQLite file, real Python and the fake provider (which reports usage): the price table (built-in,
 * the researcher's override, removal, validation, local and unknown models), the estimate before a run, the token
 * counters the transcripts triggers keep, the cost math, the history rule and the export manifest.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { manifestPathFor } from '../../src/shared/export';
import { DEFAULT_OUTPUT_TOKENS, type RunCost } from '../../src/shared/prices';
import { runConfigOf } from '../../src/main/core/store/run-config';
import { startHarness, type CoreHarness } from '../helpers/core';

const mini = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null } as const;
const local = { providerId: 'ollama', modelId: 'llama3.2', modelVersion: null } as const;
const unknown = { providerId: 'openai', modelId: 'my-fine-tune', modelVersion: null } as const;
const today = (): string => new Date().toISOString().slice(0, 10);

describe('cost', () => {
  let h: CoreHarness | null = null;
  afterEach(async () => {
    await h?.stop();
    h = null;
  });

  it('lists built-in prices, lets a researcher override, add and remove one, and refuses bad prices', async () => {
    h = await startHarness({ startScheduler: false });
    const { dispatch } = h.core;
    const builtin = (await callRoute(dispatch, 'prices.list', {})).find(
      (p) => p.providerId === 'openai' && p.modelId === 'gpt-4o-mini' && p.modelVersion === null,
    );
    expect(builtin).toMatchObject({ inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6, source: 'builtin' });
    expect(builtin!.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const saved = await callRoute(dispatch, 'prices.save', { ...mini, inputUsdPerMTok: 1, outputUsdPerMTok: 2 });
    const mine = saved.filter((p) => p.modelId === 'gpt-4o-mini' && p.modelVersion === null);
    expect(mine).toEqual([
      {
        ...mini,
        inputUsdPerMTok: 1,
        outputUsdPerMTok: 2,
        batchInputUsdPerMTok: null,
        batchOutputUsdPerMTok: null,
        recordedAt: today(),
        source: 'user',
        overridesBuiltin: true,
      },
    ]);
    const added = await callRoute(dispatch, 'prices.save', { ...unknown, inputUsdPerMTok: 0, outputUsdPerMTok: 3 });
    expect(added.find((p) => p.modelId === 'my-fine-tune')).toMatchObject({ source: 'user', overridesBuiltin: false });

    const removed = await callRoute(dispatch, 'prices.remove', mini);
    expect(removed.find((p) => p.modelId === 'gpt-4o-mini' && p.modelVersion === null)).toEqual(builtin);
    await expect(
      callRoute(dispatch, 'prices.save', { ...mini, inputUsdPerMTok: -1, outputUsdPerMTok: 1 }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(
      callRoute(dispatch, 'prices.save', { ...mini, inputUsdPerMTok: 1, outputUsdPerMTok: 20_000 }),
    ).rejects.toThrow(/at most/);
  });

  it('estimates tokens from the expanded prompts and the system prompt, and cost per model, before a run', async () => {
    h = await startHarness({ startScheduler: false });
    const { dispatch } = h.core;
    const definitionId = await h.importSample();
    const definition = await callRoute(dispatch, 'definitions.get', { id: definitionId });
    const scenarios = await callRoute(dispatch, 'definitions.scenarios', { definitionId });
    const system = definition.content.preamble.trim().length;
    const promptTokens = scenarios.reduce((sum, s) => sum + Math.ceil((s.prompt.length + system) / 4), 0);

    const preview = await callRoute(dispatch, 'runs.preview', {
      definitionId,
      maxTokens: 100,
      models: [mini, local, unknown],
    });
    const estimate = preview.estimate!;
    expect(estimate.outputSource).toBe('maxTokens');
    const [gpt, llama, fineTune] = estimate.perModel;
    expect(gpt).toMatchObject({ jobs: 4, inputTokens: promptTokens, outputTokens: 400 });
    expect(gpt!.costUsd).toBeCloseTo((promptTokens * 0.15 + 400 * 0.6) / 1e6, 12);
    expect(llama).toMatchObject({ basis: { kind: 'local' }, costUsd: 0 });
    expect(fineTune).toMatchObject({ basis: { kind: 'none' }, costUsd: null });
    expect(estimate.unpriced).toEqual(['openai:my-fine-tune']);
    expect(estimate.costUsd).toBeCloseTo(gpt!.costUsd!, 12);

    const unbounded = await callRoute(dispatch, 'runs.preview', { definitionId, models: [mini], samplePercentage: 50 });
    expect(unbounded).toMatchObject({ scenarios: 2, estimate: { outputSource: 'default' } });
    expect(unbounded.estimate!.perModel[0]!.outputTokens).toBe(2 * DEFAULT_OUTPUT_TOKENS);
    expect((await callRoute(dispatch, 'runs.preview', { definitionId })).estimate).toBeNull();

    // Batch mode: half price by default; the researcher's own batch price for the model when set, in the estimate
    // and in the prices a new batch run records (with the real-time ones, for a remainder finished in real time).
    const batchPreview = async () =>
      (await callRoute(dispatch, 'runs.preview', { definitionId, maxTokens: 100, models: [mini], mode: 'batch' }))
        .estimate!.costUsd;
    expect(await batchPreview()).toBeCloseTo((promptTokens * 0.075 + 400 * 0.3) / 1e6, 12);
    await callRoute(dispatch, 'prices.save', {
      ...mini,
      inputUsdPerMTok: 0.15,
      outputUsdPerMTok: 0.6,
      batchInputUsdPerMTok: 0.1,
      batchOutputUsdPerMTok: 0.4,
    });
    expect(await batchPreview()).toBeCloseTo((promptTokens * 0.1 + 400 * 0.4) / 1e6, 12);
    const run = await callRoute(dispatch, 'runs.create', {
      definitionId,
      models: [mini],
      options: { maxTokens: 100 },
      mode: 'batch',
      ignoreHealth: true,
      costConfirmed: true,
    });
    const config = runConfigOf(h.core.internals.database.sqlite, run.id)!;
    expect(config.prices?.[0]?.basis).toMatchObject({ price: { inputUsdPerMTok: 0.1, outputUsdPerMTok: 0.4 } });
    expect(config.realtimePrices?.[0]?.basis).toMatchObject({
      price: { inputUsdPerMTok: 0.15, outputUsdPerMTok: 0.6 },
    });
  });

  it('counts reported tokens by trigger, prices them as recorded at the start, and writes them in the manifest', async () => {
    h = await startHarness();
    const { dispatch } = h.core;
    const definitionId = await h.importSample();
    const run = await callRoute(dispatch, 'runs.create', { definitionId, models: [mini, local] });
    // The local model has no server here: its jobs fail, and a failed job reports no tokens.
    const done = await h.waitForRun(run.id);
    const sums = h.core.internals.database.sqlite
      .prepare(
        `SELECT SUM(input_tokens) AS input, SUM(output_tokens) AS output, COUNT(*) AS n FROM transcripts
          WHERE run_id = ? AND model_key = 'openai:gpt-4o-mini'`,
      )
      .get(run.id) as { input: number; output: number; n: number };
    expect(sums.n).toBe(4);
    expect(sums.input).toBeGreaterThan(0);
    const gpt = done.cost.perModel.find((m) => m.modelKey === 'openai:gpt-4o-mini')!;
    expect(gpt).toMatchObject({ inputTokens: sums.input, outputTokens: sums.output, transcripts: 4, reported: 4 });
    const expected = (sums.input * 0.15 + sums.output * 0.6) / 1e6;
    expect(gpt.costUsd).toBeCloseTo(expected, 12);
    expect(done.cost.perModel.find((m) => m.modelKey === 'ollama:llama3.2')).toMatchObject({
      basis: { kind: 'local' },
      costUsd: 0,
    });
    expect(done.cost).toMatchObject({ pricesFrom: 'run-start', unpriced: [] });
    expect(done.cost.costUsd).toBeCloseTo(expected, 12);

    // History: a later price edit changes estimates, never a run already created.
    await callRoute(dispatch, 'prices.save', { ...mini, inputUsdPerMTok: 100, outputUsdPerMTok: 100 });
    const after = await callRoute(dispatch, 'runs.get', { id: run.id });
    expect(after.cost).toEqual(done.cost);
    const preview = await callRoute(dispatch, 'runs.preview', { definitionId, models: [mini] });
    expect(preview.estimate!.perModel[0]!.basis).toMatchObject({ kind: 'priced', price: { inputUsdPerMTok: 100 } });

    const exported = await callRoute(dispatch, 'export.csv', { runId: run.id });
    const manifest = JSON.parse(readFileSync(manifestPathFor(exported.path!), 'utf8')) as { cost: RunCost };
    expect(manifest.cost).toEqual(done.cost);

    // A deleted transcript leaves the counters in the same statement.
    const sqlite = h.core.internals.database.sqlite;
    const one = sqlite
      .prepare(`SELECT id, input_tokens AS input FROM transcripts WHERE run_id = ? AND model_key = ? LIMIT 1`)
      .get(run.id, 'openai:gpt-4o-mini') as { id: string; input: number };
    sqlite.prepare(`DELETE FROM transcripts WHERE id = ?`).run(one.id);
    const less = (await callRoute(dispatch, 'runs.get', { id: run.id })).cost.perModel[0]!;
    expect(less).toMatchObject({ inputTokens: sums.input - one.input, transcripts: 3, reported: 3 });
  });

  it('prices a run created before prices were recorded with today’s table, and says so', async () => {
    h = await startHarness({ startScheduler: false });
    const definitionId = await h.importSample();
    const run = await callRoute(h.core.dispatch, 'runs.create', { definitionId, models: [mini] });
    const sqlite = h.core.internals.database.sqlite;
    sqlite.prepare(`UPDATE runs SET config_json = json_remove(config_json, '$.prices') WHERE id = ?`).run(run.id);
    const cost = (await callRoute(h.core.dispatch, 'runs.get', { id: run.id })).cost;
    expect(cost).toMatchObject({ pricesFrom: 'current', costUsd: 0, inputTokens: 0 });
    expect(cost.perModel[0]!.basis).toMatchObject({ kind: 'priced', price: { source: 'builtin' } });
  });
});
