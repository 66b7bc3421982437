/**
 * "What moves the decision" in a real browser over a seeded run: the small multiples, the table (its numbers equal
 * the route's), the heat map after picking two dimensions, a disagreement opening both transcripts side by side, and
 * the change of effects on the compare page; every chart saved as SVG and PNG, and the comparison as CSV.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';
import { seedAnalysisRun } from '../helpers/analysis-seed';
import { downloadsOf, parsedSvg, pngSize } from '../helpers/downloads';
import { unzip } from '../helpers/unzip';
import { parse } from 'csv-parse/sync';
import { COMPARISON_COLUMNS } from '../../src/main/core/export/comparison-csv';

describe('dimension effects in browser mode', () => {
  let app: BrowserApp;
  let page: Page;
  let runId: string;
  let rerunId: string;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { startScheduler: false } });
    page = app.page;
    ({ runId } = await seedAnalysisRun(app.core));
    ({ runId: rerunId } = await seedAnalysisRun(app.core, {
      scoreA: ({ stakes }) => 2 * stakes - 1,
      parentRunId: runId,
    }));
  });

  afterAll(async () => {
    await app?.close();
  });

  const goTo = (hash: string) =>
    page.evaluate((h) => {
      window.location.hash = h;
    }, hash);

  it('draws one panel per dimension with a line per model, and a table with the route’s numbers', async () => {
    await goTo(`#/runs/${runId}`);
    const section = page.getByTestId('dimension-effects');
    await section.waitFor();
    expect(await section.getByRole('heading', { name: 'What moves the decision' }).count()).toBe(1);
    const panels = section.getByTestId('effects-panel');
    await expect.poll(() => panels.count()).toBe(3);
    expect(await panels.first().getAttribute('data-dimension')).toBe('Stakes');
    expect(await panels.first().getByTestId('effects-line').count()).toBe(2);
    expect(await panels.first().locator('svg').getAttribute('aria-label')).toContain('Mean decision by Stakes');

    const report = await callRoute(app.core.dispatch, 'results.effects', { runId });
    const stakes = report.models[0]!.dimensions[0]!;
    await section.getByRole('button', { name: 'Table' }).click();
    const row = section.locator(
      '[data-testid="effects-row"][data-model="openai:model-a"][data-dimension="Stakes"][data-level="3"]',
    );
    expect(await row.getByTestId('effects-mean').innerText()).toBe(stakes.levels[2]!.mean!.toFixed(2));
    expect(await row.getByTestId('effects-n').innerText()).toBe('8');
    expect(await row.getByTestId('effects-ci').innerText()).toBe(
      `${stakes.levels[2]!.ciLow!.toFixed(2)} to ${stakes.levels[2]!.ciHigh!.toFixed(2)}`,
    );
    const first = section.locator(
      '[data-testid="effects-row"][data-model="openai:model-a"][data-dimension="Stakes"][data-level="1"]',
    );
    expect(await first.getByTestId('effects-effect').innerText()).toMatch(/^\+2\.00 \(/);
    expect(await row.getByTestId('effects-scenarios').innerText()).toBe('8');
    const amceRow = (level: number) =>
      section.locator(
        `[data-testid="effects-amce-row"][data-model="openai:model-a"][data-dimension="Stakes"][data-level="${level}"]`,
      );
    expect(await amceRow(1).getByTestId('effects-amce').innerText()).toBe('baseline');
    expect(await amceRow(3).getByTestId('effects-amce').innerText()).toMatch(/^\+2\.00 \(/);
    expect(await amceRow(3).getByTestId('effects-refusals').innerText()).toBe('0 (0 %, 0 %–32 %)');
  });

  it('re-extracts a finished run’s decisions from its stored replies and records it in the run’s history', async () => {
    await goTo(`#/runs/${runId}`);
    const button = page.getByTestId('reextract');
    await button.click();
    await expect.poll(() => page.getByTestId('reextract-result').count()).toBe(1);
    expect(await page.getByTestId('reextract-result').innerText()).toMatch(/^Read 48 stored replies on /);
    await expect.poll(() => page.getByTestId('run-history').count()).toBe(1);
    expect(await page.getByTestId('run-history').innerText()).toMatch(/decisions re-extracted on .* of 48 changed/);
  });

  it('shows the heat map of two dimensions once both are picked', async () => {
    const block = page.getByTestId('interaction');
    await block.getByTestId('interaction-a').selectOption('Stakes');
    await block.getByTestId('interaction-b').selectOption('Certainty');
    const maps = block.getByTestId('heatmap');
    await expect.poll(() => maps.count()).toBe(2);
    const cells = await maps.first().getByTestId('heatmap-cell').allInnerTexts();
    expect(cells.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      '1.00 n=4',
      '2.00 n=4',
      '2.00 n=4',
      '3.00 n=4',
      '3.00 n=4',
      '4.00 n=4',
    ]);
  });

  it('lists the disagreements and opens both transcripts side by side', async () => {
    const agreement = page.getByTestId('agreement');
    await agreement.waitFor();
    expect(await agreement.getByTestId('agreement-exact').innerText()).toBe('33 % (8)');
    // Model b always answers 3: no answer off its one score, so κ has no interval (README "Methods").
    expect(await agreement.getByTestId('agreement-kappa').innerText()).toBe(
      '0.00 (n = 22; no interval: too few scenarios or answers off the most common score)',
    );
    // The agreement table (no chart of its own) saved as SVG like the charts: its title, headers and cells drawn in.
    const frame = agreement.locator('.chart-frame').first();
    const [svg] = await downloadsOf(page, 1, () => frame.getByRole('button', { name: 'SVG' }).click());
    const drawn = await parsedSvg(page, svg!);
    expect(drawn.texts[0]).toBe('Agreement between models');
    expect(drawn.texts).toContain('Weighted κ');
    expect(drawn.texts).toContain('33 % (8)');
    await agreement.getByTestId('disagreement-open').first().click();
    const both = page.getByTestId('disagreement-transcripts');
    await expect.poll(() => both.getByTestId('transcript-view').count()).toBe(2);
    const text = await both.innerText();
    expect(text).toContain('openai:model-a');
    expect(text).toContain('openai:model-b');
  });

  it('shows the change of each effect on the compare page', async () => {
    await goTo(`#/compare/${runId}/${rerunId}`);
    const row = page.locator('[data-testid="effect-change"][data-model="openai:model-a"][data-dimension="Stakes"]');
    await row.waitFor();
    expect(await row.getByTestId('effect-change-value').innerText()).toMatch(/^\+2\.00 \(/);
    // Paired and Holm-adjusted with the page: model a's Stakes effect doubled in every scenario, a marked change.
    expect(await row.getByTestId('effect-change-value').getAttribute('data-marked')).toBe('yes');
    expect(await row.getByTestId('effect-change-holm').innerText()).toBe('< 0.001');
    expect(await page.getByTestId('multiplicity-note').innerText()).toMatch(/Holm-adjusted p \(over all \d+ tests/);
    const floor = page.locator('[data-testid="noise-floor-pair"][data-model="openai:model-a"]');
    expect(await floor.getByTestId('noise-floor-verdict').innerText()).toMatch(/self-disagreement floor is unknown/);
    expect(app.pageErrors).toEqual([]);
  });

  it('downloads the comparison CSV (guarded or raw, as its manifest says) and the decision bars', async () => {
    await goTo(`#/compare/${runId}/${rerunId}`);
    const button = page.getByTestId('export-comparison').getByRole('button');
    // The table and its manifest, in one ZIP (a page's second automatic download would be held back).
    const comparison = async () => {
      const [zip] = await downloadsOf(page, 1, () => button.click());
      expect(zip!.name).toMatch(/^compare_.+\.csv\.zip$/);
      const files = unzip(zip!.bytes);
      const csvName = [...files.keys()].find((name) => name.endsWith('.csv'))!;
      const manifest = JSON.parse(files.get(`${csvName}.manifest.json`)!.toString('utf8')) as Record<string, unknown>;
      return { csvName, csv: files.get(csvName)!, manifest };
    };
    const guarded = await comparison();
    expect(guarded.manifest).toMatchObject({ kind: 'comparison', raw: false, formulaGuard: true });
    const rows = parse(guarded.csv.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...COMPARISON_COLUMNS]);
    const stakes = rows.find(
      (r) => r.kind === 'effect_change' && r.dimension === 'Stakes' && r.model_key_a === 'openai:model-a',
    );
    expect(Number(stakes?.estimate)).toBeCloseTo(2, 9);
    expect(await page.getByTestId('export-comparison-done').getAttribute('data-files')).toBe(
      `${guarded.csvName} ${guarded.csvName}.manifest.json`,
    );
    // Raw, as compare --raw-csv: the manifest says the text cells are exact.
    await page.getByTestId('export-comparison-raw').check();
    const raw = await comparison();
    expect(raw.manifest).toMatchObject({ kind: 'comparison', raw: true, formulaGuard: false });

    const bars = page.locator('[data-testid="save-chart"][data-title="Decisions of openai:model-a"]').first();
    const [svg] = await downloadsOf(page, 1, () => bars.getByRole('button', { name: 'SVG' }).click());
    const drawn = await parsedSvg(page, svg!);
    expect(drawn.texts[0]).toBe('Decisions of openai:model-a');
    expect(drawn.texts.at(-1)).toMatch(/^Answers \(\d+ in all\)$/);
  });

  it('saves an effects panel as SVG and PNG at twice its size, and a heat map as SVG', async () => {
    await goTo(`#/runs/${runId}`);
    const panel = page.getByTestId('dimension-effects').getByTestId('effects-panel').first();
    await panel.waitFor();
    const [svg] = await downloadsOf(page, 1, () => panel.getByRole('button', { name: 'SVG' }).click());
    const drawn = await parsedSvg(page, svg!);
    expect(drawn.texts.slice(0, 3)).toEqual(['Mean decision by Stakes', 'openai:model-a', 'openai:model-b']);
    // Each level's axis label: its score and its label (tspans of one text, with the full label as its tooltip).
    expect(drawn.texts.some((t) => t.startsWith('1 low') || t.startsWith('1low'))).toBe(true);
    expect(drawn.width).toBe(260);
    const [png] = await downloadsOf(page, 1, () => panel.getByRole('button', { name: 'PNG' }).click());
    expect(pngSize(png!)).toEqual({ width: 2 * drawn.width, height: 2 * drawn.height });
    expect(png!.bytes.length).toBeGreaterThan(1000);

    const block = page.getByTestId('interaction');
    await block.getByTestId('interaction-a').selectOption('Stakes');
    await block.getByTestId('interaction-b').selectOption('Certainty');
    const map = block.locator('.chart-frame').first();
    await map.getByTestId('heatmap').waitFor();
    const [heat] = await downloadsOf(page, 1, () => map.getByRole('button', { name: 'SVG' }).click());
    const cells = await parsedSvg(page, heat!);
    expect(cells.texts[0]).toBe('Mean decision by Stakes and Certainty — openai:model-a');
    expect(cells.texts).toContain('1.00 n=4');

    // The tables behind the heat map and the agreement, each a tidy CSV with its manifest.
    const table = async (testId: string) => {
      const [zip] = await downloadsOf(page, 1, () => page.getByTestId(testId).getByRole('button').click());
      return [...unzip(zip!.bytes)].map(([name, bytes]) => ({ name, bytes }));
    };
    const interaction = await table('export-interaction');
    const grid = interaction.find((f) => f.name.endsWith('_interaction.csv'));
    const gridRows = parse(grid!.bytes.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(gridRows.filter((r) => r.model_key === 'openai:model-a').map((r) => Number(r.mean))).toEqual([
      1, 2, 2, 3, 3, 4,
    ]);
    expect(interaction.some((f) => f.name.endsWith('_interaction.csv.manifest.json'))).toBe(true);
    const agreement = await table('export-agreement');
    expect(agreement.map((f) => f.name).sort()).toEqual([
      expect.stringMatching(/_agreement\.csv$/),
      expect.stringMatching(/_agreement\.csv\.manifest\.json$/),
    ]);
    const pairs = agreement.find((f) => f.name.endsWith('_agreement.csv'));
    const pairRows = parse(pairs!.bytes.toString('utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(pairRows.map((r) => [r.model_a, r.model_b, r.exact])).toEqual([['openai:model-a', 'openai:model-b', '8']]);
    expect(app.pageErrors).toEqual([]);
  });
});
