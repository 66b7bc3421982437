/**
 * Issue 12, watching and comparing runs in browser mode: a cancel that waits for requests in flight (#2), focus kept on
 * the run controls and a cancel confirmation that takes focus and closes with Escape (#13), a sample's header and a
 * transcript's own address (#17), the status badge in words (#14), the definition's runs, the Runs page's filters and a
 * comparison of two selected runs (#12), and the re-run dialog's model chooser (#7).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { isTerminalRunStatus, type ModelRef } from '../../src/shared/domain';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';
import { readFileSync } from 'node:fs';

const MINI: ModelRef = { providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: 'gpt-4o-mini-2024-07-18' };
const FOUR_O: ModelRef = { providerId: 'openai', modelId: 'gpt-4o', modelVersion: null };

describe('watching and comparing runs', () => {
  let app: BrowserApp;
  let page: Page;
  let definitionId = '';
  const finished: string[] = [];

  beforeAll(async () => {
    app = await launchBrowserApp({
      fake: { latencyMs: 5 },
      // A cancelled run abandons requests still unanswered after 2 s (15 s in the app), so the test need not wait long.
      core: { scheduler: { pollMs: 50, concurrency: 2, cancelGraceMs: 2000 } },
    });
    page = app.page;
    const imported = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    definitionId = imported.definition.id;
  });

  afterAll(async () => {
    await app?.close();
  });

  const goTo = (hash: string) =>
    page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  const settle = (runId: string) =>
    expect.poll(() => isTerminalRunStatus(app.core.internals.runs.get(runId).status), { timeout: 30_000 }).toBe(true);
  const activeTestId = () => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

  it('keeps focus on Pause/Resume, and the cancel confirmation takes focus and closes with Escape (#13)', async () => {
    // The run's first two requests hang until the cancel abandons them: always "in flight" when it is cancelled.
    await app.fake.setBehavior({ failNext: [{ hang: true }, { hang: true }] });
    const run = await callRoute(app.core.dispatch, 'runs.create', { definitionId, models: [MINI] });
    await goTo(`#/runs/${run.id}`);
    await page.getByTestId('pause-run').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('resume-run').waitFor();
    await expect.poll(activeTestId).toBe('resume-run');
    await page.keyboard.press('Enter');
    await page.getByTestId('pause-run').waitFor();
    await expect.poll(activeTestId).toBe('pause-run');

    await page.getByTestId('cancel-run').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-cancel').waitFor();
    await expect.poll(activeTestId).toBe('keep-run');
    await page.keyboard.press('Escape');
    await page.getByTestId('confirm-cancel').waitFor({ state: 'detached' });
    await expect.poll(activeTestId).toBe('cancel-run');
  });

  it('keeps watching a cancelled run until its requests in flight are done (#2)', async () => {
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await expect.poll(() => app.core.internals.runs.get(runId).progress.running).toBe(2);
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-cancel-run').click();
    const waiting = page.getByTestId('run-cancelling');
    await waiting.waitFor();
    expect(await waiting.innerText()).toMatch(/cancelling: waiting for \d+ requests?/);
    expect(await page.getByTestId('run-status').innerText()).toBe('cancelled');
    // Once the requests are answered the page catches up by itself: nothing running, a finish time.
    await waiting.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getByTestId('run-progress').locator('..').innerText()).toContain('0 running');
    expect(await page.locator('.page-lede').first().innerText()).toContain('finished');
  });

  it('says in the header that a run is a sample, with its seed, and gives a transcript its own address (#17)', async () => {
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [MINI],
      options: { samplePercentage: 50, sampleSeed: 3, temperature: null, maxTokens: null },
    });
    await settle(run.id);
    finished.push(run.id);
    await goTo(`#/runs/${run.id}`);
    expect(await page.getByTestId('run-sample').innerText()).toBe('Sample: 50% of the scenarios, seed 3');
    await expect.poll(() => page.title()).toBe('Run of Council housing dilemma — ValueRank');

    const link = page.getByTestId('transcript-link').first();
    await link.waitFor();
    expect(await link.getAttribute('target')).toBe('_blank');
    const href = (await link.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^#/runs/${run.id}/transcripts/[^/]+$`));
    const [tab] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
    await tab.getByTestId('transcript-page').waitFor();
    expect(await tab.getByTestId('transcript-view').innerText()).toContain('Rating');
    expect(new URL(tab.url()).hash).toBe(href);
    await tab.close();
  });

  it('writes the status badge in words (#14)', async () => {
    const run = await callRoute(app.core.dispatch, 'runs.create', { definitionId, models: [FOUR_O] });
    await settle(run.id);
    finished.push(run.id);
    app.core.internals.database.sqlite
      .prepare(`UPDATE runs SET status = 'completed_with_errors' WHERE id = ?`)
      .run(run.id);
    await goTo(`#/runs/${run.id}`);
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed with errors$/ })
      .waitFor();
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('completed_with_errors');
  });

  it('lists a definition’s runs, filters the Runs page and compares two selected runs (#12)', async () => {
    await goTo(`#/definitions/${definitionId}`);
    const listed = page.getByTestId('definition-run');
    await expect.poll(() => listed.count()).toBe(3);
    expect(await listed.first().getByRole('link').getAttribute('href')).toMatch(/^#\/runs\//);

    await goTo('#/runs');
    await page.getByTestId('runs-table').waitFor();
    await expect.poll(() => page.title()).toBe('Runs — ValueRank');
    await page.getByTestId('runs-model-filter').selectOption('openai:gpt-4o');
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(1);
    await page.getByTestId('runs-model-filter').selectOption('');
    await page.getByTestId('runs-definition-filter').selectOption(definitionId);
    await expect.poll(() => page.getByTestId('run-row').count()).toBe(3);

    const [a, b] = finished;
    const box = (id: string) =>
      page
        .getByTestId('run-row')
        .filter({ has: page.locator(`a[href="#/runs/${id}"]`) })
        .getByTestId('compare-checkbox');
    await box(a!).check();
    await box(b!).check();
    await page.getByTestId('compare-selected').click();
    await page.waitForURL(new RegExp(`#/compare/${a}/${b}$`));
    await expect.poll(() => page.title()).toBe('Compare runs — ValueRank');
  });

  it('re-runs with the start form’s model chooser, preloaded and editable (#7)', async () => {
    await goTo(`#/runs/${finished[0]}`);
    await page.getByTestId('rerun-button').click();
    const dialog = page.getByTestId('rerun-dialog');
    await dialog.waitFor();
    const versions = dialog.getByTestId('rerun-version');
    expect(await versions.inputValue()).toBe('gpt-4o-mini-2024-07-18');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('rerun-version');
    // The catalog's dated versions are offered, not only those the run saw.
    const offered = await dialog
      .locator('datalist option')
      .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(offered.length).toBeGreaterThan(0);
    // A model can be added with the same chooser as the start form, and one removed.
    await dialog.getByTestId('provider-select').selectOption('openai');
    await dialog.getByTestId('model-id').fill('gpt-4o');
    await dialog.getByTestId('add-model').click();
    await expect.poll(() => dialog.getByTestId('model-chip').count()).toBe(2);
    await dialog.getByRole('button', { name: 'Remove openai:gpt-4o-mini@gpt-4o-mini-2024-07-18' }).click();
    await dialog.getByTestId('start-rerun').click();
    await page.waitForURL((url) => /#\/runs\/[^/]+$/.test(url.hash) && !url.hash.endsWith(finished[0]!));
    const rerunId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    const rerun = app.core.internals.runs.get(rerunId);
    expect(rerun.parentRunId).toBe(finished[0]);
    expect(rerun.models.map((m) => m.modelId)).toEqual(['gpt-4o']);
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
