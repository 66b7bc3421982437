/**
 * Repeated samples in a real browser against the fake provider: the start form's samples field and job count, then
 * the run page's consistency per model and the per-scenario modal decision, consistency, spread and samples.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tooManyJobsMessage } from '../../src/shared/domain';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';
import { downloadsOf, parsedSvg, pngSize } from '../helpers/downloads';

const RUN_TIMEOUT_MS = 60_000;
const rating = (n: number): string => `Weighing it up.\nRating: ${n}`;
// One request at a time, in job order: sample-major, so samples 1, 2 and 3 of the four scenarios in turn.
// Scenario 1: 4, 4, 2 (67 %, spread 2); 2: 2, 2, 2; 3: 5, 1, 5 (67 %, spread 4); 4: 3, 3, 3. Mean 83 %, spread 1.5.
const REPLIES = [4, 2, 5, 3, 4, 2, 1, 3, 2, 2, 5, 3].map(rating);

describe('repeated samples in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('starts a run with 3 samples per scenario and shows how consistent the model was', async () => {
    await app!.fake.setBehavior({ replies: REPLIES });
    await page.getByTestId('import-file').setInputFiles(SAMPLE_DEFINITION);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    const summary = page.getByTestId('run-summary');
    await summary.filter({ hasText: '= 4 jobs' }).waitFor();

    await page.locator('.run-options summary').click();
    const samples = page.getByTestId('samples');
    expect(await samples.inputValue()).toBe('1');
    await samples.fill('21');
    expect(await samples.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('samples-error').innerText()).toContain('1 to 20');
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(true);
    await samples.fill('3');
    await summary.filter({ hasText: '× 3 samples' }).waitFor();
    expect(await summary.innerText()).toBe('4 scenarios × 1 model × 3 samples = 12 jobs');

    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    expect(app!.core.internals.runs.get(runId)).toMatchObject({ options: { samples: 3 }, progress: { total: 12 } });
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: RUN_TIMEOUT_MS });

    const model = page.getByTestId('model-results');
    await expect.poll(() => model.getByTestId('model-decisions').innerText()).toBe('12');
    expect(await model.getByTestId('model-consistency').innerText()).toBe('83% ±1.50');

    await model.click();
    const breakdown = page.getByTestId('scenario-breakdown');
    await breakdown.waitFor();
    const rows = breakdown.getByTestId('scenario-mode-row');
    await expect.poll(() => rows.count()).toBe(4);
    expect(await breakdown.locator('th').allInnerTexts()).toEqual(
      expect.arrayContaining(['Modal decision', 'Consistency', 'Spread', 'Samples']),
    );
    expect(await rows.getByTestId('scenario-consistency').allInnerTexts()).toEqual([
      '67% (2/3)',
      '100% (3/3)',
      '67% (2/3)',
      '100% (3/3)',
    ]);
    expect(await rows.nth(0).getByTestId('scenario-sample').allInnerTexts()).toEqual(['4', '4', '2']);
    expect(await rows.nth(2).getByTestId('scenario-mode').innerText()).toContain('Strongly support the tenants');
    // The modes table saves as SVG (drawn cell by cell, like the agreement table) and PNG at twice its size.
    const frame = breakdown.locator('.chart-frame').first();
    const [svg] = await downloadsOf(page, 1, () => frame.getByRole('button', { name: 'SVG' }).click());
    const drawn = await parsedSvg(page, svg!);
    expect(drawn.texts[0]).toBe('Modal decision per scenario');
    expect(drawn.texts).toEqual(expect.arrayContaining(['Modal decision', 'Consistency', 'Spread', '67% (2/3)']));
    const [png] = await downloadsOf(page, 1, () => frame.getByRole('button', { name: 'PNG' }).click());
    expect(pngSize(png!)).toEqual({ width: 2 * drawn.width, height: 2 * drawn.height });
    // Each sample opens its own transcript.
    await rows.nth(0).getByTestId('scenario-sample').nth(2).click();
    await page.getByTestId('transcript-view').filter({ hasText: 'Rating: 2' }).waitFor();
    expect(app!.pageErrors).toEqual([]);
  });

  it('says before starting that a run over the job limit cannot be made, and does not start it', async () => {
    const level = (name: string, n: number) => ({
      name,
      levels: Array.from({ length: n }, (_, i) => ({ score: i + 1, label: `${name} ${i + 1}`, options: [`${i}`] })),
    });
    // 101 × 250 = 25,250 scenarios; × 2 models × 20 samples = 1,010,000 jobs, over the limit of 1,000,000.
    const file = join(app!.dir, 'big.json');
    writeFileSync(
      file,
      JSON.stringify({
        name: 'Big study',
        template: '[Alpha] and [Beta]',
        dimensions: [level('Alpha', 101), level('Beta', 250)],
      }),
    );
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Definitions' }).click();
    await page.getByTestId('import-file').setInputFiles(file);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    for (const modelId of ['gpt-4o-mini', 'gpt-4o']) {
      await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
      await page.getByTestId('model-id').fill(modelId);
      await page.getByTestId('add-model').click();
    }
    await page.locator('.run-options summary').click();
    await page.getByTestId('samples').fill('20');
    const notice = page.getByTestId('too-many-jobs');
    await notice.waitFor();
    expect(await notice.innerText()).toContain(tooManyJobsMessage(1_010_000));
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(true);
    // Fewer samples: under the limit, the notice goes and Start comes back.
    await page.getByTestId('samples').fill('19');
    await expect.poll(() => notice.count()).toBe(0);
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(false);
  });
});
