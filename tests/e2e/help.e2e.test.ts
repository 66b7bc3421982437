/**
 * Issue 23 #18 in a real browser: `?` opens the Help page (not while typing), the left navigation has it too, and it
 * carries the shipped documents — the definition format, the CSV columns, Methods — and this app's own data folder.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowserApp, type BrowserApp } from '../helpers/browser';

describe('the Help page in browser mode', () => {
  let app: BrowserApp | undefined;
  let page: Page;

  beforeAll(async () => {
    app = await launchBrowserApp();
    page = app.page;
    await page.setViewportSize({ width: 1024, height: 700 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens on ? from any page, but not while typing in a field', async () => {
    await page.evaluate(() => {
      window.location.hash = '#/settings';
    });
    const field = page.getByTestId('python-path');
    await field.waitFor();
    await field.fill('');
    await field.press('?');
    expect(await field.inputValue()).toBe('?');
    expect(new URL(page.url()).hash).toBe('#/settings');

    await field.fill('');
    await field.blur();
    await page.keyboard.press('?');
    await page.getByTestId('help-page').waitFor();
    expect(new URL(page.url()).hash).toBe('#/help');
    expect(await page.title()).toContain('Help');
    expect(await page.getByRole('link', { name: 'Help', exact: true }).getAttribute('aria-current')).toBe('page');
  });

  it('shows the shipped documents and where this app keeps its data', async () => {
    const definition = page.getByTestId('help-definition-format');
    expect(await definition.locator('pre').first().innerText()).toContain('dimensions:');
    const csv = page.getByTestId('help-csv-columns');
    expect(await csv.locator('table td code', { hasText: 'model_key' }).count()).toBeGreaterThan(0);
    expect(await page.getByTestId('help-methods').innerText()).toContain('Level mean');
    expect(await page.getByTestId('help-shortcuts').innerText()).toContain('Escape');
    await expect.poll(() => page.getByTestId('help-paths').innerText()).toContain(app!.dir);
    // Nothing points at files of the repository: those are not there in an installed app.
    expect(await page.getByTestId('help-page').locator('a[href*=".md"]').count()).toBe(0);
  });

  it('jumps to a section from the contents, the keyboard with it', async () => {
    await page.getByRole('navigation', { name: 'Help contents' }).getByRole('link', { name: 'CSV columns' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('help-csv-columns-heading');
  });

  it('raised no page errors', () => {
    expect(app?.pageErrors).toEqual([]);
  });
});
