/** Pause, resume and cancel from the run page in a real browser, with the fake provider holding the job in flight. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, startRunFromUi, type BrowserApp } from '../helpers/browser';

describe('run controls in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('pauses a running run, shows it paused, and resumes it to completion', async () => {
    app!.fake.hold({ model: 'gpt-4o-mini' });
    const runId = await startRunFromUi(page);
    await app!.fake.waitForHeld(1);
    await page.getByTestId('pause-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^paused$/ })
      .waitFor();
    await page.getByTestId('resume-run').waitFor();
    // The job in flight finishes and is kept; nothing new starts (tests/integration/run-controls proves that part).
    app!.fake.release();
    await expect
      .poll(() => app!.core.internals.runs.get(runId).progress, { timeout: 10_000 })
      .toMatchObject({ running: 0, completed: 1, pending: 3 });
    expect(app!.core.internals.runs.get(runId).status).toBe('paused');
    expect(app!.fake.requests.filter((r) => r.path === '/v1/chat/completions')).toHaveLength(1);

    app!.fake.open();
    await page.getByTestId('resume-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-progress').innerText()).toContain('4/4 (100%)');
    expect(await page.getByTestId('run-controls').count()).toBe(0);
  });

  it('asks before cancelling, keeps partial results, and offers no controls afterwards', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Definitions', exact: true })
      .click();
    await page.getByTestId('definition-row').first().click();
    app!.fake.hold({ model: 'gpt-4o' });
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await app!.fake.waitForHeld(1);

    await page.getByTestId('cancel-run').click();
    await page.getByTestId('keep-run').click();
    expect(app!.core.internals.runs.get(runId).status).not.toBe('cancelled');
    await page.getByTestId('cancel-run').click();
    await page.getByTestId('confirm-cancel-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^cancelled$/ })
      .waitFor();
    await expect.poll(() => page.getByTestId('run-controls').count()).toBe(0);
    // The job held in flight is let go: it finishes and is kept, the three pending were cancelled.
    app!.fake.open();
    await expect.poll(() => app!.core.internals.runs.get(runId).progress.running, { timeout: 10_000 }).toBe(0);
    const final = app!.core.internals.runs.get(runId);
    expect(final.status).toBe('cancelled');
    expect(final.progress).toMatchObject({ completed: 1, cancelled: 3, failed: 0 });
  });

  it('retries the failed jobs of a run that completed with errors from its page', async () => {
    await app!.fake.setBehavior({ failNext: [{ status: 400 }] });
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Definitions', exact: true })
      .click();
    await page.getByTestId('definition-row').first().click();
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4.1-mini');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await page.locator('[data-testid="run-status"][data-status="completed_with_errors"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('retry-failed').filter({ hasText: 'Retry failed jobs (1)' }).click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: 30_000 });
    expect(app!.core.internals.runs.get(runId).progress).toMatchObject({ completed: 4, failed: 0 });
    expect(await page.getByTestId('retry-failed').count()).toBe(0);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
