/** A run named, annotated, archived and deleted from its page, and a decision coded by hand, in a real browser. */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callRoute } from '../../src/main/core/ipc/dispatch';
import { launchBrowserApp, startRunFromUi, type BrowserApp } from '../helpers/browser';

describe('run bookkeeping and hand-coded decisions in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp({ core: { scheduler: { pollMs: 50 } } });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  const waitCompleted = (): Promise<void> =>
    page
      .getByTestId('run-status')
      .filter({ hasText: /^completed$/ })
      .waitFor({ timeout: 30_000 });

  it('names a run, keeps notes, archives it and deletes it after saying what goes', async () => {
    const runId = await startRunFromUi(page);
    await waitCompleted();
    const box = page.getByTestId('run-bookkeeping');
    await box.getByTestId('run-name').fill('Pilot A');
    await box.getByTestId('run-notes').fill('first pass');
    await box.getByTestId('run-save').click();
    await expect
      .poll(() => app!.core.internals.runs.get(runId))
      .toMatchObject({ name: 'Pilot A', notes: 'first pass' });

    await box.getByTestId('run-archive').click();
    await expect.poll(() => box.getByTestId('run-archive').innerText()).toBe('Unarchive');
    expect(app!.core.internals.runs.get(runId).archivedAt).not.toBeNull();

    // The Runs list hides it until archived runs are shown, then finds it by its name.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Runs', exact: true }).click();
    await page.getByTestId('no-filtered-runs').waitFor();
    await page.getByTestId('show-archived-runs').check();
    const row = page.getByTestId('run-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('run-name-cell').innerText()).toContain('Pilot A');
    expect(await row.getByTestId('archived-run-tag').count()).toBe(1);
    await page.getByTestId('runs-search').fill('first PASS');
    await expect.poll(() => row.count()).toBe(1);
    await page.getByTestId('runs-search').fill('nothing like it');
    await page.getByTestId('no-filtered-runs').waitFor();
    await page.getByTestId('runs-search').fill('');
    await row.click();
    await page.waitForURL(/#\/runs\/[^/]+$/);

    await box.getByTestId('run-delete').click();
    const confirm = page.getByTestId('run-delete-confirm');
    await expect.poll(() => confirm.innerText()).toContain('4 transcripts and 4 jobs');
    expect(await confirm.innerText()).toContain('Exports are files and stay');
    await confirm.getByTestId('run-delete-confirm-yes').click();
    await page.waitForURL(/#\/runs$/);
    await expect(callRoute(app!.core.dispatch, 'runs.get', { id: runId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('codes a decision by hand from the transcript view and marks it', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Definitions', exact: true })
      .click();
    await page.getByTestId('definition-row').first().click();
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    const runId = decodeURIComponent(new URL(page.url()).hash.replace('#/runs/', ''));
    await waitCompleted();

    await page.getByTestId('model-results').click();
    const breakdown = page.getByTestId('scenario-breakdown');
    await breakdown.getByTestId('scenario-result-row').first().click();
    const view = page.getByTestId('transcript-view');
    await view.waitFor();
    await view.getByTestId('decision-override-score').fill('1');
    await view.getByTestId('decision-override-note').fill('misread');
    await view.getByTestId('decision-override-save').click();
    await view.getByTestId('decision-overridden').waitFor();
    expect(await view.getByTestId('decision-overridden').innerText()).toContain('misread');
    const page0 = await callRoute(app!.core.dispatch, 'runs.transcripts', { runId });
    const coded = page0.filter((t) => t.decisionSource === 'override');
    expect(coded).toHaveLength(1);
    expect(coded[0]).toMatchObject({ score: 1, parsePath: 'override' });

    await view.getByTestId('decision-override-clear').click();
    await expect.poll(() => view.getByTestId('decision-overridden').count()).toBe(0);
    const after = await callRoute(app!.core.dispatch, 'runs.transcripts', { runId });
    expect(after.every((t) => t.decisionSource === 'extracted')).toBe(true);
  });
});
