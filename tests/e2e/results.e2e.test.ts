/**
 * Results, dashboard and re-runs in a real browser (US3, US5, US8): the per-model summary with refusals and
 * unparseable answers, the per-scenario breakdown and transcript viewer, the "no results yet" state, the runs
 * dashboard with its filter and test runs, and a re-run against another version compared with its parent.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, ROOT, startRunFromUi, type BrowserApp } from '../helpers/browser';

const SCREENSHOTS = join(ROOT, 'out', 'screenshots');

const RUN_TIMEOUT_MS = 60_000;
const LONG_REPLY = `${'A very long deliberation. '.repeat(300)}\nRating: 3`;
const HTML_REPLY = 'I lean <b>towards</b> the landlord <img src=x onerror="window.__pwned=1">.\nRating: 2';

describe('results, dashboard and re-runs in browser mode', () => {
  let app: BrowserApp;
  let page: Page;
  let definitionId = '';
  let firstRunId = '';
  let cancelledRunId = '';

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  const goTo = (hash: string) =>
    page.evaluate((h) => {
      window.location.hash = h;
    }, hash);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
  const waitForStatus = (status: string) =>
    page
      .getByTestId('run-status')
      .filter({ hasText: new RegExp(`^${status}$`) })
      .waitFor({ timeout: RUN_TIMEOUT_MS });

  it('shows an empty dashboard with a call to action (US5)', async () => {
    await nav('Runs').click();
    await page.waitForURL(/#\/runs$/);
    // The Definitions page's own empty state is on screen until the Runs page replaces it: wait for this page's.
    const empty = page.getByTestId('empty-state').filter({ hasText: 'No runs yet' });
    await empty.waitFor();
    await empty.getByRole('link', { name: 'Choose a definition' }).click();
    await page.waitForURL(/#\/definitions$/);
  });

  it('summarises a finished run per model, expands to scenarios and opens transcripts as text (US3)', async () => {
    await app.fake.setBehavior({ replies: ['I must decline to answer.', HTML_REPLY, 'no idea', LONG_REPLY] });
    firstRunId = await startRunFromUi(page);
    definitionId = app.core.internals.runs.get(firstRunId).definitionId;
    await waitForStatus('completed');

    const model = page.getByTestId('model-results');
    await expect.poll(() => model.getByTestId('model-decisions').innerText()).toBe('4');
    expect(await model.getByTestId('model-refusals').innerText()).toBe('1');
    expect(await model.getByTestId('model-unparseable').innerText()).toBe('1');
    expect(await model.getByTestId('model-failed').innerText()).toBe('0');
    expect(await model.getByTestId('model-mean').innerText()).toBe('2.50');
    expect(await model.getByTestId('model-versions').innerText()).toContain('gpt-4o-mini-2024-07-18');
    expect(await model.locator('[data-testid="decision-bar"][data-code="2"]').getAttribute('data-count')).toBe('1');
    expect(await model.locator('[data-testid="decision-bar"][data-code="refusal"]').getAttribute('data-count')).toBe(
      '1',
    );

    await model.click();
    const breakdown = page.getByTestId('scenario-breakdown');
    await breakdown.waitFor();
    await expect.poll(() => breakdown.getByTestId('scenario-result-row').count()).toBe(4);
    expect(await breakdown.locator('th').allInnerTexts()).toEqual(expect.arrayContaining(['Stakes', 'Certainty']));
    expect(await breakdown.getByTestId('scenario-range').innerText()).toContain('1–4 of 4');

    // Model output with markup is shown as text, never rendered.
    await breakdown.getByTestId('scenario-result-row').filter({ hasText: 'landlord' }).click();
    const view = page.getByTestId('transcript-view');
    await view.waitFor();
    expect(await view.getByTestId('transcript-turn').count()).toBe(3);
    expect(await view.getByTestId('transcript-version').innerText()).toBe('gpt-4o-mini-2024-07-18');
    expect(await view.getByTestId('transcript-turn').last().innerText()).toContain('<b>towards</b>');
    expect(await view.locator('b, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await view.innerText()).toContain('Definition snapshot');

    // A very long answer is cut until "Show more". The drawer stays open over the table's right side: another row is
    // opened from the part still in sight.
    await breakdown
      .getByTestId('scenario-result-row')
      .filter({ hasText: 'Neutral or torn' })
      .click({ position: { x: 12, y: 8 } });
    const more = page.getByTestId('show-more');
    await more.waitFor();
    const cut = (await page.getByTestId('transcript-turn').last().innerText()).length;
    await more.click();
    await expect
      .poll(async () => (await page.getByTestId('transcript-turn').last().innerText()).length)
      .toBeGreaterThan(cut);
    expect(await page.getByTestId('transcript-turn').last().innerText()).toContain('Rating: 3');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'results.png'), fullPage: true });
    // Opening a transcript stamps its lastAccessedAt (FR-032).
    const opened = await callRoute(app.core.dispatch, 'runs.transcripts', { runId: firstRunId });
    expect(opened.length).toBe(4);
    const stamped = app.core.internals.database.sqlite
      .prepare(`SELECT COUNT(*) AS n FROM transcripts WHERE run_id = ? AND last_accessed_at IS NOT NULL`)
      .get(firstRunId) as { n: number };
    expect(stamped.n).toBeGreaterThanOrEqual(2);
  });

  it('shows "No results yet" while nothing has finished', async () => {
    // Nothing finishes while the fake provider holds every request.
    app.fake.hold({ model: 'gpt-4o' });
    await goTo(`#/definitions/${encodeURIComponent(definitionId)}`);
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    cancelledRunId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await page.getByTestId('no-results').filter({ hasText: 'they appear here as jobs finish' }).waitFor();
    await app.fake.waitForHeld(1);
    expect(await page.getByTestId('results-summary').count()).toBe(0);
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-cancel-run').click();
    await waitForStatus('cancelled');
    app.fake.open();
    // Requests already in flight finish (and are kept); wait for them so later runs have the workers to themselves.
    await expect.poll(() => app.core.internals.runs.get(cancelledRunId).progress.running, { timeout: 10_000 }).toBe(0);
  });

  it('lists runs newest first, filters by status, hides test runs and links to definitions (US5)', async () => {
    const test = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      scenarioIds: ['Stakes1_Certainty1'],
      test: true,
    });
    await nav('Runs').click();
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('cancelled');
    expect(await rows.nth(1).innerText()).toContain('completed');
    expect(await rows.first().innerText()).toContain('openai:gpt-4o');

    await page.getByTestId('show-test-runs').check();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.first().getByTestId('test-run-tag').count()).toBe(1);
    expect(await rows.first().innerText()).toContain(test.id.slice(-8));
    await page.getByTestId('show-test-runs').uncheck();

    await page.getByTestId('run-filter').selectOption('cancelled');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('run-filter').selectOption('paused');
    await page.getByText('No runs with status “Paused”.').waitFor();
    await page.getByTestId('run-filter').selectOption('completed');
    await expect.poll(() => rows.count()).toBe(1);
    // The filter survives a reload.
    await page.reload();
    expect(await page.getByTestId('run-filter').inputValue()).toBe('completed');
    await expect.poll(() => rows.count()).toBe(1);

    await rows.first().getByTestId('run-definition').click();
    await page.waitForURL(new RegExp(`#/definitions/${definitionId}$`));
    await nav('Runs').click();
    await page.getByTestId('run-row').first().click();
    await page.waitForURL(new RegExp(`#/runs/${firstRunId}$`));
    await page.getByTestId('run-filter').waitFor({ state: 'detached' });
  });

  it('re-runs with another version, links the runs and compares them with the flipped scenarios (US8)', async () => {
    await waitForStatus('completed');
    await page.getByTestId('no-related').waitFor();
    await page.getByTestId('rerun-button').click();
    const dialog = page.getByTestId('rerun-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('openai:gpt-4o-mini');
    expect(
      await dialog
        .locator('datalist option')
        .evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).toContain('gpt-4o-mini-2024-07-18');
    await app.fake.setBehavior({ reply: 'Rating: 1' });
    await dialog.getByTestId('rerun-version').fill('gpt-4o-mini-2024-09-01');
    await dialog.getByTestId('start-rerun').click();
    await page.waitForURL((url) => !url.hash.endsWith(firstRunId) && /#\/runs\/[^/]+$/.test(url.hash));
    const rerunId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await waitForStatus('completed');
    expect(app.core.internals.runs.get(rerunId)).toMatchObject({ parentRunId: firstRunId, runType: 'rerun' });
    expect(await page.getByTestId('model-versions').innerText()).toContain('gpt-4o-mini-2024-09-01');

    const parent = page.getByTestId('related-parent');
    await parent.waitFor();
    expect(await parent.innerText()).toContain(firstRunId.slice(-8));
    await parent.getByTestId('compare-link').click();
    await page.waitForURL(new RegExp(`#/compare/${firstRunId}/${rerunId}$`));

    await page.getByTestId('compare-models').waitFor();
    const versions = await page.getByTestId('compare-version').allInnerTexts();
    expect(versions).toEqual(['gpt-4o-mini-2024-07-18', 'gpt-4o-mini-2024-09-01']);
    const count = await page.getByTestId('flipped-count').innerText();
    expect(count).toMatch(/^4 of 4 scenario decisions changed/);
    const flipped = page.getByTestId('flipped-row').filter({ hasText: 'refusal' });
    await flipped.click();
    const both = page.getByTestId('compare-transcripts');
    await expect.poll(() => both.getByTestId('transcript-view').count()).toBe(2);
    expect(await both.getByTestId('transcript-view').first().innerText()).toContain('I must decline to answer.');
    expect(await both.getByTestId('transcript-view').last().innerText()).toContain('Rating: 1');
    await page.screenshot({ path: join(SCREENSHOTS, 'compare.png'), fullPage: true });

    await goTo(`#/runs/${encodeURIComponent(firstRunId)}`);
    const child = page.getByTestId('related-child');
    await child.waitFor();
    expect(await child.innerText()).toContain(rerunId.slice(-8));
  });

  it('raised no page errors and no Content-Security-Policy violations', () => {
    expect(app.pageErrors).toEqual([]);
    expect(app.cspViolations).toEqual([]);
  });
});
