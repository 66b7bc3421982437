/**
 * Issue 23 #11 in a real browser: the start form's spending cap is sent with the run, shown on its page, and the run
 * pauses itself with the reason once its cost so far reaches the cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

describe('a spending cap from the start form', () => {
  let app: BrowserApp;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { pollMs: 50, concurrency: 1 } } });
    // An expensive price, so that one answer costs more than the cap.
    await callRoute(app.core.dispatch, 'prices.save', {
      providerId: 'openai',
      modelId: 'gpt-4o-mini',
      modelVersion: null,
      inputUsdPerMTok: 1000,
      outputUsdPerMTok: 1000,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('starts the run with the cap, which pauses it by itself with the reason', async () => {
    const page = app.page;
    await page.getByTestId('import-file').setInputFiles(SAMPLE_DEFINITION);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    const form = page.getByTestId('start-run');
    await form.getByTestId('provider-select').selectOption('openai');
    await form.getByTestId('model-id').fill('gpt-4o-mini');
    await form.getByTestId('add-model').click();
    await page.locator('.run-options summary').click();
    await page.getByTestId('max-cost').fill('0');
    expect(await page.getByTestId('max-cost-error').innerText()).toContain('more than $0');
    await page.getByTestId('max-cost').fill('0.01');
    const start = page.getByTestId('start-run-button');
    await expect.poll(() => start.isEnabled()).toBe(true);
    await start.click();
    // The estimate (4 answers at this price, a few dollars) stays under the $10 confirmation threshold: no dialog.
    await page.waitForURL(/#\/runs\/[^/]+$/);
    expect(await page.getByTestId('run-max-cost').textContent()).toBe('$0.01');
    const reason = page.getByTestId('run-pause-reason');
    await reason.waitFor({ timeout: 30_000 });
    expect(await reason.innerText()).toMatch(
      /Paused by itself — spending cap reached: \$[\d.]+ spent of the \$0\.01 cap/,
    );
  });
});
