/**
 * Issue 12, a first session in browser mode: samples on the empty Definitions page (#15), invalid run options (#1),
 * Settings as one card per provider (#16) whose save re-checks it (#3), a start refused on a rejected key with the fix
 * (#4), the run page's fix and retried errors (#4, #14), header-only and named exports (#8, #9), an unavailable model's
 * warning and page titles (#14).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { unzip } from '../helpers/unzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { isTerminalRunStatus } from '../../src/shared/domain';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';

describe('a first session', () => {
  let app: BrowserApp;
  let page: Page;
  let definitionId = '';

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 5 }, core: { scheduler: { pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  const goTo = (hash: string) =>
    page.evaluate((h) => {
      window.location.hash = h;
    }, hash);

  it('offers the shipped samples and the format on an empty Definitions page (#15)', async () => {
    await page.getByTestId('samples').waitFor();
    await expect.poll(() => page.title()).toBe('Definitions — ValueRank');
    await page.getByTestId('format-help').locator('summary').click();
    expect(await page.getByTestId('format-help').innerText()).toContain('docs/definition-format.md');
    const buttons = page.getByTestId('try-sample');
    expect(await buttons.allInnerTexts()).toEqual(['Try a sample: council housing', 'Try a sample: trolley variants']);
    await buttons.first().click();
    await page.waitForURL(/#\/definitions\/[^/]+$/);
    definitionId = decodeURIComponent(new URL(page.url()).hash.replace('#/definitions/', ''));
    expect(await page.getByTestId('definition-name').innerText()).toBe('Council housing dilemma');
    await expect.poll(() => page.title()).toBe('Council housing dilemma — ValueRank');
  });

  it('refuses invalid options with the reason, blocks the start and hides the job count (#1)', async () => {
    const form = page.getByTestId('start-run');
    await form.getByTestId('provider-select').selectOption('openai');
    await form.getByTestId('model-id').fill('gpt-4o-mini');
    await form.getByTestId('add-model').click();
    const start = page.getByTestId('start-run-button');
    await expect.poll(() => start.isEnabled()).toBe(true);
    await page.locator('.run-options summary').click();

    await page.getByTestId('temperature').fill('5');
    expect(await page.getByTestId('temperature-error').innerText()).toBe(
      'Must be 0 to 2 (empty: the provider’s default).',
    );
    expect(await start.isDisabled()).toBe(true);
    await page.getByTestId('temperature').blur();
    expect(await page.getByTestId('temperature').inputValue()).toBe('5'); // never clamped to 2
    await page.getByTestId('temperature').fill('');

    for (const text of ['150', '0', '-5']) {
      await page.getByTestId('sample-percentage').fill(text);
      expect(await page.getByTestId('sample-percentage-error').innerText()).toContain(
        'at most 100 (% of the scenarios)',
      );
      expect(await page.getByTestId('run-summary').innerText()).not.toMatch(/jobs?\b.*=|= .*job/);
      expect(await page.getByTestId('run-summary-invalid').count()).toBe(1);
      expect(await start.isDisabled()).toBe(true);
    }
    await page.getByTestId('max-tokens').fill('0');
    expect(await page.getByTestId('max-tokens-error').innerText()).toContain('1 to 32,000 tokens');
    await page.getByTestId('max-tokens').fill('');
    await page.getByTestId('sample-percentage').fill('100');
    await expect.poll(() => start.isEnabled()).toBe(true);
    expect(await page.getByTestId('run-summary').innerText()).toContain('4 scenarios × 1 model = 4 jobs');
  });

  it('and the core refuses the same values itself: no silent clamping (#1)', async () => {
    const models = [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }];
    for (const options of [{ temperature: 5 }, { samplePercentage: 150 }, { samplePercentage: 0 }, { maxTokens: -5 }]) {
      const result = await app.core.dispatch('runs.create', { definitionId, models, options });
      expect(result.ok, JSON.stringify(options)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('VALIDATION');
    }
  });

  it('shows one card per provider, configured first and the rest folded (#16)', async () => {
    await goTo('#/settings');
    await page.getByTestId('health-status-openai').filter({ hasText: 'connected' }).waitFor();
    await expect.poll(() => page.title()).toBe('Settings — ValueRank');
    const openaiCard = page.getByTestId('provider-openai');
    // Health, key, base URL and parallel requests are one card.
    for (const part of ['health-openai', 'key-status-openai', 'base-url-openai', 'concurrency-openai'])
      expect(await openaiCard.getByTestId(part).count()).toBe(1);
    const folded = page.getByTestId('more-providers');
    expect(await folded.getAttribute('open')).toBeNull();
    expect(await folded.locator('summary').innerText()).toContain('Anthropic');
    expect(await page.getByTestId('provider-anthropic').isVisible()).toBe(false);
    expect(await page.locator('[data-testid="more-providers"] [data-testid="provider-openai"]').count()).toBe(0);
  });

  it('re-checks a provider when its key or base URL is saved (#3)', async () => {
    await page.getByTestId('more-providers').locator('summary').click();
    expect(await page.getByTestId('health-status-compat').innerText()).toBe('not configured');
    await app.fake.setBehavior({ validKeys: [] }); // the compatible server takes requests without a key
    await page.getByTestId('base-url-compat').fill(`${app.fake.url}/v1`);
    await page.getByTestId('save-compat').click();
    // No "Check again": the save itself re-checks.
    await page.getByTestId('health-status-compat').filter({ hasText: 'connected' }).waitFor();
    await app.fake.setBehavior({ validKeys: ['test-key'] });

    await page.getByTestId('api-key-openai').fill('sk-rejected-9999');
    await page.getByTestId('save-openai').click();
    await page.getByTestId('key-status-openai').filter({ hasText: '9999' }).waitFor();
    await page.getByTestId('health-status-openai').filter({ hasText: 'error' }).waitFor();
    expect(await page.getByTestId('health-error-openai').innerText()).toContain('AUTH_FAILED');
  });

  it('refuses to start on a rejected key, with the fix and a link to Settings (#4)', async () => {
    await goTo(`#/definitions/${definitionId}`);
    const form = page.getByTestId('start-run');
    await form.getByTestId('provider-select').selectOption('openai');
    await form.getByTestId('model-id').fill('gpt-4o-mini');
    await form.getByTestId('add-model').click();
    expect(await page.getByTestId('model-health-openai').innerText()).toContain('error: AUTH_FAILED');
    const blocked = page.getByTestId('health-blocked');
    await blocked.waitFor();
    expect(await blocked.innerText()).toContain('OpenAI rejected the API key');
    expect(await blocked.getByRole('link', { name: 'Settings' }).getAttribute('href')).toBe('#/settings');
    expect(await page.getByTestId('start-run-button').isDisabled()).toBe(true);
  });

  it('gives the fix on the run page, counts no unretried errors as retried, and exports the header alone (#4 #14 #8 #9)', async () => {
    // A run started anyway (the override of the health refusal): every job fails with AUTH_FAILED.
    const run = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini', modelVersion: null }],
      ignoreHealth: true,
    });
    await expect
      .poll(() => isTerminalRunStatus(app.core.internals.runs.get(run.id).status), { timeout: 30_000 })
      .toBe(true);
    await goTo(`#/runs/${run.id}`);
    await page
      .getByTestId('run-status')
      .filter({ hasText: /^failed$/ })
      .waitFor();
    expect(await page.getByTestId('error-fix').first().innerText()).toContain('enter a valid key in Settings');
    expect(await page.getByTestId('attempt-errors').count()).toBe(0);

    // Issue 23 #17: "Open Settings" lands on the provider's card, in view, with the keyboard on its key.
    await page.getByTestId('open-provider-settings').first().click();
    const card = page.getByTestId('provider-openai');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/settings?provider=openai');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null))
      .toBe('api-key-openai');
    const box = await card.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(page.viewportSize()!.height);
    await goTo(`#/runs/${run.id}`);
    await page.getByTestId('error-fix').first().waitFor();

    const button = page.getByTestId('export-csv');
    expect(await button.isEnabled()).toBe(true);
    expect(await page.getByTestId('export-header-only-note').innerText()).toContain('only the header row');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    const id = run.id.replace(/^run_/, '');
    expect(download.suggestedFilename()).toMatch(new RegExp(`^run_${id}_\\d{4}-\\d{2}-\\d{2}\\.csv\\.zip$`));
    const csvName = download.suggestedFilename().replace(/\.zip$/, '');
    const text = unzip(readFileSync(await download.path()))
      .get(csvName)!
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    expect(text.trim().split(/\r?\n/)).toHaveLength(1);

    await page.getByTestId('export-include-failures').check();
    const [withFailures] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(withFailures.suggestedFilename()).toMatch(/_with-failures\.csv\.zip$/);
  });

  it('warns when a model the catalog marks unavailable is added (#14)', async () => {
    await goTo(`#/definitions/${definitionId}`);
    const form = page.getByTestId('start-run');
    await form.getByTestId('provider-select').selectOption('anthropic');
    const options = await form
      .getByTestId('model-select')
      .locator('option')
      .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value).filter((v) => v && v !== '__custom__'));
    await form.getByTestId('model-select').selectOption(options[0]!);
    await form.getByTestId('add-model').click();
    expect(await page.getByTestId('model-notice').innerText()).toContain('is marked unavailable');
  });

  it('raised no page errors', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
