/** Creating a run in a real browser: refusals with their reasons, sampled options, live progress and the stale state. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

describe('run creation and progress in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 2500 }, core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('refuses a model whose provider has no key, saying why, and creates nothing', async () => {
    await page.getByTestId('import-file').setInputFiles(SAMPLE_DEFINITION);
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('anthropic');
    await page.getByTestId('model-id').fill('claude-3-5-haiku-20241022');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    const error = page.getByTestId('start-run-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/has no API key/);
    expect(await error.innerText()).toContain('PROVIDER_NOT_CONFIGURED');
    expect(app!.core.runs.list()).toHaveLength(0);
    expect(new URL(page.url()).hash).toMatch(/^#\/definitions\//);
  });

  it('shows the exact size of a sampled run, then its live progress, a stale marker offline, and recovery', async () => {
    await page.getByTestId('model-chip').filter({ hasText: 'anthropic' }).getByRole('button').click();
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.locator('.run-options summary').click();
    await page.getByTestId('sample-percentage').fill('50');
    await page.getByTestId('sample-seed').fill('3');
    const definitionId = decodeURIComponent(new URL(page.url()).hash.replace('#/definitions/', ''));
    const preview = await app!.core.dispatch('runs.preview', { definitionId, modelCount: 1, samplePercentage: 50, sampleSeed: 3 });
    if (!preview.ok) throw new Error(preview.error.message);
    const { scenarios, jobs } = preview.value as { scenarios: number; jobs: number };
    await page.getByTestId('run-summary').filter({ hasText: `(50% sample of 4)` }).waitFor();
    expect(await page.getByTestId('run-summary').innerText()).toContain(`= ${jobs} job`);
    expect(scenarios).toBeLessThan(4);

    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    expect(app!.core.runs.get(runId, false)).toMatchObject({ runType: 'sample', progress: { total: jobs }, options: { samplePercentage: 50, sampleSeed: 3 } });
    await page.getByTestId('model-progress-row').first().waitFor();
    expect(await page.getByTestId('model-progress-row').first().innerText()).toContain('openai:gpt-4o-mini');

    // The core becomes unreachable: the page keeps the last data and says it is stale, then recovers by itself.
    await page.route('**/api/invoke', (route) => route.abort('connectionrefused'));
    await page.getByTestId('stale').waitFor({ timeout: 12_000 });
    expect(await page.getByTestId('run-progress').isVisible()).toBe(true);
    await page.unroute('**/api/invoke');
    await page.getByTestId('stale').waitFor({ state: 'detached', timeout: 12_000 });
    await page.getByTestId('run-status').filter({ hasText: /^completed$/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-progress').innerText()).toContain(`${jobs}/${jobs} (100%)`);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors.filter((e) => !/Failed to fetch|NetworkError/i.test(e))).toEqual([]);
  });
});
