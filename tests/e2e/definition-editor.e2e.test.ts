/**
 * The definition editor in a real browser: a definition made from nothing with the form, the preview changing with
 * each level, an inline error fixed, saved, a run started from it, edited into v2 with the keyboard only; the leave
 * guard and the kept draft; a file dropped on the window imported.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, SAMPLE_DEFINITION, type BrowserApp } from '../helpers/browser';

/** Presses Tab until the element with `testId` has the focus (keyboard only); fails after `limit` presses. */
async function tabTo(page: Page, testId: string, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
    if (focused === testId) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${testId}`);
}

/** A saved definition's page: `#/definitions/ID`, never the new-definition editor at `#/definitions/new`. */
const SAVED_DEFINITION = /#\/definitions\/(?!new$)[^/]+$/;

const idFromHash = (page: Page): string =>
  decodeURIComponent(new URL(page.url()).hash.replace(/^#\/definitions\//, '').replace(/\/edit$/, ''));

describe('the definition editor', () => {
  let app: BrowserApp | undefined;
  let page: Page;
  let v1 = '';

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
  });

  it('creates a definition from nothing with the form, the preview following each level', async () => {
    await page.getByTestId('new-definition').click();
    await page.waitForURL(/#\/definitions\/new$/);
    const count = page.getByTestId('preview-count');
    await count.filter({ hasText: '1 scenario' }).waitFor();
    await page.getByTestId('form-name').fill('Lifeboat');
    await page.getByTestId('form-template').fill('One seat is left in the lifeboat. Who should get it?\n');
    await page.getByTestId('form-add-dimension').click();
    await page.getByTestId('dimension-name-0').fill('Crew');
    // The dimension's placeholder followed the rename into the template.
    expect(await page.getByTestId('form-template').inputValue()).toContain('[Crew]');
    await page.getByTestId('level-label-0-0').fill('child');
    await page.getByTestId('level-option-0-0-0').fill('a child');
    for (const [n, label] of [
      [2, 'nurse'],
      [3, 'captain'],
    ] as const) {
      await page.getByTestId('add-level-0').click();
      await count.filter({ hasText: `${n} scenarios` }).waitFor();
      await page.getByTestId(`level-label-0-${n - 1}`).fill(label);
      await page.getByTestId(`level-option-0-${n - 1}-0`).fill(`the ${label}`);
    }
    await page.getByTestId('preview-row').nth(2).click();
    await page.getByTestId('preview-user').filter({ hasText: 'the captain' }).waitFor();
    expect(await page.locator('[data-testid="preview-user"] mark').innerText()).toBe('the captain');
    expect(await page.getByTestId('preview-scale').innerText()).toContain('1 to 5');

    // No run yet: the editor's own model choice gives the job count and the cost per model.
    const estimate = page.getByTestId('estimate-models');
    await estimate.getByTestId('provider-select').selectOption('openai');
    await estimate.getByTestId('model-id').fill('gpt-4o-mini');
    await estimate.getByTestId('add-model').click();
    await count.filter({ hasText: '3 scenarios × 1 model = 3 jobs' }).waitFor();
    await estimate.getByTestId('estimate-samples').fill('2');
    await count.filter({ hasText: '3 scenarios × 1 model × 2 samples = 6 jobs' }).waitFor();
    expect(await page.getByTestId('preview-cost').innerText()).toContain('openai:gpt-4o-mini');
    await estimate.getByTestId('estimate-samples').fill('1');
    await count.filter({ hasText: '3 scenarios × 1 model = 3 jobs' }).waitFor();
  });

  it('shows an unknown placeholder inline at its line until it is fixed', async () => {
    await page.getByTestId('form-template').fill('Who gets the last seat: [Crew] or [Passenger]?\n');
    const problems = page.getByTestId('editor-problems');
    await problems.filter({ hasText: '[Passenger]' }).waitFor();
    expect(await problems.innerText()).toMatch(/Line \d+: .*\[Passenger\]/);
    await page.getByTestId('editor-view-text').click();
    // The text view marks it too, and holds exactly what the form wrote.
    await page.locator('.cm-lintRange-error').first().waitFor();
    expect(await page.getByTestId('definition-text').innerText()).toContain('name: Lifeboat');
    await page.getByTestId('editor-view-form').click();
    await page.getByTestId('form-template').fill('Who gets the last seat: [Crew]?\n');
    await problems.waitFor({ state: 'detached' });
    await page.getByTestId('editor-save').click();
    await page.waitForURL(SAVED_DEFINITION);
    v1 = idFromHash(page);
    expect(await page.getByTestId('definition-name').innerText()).toBe('Lifeboat');
  });

  it('starts a run from it, then edits it into v2 with the keyboard only', async () => {
    await page.getByTestId('start-run').getByTestId('provider-select').selectOption('openai');
    await page.getByTestId('model-id').fill('gpt-4o-mini');
    await page.getByTestId('add-model').click();
    await page.getByTestId('start-run-button').click();
    await page.waitForURL(/#\/runs\/[^/]+$/);
    await page.goBack();
    await page.waitForURL(SAVED_DEFINITION);
    await page.getByTestId('definition-name').waitFor();

    await tabTo(page, 'definition-edit');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/edit$/);
    // Edited from the last run's models: the preview counts its jobs.
    await page.getByTestId('preview-count').filter({ hasText: '3 scenarios × 1 model = 3 jobs' }).waitFor();
    await tabTo(page, 'level-label-0-2');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('ship captain');
    await page.getByTestId('editor-dirty').waitFor();
    await tabTo(page, 'editor-save');
    await page.keyboard.press('Enter');
    await page.waitForURL(SAVED_DEFINITION);
    const v2 = idFromHash(page);
    expect(v2).not.toBe(v1);
    const versions = await app!.core.dispatch('definitions.versions', { familyId: v1 });
    if (!versions.ok) throw new Error(versions.error.message);
    const list = (versions.value as { versions: { id: string; version: number; runCount: number }[] }).versions;
    expect(list.map((v) => [v.id, v.version, v.runCount])).toEqual([
      [v2, 2, 0],
      [v1, 1, 1],
    ]);
  });

  it('refuses a save over a version someone else saved meanwhile, keeping the draft', async () => {
    await page.getByTestId('definition-edit').click();
    await page.waitForURL(/\/edit$/);
    await page.getByTestId('form-name').fill('Lifeboat, mine');
    await page.getByTestId('editor-dirty').waitFor();
    // Another writer (the CLI, another window) saves a version of the same family first.
    const opened = idFromHash(page);
    const source = await app!.core.dispatch('definitions.source', { id: opened });
    if (!source.ok) throw new Error(source.error.message);
    const { familyId, text } = source.value as { familyId: string; text: string };
    const other = await app!.core.dispatch('definitions.saveVersion', {
      familyId,
      baseVersionId: opened,
      text: text.replace('name: Lifeboat', 'name: Lifeboat, theirs'),
    });
    expect(other.ok).toBe(true);
    await page.getByTestId('editor-save').click();
    await page.getByTestId('editor-save-error').filter({ hasText: 'newer version' }).waitFor();
    expect(await page.getByTestId('form-name').inputValue()).toBe('Lifeboat, mine');
    await page.getByTestId('editor-dirty').waitFor();
    // Kept under another name instead.
    await page.getByTestId('editor-save-new').click();
    await page.waitForURL(SAVED_DEFINITION);
    expect(await page.getByTestId('definition-name').innerText()).toBe('Lifeboat, mine');
  });

  it('asks before leaving unsaved changes and offers the kept draft when the editor opens again', async () => {
    await page.getByTestId('definition-edit').click();
    await page.waitForURL(/\/edit$/);
    await page.getByTestId('form-name').fill('Lifeboat, unsaved');
    await page.getByTestId('editor-dirty').waitFor();
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('link', { name: 'Runs' }).click();
    // Stayed: the address and the text are as they were.
    await page.waitForURL(/\/edit$/);
    expect(await page.getByTestId('form-name').inputValue()).toBe('Lifeboat, unsaved');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('link', { name: 'Runs' }).click();
    await page.waitForURL(/#\/runs$/);
    await page.goBack();
    await page.waitForURL(/\/edit$/);
    await page.getByTestId('draft-offer').waitFor();
    await page.getByTestId('draft-restore').click();
    expect(await page.getByTestId('form-name').inputValue()).toBe('Lifeboat, unsaved');
    await page.getByTestId('editor-dirty').waitFor();
  });

  it('imports a definition file dropped on the window', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Definitions' }).click();
    await page.waitForURL(/#\/definitions$/);
    const text = readFileSync(SAMPLE_DEFINITION, 'utf8');
    await page.evaluate((yaml) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([yaml], 'dropped.yaml', { type: 'application/yaml' }));
      for (const type of ['dragover', 'drop'])
        window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, text);
    await page.waitForURL(SAVED_DEFINITION);
    expect(await page.getByTestId('definition-name').innerText()).toBe('Council housing dilemma');
    expect(app!.pageErrors).toEqual([]);
  });

  it('tries a scenario of a saved version against one model, and starts a new definition from a sample', async () => {
    await page.getByTestId('definition-edit').click();
    await page.waitForURL(/\/edit$/);
    await page.getByTestId('preview-row').first().click();
    await page.getByTestId('try-scenario-start').click();
    await page.getByTestId('try-scenario-decision').waitFor();
    expect(await page.getByTestId('try-scenario-outcome').innerText()).toMatch(/decision/);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Definitions' }).click();
    await page.getByTestId('new-definition').click();
    await page.waitForURL(/#\/definitions\/new$/);
    await page.getByTestId('start-sample').first().click();
    await page.getByTestId('preview-count').filter({ hasText: '4 scenarios' }).waitFor();
    expect(await page.getByTestId('form-name').inputValue()).toBe('Council housing dilemma');
    await page.getByTestId('editor-dirty').waitFor();
  });
});
