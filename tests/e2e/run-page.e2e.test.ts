/**
 * Issue 23 #4–6: a run's actions sit in its header; an opened transcript shows in a drawer in view, takes the focus,
 * closes on Escape and gives the focus back to its row; the Runs list counts the test runs it hides, and its filters
 * live in the address (bookmarkable, kept across a reload).
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, SAMPLE_DEFINITION, waitForRunEnd, type BrowserApp } from '../helpers/browser';

describe('the run page and the Runs list in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let runId = '';

  async function finish(id: string): Promise<void> {
    await waitForRunEnd(app!.core, id);
  }

  async function goTo(hash: string): Promise<void> {
    await page.evaluate((next) => {
      window.location.hash = next;
    }, hash);
  }

  beforeAll(async () => {
    app = await launchBrowserApp({ fake: { latencyMs: 5 }, core: { scheduler: { pollMs: 50 } } });
    page = app.page;
    await page.setViewportSize({ width: 1024, height: 700 });
    const { definition } = await callRoute(app.core.dispatch, 'definitions.import', {
      fileName: 'council-housing.yaml',
      text: readFileSync(SAMPLE_DEFINITION, 'utf8'),
    });
    for (const modelId of ['gpt-4o-mini', 'gpt-4o']) {
      const run = await callRoute(app.core.dispatch, 'runs.create', {
        definitionId: definition.id,
        models: [{ providerId: 'openai', modelId }],
      });
      await finish(run.id);
      runId = run.id;
    }
    const test = await callRoute(app.core.dispatch, 'runs.create', {
      definitionId: definition.id,
      models: [{ providerId: 'openai', modelId: 'gpt-4o-mini' }],
      scenarioIds: ['Stakes1_Certainty1'],
      test: true,
    });
    await finish(test.id);
    await page.reload();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('puts Re-run and Export in the run’s header, and Export… takes the keyboard to the export options', async () => {
    await goTo(`#/runs/${runId}`);
    const header = page.locator('header.page-header');
    await header.getByTestId('rerun-button').waitFor();
    const box = await header.getByTestId('goto-export').boundingBox();
    expect(box && box.y + box.height).toBeLessThan(700);
    await header.getByTestId('goto-export').click();
    expect(await page.evaluate(() => document.activeElement?.closest('[data-testid="export"]') !== null)).toBe(true);
  });

  it('opens a transcript in a drawer in view, focused, closed by Escape with the focus back on its row', async () => {
    await goTo(`#/runs/${runId}`);
    const row = page.getByTestId('transcript-row').last();
    await row.scrollIntoViewIfNeeded();
    const id = await row.getAttribute('data-transcript-id');
    await row.click();
    const drawer = page.getByTestId('transcript-drawer');
    await drawer.getByTestId('transcript-view').waitFor();
    const box = await drawer.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(701);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1025);
    expect(
      await page.evaluate(() => document.activeElement?.closest('[data-testid="transcript-drawer"]') !== null),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-transcript-id') ?? null)).toBe(id);

    // From the keyboard alone: Enter on the focused row opens it, Close returns there too.
    await page.keyboard.press('Enter');
    await drawer.getByTestId('transcript-view').waitFor();
    await drawer.getByTestId('transcript-drawer-close').click();
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-transcript-id') ?? null)).toBe(id);
  });

  it('counts only the hidden test runs, and keeps its filters in the address across a reload', async () => {
    await goTo('#/runs');
    const rows = page.getByTestId('run-row');
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('runs-model-filter').selectOption('openai:gpt-4o');
    await expect.poll(() => rows.count()).toBe(1);
    // One run shown, one left out by the model filter, one test run hidden: "1 test run hidden", not 2.
    expect(await page.getByTestId('runs-table').locator('tfoot').innerText()).toBe('1 run · 1 test run hidden');
    await page.getByTestId('run-filter').selectOption('completed');
    await expect.poll(() => new URL(page.url()).hash).toBe('#/runs?status=completed&model=openai%3Agpt-4o');

    await page.reload();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await page.getByTestId('runs-model-filter').inputValue()).toBe('openai:gpt-4o');
    expect(await page.getByTestId('run-filter').inputValue()).toBe('completed');

    // A bookmarked view with test runs shown opens as it was saved; its status wins over the remembered one.
    await goTo('#/definitions');
    await page.getByTestId('definitions-table').waitFor();
    await goTo('#/runs?status=all&tests=1');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await page.getByTestId('show-test-runs').isChecked()).toBe(true);
    expect(await page.getByTestId('run-filter').inputValue()).toBe('all');
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
