/** Pause, resume and cancel from the run page in a real browser, against a slow fake provider. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, startRunFromUi, type BrowserApp } from '../helpers/browser';

describe('run controls in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 400 }, core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('pauses a running run, shows it paused, and resumes it to completion', async () => {
    const runId = await startRunFromUi(page);
    await page.getByTestId('pause-run').click();
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^paused$/ })
      .waitFor();
    await page.getByTestId('resume-run').waitFor();
    const requestsAtPause = app!.fake.requests.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(app!.fake.requests.length).toBe(requestsAtPause);
    expect(app!.core.internals.runs.get(runId).status).toBe('paused');

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
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));

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
    await expect.poll(() => app!.core.internals.runs.get(runId).progress.running, { timeout: 5000 }).toBe(0);
    const final = app!.core.internals.runs.get(runId);
    expect(final.status).toBe('cancelled');
    expect(final.progress.cancelled).toBeGreaterThan(0);
    expect(final.progress.completed + final.progress.cancelled + final.progress.failed).toBe(4);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
