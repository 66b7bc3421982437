/**
 * Value priorities in a real browser (issue 25): three two-value dilemmas run against two fake models whose answers
 * follow set utilities; the researcher creates a study from the Studies page, adds the runs, and reads each model's
 * ranking (forest plot, table, win matrix) and the two models compared, with the order reversed between them; saves
 * the forest plot and a win matrix as charts and exports the study's tidy CSVs with their manifest.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, waitForRunEnd, type BrowserApp } from '../helpers/browser';
import { parse } from 'csv-parse/sync';
import { PAIR_COLUMNS, VALUE_COLUMNS } from '../../src/main/core/export/values-export';
import { downloadsOf, parsedSvg, pngSize } from '../helpers/downloads';
import { unzip } from '../helpers/unzip';
import { answer, startValueRuns } from '../helpers/values-study';

describe('studies and value priorities in browser mode', () => {
  let app: BrowserApp;
  let page: Page;
  let runIds: string[];

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { answer, models: ['model-a', 'model-b'] } });
    page = app.page;
    runIds = await startValueRuns(app.core);
    for (const id of runIds) await waitForRunEnd(app.core, id);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates a study, adds the runs and shows each model’s value order', async () => {
    await page.evaluate(() => {
      window.location.hash = '#/studies';
    });
    await page.getByRole('link', { name: 'Studies', exact: true }).waitFor();
    await page.getByLabel('Name').fill('Housing vs property');
    await page.getByRole('button', { name: 'New study' }).click();
    await page.getByRole('heading', { name: 'Housing vs property' }).waitFor();
    expect(await page.getByTestId('value-empty').count()).toBe(1);

    for (let i = 0; i < runIds.length; i += 1) {
      const select = page.getByTestId('add-run');
      await expect.poll(() => select.locator('option').count()).toBe(runIds.length - i + 1);
      await select.selectOption(runIds[i]!);
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await expect.poll(() => page.getByTestId('study-run').count()).toBe(i + 1);
    }

    const modelA = page.locator('[data-testid="value-model"][data-model="openai:model-a"]');
    await modelA.waitFor();
    const orderOf = async (section: typeof modelA): Promise<string[]> =>
      section.getByTestId('value-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-value') ?? ''));
    await expect.poll(() => orderOf(modelA)).toEqual(['Housing', 'Privacy', 'Property']);
    const modelB = page.locator('[data-testid="value-model"][data-model="openai:model-b"]');
    expect(await orderOf(modelB)).toEqual(['Property', 'Privacy', 'Housing']);
    expect(await page.getByTestId('forest-row').count()).toBe(3);
    expect(await page.getByTestId('win-matrix').count()).toBe(2);
    expect(await page.getByTestId('value-tau').innerText()).toBe('-1.00');
    expect(await page.getByTestId('value-dilemmas').locator('li').count()).toBe(3);

    // A win-matrix cell opens the dilemma's run on that model's transcripts.
    const studyHash = new URL(page.url()).hash;
    const cell = modelA.getByTestId('win-cell-link').first();
    const href = (await cell.getAttribute('href')) ?? '';
    expect(href).toMatch(/^#\/runs\/[^?]+\?model=openai%3Amodel-a$/);
    expect(runIds).toContain(decodeURIComponent(href.slice('#/runs/'.length).split('?')[0]!));
    await cell.click();
    const modelFilter = page.getByTestId('transcript-model-filter');
    await modelFilter.waitFor();
    expect(await modelFilter.inputValue()).toBe('openai:model-a');
    await page.evaluate((h) => {
      window.location.hash = h;
    }, studyHash);
    await page.getByTestId('study-run').first().waitFor();
  });

  it('saves the forest plot as PNG and SVG and a win matrix as SVG', async () => {
    const forest = page.getByTestId('value-forest');
    const [svg] = await downloadsOf(page, 1, () => forest.getByRole('button', { name: 'SVG' }).click());
    const drawn = await parsedSvg(page, svg!);
    expect(drawn.texts[0]).toMatch(/^Value utilities per model/);
    expect(drawn.texts).toEqual(expect.arrayContaining(['openai:model-a', 'openai:model-b', 'Housing', 'Property']));
    const [png] = await downloadsOf(page, 1, () => forest.getByRole('button', { name: 'PNG' }).click());
    expect(pngSize(png!)).toEqual({ width: 2 * drawn.width, height: 2 * drawn.height });

    const matrix = page.locator('.chart-frame', {
      has: page.locator('[data-testid="win-matrix"][data-model="openai:model-a"]'),
    });
    const [win] = await downloadsOf(page, 1, () => matrix.getByRole('button', { name: 'SVG' }).click());
    const cells = await parsedSvg(page, win!);
    expect(cells.texts[0]).toMatch(/^Win matrix — openai:model-a: share of answers/);
    expect(cells.texts).toEqual(expect.arrayContaining(['Row over column', 'Housing', 'Privacy', 'Property']));
  });

  it('exports the study: values and pairs as tidy CSVs with a manifest', async () => {
    const [zip] = await downloadsOf(page, 1, () => page.getByTestId('export-study').getByRole('button').click());
    expect(zip!.name).toMatch(/_values\.csv\.zip$/);
    const files = [...unzip(zip!.bytes)].map(([name, bytes]) => ({ name, bytes }));
    expect(files).toHaveLength(3);
    const byKind = (pattern: RegExp) => files.find((f) => pattern.test(f.name));
    const values = byKind(/_values\.csv$/);
    const pairs = byKind(/_values\.pairs\.csv$/);
    const manifest = byKind(/\.manifest\.json$/);
    const rows = (bytes: Buffer) =>
      parse(bytes.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    const valueRows = rows(values!.bytes);
    expect(Object.keys(valueRows[0]!)).toEqual([...VALUE_COLUMNS]);
    expect(valueRows.find((r) => r.model_key === 'openai:model-a' && r.rank === '1')?.value).toBe('Housing');
    expect(valueRows.find((r) => r.model_key === 'openai:model-b' && r.rank === '1')?.value).toBe('Property');
    expect(Object.keys(rows(pairs!.bytes)[0]!)).toEqual([...PAIR_COLUMNS]);
    const meta = JSON.parse(manifest!.bytes.toString('utf8')) as { kind: string; runIds: string[] };
    expect(meta.kind).toBe('value-ranking');
    expect([...meta.runIds].sort()).toEqual([...runIds].sort());
  });

  it('keeps the study on the Studies list and removes a run from it', async () => {
    await page.getByTestId('study-run').first().getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByTestId('study-run').count()).toBe(2);
    await page.getByRole('link', { name: 'Studies', exact: true }).first().click();
    const row = page.getByTestId('study-row');
    await row.first().waitFor();
    expect(await row.first().innerText()).toContain('Housing vs property');
    expect(await row.first().innerText()).toContain('2 runs');
    // The Runs page filters by study (kept in the address).
    await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
    await page.getByTestId('runs-study-filter').selectOption({ label: 'Housing vs property' });
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(2);
    expect(page.url()).toContain('study=');
    expect(app.pageErrors).toEqual([]);
  });
});
