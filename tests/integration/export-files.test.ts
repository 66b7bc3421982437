/**
 * The exports beside a run's answers through their routes, into real files read back with a CSV parser: the
 * comparison of two runs (as `compare --out` writes it), a study's value ranking (values, pairs, manifest, as
 * `study export` writes them), the interaction and agreement tables (route and CLI) and a chart's SVG/PNG bytes; a
 * cancelled Save-As writes nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../src/main/core/create-core';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { AGREEMENT_COLUMNS, INTERACTION_COLUMNS } from '../../src/main/core/export/analysis-csv';
import { comparisonCsv, COMPARISON_COLUMNS } from '../../src/main/core/export/comparison-csv';
import { PAIR_COLUMNS, VALUE_COLUMNS } from '../../src/main/core/export/values-export';
import { chartFileName, comparisonFileName, safeFilePart, studyFileName } from '../../src/shared/export-files';
import { startFakeProvider, type FakeProvider } from '../fixtures/fake-provider.mjs';
import { seedAnalysisRun } from '../helpers/analysis-seed';
import { cliRunner } from '../helpers/cli';
import { startHarness, type CoreHarness } from '../helpers/core';
import { createMemoryLogger } from '../helpers/memory';
import { makeTempDir } from '../helpers/temp';
import { answer, startValueRuns } from '../helpers/values-study';

const rows = (path: string): Record<string, string>[] =>
  parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];

describe('comparison and chart exports through the routes', () => {
  const temp = makeTempDir();
  let core: Core;
  let runId: string;
  let rerunId: string;
  let answerSaveAs: string | null = null;
  const asked: string[] = [];

  beforeAll(async () => {
    const { logger } = createMemoryLogger(() => []);
    core = await createCore({
      dataDir: join(temp.dir, 'data'),
      env: { OPENAI_API_KEY: 'test-key' },
      startScheduler: false,
      logger,
      chooseSavePath: async (name) => {
        asked.push(name);
        return answerSaveAs;
      },
    });
    ({ runId } = await seedAnalysisRun(core));
    ({ runId: rerunId } = await seedAnalysisRun(core, { scoreA: ({ stakes }) => 2 * stakes - 1, parentRunId: runId }));
  });

  afterAll(async () => {
    await core.close();
    temp.cleanup();
  });

  it('writes the comparison CSV the CLI writes, one row per estimate', async () => {
    answerSaveAs = join(temp.dir, 'compare.csv');
    const result = await callRoute(core.dispatch, 'export.comparison', { runA: runId, runB: rerunId });
    expect(result).toEqual({
      status: 'saved',
      files: [
        { path: answerSaveAs, fileName: 'compare.csv' },
        { path: `${answerSaveAs}.manifest.json`, fileName: 'compare.csv.manifest.json' },
      ],
    });
    expect(asked.at(-1)).toBe(comparisonFileName(runId, rerunId));
    const report = await callRoute(core.dispatch, 'results.compareEffects', { runA: runId, runB: rerunId });
    expect(readFileSync(answerSaveAs, 'utf8')).toBe(comparisonCsv(report, false));
    const manifest = () =>
      JSON.parse(readFileSync(`${answerSaveAs!}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest()).toMatchObject({
      kind: 'comparison',
      runA: runId,
      runB: rerunId,
      columns: [...COMPARISON_COLUMNS],
      multiplicity: { method: 'holm' },
      raw: false,
      formulaGuard: true,
    });
    // Raw: text exactly as the report has it, and the manifest says so.
    await callRoute(core.dispatch, 'export.comparison', { runA: runId, runB: rerunId, raw: true });
    expect(readFileSync(answerSaveAs, 'utf8')).toBe(comparisonCsv(report, true));
    expect(manifest()).toMatchObject({ raw: true, formulaGuard: false });
    const table = rows(answerSaveAs);
    expect(Object.keys(table[0]!)).toEqual([...COMPARISON_COLUMNS]);
    const stakes = table.find(
      (r) => r.kind === 'effect_change' && r.dimension === 'Stakes' && r.model_key_a === 'openai:model-a',
    );
    expect(Number(stakes?.estimate)).toBeCloseTo(2, 9);
  });

  it('writes nothing when the Save-As is cancelled, and refuses an unknown run before asking', async () => {
    answerSaveAs = null;
    const result = await callRoute(core.dispatch, 'export.comparison', { runA: runId, runB: rerunId });
    expect(result).toEqual({ status: 'cancelled', files: [] });
    const count = asked.length;
    const refused = await core.dispatch('export.comparison', { runA: runId, runB: 'run_missing' });
    expect(refused.ok).toBe(false);
    expect(asked).toHaveLength(count);
  });

  it('writes the interaction of two dimensions as one row per model and pair of levels, with a manifest', async () => {
    answerSaveAs = join(temp.dir, 'interaction.csv');
    const result = await callRoute(core.dispatch, 'export.interaction', {
      runId,
      dimensionA: 'Stakes',
      dimensionB: 'Certainty',
    });
    expect(result.files.map((f) => f.fileName)).toEqual(['interaction.csv', 'interaction.csv.manifest.json']);
    expect(asked.at(-1)).toMatch(/_interaction\.csv$/);
    const table = rows(answerSaveAs);
    expect(Object.keys(table[0]!)).toEqual([...INTERACTION_COLUMNS]);
    const report = await callRoute(core.dispatch, 'results.interaction', {
      runId,
      dimensionA: 'Stakes',
      dimensionB: 'Certainty',
    });
    const cells = report.levelsA.length * report.levelsB.length;
    expect(table).toHaveLength(report.models.length * cells);
    const a = table.filter((r) => r.model_key === 'openai:model-a');
    // The heat map's cells in order: Stakes 1..3 by Certainty levels, 4 answers each.
    expect(a.map((r) => [r.level_a, r.level_b, Number(r.mean), r.answers])).toEqual(
      report.models[0]!.cells.map((c) => [String(c.levelA), String(c.levelB), c.mean, String(c.n)]),
    );
    expect(a.map((r) => Number(r.mean))).toEqual([1, 2, 2, 3, 3, 4]);
    const manifest = JSON.parse(readFileSync(`${answerSaveAs}.manifest.json`, 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ kind: 'interaction', runId, dimensions: ['Stakes', 'Certainty'] });
    expect(manifest.columns).toEqual([...INTERACTION_COLUMNS]);
  });

  it('writes the agreement as one row per pair of models, and the CLI writes both tables', async () => {
    answerSaveAs = join(temp.dir, 'agreement.csv');
    await callRoute(core.dispatch, 'export.agreement', { runId });
    const [pair, ...more] = rows(answerSaveAs);
    expect(more).toHaveLength(0);
    expect(Object.keys(pair!)).toEqual([...AGREEMENT_COLUMNS]);
    const report = await callRoute(core.dispatch, 'results.agreement', { runId, limit: 50 });
    const p = report.pairs[0]!;
    expect(pair).toMatchObject({ model_a: p.modelA, model_b: p.modelB, exact: String(p.exact), tied: String(p.tied) });
    expect(Number(pair!.exact_rate)).toBeCloseTo(p.exact / (p.compared - p.tied), 12);
    expect(Number(pair!.kappa)).toBeCloseTo(p.kappa!.estimate, 12);

    const cli = cliRunner(() => ({ OPENAI_API_KEY: 'test-key' }), ['--data-dir', join(temp.dir, 'data')]);
    const out = join(temp.dir, 'cli-agreement.csv');
    const written = await cli('results', runId, '--agreement', '--out', out);
    expect(written.err).toEqual([]);
    expect(written.out).toEqual([out, `${out}.manifest.json`]);
    expect(rows(out)).toEqual([pair]);
    const text = await cli('results', runId, '--agreement');
    expect(text.out.join('\n')).toMatch(/openai:model-a ~ openai:model-b: same 33 % \(8\)/);
    const grid = join(temp.dir, 'cli-interaction.csv');
    const both = await cli('results', runId, '--by', 'Stakes', '--by', 'Certainty', '--out', grid);
    expect(both.code).toBe(0);
    expect(rows(grid)).toEqual(rows(join(temp.dir, 'interaction.csv')));
  });

  it('saves a chart as SVG text or PNG bytes under a safe name', async () => {
    answerSaveAs = join(temp.dir, 'chart.svg');
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
    await callRoute(core.dispatch, 'export.chart', { name: 'Effects: Stakes / model a', format: 'svg', content: svg });
    expect(readFileSync(answerSaveAs, 'utf8')).toBe(svg);
    expect(asked.at(-1)).toBe(chartFileName('Effects: Stakes / model a', 'svg'));
    expect(asked.at(-1)).toMatch(/^chart_Effects-Stakes-model-a_\d{4}-\d\d-\d\d\.svg$/);
    answerSaveAs = join(temp.dir, 'chart.png');
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    await callRoute(core.dispatch, 'export.chart', { name: 'x', format: 'png', content: png.toString('base64') });
    expect(readFileSync(answerSaveAs).equals(png)).toBe(true);
    expect(safeFilePart('../../etc/passwd')).toBe('etc-passwd');
    expect(safeFilePart('///')).toBe('chart');
  });
});

describe('a study exported from its route', () => {
  let fake: FakeProvider;
  let h: CoreHarness;

  beforeAll(async () => {
    fake = await startFakeProvider({ answer, models: ['model-a', 'model-b'] });
    h = await startHarness({ fake });
  }, 120_000);

  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });

  it('writes the values and pairs CSVs and the manifest that `study export` writes', async () => {
    const runIds: string[] = [];
    for (const id of await startValueRuns(h.core)) runIds.push((await h.waitForRun(id)).id);
    const study = await callRoute(h.core.dispatch, 'studies.create', { name: 'Housing', runIds });
    const result = await callRoute(h.core.dispatch, 'export.study', { id: study.id });
    expect(result.status).toBe('saved');
    const [values, pairs, manifest] = result.files.map((f) => f.path);
    expect(result.files[0]?.fileName).toBe(studyFileName(study.id));
    expect(result.files.map((f) => f.fileName)).toEqual([
      studyFileName(study.id),
      studyFileName(study.id).replace(/\.csv$/, '.pairs.csv'),
      `${studyFileName(study.id)}.manifest.json`,
    ]);
    const valueRows = rows(values!);
    expect(Object.keys(valueRows[0]!)).toEqual([...VALUE_COLUMNS]);
    const first = valueRows.find((r) => r.model_key === 'openai:model-a' && r.rank === '1');
    expect(first?.value).toBe('Housing');
    expect(Object.keys(rows(pairs!)[0]!)).toEqual([...PAIR_COLUMNS]);
    const meta = JSON.parse(readFileSync(manifest!, 'utf8')) as { studyId: string; runIds: string[]; kind: string };
    expect(meta).toMatchObject({ kind: 'value-ranking', studyId: study.id });
    expect([...meta.runIds].sort()).toEqual([...runIds].sort());
    const missing = await h.core.dispatch('export.study', { id: 'study_missing' });
    expect(missing.ok).toBe(false);
    expect(existsSync(values!)).toBe(true);
  }, 120_000);
});
