/**
 * The run page's agreement and interaction CSVs offer the compare page's "Raw (no spreadsheet guard)" choice: a real
 * browser downloads each table both ways. Level labels that start with =, +, - and @ are guarded (an apostrophe in
 * front) only when the box is not ticked, and the manifest says which.
 */
import type { Page } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { downloadsOf } from '../helpers/downloads';
import { seedOutcomes } from '../helpers/results-seed';
import { unzip } from '../helpers/unzip';

const LABELS_A = ['=SUM(1,1)', '+low'];
const LABELS_B = ['-rumour', '@report'];

const dimension = (name: string, labels: string[]) => ({
  name,
  levels: labels.map((label, i) => ({ score: i + 1, label, options: [`${name} option ${i + 1}`] })),
});

describe('raw or guarded CSV of the run page’s tables', () => {
  let app: BrowserApp;
  let page: Page;
  let runId: string;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { startScheduler: false } });
    page = app.page;
    const imported = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'formulas.json',
      text: JSON.stringify({
        name: 'Formula-like labels',
        preamble: 'Answer with "Rating: N".',
        template: 'A case where [Stakes] meets [Certainty].',
        dimensions: [dimension('Stakes', LABELS_A), dimension('Certainty', LABELS_B)],
      }),
    });
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId: imported.definition.id,
      models: [
        { providerId: 'openai', modelId: 'model-a' },
        { providerId: 'openai', modelId: 'model-b' },
      ],
    });
    runId = run.id;
    seedOutcomes(app.core.internals.database.sqlite, runId, (job, index) => {
      const score = job.modelKey === 'openai:model-a' ? 1 + (index % 5) : 3;
      return { kind: 'answer', score, decision: `answer ${score}` };
    });
  });

  afterAll(async () => {
    await app?.close();
  });

  const download = async (testId: string) => {
    const [zip] = await downloadsOf(page, 1, () => page.getByTestId(testId).getByRole('button').click());
    const files = unzip(zip!.bytes);
    const csvName = [...files.keys()].find((name) => name.endsWith('.csv'))!;
    const manifest = JSON.parse(files.get(`${csvName}.manifest.json`)!.toString('utf8')) as Record<string, unknown>;
    const rows = parse(files.get(csvName)!.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    return { manifest, rows };
  };

  it('guards formula-like cells by default and leaves them exact when Raw is ticked', async () => {
    await page.evaluate((h) => {
      window.location.hash = h;
    }, `#/runs/${runId}`);
    const block = page.getByTestId('interaction');
    await block.getByTestId('interaction-a').selectOption('Stakes');
    await block.getByTestId('interaction-b').selectOption('Certainty');
    await block.getByTestId('heatmap').first().waitFor();

    const raw = page.getByTestId('export-interaction-raw');
    expect(await raw.isChecked()).toBe(false);
    expect(await page.locator('label', { has: raw }).innerText()).toContain('Raw (no spreadsheet guard)');
    const guarded = await download('export-interaction');
    expect(guarded.manifest).toMatchObject({ kind: 'interaction', raw: false, formulaGuard: true });
    expect(new Set(guarded.rows.map((r) => r.level_a_label))).toEqual(new Set(LABELS_A.map((l) => `'${l}`)));
    expect(new Set(guarded.rows.map((r) => r.level_b_label))).toEqual(new Set(LABELS_B.map((l) => `'${l}`)));
    await raw.check();
    const exact = await download('export-interaction');
    expect(exact.manifest).toMatchObject({ kind: 'interaction', raw: true, formulaGuard: false });
    expect(new Set(exact.rows.map((r) => r.level_a_label))).toEqual(new Set(LABELS_A));
    expect(new Set(exact.rows.map((r) => r.level_b_label))).toEqual(new Set(LABELS_B));

    // The agreement table has the same choice (its cells are model keys and numbers: the manifest tells them apart).
    const agreementRaw = page.getByTestId('export-agreement-raw');
    await agreementRaw.waitFor();
    const pairs = await download('export-agreement');
    expect(pairs.manifest).toMatchObject({ kind: 'agreement', raw: false, formulaGuard: true });
    expect(pairs.rows.map((r) => [r.model_a, r.model_b])).toEqual([['openai:model-a', 'openai:model-b']]);
    await agreementRaw.check();
    const pairsRaw = await download('export-agreement');
    expect(pairsRaw.manifest).toMatchObject({ kind: 'agreement', raw: true, formulaGuard: false });
    expect(pairsRaw.rows).toEqual(pairs.rows);
    expect(app.pageErrors).toEqual([]);
  });
});
