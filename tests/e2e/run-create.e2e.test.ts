/** Creating a run in a real browser: refusals with their reasons, sampled options, live progress and the stale state. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

describe('run creation and progress in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { concurrency: 1, pollMs: 50 } } });
    page = app.page;
    // Nothing finishes until the test opens the gate: the run stays in progress until the page has lost its session.
    app.fake.hold({ model: 'gpt-4o-mini' });
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
    // The form refuses up front, naming the provider as people know it; the core would refuse too.
    const button = page.getByTestId('start-run-button');
    expect(await button.isDisabled()).toBe(true);
    expect(await page.getByTestId('start-run-blocked').innerText()).toBe('Anthropic has no API key.');
    expect(await page.getByTestId('no-key-warning').innerText()).toContain('No API key for Anthropic:');
    expect(app!.core.internals.runs.list()).toHaveLength(0);
    expect(new URL(page.url()).hash).toMatch(/^#\/definitions\//);
  });

  it('shows the exact size of a sampled run, then its live progress, a stale marker offline, and recovery', async () => {
    await page.getByTestId('model-chip').filter({ hasText: 'anthropic' }).getByRole('button').click();
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.locator('.run-options summary').click();
    // Typing is never rewritten mid-edit, and clearing a field keeps the options open.
    const sample = page.getByTestId('sample-percentage');
    await sample.fill('');
    await sample.pressSequentially('0.5');
    expect(await sample.inputValue()).toBe('0.5');
    expect(await sample.getAttribute('aria-invalid')).toBe('false');
    await sample.fill('100');
    for (const expected of ['10', '1', '']) {
      await sample.press('Backspace');
      expect(await sample.inputValue()).toBe(expected);
    }
    expect(await page.locator('.run-options').getAttribute('open')).not.toBeNull();
    await sample.fill('150');
    expect(await sample.getAttribute('aria-invalid')).toBe('true');
    await sample.blur();
    expect(await sample.inputValue()).toBe('150'); // never clamped: it stays invalid and blocks the start
    const maxTokens = page.getByTestId('max-tokens');
    await maxTokens.fill('0');
    expect(await maxTokens.getAttribute('aria-invalid')).toBe('true');
    await maxTokens.fill('');
    expect(await maxTokens.getAttribute('aria-invalid')).toBe('false');
    await page.getByTestId('temperature').pressSequentially('0.5');
    expect(await page.getByTestId('temperature').inputValue()).toBe('0.5');
    await page.getByTestId('temperature').fill('');
    expect(await page.locator('.run-options').getAttribute('open')).not.toBeNull();
    await page.getByTestId('sample-percentage').fill('50');
    await page.getByTestId('sample-seed').fill('3');
    const definitionId = decodeURIComponent(new URL(page.url()).hash.replace('#/definitions/', ''));
    const preview = await app!.core.dispatch('runs.preview', { definitionId, samplePercentage: 50, sampleSeed: 3 });
    if (!preview.ok) throw new Error(preview.error.message);
    const { scenarios } = preview.value as { scenarios: number };
    const jobs = scenarios; // one model
    await page.getByTestId('run-summary').filter({ hasText: `(50% sample of 4)` }).waitFor();
    expect(await page.getByTestId('run-summary').innerText()).toContain(`= ${jobs} job`);
    expect(scenarios).toBe(2);

    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    expect(app!.core.internals.runs.get(runId)).toMatchObject({
      runType: 'sample',
      progress: { total: jobs },
      options: { samplePercentage: 50, sampleSeed: 3 },
    });
    await page.getByTestId('model-progress-row').first().waitFor();
    expect(await page.getByTestId('model-progress-row').first().innerText()).toContain('openai:gpt-4o-mini');

    // The browser-mode server was restarted with a new token: the figures are kept, and the marker says why they stop.
    // One handler switches from 401 to no connection, so no poll can succeed in between (polling stops for good once
    // a successful poll sees the run finished).
    let outage: 'unauthorized' | 'unreachable' = 'unauthorized';
    await page.route('**/api/invoke', (route) =>
      outage === 'unauthorized'
        ? route.fulfill({ status: 401, contentType: 'application/json', body: '{}' })
        : route.abort('connectionrefused'),
    );
    await page.getByTestId('stale').filter({ hasText: 'this session ended' }).waitFor({ timeout: 20_000 });
    // The page last saw the run in progress; it may finish now, unseen until the page reconnects.
    expect(app!.core.internals.runs.get(runId).status).toBe('running');
    app!.fake.open();

    // The core becomes unreachable: the page keeps the last data and says it is stale, then recovers by itself.
    outage = 'unreachable';
    await page.getByTestId('stale').filter({ hasText: 'reconnecting' }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('run-progress').isVisible()).toBe(true);
    // Issue 23 #17: nothing that changes the run is offered while its state is not known.
    expect(await page.getByTestId('pause-run').getAttribute('aria-disabled')).toBe('true');
    expect(await page.getByTestId('cancel-run').isDisabled()).toBe(true);
    await page.unroute('**/api/invoke');
    await page.getByTestId('stale').waitFor({ state: 'detached', timeout: 20_000 });
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-progress').innerText()).toContain(`${jobs}/${jobs} (100%)`);

    // The runs list marks it as a sample.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByTestId('run-row').first().waitFor();
    expect(await page.getByTestId('sample-run-tag').count()).toBe(1);
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors.filter((e) => !/Failed to fetch|NetworkError/i.test(e))).toEqual([]);
  });
});
