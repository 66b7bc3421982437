/** Every export writes `<file>.effects.csv` beside it (tidy, the route's numbers) and lists it in the manifest. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { EFFECTS_COLUMNS, effectsPathFor } from '../../src/main/core/export/effects-sidecar';
import type { ExportManifest } from '../../src/main/core/export/manifest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { seedAnalysisRun } from '../helpers/analysis-seed';

describe('the effects table beside every export', () => {
  const temp = makeTempDir();
  let core: Core;
  let runId: string;

  beforeAll(async () => {
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      logger: createMemoryLogger(() => []).logger,
    });
    ({ runId } = await seedAnalysisRun(core));
  });

  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  it('writes one row per model, dimension and level plus an effect row, with the route’s numbers', async () => {
    const saved = await callRoute(core.dispatch, 'export.csv', { runId });
    const sidecar = effectsPathFor(saved.path!);
    const rows = parse(readFileSync(sidecar, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...EFFECTS_COLUMNS]);
    // 2 models × (3 + 2 + 4 level means, 2 + 1 + 3 AMCEs against the first level, 3 contrasts, 2 rates per level).
    expect(rows).toHaveLength(2 * (18 + 2 * 9));
    const report = await callRoute(core.dispatch, 'results.effects', { runId });
    const stakes = report.models[0]!.dimensions[0]!;
    const all = rows.filter((r) => r.model_id === 'model-a' && r.dimension === 'Stakes');
    const mine = all.filter((r) => !r.kind!.endsWith('_rate'));
    const rates = all.filter((r) => r.kind === 'refusal_rate');
    expect(rates.map((r) => [r.level, r.n, Number(r.estimate), r.method])).toEqual([
      ['1', '8', 0, 'wilson'],
      ['2', '8', 0, 'wilson'],
      ['3', '8', 0, 'wilson'],
    ]);
    expect(Number(rates[0]!.ci_high)).toBeCloseTo(0.3244, 4);
    expect(mine.map((r) => [r.kind, r.level, r.baseline, r.label, r.scenarios, Number(r.estimate)])).toEqual([
      ['level_mean', '1', '', 'low', '8', 1.5],
      ['level_mean', '2', '', 'medium', '8', 2.5],
      ['level_mean', '3', '', 'high', '8', 3.5],
      ['amce', '2', '1', 'medium', '24', stakes.amce[0]!.estimate],
      ['amce', '3', '1', 'high', '24', stakes.amce[1]!.estimate],
      ['contrast', '3', '1', 'high − low', '24', stakes.effect!.estimate],
    ]);
    expect(stakes.effect!.estimate).toBeCloseTo(2, 9);
    // Numbers never carry the word "effect": every level cell is a level score.
    expect(rows.every((r) => /^-?\d+$/.test(r.level!))).toBe(true);
    expect(Number(mine[0]!.ci_low)).toBe(stakes.levels[0]!.ciLow);
    expect(Number(mine[5]!.ci_high)).toBe(stakes.effect!.ciHigh);
    expect(mine.map((r) => r.method)).toEqual(['t', 't', 't', 'ols_t', 'ols_t', 'ols_t']);
    expect(mine[0]!.model_version).toBe('');
    expect(mine[0]!.model_key).toBe(report.models[0]!.modelKey);
    expect(mine[0]!.provider_id).toBe(report.models[0]!.model.providerId);

    const manifest = JSON.parse(readFileSync(saved.manifestPath!, 'utf8')) as ExportManifest;
    expect(manifest.sidecars).toMatchObject({
      effects: `${saved.fileName}.effects.csv`,
      effectsFormulaGuard: true,
    });
    expect(manifest.sidecars!.effectsMethods.amce).toMatch(/main-effects OLS over scenario means/);
    // The main file is untouched: its own header, one row per transcript.
    const main = readFileSync(saved.path!, 'utf8').split(/\r?\n/);
    expect(main[0]).toMatch(/^\ufeffrun_id,scenario_id,/);
    expect(main[0]).not.toContain('ci_low');
    expect(main.filter((line) => line !== '')).toHaveLength(1 + 48);
  });

  it('writes it beside JSON Lines exports too', async () => {
    const saved = await callRoute(core.dispatch, 'export.jsonl', { runId });
    const text = readFileSync(effectsPathFor(saved.path!), 'utf8');
    expect(text.split('\n')[0]).toBe(`\ufeff${EFFECTS_COLUMNS.join(',')}`);
  });
});
